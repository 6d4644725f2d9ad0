import { randomBytes, timingSafeEqual } from 'node:crypto'
import { createReadStream, existsSync, statSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { extname, join, normalize, sep } from 'node:path'
import { pipeline } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import type { ClientMessage, ServerMessage } from '../../src-preload/contract/wire'
import type { Core } from '../core'

export interface HostOptions {
  core: Core
  /** Built renderer (out/renderer). */
  rendererDir: string
  /** 0 picks a free port. */
  port: number
  token?: string
}

export interface RunningHost {
  url: string
  port: number
  token: string
  close(): Promise<void>
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2'
}

/** Larger messages close the connection with 1009 (ws enforces it while reading the frame header). */
const MAX_MESSAGE_BYTES = 1024 * 1024

/**
 * `switchboard serve`: the same renderer and the same contract as the desktop app, for machines
 * without a display or an Electron binary. Binds 127.0.0.1 only; the WebSocket requires the random
 * per-run token from the printed URL and a same-origin page. Every request must name this host in its
 * Host header, so a page on a rebound DNS name cannot reach it. Nothing a client sends can stop the
 * process: every socket has an error listener and every malformed request gets a 4xx.
 */
export async function startHost(options: HostOptions): Promise<RunningHost> {
  const token = options.token ?? randomBytes(24).toString('base64url')
  if (!existsSync(join(options.rendererDir, 'index.html'))) {
    throw new Error(
      `The renderer is not built (${options.rendererDir} has no index.html). Run \`npm run build\` first.`
    )
  }

  // Node answers requests it cannot parse (400, 408, 431) and ignores their sockets' errors itself.
  const server = http.createServer((req, res) => {
    if (!addressedHere(req, server)) {
      res.writeHead(421, { 'Content-Type': 'text/plain' }).end(MISDIRECTED)
      return
    }
    serveStatic(options.rendererDir, req, res)
  })
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES })

  server.on('upgrade', (req, socket: Socket, head) => {
    // Node hands the upgrade socket over without its own error listener: a reset from the peer
    // would otherwise be an uncaught exception. ws adds its own once the handshake completes.
    socket.on('error', () => socket.destroy())
    if (!addressedHere(req, server)) {
      refuseUpgrade(socket, '421 Misdirected Request')
      return
    }
    const url = requestTarget(req)
    const origin = req.headers.origin
    const sameOrigin = origin === undefined || localAuthorities(server).some((a) => origin === `http://${a}`)
    if (url?.pathname !== '/ws' || !sameOrigin) {
      refuseUpgrade(socket, '403 Forbidden')
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      // A protocol violation (bad opcode, unmasked, oversized or non-UTF-8 frame) arrives as 'error'
      // after ws has already answered it with a close frame (1002, 1007, 1009); an 'error' without
      // a listener would end the process.
      ws.on('error', () => undefined)
      if (!tokensMatch(url.searchParams.get('token') ?? '', token)) {
        ws.close(4401, 'invalid token')
        return
      }
      attach(options.core, ws)
    })
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, '127.0.0.1', () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate()
        wss.close()
        server.close(() => resolve())
        server.closeAllConnections()
      })
  }
}

function tokensMatch(given: string, expected: string): boolean {
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

const MISDIRECTED = 'This host serves only http://127.0.0.1 and http://localhost on its own port.'

/** `127.0.0.1:PORT` and `localhost:PORT`: the only names a page reaching this host may use. */
function localAuthorities(server: http.Server): string[] {
  const { port } = server.address() as AddressInfo
  return [`127.0.0.1:${port}`, `localhost:${port}`]
}

/**
 * DNS rebinding: a foreign page whose name is made to resolve to 127.0.0.1 is same-origin with
 * itself, so Origin does not catch it; its requests still carry its own name in Host. 421 (RFC 9110
 * §15.5.20) says exactly that: this server does not answer for that name.
 */
function addressedHere(req: http.IncomingMessage, server: http.Server): boolean {
  const host = req.headers.host
  return host !== undefined && localAuthorities(server).includes(host)
}

/** The request target as a URL, or undefined for one that does not parse (e.g. `//`). */
function requestTarget(req: http.IncomingMessage): URL | undefined {
  try {
    return new URL(req.url ?? '/', 'http://127.0.0.1')
  } catch {
    return undefined
  }
}

function refuseUpgrade(socket: Socket, status: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
}

function attach(core: Core, ws: WebSocket): void {
  const send = (message: ServerMessage): void => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message))
  }
  const unsubscribe = core.events.subscribe((event, payload) =>
    send({ type: 'event', event, payload } as ServerMessage)
  )
  ws.on('close', unsubscribe)
  ws.on('message', (data) => {
    let message: ClientMessage
    try {
      message = JSON.parse((data as Buffer).toString('utf8')) as ClientMessage
    } catch {
      ws.close(1007, 'messages must be JSON')
      return
    }
    if (message?.type !== 'request' || typeof message.id !== 'number') {
      ws.close(1008, 'expected {type:"request", id, channel, input}')
      return
    }
    void core
      .dispatch(message.channel, message.input, { origin: 'headless' })
      .then((result) => send({ type: 'response', id: message.id, result }))
  })
}

function serveStatic(root: string, req: http.IncomingMessage, res: http.ServerResponse): void {
  const headers = {
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cache-Control': 'no-store'
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, headers).end()
    return
  }
  const pathname = decodedPath(req)
  if (pathname === undefined) {
    res.writeHead(400, { ...headers, 'Content-Type': 'text/plain' }).end('Malformed request path')
    return
  }
  const relative = normalize(pathname === '/' ? '/index.html' : pathname)
  const file = join(root, relative)
  if (!file.startsWith(root + sep) || !isFile(file)) {
    res.writeHead(404, { ...headers, 'Content-Type': 'text/plain' }).end('Not found')
    return
  }
  res.writeHead(200, {
    ...headers,
    'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream'
  })
  if (req.method === 'HEAD') res.end()
  // A read that fails half way (the build replaced under us) can only cut the response short.
  else pipeline(createReadStream(file), res, () => undefined)
}

/** The percent-decoded path, or undefined when it does not decode (`/%E0%A4%A`). */
function decodedPath(req: http.IncomingMessage): string | undefined {
  const url = requestTarget(req)
  if (!url) return undefined
  try {
    return decodeURIComponent(url.pathname)
  } catch {
    return undefined
  }
}

/** Any path the file system refuses (NUL byte, too long, a file used as a folder) is no file. */
function isFile(file: string): boolean {
  try {
    return statSync(file).isFile()
  } catch {
    return false
  }
}
