import { randomBytes, timingSafeEqual } from 'node:crypto'
import { createReadStream, existsSync, statSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, sep } from 'node:path'
import { WebSocketServer, type WebSocket } from 'ws'
import type { ClientMessage, ServerMessage } from '../../src-preload/wire'
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

const MAX_MESSAGE_BYTES = 1024 * 1024

/**
 * `switchboard serve`: the same renderer and the same contract as the desktop app, for machines
 * without a display or an Electron binary. Binds 127.0.0.1 only; the WebSocket requires the random
 * per-run token from the printed URL and a same-origin page.
 */
export async function startHost(options: HostOptions): Promise<RunningHost> {
  const token = options.token ?? randomBytes(24).toString('base64url')
  if (!existsSync(join(options.rendererDir, 'index.html'))) {
    throw new Error(
      `The renderer is not built (${options.rendererDir} has no index.html). Run \`npm run build\` first.`
    )
  }

  const server = http.createServer((req, res) => serveStatic(options.rendererDir, req, res))
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES })

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const origin = req.headers.origin
    const port = (server.address() as AddressInfo).port
    const sameOrigin =
      origin === undefined || origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`
    if (url.pathname !== '/ws' || !sameOrigin) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n')
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
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
  const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname)
  const relative = normalize(pathname === '/' ? '/index.html' : pathname)
  const file = join(root, relative)
  if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) {
    res.writeHead(404, { ...headers, 'Content-Type': 'text/plain' }).end('Not found')
    return
  }
  res.writeHead(200, {
    ...headers,
    'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream'
  })
  if (req.method === 'HEAD') res.end()
  else createReadStream(file).pipe(res)
}
