import http from 'node:http'
import net, { type AddressInfo } from 'node:net'

export interface TestProxy {
  url: string
  /** CONNECT targets asked for, in order. */
  tunnels: string[]
  close(): Promise<void>
}

/**
 * An HTTP proxy on 127.0.0.1 that tunnels CONNECT requests to 127.0.0.1 only, refusing any other
 * target (or every tunnel, with `refuseWith` as the status), as a corporate proxy would.
 */
export async function startConnectProxy(refuseWith?: number): Promise<TestProxy> {
  const tunnels: string[] = []
  const sockets = new Set<net.Socket>()
  const server = http.createServer((_req, res) => res.writeHead(405).end())
  server.on('connect', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
    tunnels.push(req.url ?? '')
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => undefined)
    const [, host, port] = /^(.*):(\d+)$/.exec(req.url ?? '') ?? []
    if (refuseWith !== undefined || host !== '127.0.0.1')
      return void socket.end(`HTTP/1.1 ${refuseWith ?? 403} Refused\r\n\r\n`)
    const upstream = net.connect(Number(port), host, () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      upstream.write(head)
      upstream.pipe(socket)
      socket.pipe(upstream)
    })
    upstream.on('error', () => socket.destroy())
    socket.on('close', () => upstream.destroy())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    tunnels,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      })
  }
}
