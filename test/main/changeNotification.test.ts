// Issue 4 §7: change notification applies a stream of lab mutations and ends exactly where a fresh
// full synchronization would; a changed queue id falls back to full synchronizations. Issue 25 item 1:
// enabling, and a lost queue, synchronize the device fully within the run, also from the command line.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunSummary } from '../../src-preload/contract'
import { startLab, type RunningLab } from '../../src-main/lab'
import { applyChanges } from '../../src-main/lab/changeFeed'
import { cliFor } from './helpers/cli'
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

/** The full synchronizations a change notification run ran, as [kind, status]. */
async function fullSyncsOf(run: RunSummary): Promise<string[][]> {
  return (await c.value('sync:runs', { parentRunId: run.id })).map((r) => [r.kind, r.status])
}

const FULL_SYNC_SUCCEEDED = [
  ['infrastructure', 'succeeded'],
  ['user', 'succeeded']
]

/** A user's department as the inventory holds it. */
async function storedDepartment(index: number): Promise<unknown> {
  const userid = lab.clusters[0].userid(index)
  const found = await c.value('inventory:list', { device: CUCM, type: 'User', search: userid })
  return found.items.find((u) => u.name === userid)?.data.department
}

describe('change notification', () => {
  it('is off until enabled; enabling takes the queue position and synchronizes the device fully', async () => {
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
    const enabling = nextFinished((r) => r.kind === 'change-notification')
    const status = await c.value('cn:set', { device: CUCM, enabled: true, intervalMinutes: 2 })
    expect(status).toMatchObject({ enabled: true, intervalMinutes: 2, runId: expect.any(Number) as unknown })
    const run = await enabling
    expect(run).toMatchObject({ id: status.runId, status: 'succeeded' })
    expect(await fullSyncsOf(run)).toEqual(FULL_SYNC_SUCCEEDED)
    expect(await c.value('cn:status', { device: CUCM })).toMatchObject({
      queueId: lab.clusters[0].changes.queueId,
      lastStatus: expect.stringMatching(/^Full synchronization completed/) as unknown
    })
    // Enabled and following the queue: enabling again changes the interval only.
    const again = await c.value('cn:set', { device: CUCM, enabled: true, intervalMinutes: 3 })
    expect(again).toMatchObject({ intervalMinutes: 3, queueId: lab.clusters[0].changes.queueId })
    expect(again.runId).toBeUndefined()
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
    // Enabling synchronized the infrastructure too: the partition is a change, not an arrival.
    expect(poll.counts.RoutePartition).toMatchObject({ added: 0, changed: 1 })
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
    await c.value('cn:poll', { device: CUCM })
    const poll = await polled
    const warnings = await c.value('logs:entries', { runId: poll.id, code: 'CN_RESYNC_REQUIRED' })
    expect(warnings.entries[0].message).toMatch(/queueId value does not match/)
    expect(poll.status).toBe('succeeded')
    expect(await fullSyncsOf(poll)).toEqual(FULL_SYNC_SUCCEEDED)
    expect((await c.value('cn:status', { device: CUCM })).queueId).toBe(lab.clusters[0].changes.queueId)
  }, 60_000)

  it('enable, from a command that ends with it, leaves what a fresh full synchronization would (issue 25 item 1)', async () => {
    const cli = cliFor(c.dataDir)
    expect((await cli(['change-notification', 'disable', CUCM])).code).toBe(0)
    lab.clusters[0].update('User', 7, { department: 'Changed while off' })
    const enabled = await cli(['--json', 'change-notification', 'enable', CUCM])
    expect(enabled.code).toBe(0)
    expect(await storedDepartment(7)).toBe('Changed while off')
    const result = JSON.parse(enabled.out) as {
      run: RunSummary
      synchronizations: RunSummary[]
      status: { lastStatus: string }
    }
    expect(result.run).toMatchObject({ kind: 'change-notification', status: 'succeeded' })
    expect(result.synchronizations.map((r) => [r.kind, r.status])).toEqual(FULL_SYNC_SUCCEEDED)
    expect(result.status.lastStatus).toMatch(/^Full synchronization completed/)
    const fresh = await userSync()
    for (const [type, counts] of Object.entries(fresh.counts))
      expect({ type, ...counts }).toMatchObject({ type, added: 0, changed: 0, removed: 0 })
  }, 60_000)

  it('a poll from the command line that finds the queue lost runs the full synchronizations it announces', async () => {
    const cluster = lab.clusters[0]
    cluster.update('User', 8, { department: 'Lost with the queue' })
    cluster.changes.restart()
    const polled = await cliFor(c.dataDir)(['--json', 'change-notification', 'poll', CUCM])
    expect(polled.code).toBe(0)
    expect(await storedDepartment(8)).toBe('Lost with the queue')
    const { synchronizations } = JSON.parse(polled.out) as { synchronizations: RunSummary[] }
    expect(synchronizations.map((r) => [r.kind, r.status])).toEqual(FULL_SYNC_SUCCEEDED)
    expect((await c.value('cn:status', { device: CUCM })).queueId).toBe(cluster.changes.queueId)
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
