// Runs an order's steps, or undoes them, one at a time with a read-back after each; every step is
// written to the store before its request is sent and again when the device has answered, so a
// crash leaves a record of what may have been sent.
import type { Device, OrderStatus, RenderedRequest, RunCounts, StepAction } from '../../src-preload/contract'
import {
  AxlWriteError,
  AxlWriter,
  axlWriteEnvelope,
  type AxlWriteRequest,
  type ReadBack
} from '../connectors/axl/writes'
import type { Clock } from '../core/clock'
import type { EventBus } from '../core/events'
import type { DeviceService } from '../devices/service'
import type { Store } from '../store'
import type { StepRow } from '../store/orderSteps'
import type { ChangeNotificationService } from '../sync/changeNotification/service'
import { associationObject } from '../sync/device/objects'
import { endRun } from '../sync/runEnd'
import { RunLog } from '../sync/runLog'
import {
  describeStep,
  needsBefore,
  plannedUndo,
  readBefore,
  stepChange,
  stepObject,
  stepRequest
} from './steps'

export interface ExecutorDeps {
  store: Store
  devices: DeviceService
  events: EventBus
  clock: Clock
  changeNotification: Pick<ChangeNotificationService, 'refreshObjects'>
}

export type Execution = 'run' | 'rollback'

/** A failure whose outcome is unclear: the request may have landed (a lost connection, a deadline). */
function unclear(error: unknown): boolean {
  return !(error instanceof AxlWriteError) || error.failure === 'failed'
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error))

/** One execution (run, retry or roll back) of one order, holding its devices. */
export class OrderExecution {
  private readonly writers = new Map<string, Promise<AxlWriter>>()
  private readonly log: RunLog
  private readonly counts: RunCounts = {}

  constructor(
    private readonly deps: ExecutorDeps,
    private readonly orderId: number,
    private readonly runId: number,
    /** Aborts between steps: the step in flight finishes and is recorded. */
    private readonly signal: AbortSignal
  ) {
    this.log = new RunLog(deps.store.syncLog, runId, deps.clock)
  }

  /** Runs the order from its first step not done, or rolls back its done steps; the final status. */
  async execute(execution: Execution): Promise<OrderStatus> {
    const { store, clock } = this.deps
    let status: OrderStatus
    let error: string | undefined
    try {
      await this.reconcile(execution)
      const outcome = execution === 'run' ? await this.runSteps() : await this.undoSteps()
      status = outcome.status
      error = outcome.error
    } catch (thrown) {
      status = 'failed'
      error = message(thrown)
      this.log.add('error', 'ORDER_FAILED', error)
    } finally {
      for (const writer of this.writers.values()) void writer.then((w) => w.close()).catch(() => undefined)
    }
    store.orders.setStatus(this.orderId, status, clock.now().toISOString(), error)
    this.end(execution, status, error)
    return status
  }

  /**
   * Steps whose request may or may not have landed (the process ended, or the connection was lost
   * while it ran) are settled by reading the device before anything else is sent: an add is done if
   * its object exists, a removal if it is gone. An update cannot tell: a retry sends it again (the
   * same values), a roll back restores the values read before it (harmless either way).
   */
  private async reconcile(execution: Execution): Promise<void> {
    for (const step of this.steps().filter((s) => s.outcomeUnknown)) {
      const undoing = step.state === 'undoing'
      const action = undoing ? step.undo : step.action
      if (!action) continue
      const writer = await this.writer(step.deviceName)
      const request = await stepRequest(writer, action)
      const landed = request.kind === 'update' ? execution === 'rollback' : await writer.landed(request)
      const state = undoing ? (landed ? 'undone' : 'done') : landed ? 'done' : 'pending'
      this.update(step, { state, outcomeUnknown: false, error: null })
      this.log.add(
        'info',
        'ORDER_STEP_RECONCILED',
        `Step ${step.seq} (${describeStep(action)}) ${landed ? 'had landed' : 'had not landed'} on ${step.deviceName}: it is now ${state}.`,
        { objectType: stepObject(action).type, objectName: stepObject(action).name }
      )
      if (landed && request.kind === 'add')
        await this.refresh(writer, step.deviceName, action, (await writer.confirm(request))?.uuid)
      if (landed && request.kind === 'remove') await this.refresh(writer, step.deviceName, action)
    }
  }

