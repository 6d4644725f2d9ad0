// Orders (issue 20): stored before their first request, run with one writer per device, dry-runnable,
// and recoverable by Retry or Roll back after a failure, a cancel or a crash.
import { type z } from 'zod'
import type {
  Order,
  OrderDryRun,
  OrderStatus,
  OrderStep,
  OrderSummary,
  StepAction,
  orderInputSchema
} from '../../src-preload/contract'
import { osUser } from '../audit'
import type { DeviceActivity } from '../core/activity'
import { refuseUnlessChangesAllowed } from '../core/changesAllowed'
import { UserError } from '../core/errors'
import type { DeviceRow } from '../store/devices'
import type { OrderRow } from '../store/orders'
import type { StepRow } from '../store/orderSteps'
import { OrderExecution, type Execution, type ExecutorDeps } from './executor'
import { prepareStep } from './prepare'
import { describeStep } from '../../src-preload/rules/orderSteps'
import { stepChange, stepObject, stepProtocol, undoLimit } from './steps'
import { openWriters } from './writers'

export interface OrderDeps extends ExecutorDeps {
  activity: DeviceActivity
}

type OrderInput = z.output<typeof orderInputSchema>

/** Orders on different devices run side by side, this many at a time. */
export const ORDERS_AT_ONCE = 4

/**
 * Statuses from which an order may be retried or rolled back. A queued order that is not active here
 * was left waiting by a previous process (nothing of it was sent): nothing else would ever run it.
 */
const RECOVERABLE: readonly OrderStatus[] = ['failed', 'interrupted', 'cancelled', 'queued']

export class OrderService {
  /** Orders running or waiting for their devices, by id: cancel aborts them. */
  private readonly active = new Map<number, AbortController>()
  private running = 0
  private slotWaiters: (() => void)[] = []
  private readonly actor = osUser()

  constructor(private readonly deps: OrderDeps) {}

  list(query: { device?: string; statuses?: OrderStatus[]; limit: number }): OrderSummary[] {
    const { store } = this.deps
    const rows = store.orders.list({
      ...(query.device !== undefined ? { deviceName: query.device } : {}),
      ...(query.statuses ? { statuses: query.statuses } : {}),
      limit: query.limit
    })
    const steps = store.orderSteps.ofOrders(rows.map((r) => r.id))
    return rows.map((row) => summary(row, steps.get(row.id) ?? []))
  }

  get(id: number): Order {
    const row = this.deps.store.orders.get(id)
    if (!row) throw new UserError('NOT_FOUND', `There is no order ${id}.`, 'id')
    const steps = this.deps.store.orderSteps.ofOrder(id)
    return { ...summary(row, steps), stepList: steps.map(stepView) }
  }

  /**
   * The requests the order would send, exactly as they would be sent (a change to a user's devices
   * reads the user's current list, as the order will), and how the inventory would change. Nothing
   * is written, whatever the devices allow.
   */
  async dryRun(input: OrderInput): Promise<OrderDryRun> {
    const devices = this.checkedDevices(input)
    const writers = openWriters(this.deps, 'preview')
    const named = (action: StepAction): string => (devices.get(action.device.toLowerCase()) as DeviceRow).name
    try {
      const steps: OrderDryRun['steps'] = []
      const added = new Set<string>()
      for (const [index, { action }] of input.steps.entries()) {
        const object = stepObject(action)
        const key = `${named(action)}\u0000${object.type}\u0000${object.name.toLowerCase()}`
        const prepared = await prepareStep(
          writers,
          this.sealed({ ...action, device: named(action) }),
          added.has(key)
        )
        if (stepChange(action) === 'add') added.add(key)
        steps.push({
          seq: index + 1,
          device: named(action),
          summary: describeStep(action),
          requests: [prepared.rendered]
        })
      }
      return {
        title: input.title,
        steps,
        inventoryAfter: input.steps.map(({ action }) => ({
          device: named(action),
          ...stepObject(action),
          change: stepChange(action)
        }))
      }
    } finally {
      writers.close()
    }
  }

