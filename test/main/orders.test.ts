// Issue 20 item 3: orders against the lab's Unified CM. An order is stored before its first request,
// its dry run shows exactly what is then sent (valid against Cisco's schema), each step is read back
// and brought into the inventory from the device's answer, and a failed, cancelled or interrupted
// order is completed by Retry or undone by Roll back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { OrderInput, StepAction } from '../../src-preload/contract'
import { AxlWriter } from '../../src-main/connectors/axl/writes'
import { startLab, type RunningLab } from '../../src-main/lab'
import { testCore, trustedLabTarget, type TestCore } from './helpers/core'
import { deskPhoneStep, writableLabDevices } from './helpers/orderSteps'
import { finishedRun, nextEvent } from './helpers/runs'
import { conformanceSkipReason, envelopeProblems } from './helpers/xmllint'
import { faultsClearedEachTest } from './helpers/writeLab'

let lab: RunningLab
let core: TestCore
let dataDir: string
const faults = faultsClearedEachTest()
let device: string
let unity: string

beforeAll(async () => {
  lab = await startLab({ users: 40, clusters: 1, seed: 41, faults })
  core = testCore()
  dataDir = core.dataDir
  ;({ device, unity } = await writableLabDevices(core, lab))
}, 120_000)
afterAll(async () => {
  await core.dispose()
  await lab.stop()
})

const cluster = () => lab.clusters[0]

/** A new hire's desk phone: line, phone with the line, the user's device and primary extension. */
function newHire(pattern: string, userIndex: number): OrderInput {
  const k = cluster()
  const phone = `SEP000000${pattern}AB`
  const userid = k.userid(userIndex)
  const line = { pattern, partition: 'PT-Internal' }
  return {
    title: `New hire ${userid} on ${pattern}`,
    steps: [
      { action: { type: 'add-line', device, line: { ...line, description: `Line of ${userid}` } } },
      {
        action: deskPhoneStep(k, device, { name: phone, userid, line }),
        dependsOn: [1]
      },
      {
        action: {
          type: 'update-user',
          device,
          userid,
          changes: { associatedDevices: { add: [phone] }, primaryExtension: line }
        },
        dependsOn: [2]
      }
    ]
  }
}

/** A reader of the lab's Unified CM, to look at the device itself (not through the inventory). */
async function onDevice<T>(look: (writer: AxlWriter) => Promise<T>): Promise<T> {
  const cucm = lab.servers.find((s) => s.product === 'cucm')!
  const writer = await AxlWriter.connectPreview(core.store.devices.byName(device)!, {
    target: trustedLabTarget(core, cucm)
  })
  try {
    return await look(writer)
  } finally {
    writer.close()
  }
}

const lineExists = (pattern: string): Promise<boolean> =>
  onDevice(
    async (w) =>
      (await w.find(
        { operation: 'getLine', element: 'line', args: { pattern, routePartitionName: 'PT-Internal' } },
        pattern
      )) !== undefined
  )

const inventoryNames = async (type: string, search: string): Promise<string[]> =>
  (await core.value('inventory:list', { device, type, search })).items.map((i) => i.name)

