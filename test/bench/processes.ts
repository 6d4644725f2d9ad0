// The benchmarks' child processes. A synchronization runs in the built CLI, a process of its own as in a
// deployment (the lab, like a real CUCM, lives elsewhere: in the benchmark's process), so its memory and
// CPU are its own; scripts/bench/peakRss.mjs reports its exact peak RSS. Floors run in processes too.
import { spawn, type StdioOptions } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { RunSummary } from '../../src-preload/contract'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const CLI = join(ROOT, 'bin/switchboard.js')
const PEAK_RSS = join(ROOT, 'scripts/bench/peakRss.mjs')
const AXL_FLOOR = join(ROOT, 'scripts/bench/axlFloor.mjs')
const LATENCY_RELAY = join(ROOT, 'scripts/bench/latencyRelay.mjs')

interface Exit {
  code: number | null
  stdout: string
  stderr: string
}

function run(
  command: string,
  args: string[],
  options: { input?: string; env?: NodeJS.ProcessEnv; stdout?: 'pipe' | 'ignore' } = {}
): Promise<Exit> {
  const stdio: StdioOptions = [
    options.input === undefined ? 'ignore' : 'pipe',
    options.stdout ?? 'pipe',
    'pipe'
  ]
  const child = spawn(command, args, { cwd: ROOT, env: options.env ?? process.env, stdio })
  let stdout = ''
  let stderr = ''
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  child.stdin?.end(options.input)
  return new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('close', (code) => resolve({ code, stdout, stderr }))
  })
}

function failure(what: string, exit: Exit): Error {
  return new Error(`${what} exited with ${exit.code}:\n${exit.stderr}${exit.stdout.slice(0, 4000)}`)
}

export interface CliResult<T> {
  value: T
  peakRssBytes: number
  /** CPU time of the whole process (user and system), start-up included. */
  cpuMs: number
}

