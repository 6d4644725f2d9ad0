// Headless host: the same contract over a WebSocket on 127.0.0.1, protected by the per-run token.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { startHost, type RunningHost } from '../../src-main/host/server'
import type { ServerMessage } from '../../src-preload/wire'
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
})
