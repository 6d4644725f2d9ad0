// Change notification fetches the changed objects several at a time (CHANGE_FETCH_CONCURRENCY): a fetch
// that fails part-way through must still fail the whole poll with nothing applied and the queue position
// kept (CN-03, CN-08), and no fetch may start after the failure.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { AxlClient } from '../../src-main/connectors/axl/client'
import { startLab, type RunningLab } from '../../src-main/lab'
import { applyChanges } from '../../src-main/lab/changeFeed'
import { CHANGE_FETCH_CONCURRENCY } from '../../src-main/sync/changeNotification/service'
import { addTrustedLabDevice, testCore, type TestCore } from './helpers/core'
import { nextFinished } from './helpers/runs'

let lab: RunningLab
let c: TestCore
const CUCM = 'Lab CUCM 1'

beforeAll(async () => {
  lab = await startLab({ users: 200, clusters: 1, seed: 41, faults: {} })
  c = testCore()
  await addTrustedLabDevice(
    c,
    lab.servers.find((s) => s.name === CUCM)!
  )
  expect((await c.value('devices:test', { name: CUCM })).status).toBe('success')
  const fullSync = nextFinished(c, (r) => r.kind === 'change-notification')
  await c.value('cn:set', { device: CUCM, enabled: true })
  expect((await fullSync).status).toBe('succeeded')
}, 60_000)
afterAll(async () => {
  vi.restoreAllMocks()
  await c.dispose()
  await lab.stop()
})

/** Every object of the Call Processor's inventory, as the store holds it. */
function inventory(): string[] {
  const device = c.store.devices.all().find((d) => d.name === CUCM)!
  return Object.keys(c.store.inventory.typeCounts(device.id))
    .sort()
    .flatMap((type) => c.store.inventory.objects(device.id, type).map((o) => `${type} ${o.key} ${o.name}`))
}

describe('change notification fetches', () => {
  it('a fetch failing part-way fails the poll: nothing applied, position kept, no fetch after it', async () => {
    const queued = applyChanges(lab.clusters[0], 120, 1)
    expect(queued).toBeGreaterThan(100)
    const before = inventory()
    const position = (await c.value('cn:status', { device: CUCM })).nextStartChangeId

    // From the tenth fetch on, the lab answers every request with 503 until the retries run out.
    let fetches = 0
    const inFlight: Promise<unknown>[] = []
    // eslint-disable-next-line @typescript-eslint/unbound-method -- called below with the client as `this`
    const get = AxlClient.prototype.get
    const spy = vi.spyOn(AxlClient.prototype, 'get').mockImplementation(function (this: AxlClient, ...args) {
      fetches += 1
      if (fetches === 10) lab.faults.serviceUnavailable = 1_000_000
      const fetch = get.apply(this, args)
      inFlight.push(fetch)
      return fetch
    })
    try {
      let startedWhenFailed = -1
      const failed = nextFinished(c, (r) => {
        startedWhenFailed = fetches
        return r.kind === 'change-notification'
      })
      await c.value('cn:poll', { device: CUCM })
      const poll = await failed
      expect(poll.status).toBe('failed')
      expect(poll.summary).toMatch(/^The poll failed: .*HTTP 503.*The inventory is unchanged/)
      expect(inventory()).toEqual(before)
      expect((await c.value('cn:status', { device: CUCM })).nextStartChangeId).toBe(position)
      // The fetches still retrying when the first one gave up end, and none starts after the poll failed:
      // a lane takes its next change in the promise jobs right after its fetch settles, which one turn
      // of the event loop after they all settled has run.
      expect(startedWhenFailed).toBeLessThan(10 + CHANGE_FETCH_CONCURRENCY)
      await Promise.allSettled(inFlight)
      await new Promise((resolve) => setImmediate(resolve))
      expect(fetches).toBe(startedWhenFailed)
    } finally {
      spy.mockRestore()
      lab.faults.serviceUnavailable = 0
    }

    // The next poll starts from the same position and applies every change.
    const caughtUp = nextFinished(c, (r) => r.kind === 'change-notification')
    await c.value('cn:poll', { device: CUCM })
    const poll = await caughtUp
    expect(poll.status).toBe('succeeded')
    expect(poll.summary).toMatch(/^Applied \d+ changes/)
    expect(inventory()).not.toEqual(before)
    // listChange and a get per changed object at least, recorded with the run (issue 26).
    expect(poll.traffic?.requests).toBeGreaterThan(2)
    expect(poll.traffic?.bytes).toBeGreaterThan(0)
  }, 90_000)
})