  private async runSteps(): Promise<{ status: OrderStatus; error?: string }> {
    for (const step of this.steps()) {
      if (step.state === 'done') continue
      if (this.signal.aborted) return this.cancelled()
      const blocker = step.dependsOn.find((seq) => this.steps().find((s) => s.seq === seq)?.state !== 'done')
      if (blocker !== undefined)
        return { status: 'failed', error: `Step ${step.seq} needs step ${blocker}, which is not done.` }
      const failed = await this.perform(step, step.action, 'forward')
      if (failed) return { status: 'failed', error: failed }
    }
    return { status: 'done' }
  }

  private async undoSteps(): Promise<{ status: OrderStatus; error?: string }> {
    for (const step of this.steps().reverse()) {
      if (step.state !== 'done' && step.state !== 'undoing') continue
      if (this.signal.aborted) return this.cancelled()
      if (!step.undo) {
        // Nothing of the step needs undoing (it changed nothing that was not already so).
        this.update(step, { state: 'undone', error: null })
        continue
      }
      const failed = await this.perform(step, step.undo, 'undo')
      if (failed) return { status: 'failed', error: `Roll back stopped: ${failed}` }
    }
    return { status: 'rolled-back' }
  }

  private cancelled(): { status: OrderStatus; error: string } {
    const error = 'Cancelled: the steps done so far stay done (Roll back undoes them).'
    this.log.add('warning', 'ORDER_CANCELLED', error)
    return { status: 'cancelled', error }
  }

  /** One step (or its undo): recorded, sent, read back, recorded. The failure's message, if any. */
  private async perform(
    step: StepRow,
    action: StepAction,
    direction: 'forward' | 'undo'
  ): Promise<string | undefined> {
    const { clock } = this.deps
    const started = clock.now()
    const what = describeStep(action)
    const about = { objectType: stepObject(action).type, objectName: stepObject(action).name }
    let sent = false
    try {
      const writer = await this.writer(step.deviceName)
      // The undo is planned from the object as it is now, and stored, before the request is sent.
      const before = needsBefore(action) ? await readBefore(writer, action) : undefined
      const undo = direction === 'forward' ? plannedUndo(action, before) : undefined
      const request = await stepRequest(writer, action)
      this.update(step, {
        state: direction === 'forward' ? 'running' : 'undoing',
        request: this.rendered(step.deviceName, writer, request),
        ...(undo ? { undo } : {}),
        startedAt: started.toISOString(),
        error: null
      })
      sent = true
      await writer.send(request)
      const after = await writer.confirm(request)
      await this.refresh(writer, step.deviceName, action, (after ?? before)?.uuid)
      if (action.type === 'update-user' && after)
        this.associations(step.deviceName, after, await writer.associatedDevices(action.userid))
      const finished = clock.now()
      this.update(step, {
        state: direction === 'forward' ? 'done' : 'undone',
        answer: after ? after.fields : { removed: true },
        finishedAt: finished.toISOString(),
        durationMs: finished.getTime() - started.getTime()
      })
      this.log.add(
        'info',
        direction === 'forward' ? 'ORDER_STEP_DONE' : 'ORDER_STEP_UNDONE',
        `Step ${step.seq}: ${what} on ${step.deviceName}${direction === 'undo' ? ' (undo)' : ''}: confirmed by the device.`,
        about
      )
      return undefined
    } catch (error) {
      const finished = clock.now()
      const unknown = sent && unclear(error)
      const text = `Step ${step.seq} (${what}) failed on ${step.deviceName}: ${message(error)}${unknown ? ' Whether it took effect is not known; Retry or Roll back reads the device first.' : ''}`
      this.update(step, {
        // A failed undo leaves its step done: the step's effect is still there.
        state: direction === 'forward' ? 'failed' : 'done',
        outcomeUnknown: unknown,
        error: text,
        finishedAt: finished.toISOString(),
        durationMs: finished.getTime() - started.getTime()
      })
      this.log.add('error', direction === 'forward' ? 'ORDER_STEP_FAILED' : 'ORDER_UNDO_FAILED', text, about)
      return text
    }
  }

