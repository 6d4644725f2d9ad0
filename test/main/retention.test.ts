// Issue 8 item 7: retention per run kind by count and age (with a fake clock), applied after each run
// and by a sweep; big runs deleted a step at a time; the file compacted when that is worth it.
import { rmSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunSummary } from '../../src-preload/contract'
import { createCore, type Core } from '../../src-main/core'
import { labDeviceFields, startLab, type RunningLab } from '../../src-main/lab'
import type { NewLogEntry } from '../../src-main/store/syncLog'
import { cliFor } from './helpers/cli'
import { tempDir } from './helpers/core'
import { finishedRun } from './helpers/runs'

const DAY = 24 * 60 * 60 * 1000
let now = Date.parse('2025-01-01T08:00:00Z')
const clock = { now: () => new Date(now) }

let lab: RunningLab
let core: Core
let dataDir = ''
let imp = ''

async function value<T>(result: Promise<{ ok: true; value: T } | { ok: false; error: { message: string } }>) {
  const r = await result
  if (!r.ok) throw new Error(r.error.message)
  return r.value
}

async function infraSync(): Promise<RunSummary> {
  const { runId } = await value(
    core.dispatch('sync:start', { device: imp, kind: 'infrastructure' }, { origin: 'test' })
  )
  return finishedRun(core, runId)
}

const keptRuns = async (): Promise<number[]> =>
  (
    await value(
      core.dispatch('runs:list', { device: imp, kinds: ['infrastructure'], limit: 1000 }, { origin: 'test' })
    )
  ).runs.map((r) => r.id)

const setRetention = (retention: unknown) => core.dispatch('settings:set', { retention }, { origin: 'test' })

beforeAll(async () => {
  lab = await startLab({ users: 10, clusters: 1, seed: 5, faults: {} })
  dataDir = tempDir()
  core = createCore({ dataDir, host: 'cli', clock })
  for (const server of lab.servers) {
    if (server.kind !== 'presence-processor' && server.kind !== 'call-processor') continue
    await value(core.dispatch('devices:add', labDeviceFields(server), { origin: 'test' }))
    if (server.fingerprint)
      await value(
        core.dispatch(
          'devices:trust',
          { name: server.name, fingerprint: server.fingerprint },
          { origin: 'test' }
        )
      )
  }
  imp = lab.servers.find((s) => s.kind === 'presence-processor')?.name ?? ''
}, 60_000)
afterAll(async () => {
  await core?.close()
  await lab?.stop()
  rmSync(dataDir, { recursive: true, force: true })
})

