// Runs an order's steps, or undoes them, one at a time with a read-back after each; every step is
// written to the store before its request is sent and again when the device has answered, so a
// crash leaves a record of what may have been sent.
import type { Device, OrderStatus, RunCounts, StepAction } from '../../src-preload/contract'
import { AxlWriteError, type ReadBack } from '../connectors/axl/writes'
import { CupiWriteError } from '../connectors/cupi/writes'
import type { Clock } from '../core/clock'
import type { EventBus } from '../core/events'
import type { DeviceService } from '../devices/service'
import type { SecretBox } from '../secrets/secretBox'
import type { Store } from '../store'
import type { StepRow } from '../store/orderSteps'
import type { ChangeNotificationService } from '../sync/changeNotification/service'
import { associationObject, stagedObject } from '../sync/device/objects'
import { endRun } from '../sync/runEnd'
import { RunLog } from '../sync/runLog'
import { prepareStep, readBefore } from './prepare'
import { describeStep } from '../../src-preload/rules/orderSteps'
import { needsBefore, plannedUndo, stepObject, stepProtocol } from './steps'
import { openWriters } from './writers'

export interface ExecutorDeps {
  store: Store
  devices: DeviceService
  events: EventBus
  clock: Clock
  changeNotification: Pick<ChangeNotificationService, 'refreshObjects'>
  /** Seals a voicemail PIN into its stored step and opens it to send it (OrderService.seal). */
  secrets: Pick<SecretBox, 'encrypt' | 'decrypt'>
}

export type Execution = 'run' | 'rollback'

/** A failure whose outcome is unclear: the request may have landed (a lost connection, a deadline). */
function unclear(error: unknown): boolean {
  if (error instanceof AxlWriteError || error instanceof CupiWriteError) return error.failure === 'failed'
  return true
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error))

/** One execution (run, retry or roll back) of one order, holding its devices. */
export class OrderExecution {
  private readonly writers: ReturnType<typeof openWriters>
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
    this.writers = openWriters(deps, 'write')
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
      this.writers.close()
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
      const prepared = await prepareStep(this.writers, action)
      // An update or an action that leaves no trace cannot be told from the device: a retry sends it
      // again (the same values), a roll back restores what was read before it (harmless if it had
      // not landed). A login or logout shows on the phone, so it is read like an add.
      const landed = prepared.checkable ? await prepared.landed() : execution === 'rollback'
      const state = undoing ? (landed ? 'undone' : 'done') : landed ? 'done' : 'pending'
      this.update(step, { state, outcomeUnknown: false, error: null })
      this.log.add(
        'info',
        'ORDER_STEP_RECONCILED',
        `Step ${step.seq} (${describeStep(action)}) ${landed ? 'had landed' : 'had not landed'} on ${step.deviceName}: it is now ${state}.`,
        { objectType: stepObject(action).type, objectName: stepObject(action).name }
      )
      if (landed && prepared.kind === 'add') await this.refresh(action, await prepared.confirm())
      if (landed && prepared.kind === 'remove') await this.refresh(action, undefined)
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
      // The undo is planned from the object as it is now, and stored, before the request is sent.
      const before = needsBefore(action) ? await readBefore(this.writers, action) : undefined
      const undo = direction === 'forward' ? plannedUndo(action, before) : undefined
      const prepared = await prepareStep(this.writers, action)
      this.update(step, {
        state: direction === 'forward' ? 'running' : 'undoing',
        request: prepared.rendered,
        ...(undo ? { undo } : {}),
        startedAt: started.toISOString(),
        error: null
      })
      sent = true
      await prepared.send()
      const after = await prepared.confirm()
      await this.refresh(action, after, before?.uuid)
      if (action.type === 'update-user' && after)
        this.associations(
          step.deviceName,
          after,
          await (await this.writers.axl(action.device)).associatedDevices(action.userid)
        )
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
   * The written object into the inventory as the device answered (`after`; undefined: removed,
   * `uuid` the removed object's when it was read before). AXL objects are read again the way a
   * synchronization reads them; a mailbox is kept as CUPI returned it.
   */
  private async refresh(action: StepAction, after: ReadBack | undefined, uuid?: string): Promise<void> {
    const device = this.device(action.device)
    const { type } = stepObject(action)
    const key = after?.uuid ?? uuid ?? this.inventoryKey(device.id, action)
    if (!key) return
    if (stepProtocol(action) === 'cupi') {
      const { store } = this.deps
      const existed = store.inventory.get(device.id, type, key) !== undefined
      store.inventory.applyChanges(device.id, this.runId, {
        upserts: after
          ? [{ ...stagedObject(type, key, stepObject(action).name, after.fields), scope: 'user' as const }]
          : [],
        deletes: after ? [] : [{ type, key }],
        deleteByPrefix: []
      })
      this.count(type, after ? (existed ? 'changed' : 'added') : existed ? 'removed' : undefined)
      return
    }
    const counts = await this.deps.changeNotification.refreshObjects(
      (await this.writers.axl(action.device)).reader,
      device,
      this.runId,
      [{ type, uuid: key, action: after ? 'u' : 'r' }],
      this.log
    )
    for (const [t, c] of Object.entries(counts)) {
      this.count(t, 'added', c.added)
      this.count(t, 'changed', c.changed)
      this.count(t, 'removed', c.removed)
    }
  }

  private count(type: string, what: 'added' | 'changed' | 'removed' | undefined, by = 1): void {
    if (!what || by === 0) return
    const total = (this.counts[type] ??= { added: 0, changed: 0, removed: 0, unchanged: 0 })
    total[what] += by
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

  private steps(): StepRow[] {
    return this.deps.store.orderSteps.ofOrder(this.orderId)
  }

  private update(step: StepRow, update: Parameters<Store['orderSteps']['update']>[2]): void {
    const { store, events, clock } = this.deps
    store.orderSteps.update(this.orderId, step.seq, update)
    store.orders.touch(this.orderId, clock.now().toISOString())
    // A step moved: pages showing the order follow it while it runs.
    const status = store.orders.get(this.orderId)?.status
    if (status) events.emit('orders:changed', { id: this.orderId, status, step: step.seq })
  }

  private device(name: string): Device {
    return this.deps.devices.get(name)
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