describe('orders', () => {
  it('runs a three-step order, reads every step back and brings the objects into the inventory', async () => {
    const order = await core.value('orders:submit', newHire('6100', 5))
    expect(order.error ?? '').toBe('')
    expect(order.status).toBe('done')
    expect(order.stepList.map((s) => s.state)).toEqual(['done', 'done', 'done'])
    // The answer is the device's read-back, not what was sent.
    expect(order.stepList[1]?.answer).toMatchObject({
      name: 'SEP0000006100AB',
      description: `Desk phone of ${cluster().userid(5)}`
    })
    expect(order.stepList[0]?.undo).toEqual({
      type: 'remove-line',
      device,
      line: { pattern: '6100', partition: 'PT-Internal' }
    })
    expect(order.stepList[2]?.request?.protocol).toBe('axl')

    expect(await inventoryNames('Phone', 'SEP0000006100AB')).toEqual(['SEP0000006100AB'])
    expect(await inventoryNames('Line', '6100')).toContain('6100 / PT-Internal')
    const associations = await core.value('inventory:list', {
      device,
      type: 'UserDeviceAssociation',
      search: 'SEP0000006100AB'
    })
    expect(associations.items.map((i) => i.data)).toContainEqual(
      expect.objectContaining({ userid: cluster().userid(5) })
    )

    const run = await core.value('sync:run', { runId: order.lastRunId! })
    expect(run).toMatchObject({ kind: 'order', status: 'succeeded' })
    const log = await core.value('logs:entries', { runId: order.lastRunId!, code: 'ORDER_STEP_DONE' })
    expect(log.entries).toHaveLength(3)
    const audit = await core.value('audit:list', { action: 'orders:submit' })
    // Who, what, which devices and the result: the steps' outcomes without their envelopes.
    expect(audit.entries[0]).toMatchObject({
      action: 'orders:submit',
      target: `New hire ${cluster().userid(5)} on 6100`,
      details: {
        result: {
          id: order.id,
          status: 'done',
          devices: [device],
          steps: [
            { seq: 1, device, summary: 'Add line 6100 in PT-Internal', state: 'done' },
            expect.objectContaining({ seq: 2, state: 'done' }),
            expect.objectContaining({ seq: 3, state: 'done' })
          ]
        }
      }
    })
    expect(JSON.stringify(audit.entries[0])).not.toContain('soapenv:Envelope')
  }, 60_000)

  it("a dry run's requests are the ones then sent, and each is valid against Cisco's schema", async (ctx) => {
    const input = newHire('6200', 6)
    const dry = await core.value('orders:dry-run', input)
    expect(dry.inventoryAfter).toEqual([
      { device, type: 'Line', name: '6200 / PT-Internal', change: 'add' },
      { device, type: 'Phone', name: 'SEP0000006200AB', change: 'add' },
      { device, type: 'User', name: cluster().userid(6), change: 'change' }
    ])
    expect(await lineExists('6200')).toBe(false)
    const order = await core.value('orders:submit', input)
    expect(order.status).toBe('done')
    const sent = order.stepList.map((s) => s.request)
    expect(dry.steps.map((s) => JSON.stringify(s.requests[0]))).toEqual(sent.map((r) => JSON.stringify(r)))
    if (conformanceSkipReason) return ctx.skip(conformanceSkipReason)
    expect(envelopeProblems(sent.map((r) => (r?.protocol === 'axl' ? r.envelope : '')))).toEqual([])
  }, 60_000)

  it('refuses an order for a device that does not allow changes before anything is stored or sent', async () => {
    await core.value('devices:edit', { name: device, changes: { allowChanges: false } })
    try {
      const before = (await core.value('orders:list', {})).length
      const result = await core.dispatch('orders:submit', newHire('6300', 7), { origin: 'test' })
      expect(result).toMatchObject({ ok: false, error: { code: 'CHANGES_NOT_ALLOWED' } })
      expect((await core.value('orders:list', {})).length).toBe(before)
      expect(await lineExists('6300')).toBe(false)
      // A dry run sends nothing, so it is allowed.
      expect((await core.value('orders:dry-run', newHire('6300', 7))).steps).toHaveLength(3)
    } finally {
      await core.value('devices:edit', { name: device, changes: { allowChanges: true } })
    }
  }, 60_000)

  it('stops at a failed step; Roll back undoes the done steps, each read back', async () => {
    faults.failWriteIn = 2
    const order = await core.value('orders:submit', newHire('6400', 8))
    expect(order.status).toBe('failed')
    expect(order.stepList.map((s) => s.state)).toEqual(['done', 'failed', 'pending'])
    expect(order.stepList[1]?.error).toMatch(/^Step 2 \(Add phone SEP0000006400AB/)
    expect(await lineExists('6400')).toBe(true)

    const rolledBack = await core.value('orders:rollback', { id: order.id })
    expect(rolledBack.status).toBe('rolled-back')
    expect(rolledBack.stepList.map((s) => s.state)).toEqual(['undone', 'failed', 'pending'])
    expect(await lineExists('6400')).toBe(false)
    expect(await inventoryNames('Line', '6400')).toEqual([])
    const again = await core.dispatch('orders:retry', { id: order.id }, { origin: 'test' })
    expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
  }, 60_000)

  it('Retry goes on from the failed step', async () => {
    faults.failWriteIn = 3
    const order = await core.value('orders:submit', newHire('6500', 9))
    expect(order.stepList.map((s) => s.state)).toEqual(['done', 'done', 'failed'])
    const retried = await core.value('orders:retry', { id: order.id })
    expect(retried.status).toBe('done')
    const user = await onDevice((w) => w.getUser(cluster().userid(9)))
    expect(user.fields.primaryExtension).toMatchObject({ pattern: '6500' })
  }, 60_000)

  it('rolling back a user change restores the devices the user had', async () => {
    const userid = cluster().userid(10)
    const before = await onDevice((w) => w.getUser(userid))
    const order = await core.value('orders:submit', newHire('6600', 10))
    expect(order.status).toBe('done')
    // Only a stopped order rolls back: a done one is not.
    const refused = await core.dispatch('orders:rollback', { id: order.id }, { origin: 'test' })
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })

    // A stopped order: its last step failed after the user change of an earlier order.
    const second = await core.value('orders:submit', {
      title: 'Move the new phone to another user',
      steps: [
        {
          action: {
            type: 'update-user',
            device,
            userid,
            changes: {
              associatedDevices: { remove: ['SEP0000006600AB'] }
            }
          }
        },
        { action: { type: 'remove-line', device, line: { pattern: '9999', partition: 'PT-Internal' } } }
      ]
    })
    expect(second.stepList.map((s) => s.state)).toEqual(['done', 'failed'])
    expect(second.stepList[1]?.error).toMatch(/Item not valid/)
    await core.value('orders:rollback', { id: second.id })
    const after = await onDevice((w) => w.getUser(userid))
    expect(after.fields.primaryExtension).toMatchObject({ pattern: '6600' })
    expect(await onDevice((w) => w.associatedDevices(userid))).toContain('SEP0000006600AB')
    expect(before.uuid).toBe(after.uuid)
  }, 60_000)

  it('one writer per device: a second order waits, and cancelling it while it waits sends nothing', async () => {
    faults.latencyMs = 40
    const queued: number[] = []
    const off = core.events.subscribe((event, payload) => {
      const change = payload as { id: number; status: string }
      if (event === 'orders:changed' && change.status === 'queued') queued.push(change.id)
    })
    const running = nextEvent(core.events, 'orders:changed', (change) => change.status === 'running')
    const first = core.value('orders:submit', newHire('6700', 11))
    const second = core.value('orders:submit', newHire('6800', 12))
    const started = await running
    off()
    const waiting = queued.find((id) => id !== started.id)!
    expect((await core.value('orders:get', { id: waiting })).status).toBe('queued')
    const cancelled = await core.value('orders:cancel', { id: waiting })
    expect(cancelled.status).toBe('cancelled')
    expect(cancelled.stepList.map((s) => s.state)).toEqual(['pending', 'pending', 'pending'])
    expect((await second).status).toBe('cancelled')
    expect((await first).status).toBe('done')
    expect(await lineExists(started.id === queued[0] ? '6800' : '6700')).toBe(false)
  }, 60_000)

  it('after a crash, Retry reads the device: a step that had landed is not sent again', async () => {
    const input = newHire('6900', 13)
    // The process "died" after sending step 2: the line and the phone are on the device, the user is not changed.
    const order = await core.value('orders:submit', { ...input, steps: input.steps.slice(0, 2) })
    expect(order.status).toBe('done')
    const crashed = await core.value('orders:submit', {
      title: 'Interrupted',
      steps: [
        { action: { type: 'add-line', device, line: { pattern: '6901', partition: 'PT-Internal' } } },
        { action: input.steps[2].action }
      ]
    })
    expect(crashed.status).toBe('done')
    // Put the record back as a crash mid-step would have left it, then start a new Core on the store.
    core.store.db.prepare("UPDATE orders SET status = 'running' WHERE id = ?").run(crashed.id)
    core.store.db
      .prepare("UPDATE order_steps SET state = 'running' WHERE order_id = ? AND seq = 1")
      .run(crashed.id)
    core.store.db
      .prepare("UPDATE order_steps SET state = 'pending' WHERE order_id = ? AND seq = 2")
      .run(crashed.id)
    await core.close()
    core = testCore(dataDir)
    const interrupted = await core.value('orders:get', { id: crashed.id })
    expect(interrupted.status).toBe('interrupted')
    const retried = await core.value('orders:retry', { id: crashed.id })
    expect(retried.status).toBe('done')
    expect(retried.stepList.map((s) => s.state)).toEqual(['done', 'done'])
    const log = await core.value('logs:entries', {
      runId: retried.lastRunId!,
      code: 'ORDER_STEP_RECONCILED'
    })
    expect(log.entries.map((e) => e.message)).toEqual([expect.stringMatching(/had landed/)])
  }, 60_000)

  it('an order may write one object twice: its run records one change per object', async () => {
    const spare = { pattern: '7300', partition: 'PT-Internal' }
    const order = await core.value('orders:submit', {
      title: 'Add a line, rename it, and remove it again',
      steps: [
        { action: { type: 'add-line', device, line: spare } },
        { action: { type: 'update-line', device, line: spare, changes: { description: 'Renamed' } } },
        { action: { type: 'add-line', device, line: { pattern: '7301', partition: 'PT-Internal' } } },
        { action: { type: 'remove-line', device, line: spare } }
      ]
    })
    expect(order.error ?? '').toBe('')
    expect(order.stepList.map((s) => s.state)).toEqual(['done', 'done', 'done', 'done'])
    expect(await lineExists('7300')).toBe(false)
    expect(await inventoryNames('Line', '7300')).toEqual([])
    // Added and removed again within the run: no change; the other line: added.
    const changes = core.store.db
      .prepare("SELECT name, change FROM run_changes WHERE run_id = ? AND type = 'Line' ORDER BY name")
      .all(order.lastRunId) as { name: string; change: string }[]
    expect(changes).toEqual([{ name: '7301 / PT-Internal', change: 'added' }])
  }, 60_000)

  it('an order a previous process left queued is run by Retry or undone by Roll back', async () => {
    // What a process killed while the orders waited for the device leaves: stored, nothing sent.
    const leftQueued = (input: OrderInput): number => {
      const id = core.store.orders.insert({
        title: input.title,
        requestedBy: 'test',
        at: new Date().toISOString()
      })
      const deviceId = core.store.devices.byName(device)!.id
      core.store.orderSteps.insertAll(
        id,
        input.steps.map((s) => ({
          deviceId,
          deviceName: device,
          action: s.action as StepAction,
          dependsOn: s.dependsOn ?? []
        }))
      )
      return id
    }
    const toRun = leftQueued(newHire('7400', 17))
    const toUndo = leftQueued(newHire('7500', 18))
    await core.close()
    core = testCore(dataDir)
    expect((await core.value('orders:get', { id: toRun })).status).toBe('queued')

    const retried = await core.value('orders:retry', { id: toRun })
    expect(retried.status).toBe('done')
    expect(await lineExists('7400')).toBe(true)
    const rolledBack = await core.value('orders:rollback', { id: toUndo })
    expect(rolledBack.status).toBe('rolled-back')
    expect(rolledBack.stepList.map((s) => s.state)).toEqual(['pending', 'pending', 'pending'])
    expect(await lineExists('7500')).toBe(false)
  }, 60_000)

  it('validates steps at the boundary: a dependency must name an earlier step', async () => {
    const input = newHire('7000', 14)
    const result = await core.dispatch(
      'orders:submit',
      { ...input, steps: [{ ...input.steps[0], dependsOn: [2] }, input.steps[1]] },
      { origin: 'test' }
    )
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringMatching(/earlier steps/) as unknown }
    })
    const unknown: StepAction = { type: 'remove-phone', device: 'Nowhere', name: 'SEP000000000001' }
    const missing = await core.dispatch(
      'orders:submit',
      { title: 'x', steps: [{ action: unknown }] },
      { origin: 'test' }
    )
    expect(missing).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', field: 'steps[0].action.device' }
    })
  })

  it('one order across Unified CM and Unity Connection: a new user with a phone, a mailbox and an apply', async () => {
    const k = cluster()
    const userid = 'znewhire01'
    const input: OrderInput = {
      title: 'New hire with voicemail',
      steps: [
        { action: { type: 'add-user', device, user: { userid, firstName: 'Nora', lastName: 'Newhire' } } },
        ...newHire('7100', 0).steps.map((s, i) =>
          i === 2
            ? {
                ...s,
                action: {
                  type: 'update-user' as const,
                  device,
                  userid,
                  changes: { associatedDevices: { add: ['SEP0000007100AB'] } }
                }
              }
            : s
        ),
        {
          action: {
            type: 'create-mailbox',
            device: unity,
            template: 'voicemailusertemplate',
            mailbox: { alias: userid, extension: '7100', firstName: 'Nora', lastName: 'Newhire' }
          }
        },
        { action: { type: 'apply-phone', device, name: 'SEP0000007100AB' } }
      ]
    }
    const dry = await core.value('orders:dry-run', input)
    expect(dry.steps[4]?.requests[0]).toEqual({
      protocol: 'cupi',
      device: unity,
      method: 'POST',
      path: '/vmrest/users?templateAlias=voicemailusertemplate',
      body: { Alias: userid, DtmfAccessId: '7100', FirstName: 'Nora', LastName: 'Newhire' }
    })
    const order = await core.value('orders:submit', input)
    expect(order.error ?? '').toBe('')
    expect(order.stepList.map((s) => s.state)).toEqual(['done', 'done', 'done', 'done', 'done', 'done'])
    expect(order.stepList[4]?.answer).toMatchObject({ Alias: userid, DtmfAccessId: '7100' })
    expect(order.stepList[5]?.undo).toBeUndefined()
    const mailboxes = await core.value('inventory:list', { device: unity, type: 'UnityUser', search: userid })
    expect(mailboxes.items.map((i) => i.name)).toEqual([userid])
    expect(k.actions('Phone', 'SEP0000007100AB').apply).toBe(1)

    // A second order fails after its mailbox step; rolling it back deletes the mailbox it made.
    faults.failWriteIn = 2
    const failed = await core.value('orders:submit', {
      title: 'Second mailbox',
      steps: [
        {
          action: {
            type: 'create-mailbox',
            device: unity,
            template: 'voicemailusertemplate',
            mailbox: { alias: 'znewhire02', extension: '7101' }
          }
        },
        {
          action: {
            type: 'update-mailbox',
            device: unity,
            alias: userid,
            changes: { displayName: 'Nora N.' }
          }
        }
      ]
    })
    expect(failed.stepList.map((s) => s.state)).toEqual(['done', 'failed'])
    const rolledBack = await core.value('orders:rollback', { id: failed.id })
    expect(rolledBack.status).toBe('rolled-back')
    expect(
      (await core.value('inventory:list', { device: unity, type: 'UnityUser', search: 'znewhire02' })).items
    ).toEqual([])

    // And the first one rolls back as a whole once it is stopped: the user, the phone, the line and the mailbox go.
    core.store.db.prepare("UPDATE orders SET status = 'cancelled' WHERE id = ?").run(order.id)
    const undone = await core.value('orders:rollback', { id: order.id })
    expect(undone.error ?? '').toBe('')
    expect(undone.stepList.map((s) => s.state)).toEqual([
      'undone',
      'undone',
      'undone',
      'undone',
      'undone',
      'undone'
    ])
    expect(await lineExists('7100')).toBe(false)
    expect(
      (await core.value('inventory:list', { device: unity, type: 'UnityUser', search: userid })).items
    ).toEqual([])
    expect(await inventoryNames('User', userid)).toEqual([])
  }, 60_000)

  it('a synchronization of a device waits for the order changing it, and reads it afterwards', async () => {
    faults.latencyMs = 30
    const running = nextEvent(core.events, 'orders:changed', (change) => change.status === 'running')
    const order = core.value('orders:submit', newHire('7200', 15))
    const { id } = await running
    const { runId } = await core.value('sync:start', { device, kind: 'user' })
    const run = await finishedRun(core, runId)
    expect(run.status).toBe('succeeded')
    expect((await order).status).toBe('done')
    const waited = await core.value('logs:entries', { runId, code: 'SYNC_WAITING_FOR_ORDER' })
    expect(waited.entries.map((e) => e.message)).toEqual([
      `${device} is being changed by order ${id}: the synchronization reads it once that ends.`
    ])
    // It read the device after the order: the order's phone is in the inventory the sync wrote.
    expect(await inventoryNames('Phone', 'SEP0000007200AB')).toEqual(['SEP0000007200AB'])
  }, 60_000)
})
