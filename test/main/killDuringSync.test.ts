// Issue 9 resilience: SIGKILL the command line at random points of a large user synchronization.
// After each kill the store passes PRAGMA integrity_check, the previous good inventory is intact, the
// interrupted run is marked interrupted when Switchboard next opens the data directory, and the
// next synchronization succeeds. `npm test` kills 3 times; `npm run test:resilience` 20 times.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunSummary } from '../../src-preload/contract'
import { labDeviceFields, startLab, type RunningLab } from '../../src-main/lab'
import { testCore } from './helpers/core'

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
    const { runId } = await core.value('sync:start', { device: cp, kind })
    for (;;) {
      const run = await core.value('sync:run', { runId })
      if (run.status !== 'running') {
        expect(run.status).toBe('succeeded')
        break
      }
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
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
      let interrupted = 0
      for (let i = 0; i < KILLS; i++) {
        const child = spawn(process.execPath, [CLI, '--data-dir', dataDir, 'sync', 'device', cp, '--user'], {
          stdio: 'ignore'
        })
        // Somewhere between connecting and committing (a user sync of this lab takes seconds).
        await new Promise((resolve) => setTimeout(resolve, 400 + Math.floor(Math.random() * 2000)))
        child.kill('SIGKILL')
        await new Promise((resolve) => child.once('exit', resolve))
        const { counts, integrity, last } = await inspect()
        expect(integrity).toBe('ok')
        expect(['interrupted', 'succeeded']).toContain(last.status)
        if (last.status === 'interrupted') interrupted += 1
        // The lab did not change, so a run that got to commit reads the same inventory.
        expect(counts).toEqual(baseline)
      }
      expect(interrupted).toBeGreaterThan(0)

      const core = testCore(dataDir)
      try {
        const { runId } = await core.value('sync:start', { device: cp, kind: 'user' })
        let run: RunSummary
        do {
          await new Promise((resolve) => setTimeout(resolve, 100))
          run = await core.value('sync:run', { runId })
        } while (run.status === 'running')
        expect(run.status).toBe('succeeded')
      } finally {
        await core.dispose()
      }
    },
    600_000
  )
})
