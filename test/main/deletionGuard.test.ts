// Issue 28 item 3: the deletion guard of device synchronizations. A device that answers with empty
// lists (what a wrong AXL response read as "no objects" amounts to) or that lost more than the guard's
// share of a type holds the whole run, "needs-approval", keeping the previous inventory; approval
// (API, CLI) reads again and accepts at most what the held run reported. Jobs report held runs, and
// change notification does not apply a burst of removals from deltas.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { HeldType, RunSummary } from '../../src-preload/contract'
import { startLab, type RunningLab } from '../../src-main/lab'
import { decide, GUARD_MIN_OBJECTS, overGuard } from '../../src-main/sync/device/deletionGuard'
import { cliFor } from './helpers/cli'
import { addTrustedLabDevice, testCore, type TestCore } from './helpers/core'
import { nextFinished } from './helpers/runs'

const CUCM = 'Lab CUCM 1'
let lab: RunningLab
let c: TestCore

beforeAll(async () => {
  lab = await startLab({ users: 120, clusters: 1, seed: 28, faults: {} })
  c = testCore()
  await addTrustedLabDevice(
    c,
    lab.servers.find((s) => s.name === CUCM)!
  )
  expect((await c.value('devices:test', { name: CUCM })).status).toBe('success')
  expect((await sync('infrastructure')).status).toBe('succeeded')
  expect((await sync('user')).status).toBe('succeeded')
}, 60_000)
afterAll(async () => {
  await c?.dispose()
  await lab?.stop()
})
beforeEach(() => {
  for (const key of Object.keys(lab.faults)) delete lab.faults[key as keyof typeof lab.faults]
})

async function sync(kind: 'infrastructure' | 'user', approve?: number): Promise<RunSummary> {
  let runId = -1
  const finished = nextFinished(c, (r) => r.id === runId)
  runId = (await c.value('sync:start', { device: CUCM, kind, ...(approve ? { approve } : {}) })).runId
  return finished
}

const cluster = () => lab.clusters[0]

/** The CUCM inventory: object count per type, and every object's data, to prove nothing changed. */
async function inventory(): Promise<{ types: Record<string, number>; users: string }> {
  const users = await c.value('inventory:list', { device: CUCM, type: 'User', limit: 5000 })
  return {
    types: (await c.value('inventory:list', { device: CUCM, limit: 1 })).types,
    users: JSON.stringify(users.items)
  }
}

/** Removes `count` of the lab's phones that the inventory holds (analog phones are not synchronized). */
function removePhones(count: number): void {
  const k = cluster()
  const phones = k.collection('Phone')!
  let removed = 0
  for (let j = 0; j < phones.size() && removed < count; j++) {
    if (!phones.has(j) || k.isAnalog(j)) continue
    k.remove('Phone', j)
    removed++
  }
  expect(removed).toBe(count)
}

/** How many phones to remove so that the inventory loses just over `percent` % of them. */
async function phonesOver(percent: number): Promise<{ count: number; inventory: number }> {
  const phones = (await inventory()).types.Phone
  return { count: Math.floor((phones * percent) / 100) + 1, inventory: phones }
}

async function log(runId: number, code: string) {
  return (await c.value('logs:entries', { runId, code, limit: 500 })).entries
}

