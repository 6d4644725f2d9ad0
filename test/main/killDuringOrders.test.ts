// Issue 20 resilience: SIGKILL the process at random points while it runs 20 multi-step orders. A
// child (helpers/orderSubmitter.ts) submits the orders not yet stored and prints a line per order
// event and per step state written to the store; the test kills it on the line a seeded random chose,
// and starts it again until all 20 orders are stored. Afterwards every order is done, interrupted,
// failed or queued; Retry (Roll back for every third) completes each one not done, and for every
// order the lab's Unified CM, the inventory and the order's record agree, with no duplicate (-239)
// error anywhere. SWITCHBOARD_KILL_SEED replays a run (the seed is printed).
import { spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Order, OrderInput } from '../../src-preload/contract'
import { AxlWriter } from '../../src-main/connectors/axl/writes'
import { startLab, type RunningLab } from '../../src-main/lab'
import type { LabFaults } from '../../src-main/lab/faults'
import { addTrustedLabDevice, testCore, trustedLabTarget, type TestCore } from './helpers/core'
import { deskPhoneStep } from './helpers/orderSteps'
import { bundleForNode, NODE_MODULES } from './helpers/nodeBundle'
import { Random } from './helpers/random'
import { finishedRun } from './helpers/runs'

const SEED = Number(process.env.SWITCHBOARD_KILL_SEED ?? Date.now() % 1_000_000)
const ORDERS = 20
/** A kill lands on one of the first this many lines a child prints (an order prints about a dozen). */
const KILL_WITHIN_LINES = 30
const SUBMITTER = join(__dirname, 'helpers/orderSubmitter.ts')
const PARTITION = 'PT-Internal'

let lab: RunningLab
let submitter = ''
let dataDir = ''
let device = ''
// Latency makes every request take time, so a kill often lands while one is in flight.
const faults: LabFaults = { latencyMs: 10 }

/** One order of the run: what it is made of, and what the lab holds once it is done. */
interface Planned {
  input: OrderInput
  kind: 'plain' | 'renamed line' | 'second line' | 'spare line removed'
  userid: string
  phone: string
  line: string
  /** A second line on the phone (kind "second line"). */
  secondLine?: string
  /** A line the order adds and then removes (kind "spare line removed"). */
  spareLine?: string
  description: string
}

/** Order i: a line, a phone with it, the user's device and primary extension, and per kind one more step. */
function planned(i: number): Planned {
  const k = lab.clusters[0]
  const base = 7500 + i * 4
  const line = String(base)
  const userid = k.userid(20 + i)
  const phone = `SEP00000A${line}C0`
  const kind = (['plain', 'renamed line', 'second line', 'spare line removed'] as const)[i % 4]
  const description = kind === 'renamed line' ? `Line of ${userid}, renamed` : `Line of ${userid}`
  const at = (pattern: string) => ({ pattern, partition: PARTITION })
  const actions: OrderInput['steps'] = [
    { action: { type: 'add-line', device, line: { ...at(line), description: `Line of ${userid}` } } }
  ]
  const secondLine = kind === 'second line' ? String(base + 2) : undefined
  const spareLine = kind === 'spare line removed' ? String(base + 1) : undefined
  for (const extra of [secondLine, spareLine])
    if (extra) actions.push({ action: { type: 'add-line', device, line: at(extra) } })
  actions.push({
    action: deskPhoneStep(k, device, { name: phone, userid, line: at(line) }),
    dependsOn: [1]
  })
  const phoneStep = actions.length
  if (secondLine)
    actions.push({
      action: { type: 'update-phone', device, name: phone, addLines: [{ index: 2, ...at(secondLine) }] },
      dependsOn: [2, phoneStep]
    })
  actions.push({
    action: {
      type: 'update-user',
      device,
      userid,
      changes: { associatedDevices: { add: [phone] }, primaryExtension: at(line) }
    },
    dependsOn: [phoneStep]
  })
  if (kind === 'renamed line')
    actions.push({ action: { type: 'update-line', device, line: at(line), changes: { description } } })
  if (spareLine)
    actions.push({ action: { type: 'remove-line', device, line: at(spareLine) }, dependsOn: [2] })
  return {
    input: { title: `Order ${i + 1} of ${ORDERS}: ${kind} for ${userid}`, steps: actions },
    kind,
    userid,
    phone,
    line,
    description,
    ...(secondLine ? { secondLine } : {}),
    ...(spareLine ? { spareLine } : {})
  }
}

/**
 * Runs the submitter and SIGKILLs it on its `killOn`th line; resolves once it has exited, with the
 * lines it printed (it may finish first, when fewer lines remain).
 */
