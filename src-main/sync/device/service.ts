import {
  describeLoss,
  type DeletionHold,
  type Device,
  type HeldType,
  type InventoryItem,
  type RunCounts,
  type RunStatus,
  type RunSummary,
  type SyncProgress
} from '../../../src-preload/contract'
import { findObjectType, objectTypeLabel } from '../../../src-preload/rules/objectTypes'
import type { Audit } from '../../audit'
import { CancelledError, mapLimit } from '../../connectors/common/retry'
import { endpointKey } from '../../connectors/common/tls'
import { noTraffic } from '../../connectors/common/traffic'
import type { DeviceActivity } from '../../core/activity'
import type { Clock } from '../../core/clock'
import { UserError } from '../../core/errors'
import type { EventBus } from '../../core/events'
import type { DeviceService } from '../../devices/service'
import type { Store } from '../../store'
import type { StagedObject } from '../../store/inventory'
import type { SyncCoordinator } from '../coordinator'
import { connectFailureReason, failureReason } from '../failureReason'
import { endRun } from '../runEnd'
import { RunLog } from '../runLog'
import { decide, describeGuard, lossesOf, type Approval } from './deletionGuard'
import { syncOptionsFor, type RunOptions, type SyncOptions } from './objects'
import { planFor } from './plans'

export interface DeviceSyncDeps {
  store: Store
  devices: DeviceService
  events: EventBus
  activity: DeviceActivity
  coordinator: SyncCoordinator
  clock: Clock
  audit: Audit
}

/**
 * Whether a user synchronization may follow an infrastructure synchronization that ended so (issue 25
 * item 4), the same for sync device --both and for jobs: a partial run read most types and kept the
 * previous inventory of the others, which users are read against as before; a failed, cancelled or
 * held run read or applied nothing.
 */
export function allowsUserSync(status: RunStatus): boolean {
  return status === 'succeeded' || status === 'partial'
}

/** Held types a summary names; the log has an entry for each (an emptied cluster holds 50 and more). */
const SUMMARY_HELD_TYPES = 5

const KIND_LABEL: Record<'infrastructure' | 'user', string> = {
  infrastructure: 'infrastructure synchronization',
  user: 'user synchronization'
}

/**
 * Small pages are staged together: most infrastructure types are one page of a few objects, and a
 * transaction for each cost more than its rows. A page of this many objects or more (every full page
 * of a user synchronization) goes straight through: a transaction is cheap beside its rows there,
 * and holding pages back would only keep thousands of objects in memory.
 */
const STAGE_BATCH = 500

class StagingBatches {
  private pending: StagedObject[] = []

  constructor(private readonly write: (objects: StagedObject[]) => void) {}

  add(objects: StagedObject[]): void {
    for (const o of objects) this.pending.push(o)
    if (this.pending.length >= STAGE_BATCH) this.flush()
  }

  flush(): void {
    if (this.pending.length === 0) return
    this.write(this.pending)
    this.pending = []
  }
}

/** One entry per type the deletion guard held: what it would lose, the guard, how to go on. */
function logHeld(
  log: RunLog,
  device: Device,
  kind: 'infrastructure' | 'user',
  held: HeldType[],
  percent: number,
  approval: Approval | undefined
): void {
  const flag = kind === 'infrastructure' ? '--infra' : '--user'
  for (const t of held) {
    const approved = approval?.types.find((a) => a.type === t.type)
    log.add(
      'warning',
      'SYNC_GUARD_HELD',
      `${t.type}: ${describeLoss(t)} would be removed from the inventory; ${describeGuard(percent)}.${approved ? ` The approval of run ${approval?.runId} covers ${approved.wouldRemove} removals only.` : ''} Nothing of this run was applied.`,
      {
        objectType: t.type,
        hint: `If these objects were removed from ${device.name} on purpose, approve: switchboard sync device "${device.name}" ${flag} --approve, or Approve in its Synchronization Status. Otherwise check the device: nothing is removed on the strength of this read.`
      }
    )
  }
}

/**
 * Infrastructure and user synchronization of call, message and presence processors. Reads only;
 * stages everything and switches the inventory at the end, so a failed or cancelled run leaves
 * the previous good inventory in place.
 */
export class DeviceSyncService {
  constructor(private readonly deps: DeviceSyncDeps) {}

