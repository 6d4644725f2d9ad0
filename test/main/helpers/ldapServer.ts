// Scripted LDAP servers on 127.0.0.1 for tests of the directory client: a real TCP server that binds
// anyone (unless told otherwise) and answers other requests as a script says, well-behaved or not.
import net from 'node:net'
import { Op, requestsIn, resultMessage } from './ldapMessages'

export interface LdapRequest {
  messageId: number
  operation: number
  bytes: Buffer
}

/** What a scripted server does with one request: `searches` counts the search requests so far. */
export type Script = (request: LdapRequest, socket: net.Socket, searches: number) => void

export interface ScriptedServer {
  port: number
  requests: LdapRequest[]
  close(): Promise<void>
}

/**
 * A server that answers binds with success (or as `bind` says) and other requests as `script` says.
 * Requests are small: the client sends each in one write, so each chunk holds whole requests.
 */
export async function scriptedServer(
  script: Script,
  options: { bind?: (request: LdapRequest, socket: net.Socket) => void } = {}
): Promise<ScriptedServer> {
  const requests: LdapRequest[] = []
  const sockets = new Set<net.Socket>()
  const server = net.createServer((socket) => {
    sockets.add(socket)
    socket.setNoDelay(true)
    socket.on('close', () => sockets.delete(socket))
    let searches = 0
    socket.on('error', () => undefined)
    socket.on('data', (chunk: Buffer) => {
      let complete: LdapRequest[]
      try {
        complete = requestsIn(chunk)
      } catch {
        // Not LDAP any more (a TLS handshake after StartTLS): the script's socket handles it.
        return
      }
      for (const request of complete) {
        requests.push(request)
        if (request.operation === Op.bindRequest) {
          if (options.bind) options.bind(request, socket)
          else socket.write(resultMessage(request.messageId, Op.bindResponse, { code: 0 }))
        } else if (request.operation === Op.unbindRequest) socket.end()
        else {
          if (request.operation === Op.searchRequest) searches += 1
          script(request, socket, searches)
        }
      }
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    port: (server.address() as net.AddressInfo).port,
    requests,
    close: async () => {
      for (const socket of sockets) socket.destroy()
      await new Promise((resolve) => server.close(resolve))
    }
  }
}

/**
 * Writes what `next` gives for as long as it gives something and the client reads: a server that
 * streams without end waits for the client like any sender (its memory is not what is measured).
 */
export function stream(socket: net.Socket, next: () => Buffer | undefined): void {
  const pump = (): void => {
    for (;;) {
      if (socket.destroyed) return
      const bytes = next()
      if (!bytes) return
      if (!socket.write(bytes)) return void socket.once('drain', pump)
    }
  }
  pump()
}
