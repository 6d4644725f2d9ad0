// Issue 20, "Done means": 1,000 orders (a new hire's line, desk phone, user update and mailbox; 100
// with --quick) against the lab with its write throttle on. The floor is what the throttle allows at
// best: the writes on the busiest device ÷ its rate. Orders run one writer per device, so the orders on one Unified CM
// run one after the other; the writes reach the floor only if the client paces them (the write pacer,
// src-main/connectors/common/writePacer.ts) instead of bumping into 503s and backing off.
// The orders run in a Core in this process (`orders submit` runs one order per process), so the peak
// RSS printed is the benchmark process's: Core, lab and test runner together, more than the Core alone.
import { describe, expect, it } from 'vitest'
import type { OrderInput } from '../../src-preload/contract'
import { startLab, type RunningLab } from '../../src-main/lab'
import { deskPhoneStep } from '../main/helpers/orderSteps'
import type { LabFaults } from '../../src-main/lab/faults'
import { addTrustedLabDevice, tempDir, testCore } from '../main/helpers/core'
import { finishedRun } from '../main/helpers/runs'
import { againstFloor, atMost, MB, reporter, scaled } from './results'

const ORDERS = scaled(1_000)
/** Orders run first without the throttle, to show the pace the latency alone allows. */
const UNTHROTTLED_ORDERS = Math.max(20, Math.round(ORDERS / 10))
/** The lab's Unified CM across a network, as in the Call Processor scenarios. */
const NETWORK: LabFaults = { latencyMs: 30, serverMs: 5 }
/**
 * A new hire's order sends 3 writes and 11 reads (a connection's getCCMVersion, the user and its
 * device list before the update, a read-back of each step, the inventory refresh, the device list
 * after), one at a time because orders on one device run one after the other: 14 round trips of
 * 35 ms and the Core's own work. Here (two cores shared with other work) that is 0.6-0.7 s an order:
 * one writer sends 4-5 writes a second with no throttle at all, so at 20 or 50 writes a second the
 * run would be latency-bound and never meet the throttle, and at 4 or 5 it is on the edge (a quick
 * run at 4 measured 4.4 writes/s unthrottled and 1.21× the floor). At 3 writes a second an order's
 * writes take 1 s, half as long again as the latency needs: the throttle sets the pace. The
 * unthrottled pace is measured and printed beside the figures.
 */
const WRITES_PER_SECOND = 3
const THROTTLED_LAB: LabFaults = { ...NETWORK, writesPerSecond: WRITES_PER_SECOND }
const MAX_FLOOR_RATIO = 1.2
/** Per cent of all requests (reads included) the throttle may refuse. */
const MAX_THROTTLED_PERCENT = 1
const MAX_RSS_MB = 512

const report = reporter('orders-write-throttle')

/** A line pattern, SEP name and user of hire `i` that the lab does not hold yet. */
function hire(lab: RunningLab, i: number): { pattern: string; phone: string; userid: string } {
  return {
    pattern: `59${String(i).padStart(4, '0')}`,
    phone: `SEPBE0C${i.toString(16).toUpperCase().padStart(8, '0')}`,
    userid: lab.clusters[0].userid(i)
  }
}

/**
 * A new hire's order: line, desk phone on it, the user's device and primary extension on Unified CM,
 * and a mailbox on Unity Connection. Each step is one write on the device it names.
 */
function newHireOrder(lab: RunningLab, device: string, unity: string, i: number): OrderInput {
  const { pattern, phone, userid } = hire(lab, i)
  const line = { pattern, partition: 'PT-Internal' }
  return {
    title: `New hire ${userid} on ${pattern}`,
    steps: [
      { action: { type: 'add-line', device, line: { ...line, description: `Line of ${userid}` } } },
      {
        action: deskPhoneStep(lab.clusters[0], device, { name: phone, userid, line, site: i }),
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
      },
      {
        action: {
          type: 'create-mailbox',
          device: unity,
          template: 'voicemailusertemplate',
          mailbox: { alias: `bench.hire.${i}`, extension: pattern, displayName: `Hire ${i}` }
        }
      }
    ]
  }
}

/** The floor: the writes on the device with the most of them (`busiest`), at the throttle's rate. */
function throttleFloorMs(orders: OrderInput[]): { writes: number; busiest: number; floorMs: number } {
  const perDevice = new Map<string, number>()
  for (const order of orders)
    for (const { action } of order.steps)
      perDevice.set(action.device, (perDevice.get(action.device) ?? 0) + 1)
  const writes = [...perDevice.values()].reduce((a, b) => a + b, 0)
  const busiest = Math.max(...perDevice.values())
  return { writes, busiest, floorMs: (busiest / WRITES_PER_SECOND) * 1000 }
}