  /**
   * Checks the seeds' preconditions, then starts the run in the background and returns its id.
   * `approve`: the held run whose removals this run may make (it reads the device again).
   */
  start(
    name: string,
    kind: 'infrastructure' | 'user',
    options: RunOptions,
    approve?: number
  ): { runId: number; done: Promise<RunSummary> } {
    const { store, coordinator, activity, clock, devices } = this.deps
    const device = devices.get(name)
    if (device.kind === 'directory') {
      throw new UserError(
        'VALIDATION',
        `${device.name} is a directory server: directories are synchronized per domain (LDAP synchronization), not here.`,
        'device'
      )
    }
    if (device.kind === 'presence-processor' && kind === 'user') {
      throw new UserError(
        'VALIDATION',
        `${device.name} runs IM and Presence 9.0 or later, which is integrated with Unified CM: its users are synchronized from the Call Processor${device.callProcessor ? ` ${device.callProcessor}` : ''}. Run an infrastructure synchronization here for the user settings.`,
        'kind'
      )
    }
    if (device.kind === 'message-processor' && device.lastTest.status !== 'success') {
      throw new UserError(
        'VALIDATION',
        `${device.name} cannot be synchronized until its Test Connection succeeds (last result: ${device.lastTest.status === 'never' ? 'never tested' : device.lastTest.status}). Run Test Connection first.`,
        'device'
      )
    }
    const approval = approve === undefined ? undefined : this.approval(device, kind, approve)
    coordinator.assertIdle()
    const label = `${KIND_LABEL[kind]} of ${device.name}`
    const claim = activity.claimAfterOrders(device.id, device.name, `the ${label}`)
    const release = claim.release
    let runId: number
    try {
      runId = store.syncRuns.start(device.id, device.name, kind, clock.now().toISOString())
    } catch (error) {
      release()
      throw error
    }
    const progress: SyncProgress = {
      runId,
      device: device.name,
      kind,
      typesDone: 0,
      typesTotal: 0,
      objects: 0,
      percent: 0
    }
    const controller = coordinator.register(runId, `the ${label} (run ${runId})`, progress)
    // Cancelled while waiting for an order: stop waiting.
    controller.signal.addEventListener('abort', release, { once: true })
    const done = this.execute(
      progress,
      device,
      syncOptionsFor(device, options),
      approval,
      controller.signal,
      claim
    ).finally(() => {
      coordinator.release(runId)
      release()
    })
    return { runId, done }
  }

  /**
   * The removals run `runId` held, if it is this device's newest run of this kind and still needs
   * approval: an older held run was overtaken by a later read, whose numbers are the ones to judge.
   */
  private approval(device: Device, kind: 'infrastructure' | 'user', runId: number): Approval {
    const { syncRuns } = this.deps.store
    const run = syncRuns.get(runId)
    if (!run) throw new UserError('NOT_FOUND', `approve: there is no run ${runId}.`, 'approve')
    const what = `${KIND_LABEL[kind]} of ${device.name}`
    if (syncRuns.subjectOf(runId)?.deviceId !== device.id || run.kind !== kind)
      throw new UserError(
        'VALIDATION',
        `approve: run ${runId} is a${run.kind === 'infrastructure' ? 'n' : ''} ${run.kind} run of ${run.device}, not a run of the ${what}.`,
        'approve'
      )
    if (run.status !== 'needs-approval' || !run.held)
      throw new UserError(
        'CONFLICT',
        `approve: run ${runId} does not need approval (it ${run.status === 'running' ? 'is running' : `ended ${run.status}`}); nothing was started.`,
        'approve'
      )
    const latest = syncRuns.latest(device.id, kind)
    if (latest && latest.id !== runId)
      throw new UserError(
        'CONFLICT',
        `approve: run ${runId} is not the latest ${what} (run ${latest.id} is, ${latest.status}); approve only what the latest run held.`,
        'approve'
      )
    return { runId, types: run.held.types }
  }