describe('the guard rule', () => {
  const loss = (inventory: number, wouldRemove: number): HeldType => ({
    type: 'Phone',
    inventory,
    wouldRemove
  })

  it('holds more than the share of a type, or all of it; small types only when emptied', () => {
    expect(overGuard(loss(2031, 297), 20)).toBe(false)
    expect(overGuard(loss(2031, 2031), 20)).toBe(true)
    expect(overGuard(loss(100, 20), 20)).toBe(false)
    expect(overGuard(loss(100, 21), 20)).toBe(true)
    expect(overGuard(loss(100, 21), 25)).toBe(false)
    expect(overGuard(loss(100, 0), 1)).toBe(false)
    // Removing 1 of 3 partitions is everyday work; removing the only one is not.
    expect(overGuard(loss(3, 1), 20)).toBe(false)
    expect(overGuard(loss(GUARD_MIN_OBJECTS - 1, GUARD_MIN_OBJECTS - 2), 20)).toBe(false)
    expect(overGuard(loss(GUARD_MIN_OBJECTS, 3), 20)).toBe(true)
    expect(overGuard(loss(1, 1), 20)).toBe(true)
    // 100 % holds only what empties a type.
    expect(overGuard(loss(100, 99), 100)).toBe(false)
  })

  it('lets an approval cover at most the removals its run reported', () => {
    const approval = { runId: 7, types: [loss(100, 30)] }
    expect(decide([loss(100, 30)], 20, approval)).toEqual({ held: [], approved: [loss(100, 30)] })
    expect(decide([loss(100, 25)], 20, approval)).toEqual({ held: [], approved: [loss(100, 25)] })
    expect(decide([loss(100, 31)], 20, approval)).toEqual({ held: [loss(100, 31)], approved: [] })
    const line = { type: 'Line', inventory: 50, wouldRemove: 50 }
    expect(decide([loss(100, 30), line], 20, approval)).toEqual({ held: [line], approved: [loss(100, 30)] })
  })
})