  /** Stores the order (before anything is sent), runs it and answers with how it ended. */
  async submit(input: OrderInput): Promise<Order> {
    const devices = this.checkedDevices(input)
    for (const device of devices.values()) refuseUnlessChangesAllowed(device, `order "${input.title}"`)
    const { store, clock } = this.deps
    const id = store.transaction(() => {
      const orderId = store.orders.insert({
        title: input.title,
        requestedBy: this.actor,
        at: clock.now().toISOString()
      })
      store.orderSteps.insertAll(
        orderId,
        input.steps.map(({ action, dependsOn }) => {
          const device = devices.get(action.device.toLowerCase()) as DeviceRow
          return {
            deviceId: device.id,
            deviceName: device.name,
            action: this.sealed({ ...action, device: device.name }),
            dependsOn: dependsOn ?? []
          }
        })
      )
      return orderId
    })
    return this.execute(id, 'run')
  }

  /** Runs a stopped order again from its first step not done (after reading what an interruption left). */
  retry(id: number): Promise<Order> {
    this.assertRecoverable(id, 'retried')
    return this.execute(id, 'run')
  }

  /** Undoes the done steps of a stopped order in reverse order, each read back. */
  rollback(id: number): Promise<Order> {
    this.assertRecoverable(id, 'rolled back')
    return this.execute(id, 'rollback')
  }

  /**
   * Stops an order: one waiting for its devices sends nothing; a running one finishes the step in
   * flight (a request half sent is worse than one answered) and stops there. A stopped order
   * (failed, interrupted) is marked cancelled: left as it is, with Retry and Roll back still offered.
   */
  async cancel(id: number): Promise<Order> {
    const order = this.get(id)
    const active = this.active.get(id)
    if (active) {
      active.abort()
      await this.whenInactive(id)
      return this.get(id)
    }
    if (order.status !== 'failed' && order.status !== 'interrupted' && order.status !== 'queued')
      throw new UserError('CONFLICT', `Order ${id} is ${order.status}: there is nothing to cancel.`, 'id')
    this.deps.store.orders.setStatus(
      id,
      'cancelled',
      this.deps.clock.now().toISOString(),
      'Cancelled by the user.'
    )
    this.changed(id, 'cancelled')
    return this.get(id)
  }

  /** Closing: orders waiting for their devices send nothing, running ones stop after their step in flight. */
  async stopAll(): Promise<void> {
    for (const controller of this.active.values()) controller.abort()
    await this.whenIdle()
  }

  /** Resolves once no order runs or waits (tests; closing the Core). */
  async whenIdle(): Promise<void> {
    while (this.active.size > 0) await Promise.all([...this.active.keys()].map((id) => this.whenInactive(id)))
  }

  private readonly inactiveWaiters = new Map<number, (() => void)[]>()

  private whenInactive(id: number): Promise<void> {
    if (!this.active.has(id)) return Promise.resolve()
    return new Promise((resolve) => {
      const waiters = this.inactiveWaiters.get(id) ?? []
      waiters.push(resolve)
      this.inactiveWaiters.set(id, waiters)
    })
  }

  private assertRecoverable(id: number, what: string): void {
    const order = this.get(id)
    if (this.active.has(id) || !RECOVERABLE.includes(order.status))
      throw new UserError(
        'CONFLICT',
        `Order ${id} is ${order.status}: only a failed, interrupted or cancelled order (or one a previous run of Switchboard left queued) can be ${what}.`,
        'id'
      )
  }

  private async execute(id: number, execution: Execution): Promise<Order> {
    const { store, clock } = this.deps
    const controller = new AbortController()
    this.active.set(id, controller)
    // Told once it can be cancelled: a listener that cancels on this event finds it active.
    if (store.orders.get(id)?.status === 'queued') this.changed(id, 'queued')
    try {
      const steps = store.orderSteps.ofOrder(id)
      const deviceIds = [...new Set(steps.map((s) => s.deviceId).filter((d): d is number => d !== undefined))]
      if (deviceIds.length < new Set(steps.map((s) => s.deviceName)).size)
        throw new UserError('NOT_FOUND', `Order ${id} names a device that no longer exists.`, 'id')
      // Checked again when it runs: "Allow changes" may have been turned off while it waited.
      for (const deviceId of deviceIds) {
        const device = store.devices.byId(deviceId) as DeviceRow
        refuseUnlessChangesAllowed(device, `order ${id}`)
      }
      const release = await this.slotAndDevices(id, deviceIds, controller.signal)
      if (!release) {
        store.orders.setStatus(id, 'cancelled', clock.now().toISOString(), 'Cancelled before it started.')
        this.changed(id, 'cancelled')
        return this.get(id)
      }
      try {
        const first = steps[0]
        const runId = store.syncRuns.start(
          first.deviceId as number,
          first.deviceName,
          'order',
          clock.now().toISOString()
        )
        store.orders.setRun(id, runId)
        const status: OrderStatus = execution === 'run' ? 'running' : 'rolling-back'
        store.orders.setStatus(id, status, clock.now().toISOString())
        this.changed(id, status)
        const final = await new OrderExecution(this.deps, id, runId, controller.signal).execute(execution)
        this.changed(id, final)
      } finally {
        release()
      }
      return this.get(id)
    } finally {
      this.active.delete(id)
      for (const wake of this.inactiveWaiters.get(id) ?? []) wake()
      this.inactiveWaiters.delete(id)
    }
  }

