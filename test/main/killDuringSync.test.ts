// Issue 9 resilience: SIGKILL the command line at points spread over a large user synchronization,
// each on a progress line the child prints (--progress), not after a guessed delay.
// After each kill the store passes PRAGMA integrity_check, the previous good inventory is intact, the
// interrupted run is marked interrupted when Switchboard next opens the data directory, and the
// next synchronization succeeds. `npm test` kills 3 times; `npm run test:resilience` 20 times.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunSummary } from '../../src-preload/contract'
import { labDeviceFields, startLab, type RunningLab } from '../../src-main/lab'
import { testCore } from './helpers/core'
import { finishedRun } from './helpers/runs'

const CLI = join(__dirname, '../../bin/switchboard.js')
const built = existsSync(join(__dirname, '../../out/main/cli.js'))
if (!built) console.warn('killDuringSync: skipped: out/main/cli.js is missing (run npm run build)')
const KILLS = Number(process.env.SWITCHBOARD_RESILIENCE_KILLS ?? 3)
const USERS = KILLS > 3 ? 20_000 : 8_000

let lab: RunningLab
let dataDir = ''
let cp = ''
let baseline: Record<string, number> = {}

/** The inventory per type, read through a fresh Core (which is what marks interrupted runs). */
async function inspect(): Promise<{ counts: Record<string, number>; integrity: string; last: RunSummary }> {
  const core = testCore(dataDir)
  try {
    const integrity = core.store.db.pragma('integrity_check', { simple: true }) as string
    const counts = core.store.inventory.typeCounts(core.store.devices.byName(cp)?.id ?? -1)
    const [last] = await core.value('sync:runs', { device: cp, limit: 1 })
    return { counts, integrity, last }
  } finally {
    await core.close()
  }
}

/**
 * Runs `sync device --user --progress` in a child and SIGKILLs it on its first progress line at
 * `percent` or more (and under 100); resolves with the percent it was killed at once it has exited.
 */
async function killOnProgress(percent: number): Promise<number> {
  const child = spawn(
    process.execPath,
    [CLI, '--data-dir', dataDir, 'sync', 'device', cp, '--user', '--progress'],
    { stdio: ['ignore', 'ignore', 'pipe'] }
  )
  const exited = new Promise((resolve) => child.once('exit', resolve))
  let killedAt: number | undefined
  for await (const line of createInterface({ input: child.stderr })) {
    const reported = Number(/^progress: (\d+)%/.exec(line)?.[1] ?? NaN)
    if (reported >= percent && reported < 100) {
      killedAt = reported
      child.kill('SIGKILL')
      break
    }
  }
  await exited
  if (killedAt === undefined)
    throw new Error(`The synchronization ended without reporting ${percent}% or more.`)
  return killedAt
}

beforeAll(async () => {
  if (!built) return
  lab = await startLab({ users: USERS, clusters: 1, seed: 21, faults: {} })
  const core = testCore()
  dataDir = core.dataDir
  const server = lab.servers.find((s) => s.kind === 'call-processor')
  if (!server) throw new Error('the lab has no Call Processor')
  cp = server.name
  await core.value('devices:add', labDeviceFields(server))
  if (server.fingerprint) await core.value('devices:trust', { name: cp, fingerprint: server.fingerprint })
  for (const kind of ['infrastructure', 'user'] as const) {
    const run = await finishedRun(core, (await core.value('sync:start', { device: cp, kind })).runId)
    expect(run.status).toBe('succeeded')
  }
  baseline = core.store.inventory.typeCounts(core.store.devices.byName(cp)?.id ?? -1)
  await core.close()
}, 180_000)
afterAll(async () => {
  await lab?.stop()
})

describe('SIGKILL during a large synchronization', () => {
  it.skipIf(!built)(
    `keeps the store sound and the previous inventory after ${KILLS} kills, then synchronizes`,
    async () => {
      for (let i = 0; i < KILLS; i++) {
        // Kill points spread over the run, short of its end (100% is reported as it commits).
        const killAt = Math.round(((i + 1) * 95) / (KILLS + 1))
        const killedAt = await killOnProgress(killAt)
        expect(killedAt).toBeGreaterThanOrEqual(killAt)
        const { counts, integrity, last } = await inspect()
        expect(integrity).toBe('ok')
        expect(last.status).toBe('interrupted')
        // The lab did not change, and the killed run applied nothing: the inventory is the baseline.
        expect(counts).toEqual(baseline)
      }

      const core = testCore(dataDir)
      try {
        const run = await finishedRun(
          core,
          (await core.value('sync:start', { device: cp, kind: 'user' })).runId
        )
        expect(run.status).toBe('succeeded')
      } finally {
        await core.dispose()
      }
    },
    600_000
  )
})