/** `switchboard --json --data-dir DIR …ARGS` in its own process; throws with its output unless it exits 0. */
export async function cli<T>(dataDir: string, args: string[]): Promise<CliResult<T>> {
  const scratch = mkdtempSync(join(tmpdir(), 'switchboard-bench-rss-'))
  const rssFile = join(scratch, 'peak-rss')
  try {
    const exit = await run(
      process.execPath,
      ['--import', PEAK_RSS, CLI, '--json', '--data-dir', dataDir, ...args],
      { env: { ...process.env, BENCH_PEAK_RSS_FILE: rssFile } }
    )
    if (exit.code !== 0) throw failure(`switchboard ${args.join(' ')}`, exit)
    const [rss, cpuMicros] = readFileSync(rssFile, 'utf8').split(' ').map(Number)
    return { value: JSON.parse(exit.stdout) as T, peakRssBytes: rss, cpuMs: cpuMicros / 1000 }
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}

/** A synchronization's own wall time, as its run records it (process start-up and store opening excluded). */
export function runMs(run: RunSummary): number {
  if (!run.finishedAt) throw new Error(`run ${run.id} has not finished`)
  return Date.parse(run.finishedAt) - Date.parse(run.startedAt)
}

/** Runs a synchronization through the CLI and fails the benchmark unless it succeeded. */
export async function syncRun(dataDir: string, args: string[]): Promise<CliResult<RunSummary>> {
  const result = await cli<RunSummary>(dataDir, args)
  if (result.value.status !== 'succeeded')
    throw new Error(`switchboard ${args.join(' ')}: run ${result.value.id} ${result.value.status}`)
  return result
}

/**
 * The same synchronization from the same starting point `tries` times: on copies of the data directory,
 * then on the directory itself, which keeps the result for what follows. `before` runs ahead of each
 * try (a floor measured alternately with the tries). One try on this shared 2-core machine can come
 * out a tenth slower than the next; the median try is the figure.
 */
export async function repeatedSyncs(
  dataDir: string,
  args: string[],
  tries: number,
  before?: () => Promise<void>
): Promise<CliResult<RunSummary>[]> {
  const runs: CliResult<RunSummary>[] = []
  for (let i = 0; i < tries; i++) {
    await before?.()
    const last = i === tries - 1
    const target = last ? dataDir : mkdtempSync(join(tmpdir(), 'switchboard-bench-try-'))
    if (!last) cpSync(dataDir, target, { recursive: true })
    try {
      runs.push(await syncRun(target, args))
    } finally {
      if (!last) rmSync(target, { recursive: true, force: true })
    }
  }
  return runs
}

/** The try with the median wall time (an odd number of tries). */
export function medianRun(runs: CliResult<RunSummary>[]): CliResult<RunSummary> {
  if (runs.length % 2 === 0) throw new Error(`the median of ${runs.length} tries is not one of them`)
  return [...runs].sort((a, b) => runMs(a.value) - runMs(b.value))[Math.floor(runs.length / 2)]
}

export interface FloorInput {
  host: string
  port: number
  username: string
  password: string
  version: string
  ca: string
  fingerprint: string
  concurrency: number
  /** The connector's paging rules (AXL_PAGING): page sizes after the first, heavy reads one at a time. */
  paging: { pageBytes: number; maxPageRows: number; heavyReadBytes: number }
  steps: { operation: string; envelope: string; first?: number; rowTag?: string }[]
}

export interface FloorResult {
  ms: number
  requests: number
  rows: number
  /** Response-body bytes received. */
  bytes: number
}

/** scripts/bench/axlFloor.mjs: the plain client that sends the same AXL requests and discards the answers. */
export async function axlFloor(input: FloorInput): Promise<FloorResult> {
  const exit = await run(process.execPath, [AXL_FLOOR], { input: JSON.stringify(input) })
  if (exit.code !== 0) throw failure('the AXL floor client', exit)
  return JSON.parse(exit.stdout) as FloorResult
}

/** A command whose output goes to /dev/null (ldapsearch as a floor), timed from spawn to exit. */
export async function timedCommand(command: string, args: string[]): Promise<number> {
  const started = performance.now()
  const exit = await run(command, args, { stdout: 'ignore' })
  const ms = performance.now() - started
  if (exit.code !== 0) throw failure(command, exit)
  return ms
}

/** A Node process that announces itself with a JSON object on stdout and runs until stopped. */
interface Running<T> {
  announced: T
  stop: () => Promise<void>
}

/** Starts `node ARGS` and waits for the first thing it prints: one JSON object (it may span lines and chunks). */
async function running<T>(args: string[], what: string): Promise<Running<T>> {
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const announced = await new Promise<T>((resolve, reject) => {
    let text = ''
    child.stdout.on('data', (chunk: Buffer) => {
      text += chunk.toString()
      try {
        resolve(JSON.parse(text) as T)
      } catch {
        // not complete yet
      }
    })
    child.once('exit', (code) => reject(new Error(`${what} exited with ${code}`)))
  })
  return {
    announced,
    stop: async () => {
      child.kill('SIGTERM')
      await exited
    }
  }
}

export interface Relay {
  port: number
  stop(): Promise<void>
}

/**
 * scripts/bench/latencyRelay.mjs in a process of its own: a loopback relay to `targetPort` that adds
 * `roundTripMs` to every round trip (half on each chunk each way).
 */
export async function latencyRelay(targetPort: number, roundTripMs: number): Promise<Relay> {
  const relay = await running<{ port: number }>(
    [LATENCY_RELAY, String(targetPort), String(roundTripMs)],
    'the latency relay'
  )
  return { port: relay.announced.port, stop: relay.stop }
}

export interface Served {
  /** The page's address, with the host's access token. */
  url: string
  stop(): Promise<void>
}

/** `switchboard serve` on a data directory, until stopped: the headless host the UI benchmarks drive. */
export async function serve(dataDir: string): Promise<Served> {
  const host = await running<{ url: string }>(
    [CLI, '--json', '--data-dir', dataDir, 'serve', '--port', '0'],
    'switchboard serve'
  )
  return { url: host.announced.url, stop: host.stop }
}