describe('orders against the write throttle', () => {
  it(
    `${ORDERS} new-hire orders at ${WRITES_PER_SECOND} writes a second`,
    async () => {
      const lab = await startLab({ users: ORDERS + UNTHROTTLED_ORDERS, clusters: 1, seed: 20, faults: {} })
      const core = testCore(tempDir('switchboard-bench-orders-'))
      try {
        const cucm = lab.servers.find((s) => s.product === 'cucm')
        const cuc = lab.servers.find((s) => s.product === 'unity-connection')
        if (!cucm || !cuc) throw new Error('the lab has no Unified CM or no Unity Connection')
        for (const server of [cucm, cuc]) {
          await addTrustedLabDevice(core, server)
          await core.value('devices:edit', { name: server.name, changes: { allowChanges: true } })
        }
        await core.value('devices:test', { name: cuc.name })
        const { runId } = await core.value('sync:start', { device: cuc.name, kind: 'user' })
        expect((await finishedRun(core, runId)).status).toBe('succeeded')
        for (const kind of ['infrastructure', 'user'] as const) {
          const { runId } = await core.value('sync:start', { device: cucm.name, kind })
          expect((await finishedRun(core, runId)).status).toBe('succeeded')
        }
        const lines = lab.clusters[0].collection('Line')
        const taken = Array.from(
          { length: ORDERS + UNTHROTTLED_ORDERS },
          (_, i) => hire(lab, i).pattern
        ).filter((pattern) => lines?.indexOf(`${pattern}/PT-Internal`) !== undefined)
        if (taken.length > 0) throw new Error(`the lab already holds ${taken.length} of the orders' lines`)
        /** Submits the orders one after another (they would wait for the device anyway); their wall time. */
        const submitAll = async (orders: OrderInput[]): Promise<number> => {
          Object.assign(lab.tally, { requests: 0, writes: 0, throttledWrites: 0 })
          const started = performance.now()
          for (const order of orders) {
            const done = await core.value('orders:submit', order)
            if (done.status !== 'done')
              throw new Error(`order ${done.id} "${done.title}" ${done.status}: ${done.error}`)
          }
          return performance.now() - started
        }

        Object.assign(lab.faults, NETWORK)
        const unthrottled = Array.from({ length: UNTHROTTLED_ORDERS }, (_, i) =>
          newHireOrder(lab, cucm.name, cuc.name, ORDERS + i)
        )
        const unthrottledMs = await submitAll(unthrottled)
        // Writes a second on the busiest device, which the throttle's rate is compared with.
        const unthrottledPace = throttleFloorMs(unthrottled).busiest / (unthrottledMs / 1000)

        Object.assign(lab.faults, THROTTLED_LAB)
        const orders = Array.from({ length: ORDERS }, (_, i) => newHireOrder(lab, cucm.name, cuc.name, i))
        const wallMs = await submitAll(orders)
        const { requests, writes: sent, throttledWrites } = lab.tally

        const { writes, floorMs } = throttleFloorMs(orders)
        // Every write landed once: what was sent is the planned writes and the refused tries.
        expect(sent - throttledWrites).toBe(writes)
        const throttledPercent = (throttledWrites / requests) * 100
        const rss = process.resourceUsage().maxRSS * 1024
        report('orders', ORDERS, 'orders')
        report('lab', WRITES_PER_SECOND, `writes/s throttle, ${NETWORK.latencyMs} ms round trip`)
        // Above the throttle's rate, or the floor is not what bounds the run.
        report(
          'unthrottled pace on Unified CM',
          Number(unthrottledPace.toFixed(2)),
          `writes/s (${UNTHROTTLED_ORDERS} orders)`,
          {
            target: `> ${WRITES_PER_SECOND} writes/s`,
            pass: unthrottledPace > WRITES_PER_SECOND
          }
        )
        report('requests', requests, 'requests')
        report('writes', writes, 'writes')
        report('503s', throttledWrites, 'responses')
        report('503 share', Number(throttledPercent.toFixed(2)), '% of requests', {
          target: `< ${MAX_THROTTLED_PERCENT} %`,
          pass: throttledPercent < MAX_THROTTLED_PERCENT
        })
        report('floor (writes ÷ rate)', Math.round(floorMs), 'ms')
        report('wall', Math.round(wallMs), 'ms', againstFloor(wallMs, floorMs, MAX_FLOOR_RATIO))
        report('throughput', Number(((writes / wallMs) * 1000).toFixed(2)), 'writes/s')
        report('peak-rss (bench process)', Math.round(rss / MB), 'MB', atMost(rss / MB, MAX_RSS_MB, 'MB'))
      } finally {
        await core.dispose()
        await lab.stop()
      }
      // Beyond vitest.bench.mts's 30 min: a loaded machine can hold the full run longer than that.
    },
    90 * 60_000
  )
})
