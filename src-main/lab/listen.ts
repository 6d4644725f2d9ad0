import type { Server } from 'node:https'
import type { AddressInfo } from 'node:net'

export interface Listening {
  port: number
  close(): Promise<void>
}

/** Binds a lab server to 127.0.0.1 only (never another address) and gives a close that drops keep-alives. */
export async function listenOnLoopback(server: Server, port = 0): Promise<Listening> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => resolve())
  })
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}