async function runUntilKilled(
  ordersFile: string,
  killOn: number
): Promise<{ lines: string[]; killed: boolean }> {
  const child = spawn(process.execPath, [submitter, dataDir, ordersFile], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_PATH: NODE_MODULES }
  })
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
  let errors = ''
  child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()))
  const lines: string[] = []
  let killed = false
  for await (const line of createInterface({ input: child.stdout })) {
    lines.push(line)
    if (lines.length === killOn) {
      child.kill('SIGKILL')
      killed = true
      break
    }
  }
  const code = await exited
  if (!killed && code !== 0) throw new Error(`The submitter exited with ${code}: ${errors}`)
  return { lines, killed }
}

/** A reader of the lab's Unified CM, to look at the device itself (not through the inventory). */
function labReader(core: TestCore): Promise<AxlWriter> {
  const cucm = lab.servers.find((s) => s.product === 'cucm')!
  return AxlWriter.connectPreview(core.store.devices.byName(device)!, {
    target: trustedLabTarget(core, cucm)
  })
}

/** What the lab holds of an order's objects. */
interface OnLab {
  lines: Record<string, { description: string } | undefined>
  phoneLines?: string[]
  devices: string[]
  primaryExtension: string
}

async function readLab(w: AxlWriter, order: Planned): Promise<OnLab> {
  const lines: OnLab['lines'] = {}
  for (const pattern of [order.line, order.secondLine, order.spareLine].filter((p) => p !== undefined)) {
    const found = await w.find(
      { operation: 'getLine', element: 'line', args: { pattern, routePartitionName: PARTITION } },
      pattern
    )
    lines[pattern] = found ? { description: text(found.fields.description) } : undefined
  }
  const phone = await w.find(
    { operation: 'getPhone', element: 'phone', args: { name: order.phone } },
    order.phone
  )
  const phoneLines = phone ? appearances(phone.fields) : undefined
  const user = await w.getUser(order.userid)
  const extension = (user.fields.primaryExtension ?? {}) as Record<string, unknown>
  return {
    lines,
    ...(phoneLines ? { phoneLines } : {}),
    devices: await w.associatedDevices(order.userid),
    primaryExtension: text(extension.pattern)
  }
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '')

/** A phone's lines as "index:pattern", from getPhone's answer. */
function appearances(fields: Record<string, unknown>): string[] {
  const raw = (fields.lines as { line?: unknown } | undefined)?.line
  const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]
  return list
    .map((l) => l as { index?: unknown; dirn?: { pattern?: unknown } })
    .map((l) => `${String(l.index)}:${String(l.dirn?.pattern)}`)
    .sort()
}

beforeAll(async () => {
  submitter = await bundleForNode(SUBMITTER)
  lab = await startLab({ users: 40, clusters: 1, seed: 43, faults })
  const core = testCore()
  dataDir = core.dataDir
  const cucm = lab.servers.find((s) => s.product === 'cucm')!
  device = cucm.name
  await addTrustedLabDevice(core, cucm)
  await core.value('devices:edit', { name: device, changes: { allowChanges: true } })
  // Every run of every order is kept, so the check for duplicate errors reads all their logs.
  await core.value('settings:set', { runsKeptPerDevice: 1000 })
  for (const kind of ['infrastructure', 'user'] as const) {
    const { runId } = await core.value('sync:start', { device, kind })
    expect((await finishedRun(core, runId)).status).toBe('succeeded')
  }
  await core.close()
}, 120_000)
afterAll(async () => {
  await lab?.stop()
})

