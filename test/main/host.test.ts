// Headless host: the same contract over a WebSocket on 127.0.0.1, protected by the per-run token.
import { mkdirSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import { connect, type Socket } from 'node:net'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { startHost, type RunningHost } from '../../src-main/host/server'
import type { ServerMessage } from '../../src-preload/contract/wire'
import { tempDir, testCore, type TestCore } from './helpers/core'

let host: RunningHost | undefined
let core: TestCore | undefined
afterEach(async () => {
  await host?.close()
  await core?.dispose()
})

async function start(): Promise<RunningHost> {
  const rendererDir = tempDir('renderer-')
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Switchboard</title>')
  mkdirSync(join(rendererDir, 'assets'))
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)')
  core = testCore()
  host = await startHost({ core, rendererDir, port: 0 })
  return host
}

function open(
  url: string,
  origin?: string
): Promise<{ ws: WebSocket; messages: ServerMessage[]; closed: Promise<number> }> {
  const ws = new WebSocket(url, origin ? { origin } : {})
  const messages: ServerMessage[] = []
  ws.on('message', (data: Buffer) => messages.push(JSON.parse(data.toString('utf8')) as ServerMessage))
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)))
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, messages, closed }))
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)))
  })
}

async function until<T>(check: () => T | undefined): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = check()
    if (value !== undefined) return value
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  throw new Error('timed out')
}

/** A plain TCP connection to the host: exact bytes out, everything the host sends collected. */
interface RawConnection {
  socket: Socket
  /** Resolves with all bytes received so far once `done` holds for them. */
  until(done: (received: Buffer) => boolean): Promise<Buffer>
  /** Resolves when the host has closed the connection. */
  closed: Promise<void>
}

async function rawConnection(port: number): Promise<RawConnection> {
  const socket = connect(port, '127.0.0.1')
  // A host that resets the connection is what some tests look for, not a failure of the client.
  socket.on('error', () => undefined)
  let received = Buffer.alloc(0)
  const waiting = new Set<() => void>()
  socket.on('data', (chunk: Buffer) => {
    received = Buffer.concat([received, chunk])
    for (const check of waiting) check()
  })
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()))
  await new Promise((resolve) => socket.once('connect', resolve))
  return {
    socket,
    closed,
    until: (done) =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          if (!done(received)) return
          waiting.delete(check)
          resolve(received)
        }
        waiting.add(check)
        void closed.then(() => {
          if (waiting.delete(check))
            reject(new Error(`closed after ${JSON.stringify(received.toString('latin1'))}`))
        })
        check()
      })
  }
}

function upgradeRequest(port: number, target: string): string {
  return [
    `GET ${target} HTTP/1.1`,
    `Host: 127.0.0.1:${port}`,
    'Upgrade: websocket',
    'Connection: Upgrade',
    'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
    'Sec-WebSocket-Version: 13',
    '',
    ''
  ].join('\r\n')
}

const headersEnd = (bytes: Buffer): boolean => bytes.includes('\r\n\r\n')

/** The status code of the close frame the server sent after its handshake, if it has arrived. */
function closeCode(received: Buffer): number | undefined {
  const frames = received.subarray(received.indexOf('\r\n\r\n') + 4)
  // Server frames are unmasked; a close frame with a code: 0x88, length, 2-byte code, reason.
  const close = frames.indexOf(0x88)
  return close >= 0 && frames.length >= close + 4 ? frames.readUInt16BE(close + 2) : undefined
}

/** Sends one HTTP request as given and returns the status the host answers with. */
async function rawStatus(port: number, request: string): Promise<number> {
  const raw = await rawConnection(port)
  raw.socket.write(request)
  const response = await raw.until(headersEnd)
  raw.socket.destroy()
  return Number(/^HTTP\/1\.1 (\d{3})/.exec(response.toString('latin1'))?.[1])
}

/** A GET through node:http, which (unlike fetch) lets the test choose the Host header. */
function statusWithHost(port: number, host: string | undefined): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get({
      host: '127.0.0.1',
      port,
      path: '/',
      setHost: false,
      headers: host ? { host } : {}
    })
    req.once('response', (res) => {
      res.resume()
      resolve(res.statusCode ?? 0)
    })
    req.once('error', reject)
  })
}

