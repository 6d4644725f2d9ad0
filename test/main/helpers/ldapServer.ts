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
  /** Every byte received, in order: whether a secret ever arrived in clear text. */
  received(): Buffer
  close(): Promise<void>
}

/**
 * The whole LDAP messages at the start of `held`, and the bytes of a message still incomplete; or
 * undefined when the bytes are not LDAP (a TLS handshake after StartTLS).
 */
function splitMessages(held: Buffer): { messages: Buffer[]; rest: Buffer } | undefined {
  const messages: Buffer[] = []
  let offset = 0
  while (offset + 2 <= held.length) {
    if (held[offset] !== 0x30) return undefined
    const first = held[offset + 1]
    let length = first
    let header = 2
    if (first >= 0x80) {
      const lengthBytes = first & 0x7f
      if (lengthBytes === 0 || lengthBytes > 4) return undefined
      if (offset + 2 + lengthBytes > held.length) break
      length = 0
      for (let i = 0; i < lengthBytes; i++) length = length * 256 + held[offset + 2 + i]
      header += lengthBytes
    }
    if (offset + header + length > held.length) break
    messages.push(held.subarray(offset, offset + header + length))
    offset += header + length
  }
  return { messages, rest: held.subarray(offset) }
}

/** A server that answers binds with success (or as `bind` says) and other requests as `script` says. */
export async function scriptedServer(
  script: Script,
  options: { bind?: (request: LdapRequest, socket: net.Socket) => void } = {}
): Promise<ScriptedServer> {
  const requests: LdapRequest[] = []
  const chunks: Buffer[] = []
  const sockets = new Set<net.Socket>()
  const server = net.createServer((socket) => {
    sockets.add(socket)
    socket.setNoDelay(true)
    socket.on('close', () => sockets.delete(socket))
    let searches = 0
    let held: Buffer | undefined = Buffer.alloc(0)
    socket.on('error', () => undefined)
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk)
      // Once the client speaks something else (TLS after StartTLS), requests are no longer read.
      const split = held && splitMessages(Buffer.concat([held, chunk]))
      held = split?.rest
      for (const request of (split?.messages ?? []).flatMap((message) => requestsIn(message))) {
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
    received: () => Buffer.concat(chunks),
    close: async () => {
      for (const socket of sockets) socket.destroy()
      await new Promise((resolve) => server.close(resolve))
    }
  }
}

/**
 * Writes what `next` gives for as long as it gives something and the client reads: a server that
 * streams without end waits for the client like any sender (its memory is not what is measured). It
 * shares the client's event loop, so it writes one 16 KiB burst per turn of the loop: writing until the
 * kernel's buffers are full would stall the client as no network peer can.
 */
export function stream(socket: net.Socket, next: () => Buffer | undefined): void {
  const BURST_BYTES = 16 * 1024
  const pump = (): void => {
    if (socket.destroyed) return
    const burst: Buffer[] = []
    let bytes = 0
    let more = true
    while (bytes < BURST_BYTES) {
      const message = next()
      if (!message) {
        more = false
        break
      }
      burst.push(message)
      bytes += message.length
    }
    const flowing = socket.write(Buffer.concat(burst))
    if (!more) return
    if (flowing) setImmediate(pump)
    else socket.once('drain', pump)
  }
  pump()
}
