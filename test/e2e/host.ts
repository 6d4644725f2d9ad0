// Starts `switchboard serve` (the real CLI and host) on a fresh data directory for one e2e test.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'

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