  /** Waits for a free slot (ORDERS_AT_ONCE) and then for the order's devices; undefined when cancelled. */
  private async slotAndDevices(
    id: number,
    deviceIds: number[],
    signal: AbortSignal
  ): Promise<(() => void) | undefined> {
    while (this.running >= ORDERS_AT_ONCE) {
      if (signal.aborted) return undefined
      await new Promise<void>((resolve) => {
        this.slotWaiters.push(resolve)
        signal.addEventListener('abort', () => resolve(), { once: true })
      })
    }
    if (signal.aborted) return undefined
    this.running += 1
    const freeSlot = (): void => {
      this.running -= 1
      const waiting = this.slotWaiters
      this.slotWaiters = []
      for (const wake of waiting) wake()
    }
    const releaseDevices = await this.deps.activity.acquire(deviceIds, `order ${id}`, signal)
    if (!releaseDevices) {
      freeSlot()
      return undefined
    }
    return () => {
      releaseDevices()
      freeSlot()
    }
  }

  /** The devices the steps name, each existing and of a kind the step can write to. */
  private checkedDevices(input: OrderInput): Map<string, DeviceRow> {
    const devices = new Map<string, DeviceRow>()
    input.steps.forEach(({ action }, index) => {
      const field = `steps[${index}].action.device`
      const device = this.deps.store.devices.byName(action.device)
      if (!device)
        throw new UserError(
          'NOT_FOUND',
          `Step ${index + 1}: there is no device named ${action.device}.`,
          field
        )
      const [kind, product] =
        stepProtocol(action) === 'axl'
          ? ['call-processor', 'a Unified CM change, but it is not a Call Processor']
          : ['message-processor', 'a Unity Connection change, but it is not a Message Processor']
      if (device.kind !== kind)
        throw new UserError(
          'VALIDATION',
          `Step ${index + 1}: ${describeStep(action)} on ${device.name} is ${product}.`,
          field
        )
      devices.set(device.name.toLowerCase(), device)
    })
    return devices
  }

  /**
   * The step as it may be stored: a voicemail PIN sealed with the Core's secret box (as device
   * passwords are), never in clear in order_steps. Sealed rather than dropped so a Retry after a crash
   * can still send it; a store opened where the box cannot unseal it (the desktop app's keychain read
   * from the command line) refuses that Retry and asks for a new order. A dry run seals too, so its
   * requests are built exactly as the run's.
   */
  private sealed(action: StepAction): StepAction {
    return action.type === 'set-voicemail-pin'
      ? { ...action, pinSecret: this.deps.secrets.encrypt(action.pinSecret) }
      : action
  }

  private changed(id: number, status: OrderStatus): void {
    this.deps.events.emit('orders:changed', { id, status })
  }
}

function summary(row: OrderRow, steps: StepRow[]): OrderSummary {
  const count = (state: StepRow['state']): number => steps.filter((s) => s.state === state).length
  return {
    id: row.id,
    title: row.title,
    status: row.status,
    requestedBy: row.requestedBy,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    devices: [...new Set(steps.map((s) => s.deviceName))],
    steps: { total: steps.length, done: count('done'), failed: count('failed'), undone: count('undone') },
    ...(row.lastRunId !== undefined ? { lastRunId: row.lastRunId } : {}),
    ...(row.error !== undefined ? { error: row.error } : {})
  }
}

/** A sealed PIN as an order shows it: masked, like the request that sent it. */
const MASKED_PIN = '********'

function stepView(step: StepRow): OrderStep {
  const { orderId: _order, deviceId: _device, deviceName, outcomeUnknown: _unknown, ...rest } = step
  const limit = undoLimit(step.action, step.undo)
  return {
    ...rest,
    action:
      step.action.type === 'set-voicemail-pin' ? { ...step.action, pinSecret: MASKED_PIN } : step.action,
    device: deviceName,
    summary: describeStep(step.action),
    ...(limit ? { undoLimit: limit } : {})
  }
}