describe('retention per run kind (issue 8 item 7)', () => {
  it('refuses counts and ages out of range and unknown kinds, naming the field', async () => {
    for (const [retention, field] of [
      [{ user: { count: 0, days: null } }, 'retention.user.count'],
      [{ user: { count: 1001, days: null } }, 'retention.user.count'],
      [{ user: { count: 5, days: 0 } }, 'retention.user.days'],
      [{ user: { count: 5, days: 3651 } }, 'retention.user.days'],
      [{ user: { count: 5 } }, 'retention.user.days'],
      [{ nightly: { count: 5, days: null } }, 'retention.nightly']
    ] as const) {
      const result = await setRetention(retention)
      expect(result.ok ? undefined : result.error).toMatchObject({ code: 'VALIDATION', field })
    }
    const settings = await value(core.dispatch('settings:get', {}, { origin: 'test' }))
    expect(settings.retention).toEqual({})
  })

  it('keeps the newest COUNT runs of a kind per device after each run; null goes back to the default', async () => {
    await value(setRetention({ infrastructure: { count: 2, days: null } }))
    const runs: number[] = []
    for (let n = 0; n < 4; n++) {
      now += 60_000
      runs.push((await infraSync()).id)
    }
    expect(await keptRuns()).toEqual([runs[3], runs[2]])
    // The kind's own count, not runsKeptPerDevice, and only for this kind.
    const settings = await value(setRetention({ infrastructure: null }))
    expect(settings).toMatchObject({ runsKeptPerDevice: 20, retention: {} })
    now += 60_000
    const next = (await infraSync()).id
    expect(await keptRuns()).toEqual([next, runs[3], runs[2]])
  })

  it('deletes runs older than DAYS after the next run and in a sweep, but never the newest one', async () => {
    await value(setRetention({ infrastructure: { count: 100, days: 2 } }))
    const startedAt = (run: RunSummary) => run.startedAt
    now += 10 * DAY
    const day0 = await infraSync()
    now += DAY
    const day1 = await infraSync()
    now += 2 * DAY
    const day3 = await infraSync()
    // Older runs (of the previous test) and day 0 started more than two days before day 3.
    expect(await keptRuns()).toEqual([day3.id, day1.id])
    now += DAY
    const day4 = await infraSync()
    expect(await keptRuns()).toEqual([day4.id, day3.id])
    expect(startedAt(day0) < startedAt(day1)).toBe(true)
    // A month without runs: the start-up sweep keeps only the newest run.
    now += 30 * DAY
    core.store.retention.sweep(clock.now())
    await core.store.retention.idle()
    expect(await keptRuns()).toEqual([day4.id])
    await value(setRetention({ infrastructure: null }))
  })

  it('deletes a big run a step at a time, its log from the end, then compacts the file', async () => {
    const { store } = core
    const device = store.devices.byName(imp)
    if (!device) throw new Error('no IM and Presence device')
    // Runs of a kind this device has no other runs of, written directly: the steps are counted exactly.
    const run = (): number => {
      const at = clock.now().toISOString()
      const id = store.syncRuns.start(device.id, imp, 'user', at)
      store.syncRuns.finish(id, { status: 'succeeded', at, summary: 'bulk', counts: {}, failedTypes: [] })
      return id
    }
    const big = run()
    const entry = (i: number): NewLogEntry => ({
      at: clock.now().toISOString(),
      severity: 'info',
      code: 'TEST_BULK',
      objectType: 'Phone',
      objectName: `SEP${String(i).padStart(12, '0')}`,
      message: `Phone SEP${String(i).padStart(12, '0')} read with a message long enough to fill pages`
    })
    for (let i = 0; i < 50_000; i += 5000)
      store.syncLog.append(
        big,
        i + 1,
        Array.from({ length: 5000 }, (_, j) => entry(i + j))
      )
    await value(setRetention({ user: { count: 1, days: null } }))
    const pagesBefore = store.db.pragma('page_count', { simple: true }) as number
    now += 60_000
    const newest = run()
    store.retention.afterRun(newest, clock.now())
    // The first step runs at once: 20,000 entries go, from the end of the log; the rest waits its turn.
    const left = store.syncLog.query({ runId: big, offset: 0, limit: 1 })
    expect(left.total).toBe(30_000)
    const last = store.db.prepare('SELECT MAX(seq) AS seq FROM sync_log WHERE run_id = ?').get(big) as {
      seq: number
    }
    expect(last.seq).toBe(30_000)
    await store.retention.idle()
    expect(store.syncRuns.get(big)).toBeUndefined()
    expect(store.syncRuns.get(newest)).toBeDefined()
    // A quarter of the file was free: VACUUM gave it back.
    expect(store.retention.freeShare()).toBeLessThan(0.25)
    expect(store.db.pragma('page_count', { simple: true }) as number).toBeLessThan(pagesBefore)
    await value(setRetention({ user: null }))
  })

  it('is set from the command line as KIND=COUNT[,DAYS] or KIND=default', async () => {
    const cli = cliFor(dataDir)
    const set = await cli(['--json', 'settings', 'set', '--retention', 'user=5,30', '--retention', 'job=7'])
    expect(set.code).toBe(0)
    expect(JSON.parse(set.out)).toMatchObject({
      retention: { user: { count: 5, days: 30 }, job: { count: 7, days: null } }
    })
    const shown = await cli(['settings', 'show'])
    expect(shown.out).toMatch(/user\s+5\s+30 days/)
    expect(shown.out).toMatch(/infrastructure\s+20\s+none\s+\(default\)/)
    expect((await cli(['settings', 'set', '--retention', 'user=default'])).code).toBe(0)
    expect((await cli(['settings', 'set', '--retention', 'user=0'])).code).toBe(2)
    expect((await cli(['settings', 'set', '--retention', 'nightly=3'])).err).toMatch(/not a run kind/)
    expect((await cli(['settings', 'set', '--retention', 'user'])).code).toBe(2)
  })
})
