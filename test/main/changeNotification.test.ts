// Issue 4 §7: change notification applies a stream of lab mutations and ends exactly where a fresh
// full synchronization would; a changed queue id falls back to full synchronizations.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunSummary } from '../../src-preload/contract'
import { startLab, type RunningLab } from '../../src-main/lab'
import { applyChanges } from '../../src-main/lab/changeFeed'
import { addTrustedLabDevice, testCore, type TestCore } from './helpers/core'

let lab: RunningLab
let c: TestCore
const CUCM = 'Lab CUCM 1'

beforeAll(async () => {
  lab = await startLab({ users: 200, clusters: 1, seed: 33, faults: {} })
  c = testCore()
  await addTrustedLabDevice(
    c,
    lab.servers.find((s) => s.name === CUCM)!
  )
  expect((await c.value('devices:test', { name: CUCM })).status).toBe('success')
}, 60_000)
afterAll(async () => {
  await c.dispose()
  await lab.stop()
})

/** Resolves with the next run that finishes and matches. */
function nextFinished(match: (run: RunSummary) => boolean = () => true): Promise<RunSummary> {
  return new Promise((resolve) => {
    const off = c.events.subscribe((event, payload) => {
      if (event === 'sync:finished' && match(payload as RunSummary)) {
        off()
        resolve(payload as RunSummary)
      }
    })
  })
}

async function userSync(): Promise<RunSummary> {
  const finished = nextFinished((r) => r.kind === 'user')
  await c.value('sync:start', { device: CUCM, kind: 'user' })
  return finished
}

describe('change notification', () => {
  it('is off until enabled; enabling takes the queue position and runs a full user synchronization', async () => {
    expect(await c.value('cn:status', { device: CUCM })).toMatchObject({
      supported: true,
      enabled: false,
      intervalMinutes: 5
    })
    const bad = await c.dispatch(
      'cn:set',
      { device: CUCM, enabled: true, intervalMinutes: 20 },
      { origin: 'test' }
    )
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'intervalMinutes' } })
    const firstSync = nextFinished((r) => r.kind === 'user')
    const status = await c.value('cn:set', { device: CUCM, enabled: true, intervalMinutes: 2 })
    expect(status).toMatchObject({
      enabled: true,
      intervalMinutes: 2,
      queueId: lab.clusters[0].changes.queueId
    })
    expect((await firstSync).status).toBe('succeeded')
  })

  it('applies adds, updates and removals so that a fresh full synchronization finds nothing to change', async () => {
    const cluster = lab.clusters[0]
    expect(applyChanges(cluster, 150, 1)).toBeGreaterThan(140)
    cluster.remove('Line', 3) // a primary line with appearances on two phones
    cluster.update('Line', 5, { description: 'Renamed line' })
    cluster.update('RoutePartition', 0, { description: 'Changed partition' })
    const polled = nextFinished((r) => r.kind === 'change-notification')
    await c.value('cn:poll', { device: CUCM })
    const poll = await polled
    expect(poll.status).toBe('succeeded')
    expect(poll.counts.Phone.changed + poll.counts.Phone.removed).toBeGreaterThan(50)
    expect(poll.counts.Line.removed).toBe(1)
    // Only users were synchronized so far: the partition arrives as new infrastructure.
    expect(poll.counts.RoutePartition).toMatchObject({ added: 1, changed: 0 })
    const logs = await c.value('logs:entries', { runId: poll.id })
    expect(logs.entries[0].code).toBe('CN_POLL_STARTED')
    expect(logs.entries.at(-1)?.code).toBe('CN_POLL_FINISHED')

    const fresh = await userSync()
    for (const [type, counts] of Object.entries(fresh.counts)) {
      expect({ type, added: counts.added, changed: counts.changed, removed: counts.removed }).toEqual({
        type,
        added: 0,
        changed: 0,
        removed: 0
      })
    }
    const status = await c.value('cn:status', { device: CUCM })
    expect(status.lastStatus).toMatch(/changes applied/)
  }, 60_000)

  it('falls back to full synchronizations when the queue id changes (the AXL service restarted)', async () => {
    lab.clusters[0].changes.restart()
    const polled = nextFinished((r) => r.kind === 'change-notification')
    const userRun = nextFinished((r) => r.kind === 'user')
    const infraRun = nextFinished((r) => r.kind === 'infrastructure')
    await c.value('cn:poll', { device: CUCM })
    const poll = await polled
    const warnings = await c.value('logs:entries', { runId: poll.id, code: 'CN_RESYNC_REQUIRED' })
    expect(warnings.entries[0].message).toMatch(/queueId value does not match/)
    expect((await userRun).status).toBe('succeeded')
    expect((await infraRun).status).toBe('succeeded')
    expect((await c.value('cn:status', { device: CUCM })).queueId).toBe(lab.clusters[0].changes.queueId)
  }, 60_000)

  it('is not offered below Unified CM 10.0, nor for other device kinds', async () => {
    await c.value('devices:add', {
      name: 'Old CUCM',
      kind: 'call-processor',
      product: 'cucm',
      host: 'old.example.test',
      username: 'u',
      password: 'p'
    })
    c.store.devices.setVersion(c.store.devices.byName('Old CUCM')!.id, '9.1.2.10000-28')
    expect(await c.value('cn:status', { device: 'Old CUCM' })).toMatchObject({
      supported: false,
      reason: expect.stringMatching(/10\.0 or later/) as unknown
    })
    expect(
      await c.dispatch('cn:set', { device: 'Old CUCM', enabled: true }, { origin: 'test' })
    ).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
  })
})
