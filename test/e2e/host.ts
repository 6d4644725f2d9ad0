// Starts `switchboard serve` (the real CLI and host) on a fresh data directory for one e2e test.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import WebSocket from 'ws'
import type { RequestChannel } from '../../src-preload/contract/channels'
import type { Input, Output, Result } from '../../src-preload/contract'
import type { ClientMessage, ServerMessage } from '../../src-preload/contract/wire'

export interface ServedApp {
  url: string
  dataDir: string
  stop(): Promise<void>
}

/** `dataDir`: a data directory the test prepared (and removes); by default a fresh one, removed on stop. */
export async function serve(prepared?: string): Promise<ServedApp> {
  const dataDir = prepared ?? mkdtempSync(join(tmpdir(), 'switchboard-e2e-'))
  const child: ChildProcess = spawn(
    process.execPath,
    ['bin/switchboard.js', '--json', '--data-dir', dataDir, 'serve', '--port', '0'],
    {
      stdio: ['ignore', 'pipe', 'inherit']
    }
  )
  const firstLine = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! })
    let text = ''
    lines.on('line', (line) => {
      text += line
      try {
        JSON.parse(text)
        resolve(text)
      } catch {
        // the JSON object spans several lines
      }
    })
    child.once('exit', (code) => reject(new Error(`switchboard serve exited with ${code}`)))
  })
  const { url } = JSON.parse(firstLine) as { url: string }
  return {
    url,
    dataDir,
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      await exited
      if (prepared === undefined) rmSync(dataDir, { recursive: true, force: true })
    }
  }
}

/**
 * One request through the host's WebSocket, as a page or script with the token sends it: for what the
 * pages themselves do not offer yet (an order is made on the command line or through the API).
 */
export async function hostRequest<C extends RequestChannel>(
  app: ServedApp,
  channel: C,
  input: Input<C>
): Promise<Result<Output<C>>> {
  const { host, searchParams } = new URL(app.url)
  const ws = new WebSocket(`ws://${host}/ws?token=${searchParams.get('token') ?? ''}`)
  try {
    await new Promise((resolve, reject) => {
      ws.once('open', resolve)
      ws.once('error', reject)
    })
    const answer = new Promise<Result<Output<C>>>((resolve, reject) => {
      ws.on('message', (data: Buffer) => {
        const message = JSON.parse(data.toString()) as ServerMessage
        if (message.type === 'response' && message.id === 1) resolve(message.result as Result<Output<C>>)
      })
      ws.once('close', (code) => reject(new Error(`the host closed the connection (${code})`)))
    })
    const request: ClientMessage = { type: 'request', id: 1, channel, input }
    ws.send(JSON.stringify(request))
    return await answer
  } finally {
    ws.close()
  }
}

export interface ServedReview {
  url: string
  stop(): Promise<void>
}

/**
 * Starts `switchboard serve --review FILE`: the bundle read-only; of `dataDir` only the signing key
 * and trusted signers are read, to judge who signed it.
 */
export async function serveReview(file: string, dataDir: string): Promise<ServedReview> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['bin/switchboard.js', '--json', '--data-dir', dataDir, 'serve', '--review', file, '--port', '0'],
    { stdio: ['ignore', 'pipe', 'inherit'] }
  )
  const printed = await new Promise<string>((resolve, reject) => {
    let text = ''
    createInterface({ input: child.stdout! }).on('line', (line) => {
      text += line
      try {
        JSON.parse(text)
        resolve(text)
      } catch {
        // the JSON object spans several lines
      }
    })
    child.once('exit', (code) => reject(new Error(`switchboard serve --review exited with ${code}`)))
  })
  const { url } = JSON.parse(printed) as { url: string }
  return {
    url,
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      await exited
    }
  }
}