describe('switchboard serve', () => {
  it('prints a 127.0.0.1 URL with a token and serves the renderer, refusing paths outside it', async () => {
    const h = await start()
    expect(h.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{20,}$/)
    const page = await fetch(h.url)
    expect(page.status).toBe(200)
    expect(page.headers.get('referrer-policy')).toBe('no-referrer')
    expect(await page.text()).toContain('Switchboard')
    expect((await fetch(`http://127.0.0.1:${h.port}/assets/app.js`)).headers.get('content-type')).toMatch(
      /javascript/
    )
    expect((await fetch(`http://127.0.0.1:${h.port}/..%2F..%2Fetc%2Fpasswd`)).status).toBe(404)
  })

  it('answers contract requests and pushes events over the WebSocket', async () => {
    const h = await start()
    const { ws, messages } = await open(`ws://127.0.0.1:${h.port}/ws?token=${h.token}`)
    ws.send(
      JSON.stringify({
        type: 'request',
        id: 1,
        channel: 'devices:add',
        input: {
          name: 'CUCM',
          kind: 'call-processor',
          product: 'cucm',
          host: 'cucm',
          username: 'u',
          password: 'p'
        }
      })
    )
    ws.send(JSON.stringify({ type: 'request', id: 2, channel: 'devices:add', input: { name: '!!' } }))
    const first = await until(() => messages.find((m) => m.type === 'response' && m.id === 1))
    expect(first).toMatchObject({ result: { ok: true, value: { name: 'CUCM' } } })
    const second = await until(() => messages.find((m) => m.type === 'response' && m.id === 2))
    expect(second).toMatchObject({ result: { ok: false, error: { code: 'VALIDATION' } } })
    expect(messages.find((m) => m.type === 'event')).toMatchObject({
      event: 'devices:changed',
      payload: { name: 'CUCM' }
    })
    ws.close()
  })

  it('closes connections with a wrong token (4401) and refuses foreign origins', async () => {
    const h = await start()
    const { closed } = await open(`ws://127.0.0.1:${h.port}/ws?token=wrong`)
    expect(await closed).toBe(4401)
    await expect(
      open(`ws://127.0.0.1:${h.port}/ws?token=${h.token}`, 'https://evil.example')
    ).rejects.toThrow(/HTTP 403/)
  })

  it('survives malformed frames on a WebSocket without a token (issue 28 item 1)', async () => {
    const h = await start()
    const frames: Record<string, string> = {
      // As given in the issue: a masked empty text frame, which is valid and must stay harmless.
      'the frame from the issue': '81 80 03 00 00 00',
      'a reserved opcode': '83 80 00 00 00 00',
      'reserved bits set': 'f1 80 00 00 00 00',
      'an unmasked frame': '81 00',
      'a frame announcing 2 MiB': '82 ff 00 00 00 00 00 20 00 00 00 00 00 00',
      'text that is not UTF-8': '81 81 00 00 00 00 ff'
    }
    for (const [what, hex] of Object.entries(frames)) {
      const raw = await rawConnection(h.port)
      raw.socket.write(upgradeRequest(h.port, '/ws'))
      const handshake = await raw.until((bytes) => closeCode(bytes) !== undefined)
      expect(closeCode(handshake)).toBe(4401)
      // The host reads the frame before the end of the stream, so by `closed` it has dealt with it.
      raw.socket.end(Buffer.from(hex.replaceAll(' ', ''), 'hex'))
      await raw.closed
      expect((await fetch(h.url)).status, `after ${what}`).toBe(200)
    }
  })

  it('closes a connection with a token that breaks the protocol or sends more than 1 MiB (1002, 1009)', async () => {
    const h = await start()
    const raw = await rawConnection(h.port)
    raw.socket.write(upgradeRequest(h.port, `/ws?token=${h.token}`))
    await raw.until(headersEnd)
    raw.socket.write(Buffer.from('8100', 'hex'))
    expect(closeCode(await raw.until((bytes) => closeCode(bytes) !== undefined))).toBe(1002)
    raw.socket.destroy()

    const { ws, closed } = await open(`ws://127.0.0.1:${h.port}/ws?token=${h.token}`)
    ws.send('x'.repeat(1024 * 1024 + 1))
    expect(await closed).toBe(1009)
    const again = await open(`ws://127.0.0.1:${h.port}/ws?token=${h.token}`)
    again.ws.close()
    expect((await fetch(h.url)).status).toBe(200)
  })

  it('answers request paths that do not decode or parse with 400, and lives on', async () => {
    const h = await start()
    const get = (target: string): string =>
      `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${h.port}\r\nConnection: close\r\n\r\n`
    expect(await rawStatus(h.port, get('/%E0%A4%A'))).toBe(400)
    expect(await rawStatus(h.port, get('//'))).toBe(400)
    expect(await rawStatus(h.port, get('/a%00b'))).toBe(404)
    expect(await rawStatus(h.port, get('/index.html/x'))).toBe(404)
    expect(await rawStatus(h.port, 'NOT HTTP AT ALL\r\n\r\n')).toBe(400)
    expect(await rawStatus(h.port, upgradeRequest(h.port, '//'))).toBe(403)
    expect((await fetch(h.url)).status).toBe(200)
  })

  it('survives a client that resets the connection while its upgrade is refused', async () => {
    const h = await start()
    for (let i = 0; i < 5; i++) {
      const raw = await rawConnection(h.port)
      raw.socket.write(upgradeRequest(h.port, '/elsewhere'), () => raw.socket.resetAndDestroy())
      await raw.closed
    }
    expect((await fetch(h.url)).status).toBe(200)
  })

  it('answers only to its own name in Host: a rebound DNS name gets 421 (issue 28 item 2)', async () => {
    const h = await start()
    expect(await statusWithHost(h.port, `127.0.0.1:${h.port}`)).toBe(200)
    expect(await statusWithHost(h.port, `localhost:${h.port}`)).toBe(200)
    expect(await statusWithHost(h.port, `rebound.example:${h.port}`)).toBe(421)
    expect(await statusWithHost(h.port, 'localhost')).toBe(421)
    expect(await statusWithHost(h.port, `127.0.0.1:${h.port + 1}`)).toBe(421)
    // HTTP/1.0 may leave Host out; without it the request names no host this server answers for.
    expect(await rawStatus(h.port, 'GET / HTTP/1.0\r\n\r\n')).toBe(421)
    // The WebSocket too, even with the token.
    const rebound = new WebSocket(`ws://127.0.0.1:${h.port}/ws?token=${h.token}`, {
      headers: { host: `rebound.example:${h.port}` }
    })
    const status = await new Promise((resolve) =>
      rebound.once('unexpected-response', (_req, res) => resolve(res.statusCode))
    )
    expect(status).toBe(421)
  })
})