describe('device synchronization behind the deletion guard', () => {
  it('keeps the inventory when the device answers every list empty (issue 28)', async () => {
    const before = await inventory()
    expect(before.types.Phone).toBeGreaterThan(100)
    lab.faults.emptyTypes = ['all']
    for (const kind of ['user', 'infrastructure'] as const) {
      const run = await sync(kind)
      expect(run.status).toBe('needs-approval')
      expect(run.counts).toEqual({})
      expect(run.summary).toMatch(/^Needs approval: .*Nothing was changed/)
      const held = await log(run.id, 'SYNC_GUARD_HELD')
      expect(held.map((e) => e.objectType).sort()).toEqual(run.held!.types.map((t) => t.type).sort())
      expect(run.held!.percent).toBe(20)
      if (kind === 'user') {
        expect(run.held!.types).toContainEqual({
          type: 'Phone',
          inventory: before.types.Phone,
          wouldRemove: before.types.Phone
        })
        const phone = held.find((e) => e.objectType === 'Phone')!
        expect(phone.message).toContain(`Phone: all ${before.types.Phone} objects would be removed`)
        expect(phone.message).toContain('more than 20 % of a type')
        expect(phone.hint).toContain(`switchboard sync device "${CUCM}" --user --approve`)
      }
    }
    expect(await inventory()).toEqual(before)
    // A good read after a held one needs no approval.
    delete lab.faults.emptyTypes
    expect((await sync('infrastructure')).status).toBe('succeeded')
  })

  it('commits a run below the guard as before', async () => {
    removePhones(1)
    const run = await sync('user')
    expect(run.status).toBe('succeeded')
    expect(run.counts.Phone.removed).toBe(1)
    expect(run.held).toBeUndefined()
  })

  it('holds the whole run past the guard, then commits it when approved, in the audit trail', async () => {
    const { count, inventory: phones } = await phonesOver(20)
    removePhones(count)
    cluster().update('User', 3, { department: 'Held department' })
    const before = await inventory()
    const held = await sync('user')
    expect(held.status).toBe('needs-approval')
    expect(held.held!.types).toContainEqual({ type: 'Phone', inventory: phones, wouldRemove: count })
    // Nothing of the run was applied: not the removals, not the other types' changes.
    expect(await inventory()).toEqual(before)
    const [entry] = (await log(held.id, 'SYNC_GUARD_HELD')).filter((e) => e.objectType === 'Phone')
    expect(entry.message).toMatch(
      new RegExp(`^Phone: ${count} of ${phones} objects \\(\\d+\\.?\\d* %\\) would be removed`)
    )

    // Approval names the held run of this device and kind, and only while it is the latest.
    const succeeded = (await c.value('sync:runs', { device: CUCM })).find(
      (r) => r.kind === 'user' && r.status === 'succeeded'
    )!
    const refusals = [
      [{ approve: 999_999 }, 'NOT_FOUND'],
      [{ approve: succeeded.id }, 'CONFLICT'],
      [{ approve: held.id, kind: 'infrastructure' }, 'VALIDATION']
    ] as const
    for (const [input, code] of refusals) {
      const refused = await c.dispatch(
        'sync:start',
        { device: CUCM, kind: 'user', ...input },
        { origin: 'test' }
      )
      expect(refused).toMatchObject({ ok: false, error: { code, field: 'approve' } })
    }

    const approved = await sync('user', held.id)
    expect(approved.status).toBe('succeeded')
    expect(approved.counts.Phone.removed).toBe(count)
    expect(approved.counts.User.changed).toBeGreaterThanOrEqual(1)
    const [phone] = (await log(approved.id, 'SYNC_GUARD_APPROVED')).filter((e) => e.objectType === 'Phone')
    expect(phone.message).toContain(`as approved for run ${held.id}`)
    const audit = await c.value('audit:list', { action: 'sync.removals-approved', limit: 1 })
    expect(audit.entries[0]).toMatchObject({
      target: CUCM,
      details: { runId: approved.id, approvedRun: held.id, kind: 'user' }
    })
    const started = await c.value('audit:list', { action: 'sync:start', limit: 1 })
    expect(started.entries[0].details).toMatchObject({ input: { approve: held.id } })

    const again = await c.dispatch(
      'sync:start',
      { device: CUCM, kind: 'user', approve: held.id },
      {
        origin: 'test'
      }
    )
    expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT', field: 'approve' } })
  })

  it('holds again when the device lost more than the approved run reported', async () => {
    const { count } = await phonesOver(20)
    removePhones(count)
    const held = await sync('user')
    expect(held.status).toBe('needs-approval')
    removePhones(3)
    const worse = await sync('user', held.id)
    expect(worse.status).toBe('needs-approval')
    expect(worse.held!.types.find((t) => t.type === 'Phone')!.wouldRemove).toBe(count + 3)
    const [entry] = (await log(worse.id, 'SYNC_GUARD_HELD')).filter((e) => e.objectType === 'Phone')
    expect(entry.message).toContain(`The approval of run ${held.id} covers ${count} removals only.`)
    expect((await sync('user', worse.id)).status).toBe('succeeded')
  })

  it('takes its share from the settings', async () => {
    expect(await c.dispatch('settings:set', { deletionGuardPercent: 0 }, { origin: 'test' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', field: 'deletionGuardPercent' }
    })
    expect(await c.value('settings:get', {})).toMatchObject({ deletionGuardPercent: 20 })
    await c.value('settings:set', { deletionGuardPercent: 40 })
    try {
      const { count } = await phonesOver(25)
      removePhones(count)
      const run = await sync('user')
      expect(run.status).toBe('succeeded')
      expect(run.counts.Phone.removed).toBe(count)
    } finally {
      await c.value('settings:set', { deletionGuardPercent: 20 })
    }
  })
})

describe('the command line and jobs', () => {
  const cli = (args: string[]) => cliFor(c.dataDir)(args)

  it('sync device exits 1 on a held run and says how to approve; --approve commits it', async () => {
    const nothing = await cli(['sync', 'device', CUCM, '--user', '--approve'])
    expect(nothing.code).toBe(2)
    expect(nothing.err).toMatch(
      /--approve: the latest user synchronization of Lab CUCM 1 \(run \d+\) ended succeeded: it holds nothing to approve/
    )

    const { count } = await phonesOver(20)
    removePhones(count)
    const held = await cli(['sync', 'device', CUCM, '--user'])
    expect(held.code).toBe(1)
    expect(held.out).toMatch(/user synchronization of Lab CUCM 1: needs-approval/)
    expect(held.out).toMatch(new RegExp(`Phone\\s+${count}\\s+\\d+`))
    expect(held.out).toContain(`switchboard sync device "${CUCM}" --user --approve`)
    // --both approves only when every chosen kind is held.
    expect((await cli(['sync', 'device', CUCM, '--both', '--approve'])).code).toBe(2)

    const approved = await cli(['--json', 'sync', 'device', CUCM, '--user', '--approve'])
    expect(approved.code).toBe(0)
    expect(JSON.parse(approved.out)).toMatchObject({
      status: 'succeeded',
      counts: { Phone: { removed: count } }
    })
  })

  it('settings set --deletion-guard names the option and its rule', async () => {
    const bad = await cli(['settings', 'set', '--deletion-guard', '101'])
    expect(bad.code).toBe(2)
    expect(bad.err).toContain('--deletion-guard: must be between 1 and 100')
    expect((await cli(['settings', 'set', '--deletion-guard', '30'])).out).toContain(
      'Deletion guard of device synchronizations: 30 %'
    )
    expect((await cli(['settings', 'set', '--deletion-guard', '20'])).code).toBe(0)
  })

  it('a mass synchronization reports a held run as such, skips what depends on it and exits 1', async () => {
    // Every route partition gone: an infrastructure read no one should trust.
    lab.faults.emptyTypes = ['RoutePartition']
    const result = await cli(['--json', 'sync', 'callprocessor'])
    expect(result.code).toBe(1)
    const { run, synchronizations } = JSON.parse(result.out) as {
      run: RunSummary
      synchronizations: RunSummary[]
    }
    expect(synchronizations.map((r) => [r.kind, r.status])).toEqual([['infrastructure', 'needs-approval']])
    expect(synchronizations[0].held!.types.map((t) => t.type)).toEqual(['RoutePartition'])
    expect(run.status).toBe('failed')
    expect(run.summary).toBe(
      `0 of 2 synchronization(s) succeeded; infrastructure synchronization of ${CUCM} (run ${synchronizations[0].id}) needs approval; user synchronization of ${CUCM} was skipped (its infrastructure synchronization needs approval).`
    )
    const jobLog = (await c.value('logs:entries', { runId: run.id, limit: 100 })).entries
    expect(jobLog.find((e) => e.code === 'JOB_SYNC_FINISHED')).toMatchObject({
      severity: 'warning',
      hint: expect.stringContaining(`switchboard sync device "${CUCM}" --infra --approve`) as unknown
    })
    expect(jobLog.find((e) => e.code === 'JOB_SYNC_SKIPPED')?.message).toBe(
      `User synchronization of ${CUCM} skipped: its infrastructure synchronization needs approval.`
    )
  })
})

describe('change notification', () => {
  it('does not apply a burst of removals from deltas: a full synchronization reads again and holds', async () => {
    const enabled = nextFinished(c, (r) => r.kind === 'change-notification')
    await c.value('cn:set', { device: CUCM, enabled: true })
    expect((await enabled).status).toBe('succeeded')
    try {
      const before = await inventory()
      const { count } = await phonesOver(20)
      removePhones(count)
      const polled = nextFinished(c, (r) => r.kind === 'change-notification')
      const resynced = nextFinished(c, (r) => r.kind === 'user')
      const infrastructure = nextFinished(c, (r) => r.kind === 'infrastructure')
      await c.value('cn:poll', { device: CUCM })
      const poll = await polled
      expect(poll.summary).toMatch(
        new RegExp(`the poll would remove more than the deletion guard allows: .*Phone ${count} of`)
      )
      const [entry] = (await log(poll.id, 'CN_GUARD_HELD')).filter((e) => e.objectType === 'Phone')
      expect(entry.message).toContain(
        `Phone: this poll would remove ${count} of ${before.types.Phone} objects`
      )
      expect((await resynced).status).toBe('needs-approval')
      expect((await infrastructure).status).toBe('succeeded')
      expect((await inventory()).types).toEqual(before.types)
    } finally {
      await c.value('cn:set', { device: CUCM, enabled: false })
    }
  })
})