  /**
   * The written object into the inventory, read the way synchronization reads it (`uuid`: the
   * object's; a removal confirmed without one is found in the inventory by its name).
   */
  private async refresh(
    writer: AxlWriter,
    deviceName: string,
    action: StepAction,
    uuid?: string
  ): Promise<void> {
    const device = this.device(deviceName)
    const { type } = stepObject(action)
    const key = uuid ?? this.inventoryKey(device.id, action)
    if (key === undefined) return
    const counts = await this.deps.changeNotification.refreshObjects(
      writer.reader,
      device,
      this.runId,
      [{ type, uuid: key, action: stepChange(action) === 'remove' ? 'r' : 'u' }],
      this.log
    )
    for (const [t, c] of Object.entries(counts)) {
      const total = (this.counts[t] ??= { added: 0, changed: 0, removed: 0, unchanged: 0 })
      total.added += c.added
      total.changed += c.changed
      total.removed += c.removed
      total.unchanged += c.unchanged
    }
  }

  /**
   * A user's device associations as the read-back lists them. A poll's refresh of the user does not
   * carry them (a synchronization reads them with SQL), so they are put in place from the answer.
   */
  private associations(deviceName: string, after: ReadBack, devices: string[]): void {
    const owner = String(after.fields.userid)
    this.deps.store.inventory.applyChanges(this.device(deviceName).id, this.runId, {
      upserts: devices.map((d) => ({
        ...associationObject({ userid: owner, device: d }),
        scope: 'user' as const
      })),
      deletes: [],
      deleteByPrefix: [{ type: 'UserDeviceAssociation', prefix: `${owner}#` }]
    })
  }

  /** The inventory key of the object an action names (its name as the inventory has it). */
  private inventoryKey(deviceId: number, action: StepAction): string | undefined {
    const { type, name } = stepObject(action)
    return this.deps.store.inventory
      .objects(deviceId, type)
      .find((o) => o.name.toLowerCase() === name.toLowerCase())?.key
  }

  private rendered(device: string, writer: AxlWriter, request: AxlWriteRequest): RenderedRequest {
    return {
      protocol: 'axl',
      device,
      operation: request.operation,
      envelope: axlWriteEnvelope(request, writer.version)
    }
  }

  private steps(): StepRow[] {
    return this.deps.store.orderSteps.ofOrder(this.orderId)
  }

  private update(step: StepRow, update: Parameters<Store['orderSteps']['update']>[2]): void {
    this.deps.store.orderSteps.update(this.orderId, step.seq, update)
    this.deps.store.orders.touch(this.orderId, this.deps.clock.now().toISOString())
  }

  private device(name: string): Device {
    return this.deps.devices.get(name)
  }

  /** One writer per device of the order, connected when first needed. */
  private writer(deviceName: string): Promise<AxlWriter> {
    let writer = this.writers.get(deviceName)
    if (!writer) {
      const row = this.deps.store.devices.byName(deviceName)
      if (!row) throw new Error(`The device ${deviceName} no longer exists.`)
      writer = AxlWriter.connect(row, { target: this.deps.devices.connectionTarget(deviceName) })
      this.writers.set(deviceName, writer)
    }
    return writer
  }

  private end(execution: Execution, status: OrderStatus, error: string | undefined): void {
    const order = this.deps.store.orders.get(this.orderId)
    const steps = this.steps()
    const count = (state: StepRow['state']): number => steps.filter((s) => s.state === state).length
    const progress =
      execution === 'rollback'
        ? `${count('undone')} of ${steps.length} steps undone`
        : `${count('done')} of ${steps.length} steps done`
    const summary = `Order ${this.orderId} "${order?.title ?? ''}" ${status}: ${progress}.${error && status !== 'done' ? ` ${error}` : ''}`
    endRun(
      this.deps,
      { runId: this.runId, log: this.log },
      {
        severity:
          status === 'done' || status === 'rolled-back'
            ? 'info'
            : status === 'cancelled'
              ? 'warning'
              : 'error',
        code: 'ORDER_FINISHED'
      },
      {
        status:
          status === 'done' || status === 'rolled-back'
            ? 'succeeded'
            : status === 'cancelled'
              ? 'cancelled'
              : 'failed',
        summary,
        counts: this.counts
      }
    )
  }
}