  private async execute(
    initial: SyncProgress,
    device: Device,
    options: SyncOptions,
    approval: Approval | undefined,
    signal: AbortSignal,
    claim: { waitingFor?: string; claimed: Promise<boolean> }
  ): Promise<RunSummary> {
    const { store, events, clock, devices } = this.deps
    const { runId } = initial
    const kind = initial.kind as 'infrastructure' | 'user'
    const log = new RunLog(store.syncLog, runId, clock)
    const endpoint = endpointKey(device.host, device.port)
    const traffic = noTraffic()
    let progress = initial
    let lastEmit = 0
    const emit = (patch: Partial<SyncProgress>, force = false): void => {
      progress = { ...progress, ...patch }
      progress.percent =
        progress.typesTotal === 0 ? 0 : Math.floor((100 * progress.typesDone) / progress.typesTotal)
      this.deps.coordinator.update(progress)
      const now = Date.now()
      if (force || now - lastEmit > 250) {
        lastEmit = now
        events.emit('sync:progress', progress)
      }
    }
    log.add(
      'info',
      'SYNC_STARTED',
      `${KIND_LABEL[kind]} of ${device.name} (${device.product}, ${endpoint}) started. Switchboard only reads from the device.`
    )

    const finish = (
      status: Exclude<RunSummary['status'], 'running'>,
      summary: string,
      counts: RunCounts,
      failedTypes: RunSummary['failedTypes'],
      held?: DeletionHold
    ): RunSummary => {
      const severity =
        status === 'succeeded'
          ? 'info'
          : status === 'partial' || status === 'cancelled' || status === 'needs-approval'
            ? 'warning'
            : 'error'
      const code = `SYNC_${status.toUpperCase().replace('-', '_')}`
      return endRun(
        this.deps,
        { runId, log, progress },
        { severity, code },
        { status, summary, counts, failedTypes, held, traffic }
      )
    }

    let plan
    let target: ReturnType<DeviceService['connectionTarget']> | undefined
    try {
      if (claim.waitingFor)
        log.add(
          'info',
          'SYNC_WAITING_FOR_ORDER',
          `${device.name} is being changed by ${claim.waitingFor}: the synchronization reads it once that ends.`
        )
      if (!(await claim.claimed)) throw new CancelledError()
      target = devices.connectionTarget(device.name)
      plan = await planFor({ device, target, kind, signal, log, traffic })
      if (plan.version !== undefined && plan.version !== device.version) {
        store.devices.setVersion(device.id, plan.version)
        events.emit('devices:changed', { name: device.name })
      }
    } catch (error) {
      store.inventory.discard(runId)
      if (error instanceof CancelledError || signal.aborted)
        return finish(
          'cancelled',
          'Cancelled before any object was read; the previous inventory was kept.',
          {},
          []
        )
      const reason = await connectFailureReason(error, device.name, endpoint, target)
      log.add('error', 'SYNC_CONNECT_FAILED', `Could not connect to ${device.name}: ${reason}`, {
        hint: 'Run Test Connection for details; nothing was changed.'
      })
      return finish(
        'failed',
        `Failed: could not connect to ${device.name} (${reason}). The previous inventory was kept.`,
        {},
        []
      )
    }

    const succeeded: string[] = []
    const failedTypes: RunSummary['failedTypes'] = []
    const staging = new StagingBatches((objects) => store.inventory.stage(runId, objects))
    emit({ typesTotal: plan.steps.length }, true)
    try {
      await mapLimit(plan.steps, plan.concurrency, async (step) => {
        if (signal.aborted) throw new CancelledError()
        emit({ objectType: step.type })
        try {
          for await (const batch of step.run({
            log,
            options,
            counted: (n) => emit({ objects: progress.objects + n })
          })) {
            if (signal.aborted) throw new CancelledError()
            staging.add(batch)
          }
          succeeded.push(step.type)
        } catch (error) {
          if (error instanceof CancelledError || signal.aborted) throw new CancelledError()
          const reason = failureReason(error, endpoint)
          failedTypes.push({ type: step.type, reason })
          log.add('error', 'SYNC_TYPE_FAILED', `${step.type} could not be synchronized: ${reason}`, {
            objectType: step.type,
            hint: 'Its previous inventory is kept. Check the network and the device, then synchronize again.'
          })
        }
        emit({ typesDone: progress.typesDone + 1 }, true)
      })
    } catch (error) {
      plan.close()
      store.inventory.discard(runId)
      if (error instanceof CancelledError)
        return finish('cancelled', 'Cancelled; the previous inventory was kept.', {}, [])
      throw error
    }
    plan.close()

    if (succeeded.length === 0) {
      store.inventory.discard(runId)
      return finish(
        'failed',
        `Failed: no object type could be synchronized (${failedTypes.map((f) => f.reason).at(0) ?? 'unknown reason'}). The previous inventory was kept.`,
        {},
        failedTypes
      )
    }
    staging.flush()
    const percent = store.settings.read().deletionGuardPercent
    let guard = decide([], percent)
    const { counts, committed } = store.inventory.commit(runId, device.id, plan.scope, succeeded, (c) => {
      guard = decide(lossesOf(c), percent, approval)
      return guard.held.length > 0
    })
    if (!committed) {
      logHeld(log, device, kind, guard.held, percent, approval)
      const losses = guard.held
        .slice(0, SUMMARY_HELD_TYPES)
        .map((t) => `${t.type} would lose ${describeLoss(t)}`)
      if (guard.held.length > SUMMARY_HELD_TYPES)
        losses.push(`${guard.held.length - SUMMARY_HELD_TYPES} more types too (see the log)`)
      return finish(
        'needs-approval',
        `Needs approval: ${losses.join('; ')}; ${describeGuard(percent)}. Nothing was changed: the previous inventory is kept for every type.`,
        {},
        failedTypes,
        { percent, types: guard.held }
      )
    }
    if (approval && guard.approved.length > 0) {
      for (const t of guard.approved)
        log.add(
          'info',
          'SYNC_GUARD_APPROVED',
          `${t.type}: ${describeLoss(t)} removed, beyond the deletion guard's ${percent} %, as approved for run ${approval.runId}.`,
          { objectType: t.type }
        )
      this.deps.audit.record('sync.removals-approved', device.name, {
        runId,
        kind,
        approvedRun: approval.runId,
        percent,
        types: guard.approved
      })
    }
    const objects = Object.values(counts).reduce((n, c) => n + c.added + c.changed + c.unchanged, 0)
    // "1 type", not "1 types": the summary is read in the Quick View and the Logs page.
    const counted = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`
    if (failedTypes.length > 0) {
      const names = failedTypes.map((f) => f.type).join(', ')
      // The types not read keep their previous objects, which are in the inventory as much as these.
      const inventory = store.inventory.typeCounts(device.id)
      const kept = failedTypes.reduce((n, f) => n + (inventory[f.type] ?? 0), 0)
      return finish(
        'partial',
        `Completed, but these object types could not be synchronized: [${names}]. ${objects + kept} objects of this synchronization's types are in the inventory: ${objects} read by this run, ${kept} kept from before for the types not synchronized.`,
        counts,
        failedTypes
      )
    }
    return finish(
      'succeeded',
      `Completed: ${counted(objects, 'object')} of ${counted(succeeded.length, 'type')}.`,
      counts,
      []
    )
  }

  cancel(runId: number): { cancelling: boolean } {
    const cancelling = this.deps.coordinator.cancel(runId)
    if (!cancelling) {
      const run = this.deps.store.syncRuns.get(runId)
      if (!run) throw new UserError('NOT_FOUND', `There is no run ${runId}.`, 'runId')
      throw new UserError(
        'CONFLICT',
        `Run ${runId} is not running (it ${run.status === 'succeeded' ? 'succeeded' : `is ${run.status}`}).`,
        'runId'
      )
    }
    return { cancelling }
  }

  /** What the device's last synchronizations read: a page of one type or of all, with the count per type. */
  inventory(query: { device: string; type?: string; search?: string; offset: number; limit: number }): {
    total: number
    items: InventoryItem[]
    types: Record<string, number>
  } {
    const { device, search, offset, limit } = query
    const deviceId = this.deps.devices.get(device).id
    const types = this.deps.store.inventory.typeCounts(deviceId)
    const type = query.type === undefined ? undefined : findObjectType(Object.keys(types), query.type)
    if (query.type !== undefined && type === undefined) {
      const held = Object.keys(types).map((t) => `${objectTypeLabel(t)} (${t})`)
      throw new UserError(
        'VALIDATION',
        `type: ${device} has no ${query.type} objects; it has ${held.join(', ') || 'none (synchronize it first)'}.`,
        'type'
      )
    }
    return { ...this.deps.store.inventory.list({ deviceId, type, search, offset, limit }), types }
  }
}