describe('SIGKILL during orders', () => {
  it(`leaves every one of ${ORDERS} orders recoverable, and the lab, the inventory and the record agree (seed ${SEED})`, async () => {
    console.log(`killDuringOrders: seed ${SEED} (SWITCHBOARD_KILL_SEED=${SEED} replays it)`)
    const random = new Random(SEED)
    const plans = Array.from({ length: ORDERS }, (_, i) => planned(i))
    const ordersFile = join(dataDir, 'orders.json')
    writeFileSync(ordersFile, JSON.stringify(plans.map((p) => p.input)))

    let core = testCore(dataDir)
    const before = new Map<string, OnLab>()
    let reader = await labReader(core)
    for (const plan of plans) {
      const onLab = await readLab(reader, plan)
      expect(Object.values(onLab.lines)).toEqual(Object.values(onLab.lines).map(() => undefined))
      expect(onLab.phoneLines).toBeUndefined()
      before.set(plan.userid, onLab)
    }
    reader.close()
    await core.close()

    // Kill and start again until every order is stored (each start submits those not stored yet).
    let kills = 0
    for (;;) {
      const killOn = 1 + random.int(KILL_WITHIN_LINES)
      const { lines, killed } = await runUntilKilled(ordersFile, killOn)
      if (killed) kills += 1
      console.log(
        `killDuringOrders: ${killed ? `killed on "${lines.at(-1)}"` : 'finished'} (line ${lines.length})`
      )
      core = testCore(dataDir)
      const stored = (await core.value('orders:list', { limit: 5000 })).length
      await core.close()
      if (stored === ORDERS || !killed) break
    }
    expect(kills).toBeGreaterThan(0)
    // Recovery and the checks need no slow lab.
    faults.latencyMs = 0

    core = testCore(dataDir)
    try {
      const byTitle = new Map((await core.value('orders:list', { limit: 5000 })).map((o) => [o.title, o]))
      expect(byTitle.size).toBe(ORDERS)
      const settled: Order[] = []
      for (const [i, plan] of plans.entries()) {
        const stored = byTitle.get(plan.input.title)!
        expect(['done', 'interrupted', 'failed', 'queued']).toContain(stored.status)
        if (stored.status === 'done') {
          settled.push(await core.value('orders:get', { id: stored.id }))
          continue
        }
        const rollBack = i % 3 === 2
        const completed = await core.value(rollBack ? 'orders:rollback' : 'orders:retry', { id: stored.id })
        expect(completed.error ?? '', `${plan.input.title} (was ${stored.status})`).toBe('')
        expect(completed.status).toBe(rollBack ? 'rolled-back' : 'done')
        settled.push(completed)
      }

      reader = await labReader(core)
      for (const [i, plan] of plans.entries()) {
        const order = settled[i]
        const about = `${plan.input.title}: ${order.status}`
        const onLab = await readLab(reader, plan)
        const inventory = async (type: string, name: string): Promise<string[]> =>
          (await core.value('inventory:list', { device, type, search: name })).items.map((item) => item.name)
        const associations = (
          await core.value('inventory:list', { device, type: 'UserDeviceAssociation', search: plan.phone })
        ).items.map((item) => (item.data as { userid?: string }).userid)
        const lineName = (pattern: string): string => `${pattern} / ${PARTITION}`

        if (order.status === 'done') {
          expect(
            order.stepList.map((s) => s.state),
            about
          ).toEqual(order.stepList.map(() => 'done'))
          expect(onLab.lines[plan.line], about).toEqual({ description: plan.description })
          expect(onLab.phoneLines, about).toEqual(
            [`1:${plan.line}`, ...(plan.secondLine ? [`2:${plan.secondLine}`] : [])].sort()
          )
          expect(onLab.devices, about).toContain(plan.phone)
          expect(onLab.primaryExtension, about).toBe(plan.line)
          if (plan.secondLine) expect(onLab.lines[plan.secondLine], about).toBeDefined()
          if (plan.spareLine) expect(onLab.lines[plan.spareLine], about).toBeUndefined()
          expect(await inventory('Line', plan.line), about).toContain(lineName(plan.line))
          expect(await inventory('Phone', plan.phone), about).toEqual([plan.phone])
          expect(associations, about).toEqual([plan.userid])
          if (plan.secondLine)
            expect(await inventory('Line', plan.secondLine), about).toContain(lineName(plan.secondLine))
          if (plan.spareLine)
            expect(await inventory('Line', plan.spareLine), about).not.toContain(lineName(plan.spareLine))
        } else {
          expect(order.status, about).toBe('rolled-back')
          expect(
            order.stepList.filter(
              (s) => s.state === 'done' || s.state === 'running' || s.state === 'undoing'
            ),
            about
          ).toEqual([])
          const was = before.get(plan.userid)!
          expect(onLab, about).toEqual(was)
          for (const pattern of [plan.line, plan.secondLine, plan.spareLine].filter((p) => p !== undefined))
            expect(await inventory('Line', pattern), about).not.toContain(lineName(pattern))
          expect(await inventory('Phone', plan.phone), about).toEqual([])
          expect(associations, about).toEqual([])
        }

        // No request was sent twice: a duplicate (-239) would show in a step's error or a run's log.
        const errors = [order.error, ...order.stepList.map((s) => s.error)].filter(Boolean).join('\n')
        expect(errors, about).not.toMatch(/-239|duplicate/i)
      }
      const runs = (await core.value('sync:runs', { device, limit: 1000 })).filter((r) => r.kind === 'order')
      expect(runs.length).toBeGreaterThanOrEqual(ORDERS)
      const reconciled: string[] = []
      for (const run of runs) {
        for (const search of ['-239', 'duplicate'])
          expect(
            (await core.value('logs:entries', { runId: run.id, search })).entries,
            `run ${run.id}`
          ).toEqual([])
        const log = await core.value('logs:entries', { runId: run.id, code: 'ORDER_STEP_RECONCILED' })
        reconciled.push(
          ...log.entries.map((e) => (/had not landed/.test(e.message) ? 'not landed' : 'landed'))
        )
      }
      const count = <T>(items: T[], value: T): number => items.filter((item) => item === value).length
      console.log(
        `killDuringOrders: ${kills} kills; ${count(
          settled.map((o) => o.status),
          'done'
        )} done, ${count(
          settled.map((o) => o.status),
          'rolled-back'
        )} rolled back; ${runs.length} order runs (${count(
          runs.map((r) => r.status),
          'interrupted'
        )} interrupted); steps read back after a kill: ${count(reconciled, 'landed')} had landed, ${count(reconciled, 'not landed')} had not`
      )
    } finally {
      reader.close()
      await core.dispose()
    }
  }, 120_000)
})
