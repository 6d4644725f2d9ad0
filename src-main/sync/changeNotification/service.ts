import {
  describeLoss,
  type ChangeNotificationStatus,
  type Device,
  type HeldType,
  type RunCounts,
  type RunSummary
} from '../../../src-preload/contract'
import { AxlClient, AxlError } from '../../connectors/axl/client'
import { CUCM_INFRASTRUCTURE, CUCM_USER_OBJECTS, type AxlObjectSpec } from '../../connectors/axl/objects'
import type { HttpsTarget } from '../../connectors/common/http'
import { CancelledError, mapLimit } from '../../connectors/common/retry'
import { noTraffic, type Traffic } from '../../connectors/common/traffic'
import { endpointKey } from '../../connectors/common/tls'
import type { DeviceActivity } from '../../core/activity'
import type { Clock } from '../../core/clock'
import { UserError } from '../../core/errors'
import type { EventBus } from '../../core/events'
import type { DeviceService } from '../../devices/service'
import type { Store } from '../../store'
import type { StagedObject, StoredObject } from '../../store/inventory'
import type { SyncCoordinator } from '../coordinator'
import {
  DEFAULT_RUN_OPTIONS,
  appearanceObject,
  associationObject,
  prepareAxlObject,
  subscriptionObject,
  syncOptionsFor
} from '../device/objects'
import { decide, describeGuard } from '../device/deletionGuard'
import { deviceProfileServiceSql } from '../device/plans'
import { allowsUserSync, type DeviceSyncService } from '../device/service'
import { connectFailureReason } from '../failureReason'
import { RunLog } from '../runLog'
import { closingSeverity, endRun } from '../runEnd'

export const DEFAULT_INTERVAL_MINUTES = 5
const DEVICES_WITH_LINES = new Set(['Phone', 'DeviceProfile', 'RemoteDestinationProfile'])
/** Device profiles whose subscribed services are read per query (a long IN list stays modest). */
const PROFILES_PER_SERVICE_QUERY = 100
/**
 * Changed objects fetched at a time: the AXL client's connection limit, so that a poll's round trips
 * overlap instead of waiting one behind the other.
 */
export const CHANGE_FETCH_CONCURRENCY = 4

interface Deps {
  store: Store
  devices: DeviceService
  deviceSync: DeviceSyncService
  coordinator: SyncCoordinator
  activity: DeviceActivity
  events: EventBus
  clock: Clock
}

export interface QueuedChange {
  type: string
  uuid: string
  action: 'a' | 'u' | 'r'
}

/** The queue's position that says "a full synchronization is needed" (queue id changed or overflowed). */
class ResyncRequired extends Error {}

/** A change notification run under way: a poll, or the full synchronization that enabling starts. */
interface CnRun {
  runId: number
  device: Device
  log: RunLog
  signal: AbortSignal
  startedAt: string
  /** What the poll asked the device. */
  traffic: Traffic
  /** Lets go of the device, before the full synchronizations claim it. */
  releaseDevice: () => void
}

function versionAtLeast(version: string | undefined, major: number): boolean {
  const match = /^(\d+)(?:\.(\d+))?/.exec(version ?? '')
  return match !== null && Number(match[1]) >= major
}

function list<T>(value: unknown): T[] {
  return value === undefined || value === null || value === ''
    ? []
    : Array.isArray(value)
      ? (value as T[])
      : [value as T]
}

/**
 * Change notification for Unified CM 10.0+: listChange is polled on an interval and the changes are
 * applied to the inventory incrementally, in one transaction per poll. A changed queue id or an
 * overflowed queue falls back to full user and infrastructure synchronizations.
 */
export class ChangeNotificationService {
  private readonly specs = new Map<string, { spec: AxlObjectSpec; scope: 'infrastructure' | 'user' }>()

  constructor(private readonly deps: Deps) {
    for (const spec of CUCM_INFRASTRUCTURE) this.specs.set(spec.type, { spec, scope: 'infrastructure' })
    for (const spec of CUCM_USER_OBJECTS) this.specs.set(spec.type, { spec, scope: 'user' })
  }

  private supportProblem(device: Device): string | undefined {
    if (device.kind !== 'call-processor')
      return 'Change notification is offered for Call Processors (Unified CM) only.'
    if (!device.version)
      return 'The Unified CM version is not known yet: run Test Connection, or synchronize the device, first.'
    if (!versionAtLeast(device.version, 10))
      return `Change notification needs Unified CM 10.0 or later; ${device.name} runs ${device.version}.`
    return undefined
  }

  status(name: string): ChangeNotificationStatus {
    const device = this.deps.devices.get(name)
    const row = this.deps.store.changeNotification.get(device.id)
    const reason = this.supportProblem(device)
    return {
      device: device.name,
      supported: reason === undefined,
      ...(reason ? { reason } : {}),
      enabled: row?.enabled === 1,
      intervalMinutes: row?.interval_minutes ?? DEFAULT_INTERVAL_MINUTES,
      ...(row?.queue_id ? { queueId: row.queue_id } : {}),
      ...(row?.next_start_change_id ? { nextStartChangeId: row.next_start_change_id } : {}),
      ...(row?.last_poll_at ? { lastPollAt: row.last_poll_at } : {}),
      ...(row?.last_status ? { lastStatus: row.last_status } : {})
    }
  }

  /**
   * Turns change notification on or off. Turning it on takes the queue position and then runs full
   * infrastructure and user synchronizations, in a change notification run of their own (runId), so
   * the inventory starts from what the device has now: changes made while it was off are in it, and
   * a change between the position and the reads is replayed by the next poll, harmlessly. Already on
   * and following the queue, only the interval changes.
   */
  set(
    name: string,
    enabled: boolean,
    intervalMinutes?: number
  ): { status: ChangeNotificationStatus; runId?: number; done?: Promise<RunSummary> } {
    const { store, devices } = this.deps
    const device = devices.get(name)
    const row = store.changeNotification.get(device.id)
    const base = {
      device_id: device.id,
      interval_minutes: intervalMinutes ?? row?.interval_minutes ?? DEFAULT_INTERVAL_MINUTES,
      queue_id: row?.queue_id ?? null,
      next_start_change_id: row?.next_start_change_id ?? null,
      last_poll_at: row?.last_poll_at ?? null,
      last_status: row?.last_status ?? null
    }
    if (!enabled) {
      store.changeNotification.upsert({ ...base, enabled: 0 })
      return { status: this.status(name) }
    }
    const problem = this.supportProblem(device)
    if (problem) throw new UserError('VALIDATION', problem, 'device')
    if (row?.enabled === 1 && row.queue_id !== null) {
      store.changeNotification.upsert({ ...base, enabled: 1 })
      return { status: this.status(name) }
    }
    const started = this.begin(device, 'enabling change notification', async (run) => {
      run.log.add(
        'info',
        'CN_ENABLED',
        `Change notification enabled for ${device.name}: Switchboard takes the queue position, then synchronizes the device fully, so that changes made while it was off are not missed.`
      )
      return this.resynchronize(run, 'Change notification enabled')
    })
    // The position goes until the full synchronizations have read the device (see resynchronize).
    store.changeNotification.upsert({
      ...base,
      enabled: 1,
      queue_id: null,
      next_start_change_id: null,
      last_status: `Enabling: full synchronization running (run ${started.runId})`
    })
    return { status: this.status(name), ...started }
  }

  private async queuePosition(
    device: Device,
    target: HttpsTarget,
    signal: AbortSignal
  ): Promise<{ queueId: string; next: number }> {
    const axl = await AxlClient.connect({ target, signal })
    try {
      const info = (await axl.changes()).queueInfo as Record<string, string> | undefined
      if (!info?.queueId)
        throw new UserError('INTERNAL', `${device.name} answered listChange without a queue id.`)
      return { queueId: String(info.queueId), next: Number(info.nextStartChangeId) }
    } finally {
      axl.close()
    }
  }

  /** Polls once now; a change-notification run in the device's history, with its own log. */
  poll(name: string): { runId: number; done: Promise<RunSummary> } {
    const { store, devices } = this.deps
    const device = devices.get(name)
    const row = store.changeNotification.get(device.id)
    if (row?.enabled !== 1)
      throw new UserError(
        'VALIDATION',
        `Change notification is off for ${device.name}: enable it first.`,
        'device'
      )
    return this.begin(device, 'a change notification poll', (run) => this.execute(run))
  }

  /** Starts a change notification run: the one synchronization running, holding the device. */
  private begin(
    device: Device,
    what: string,
    body: (run: CnRun) => Promise<RunSummary>
  ): { runId: number; done: Promise<RunSummary> } {
    const { store, coordinator, activity, clock } = this.deps
    coordinator.assertIdle()
    const claim = activity.begin(device.id, device.name, what)
    let released = false
    // Once only: after its full synchronizations have claimed the device, a second call would free theirs.
    const releaseDevice = (): void => {
      if (!released) claim()
      released = true
    }
    let runId: number
    try {
      runId = store.syncRuns.start(device.id, device.name, 'change-notification', clock.now().toISOString())
    } catch (error) {
      releaseDevice()
      throw error
    }
    const controller = coordinator.register(runId, `${what} of ${device.name} (run ${runId})`, {
      runId,
      device: device.name,
      kind: 'change-notification',
      typesDone: 0,
      typesTotal: 1,
      objects: 0,
      percent: 0
    })
    const run: CnRun = {
      runId,
      device,
      log: new RunLog(store.syncLog, runId, clock),
      signal: controller.signal,
      startedAt: clock.now().toISOString(),
      traffic: noTraffic(),
      releaseDevice
    }
    const done = body(run).finally(() => {
      coordinator.release(runId)
      releaseDevice()
    })
    return { runId, done }
  }

  private finish(
    run: CnRun,
    status: Exclude<RunSummary['status'], 'running'>,
    summary: string,
    counts: RunCounts = {}
  ): RunSummary {
    const severity = closingSeverity(status)
    // A poll reports no progress, so it ends without a progress event.
    return endRun(
      this.deps,
      { runId: run.runId, log: run.log },
      { severity, code: 'CN_POLL_FINISHED' },
      { status, summary, counts, ...(run.traffic.requests > 0 ? { traffic: run.traffic } : {}) }
    )
  }

  private async execute(run: CnRun): Promise<RunSummary> {
    const { store } = this.deps
    const { device, log, signal, startedAt } = run
    const row = store.changeNotification.get(device.id)
    log.add(
      'info',
      'CN_POLL_STARTED',
      `Change notification poll of ${device.name} started at queue position ${row?.next_start_change_id ?? '?'}.`
    )
    let axl: AxlClient | undefined
    let target: HttpsTarget | undefined
    let lost: string
    // Ends whatever still fetches once the poll is over (a fetch failed while others were retrying).
    const over = new AbortController()
    try {
      if (!row?.queue_id || row.next_start_change_id === null)
        throw new ResyncRequired('no queue position is stored')
      target = this.deps.devices.connectionTarget(device.name)
      axl = await AxlClient.connect({
        target,
        signal: AbortSignal.any([signal, over.signal]),
        traffic: run.traffic
      })
      const { changes, queueId, next } = await this.readQueue(axl, row.queue_id, row.next_start_change_id)
      const counts = await this.apply(axl, device, run.runId, changes, log)
      store.changeNotification.upsert({
        ...row,
        queue_id: queueId,
        next_start_change_id: next,
        last_poll_at: startedAt,
        last_status: `${changes.length} changes applied`
      })
      return this.finish(
        run,
        'succeeded',
        `Applied ${changes.length} changes from the change notification queue.`,
        counts
      )
    } catch (error) {
      if (error instanceof CancelledError || signal.aborted)
        return this.finish(run, 'cancelled', 'Cancelled; nothing was applied.')
      if (!(error instanceof ResyncRequired)) {
        const reason = await connectFailureReason(
          error,
          device.name,
          endpointKey(device.host, device.port),
          target
        )
        if (row)
          store.changeNotification.upsert({
            ...row,
            last_poll_at: startedAt,
            last_status: `Failed: ${reason}`
          })
        return this.finish(
          run,
          'failed',
          `The poll failed: ${reason}. The inventory is unchanged; the next poll retries from the same position.`
        )
      }
      lost = error.message
    } finally {
      over.abort()
      axl?.close()
    }
    log.add('warning', 'CN_RESYNC_REQUIRED', `A full synchronization is needed: ${lost}.`, {
      hint: 'Switchboard takes a new queue position and runs full infrastructure and user synchronizations now, as part of this run.'
    })
    return this.resynchronize(run, `The change queue could not be followed (${lost})`)
  }

  /**
   * A new queue position, then full infrastructure and user synchronizations under this run (the
   * same rule as sync device --both: users follow a succeeded or partial infrastructure run). The
   * position is kept when both ran to an end a full synchronization may have (succeeded, partial or
   * held for approval); otherwise it is dropped, and the next poll starts over: the changes read
   * from it would be applied to an inventory that never caught up with the device.
   */
  private async resynchronize(run: CnRun, why: string): Promise<RunSummary> {
    const { store, coordinator, deviceSync } = this.deps
    const { device, log, runId, signal, startedAt } = run
    const settle = (lastStatus: string, position: { queueId: string; next: number } | null): void => {
      const row = store.changeNotification.get(device.id)
      if (row)
        store.changeNotification.upsert({
          ...row,
          queue_id: position?.queueId ?? null,
          next_start_change_id: position?.next ?? null,
          last_poll_at: startedAt,
          last_status: lastStatus
        })
    }
    let position: { queueId: string; next: number }
    let target: HttpsTarget | undefined
    try {
      target = this.deps.devices.connectionTarget(device.name)
      position = await this.queuePosition(device, target, signal)
    } catch (error) {
      if (error instanceof CancelledError || signal.aborted) {
        settle('Full synchronization needed: cancelled before the queue position was taken', null)
        return this.finish(run, 'cancelled', `${why}; cancelled before the queue position was taken.`)
      }
      const reason = await connectFailureReason(
        error,
        device.name,
        endpointKey(device.host, device.port),
        target
      )
      settle(`Full synchronization needed: ${reason}`, null)
      return this.finish(
        run,
        'failed',
        `${why}, but the queue position could not be taken: ${reason}. The next poll tries again.`
      )
    }
    log.add(
      'info',
      'CN_QUEUE_POSITION',
      `Queue ${position.queueId}, next change ${position.next}: polls apply the changes from here on.`
    )
    settle('Full synchronization running', position)
    run.releaseDevice()
    const ended: RunSummary[] = []
    let shortfall: string | undefined
    for (const kind of ['infrastructure', 'user'] as const) {
      if (signal.aborted) break
      const infrastructure = ended[0]
      if (kind === 'user' && infrastructure && !allowsUserSync(infrastructure.status)) {
        shortfall = `the user synchronization was skipped (its infrastructure synchronization ${infrastructure.status === 'needs-approval' ? 'needs approval' : `ended ${infrastructure.status}`})`
        log.add('warning', 'CN_FULL_SYNC_SKIPPED', `${capitalize(shortfall)}.`)
        break
      }
      let started: { runId: number; done: Promise<RunSummary> }
      try {
        started = coordinator.startChild(runId, () =>
          deviceSync.start(device.name, kind, DEFAULT_RUN_OPTIONS)
        )
      } catch (error) {
        if (!(error instanceof UserError)) throw error
        shortfall = `the ${kind} synchronization could not start: ${error.message.replace(/\.$/, '')}`
        log.add(
          'error',
          'CN_FULL_SYNC_NOT_STARTED',
          `The ${kind} synchronization could not start: ${error.message}`
        )
        break
      }
      store.syncRuns.setParent(started.runId, runId)
      log.add('info', 'CN_FULL_SYNC_STARTED', `Full ${kind} synchronization started as run ${started.runId}.`)
      log.flush()
      const result = await started.done
      ended.push(result)
      log.add(
        result.status === 'succeeded' ? 'info' : 'warning',
        'CN_FULL_SYNC_FINISHED',
        `Run ${result.id}, ${kind} synchronization: ${result.status}. ${result.summary ?? ''}`.trim()
      )
    }
    const outcome = ended.map((r) => `${r.kind} run ${r.id} ${r.status}`).join(', ')
    const summary = `${why}: queue position ${position.next} taken; full synchronization: ${outcome || 'none ran'}${shortfall ? `; ${shortfall}` : ''}.`
    const cancelled = signal.aborted || ended.some((r) => r.status === 'cancelled')
    const complete =
      ended.length === 2 && ended.every((r) => ['succeeded', 'partial', 'needs-approval'].includes(r.status))
    if (cancelled || !complete) {
      settle('Full synchronization needed: the last one did not complete; the next poll runs it again', null)
      return this.finish(
        run,
        cancelled ? 'cancelled' : 'failed',
        `${summary} The queue position was dropped: the next poll runs the full synchronization again.`
      )
    }
    const succeeded = ended.every((r) => r.status === 'succeeded')
    settle(
      succeeded
        ? `Full synchronization completed (runs ${ended.map((r) => r.id).join(', ')})`
        : `Full synchronization completed with problems: ${outcome}`,
      position
    )
    return this.finish(run, succeeded ? 'succeeded' : 'partial', summary)
  }

  /** Reads the queue from a position to its end (paged), collapsing repeated changes of one object. */
  private async readQueue(
    axl: AxlClient,
    queueId: string,
    start: number
  ): Promise<{ changes: QueuedChange[]; queueId: string; next: number }> {
    const latest = new Map<string, QueuedChange>()
    let next = start
    for (;;) {
      let response: Record<string, unknown>
      try {
        response = await axl.changes({ queueId, changeId: next })
      } catch (error) {
        if (error instanceof AxlError && error.details.axlcode === 5007)
          throw new ResyncRequired(error.message.replace(/\.$/, ''))
        throw error
      }
      const info = response.queueInfo as Record<string, string>
      for (const change of list<Record<string, unknown>>(
        (response.changes as { change?: unknown } | undefined)?.change
      )) {
        const attributes = change.attributes as { type: string; uuid: string }
        const action = String(change.action) as QueuedChange['action']
        const key = `${attributes.type}|${attributes.uuid.toUpperCase()}`
        const before = latest.get(key)
        // An add followed by updates is still an add; a removal is final.
        latest.set(key, {
          type: attributes.type,
          uuid: attributes.uuid.toUpperCase(),
          action: before?.action === 'a' && action === 'u' ? 'a' : action
        })
      }
      const nextStart = Number(info.nextStartChangeId)
      const last = Number(info.lastChangeId)
      if (nextStart === next || nextStart > last)
        return { changes: [...latest.values()], queueId: String(info.queueId), next: nextStart }
      next = nextStart
    }
  }

  /**
   * Brings objects an order has just written into the inventory, read from the device the way a poll
   * reads them (the inventory holds what the device answered, never what was sent). The removals are
   * the order's own, confirmed by the device, so the deletion guard does not hold them.
   */
  refreshObjects(
    axl: AxlClient,
    device: Device,
    runId: number,
    changes: QueuedChange[],
    log: RunLog
  ): Promise<RunCounts> {
    return this.apply(axl, device, runId, changes, log, false)
  }

  /** Fetches what changed and applies it to the inventory in one transaction. */
  private async apply(
    axl: AxlClient,
    device: Device,
    runId: number,
    changes: QueuedChange[],
    log: RunLog,
    guarded = true
  ): Promise<RunCounts> {
    const { store } = this.deps
    const counts: RunCounts = {}
    const count = (type: string, what: 'added' | 'changed' | 'removed'): void => {
      counts[type] ??= { added: 0, changed: 0, removed: 0, unchanged: 0 }
      counts[type][what] += 1
    }
    const upserts: (StagedObject & { scope: 'infrastructure' | 'user' })[] = []
    const deletes: { type: string; key: string }[] = []
    const deleteByPrefix: { type: string; prefix: string }[] = []
    // Rows that hang off a changed phone or line, looked up in one pass over their type when first
    // needed (one query per changed object scanned the whole type each time).
    const associationsByDevice = lazyIndex(() =>
      store.inventory
        .objects(device.id, 'UserDeviceAssociation')
        .map((a) => ({ group: a.data.device, key: a.key }))
    )
    const appearancesByPattern = lazyIndex(() =>
      store.inventory.objects(device.id, 'LineAppearance').map((a) => ({
        group: a.data.pattern,
        key: a.key,
        partition: a.data.partition
      }))
    )
    const dropDependents = (type: string, stored: StoredObject | undefined): void => {
      if (!stored) return
      if (DEVICES_WITH_LINES.has(type))
        deleteByPrefix.push({ type: 'LineAppearance', prefix: `${stored.name}#` })
      if (type === 'DeviceProfile')
        deleteByPrefix.push({ type: 'DeviceProfileService', prefix: `${stored.name}#` })
      if (type === 'Phone')
        for (const { key } of associationsByDevice().get(stored.name) ?? [])
          deletes.push({ type: 'UserDeviceAssociation', key })
      if (type === 'Line') {
        const line = JSON.parse(stored.data) as { pattern?: string; routePartitionName?: string }
        for (const appearance of appearancesByPattern().get(line.pattern ?? '') ?? [])
          if (appearance.partition === (line.routePartitionName ?? ''))
            deletes.push({ type: 'LineAppearance', key: appearance.key })
      }
    }
    const changedProfiles: string[] = []
    // The same rules as a full synchronization: a poll keeps what a synchronization of the device keeps.
    const options = syncOptionsFor(device)
    // Fetched at a bounded concurrency, applied in queue order. A failed fetch fails the poll (nothing
    // is applied, and the fetches still in flight end with it); only an object the server no longer
    // has counts as removed.
    const fetched = await mapLimit(changes, CHANGE_FETCH_CONCURRENCY, async (change) => {
      const known = this.specs.get(change.type)
      return known && change.action !== 'r' ? axl.get(known.spec, change.uuid) : undefined
    })
    for (const [index, change] of changes.entries()) {
      const known = this.specs.get(change.type)
      if (!known) continue
      const stored = store.inventory.get(device.id, change.type, change.uuid)
      const current = fetched[index]
      if (!current) {
        if (stored) {
          dropDependents(change.type, stored)
          deletes.push({ type: change.type, key: change.uuid })
          count(change.type, 'removed')
        }
        continue
      }
      const prepared = prepareAxlObject(known.spec, current.object, log, options, device.name)
      if (DEVICES_WITH_LINES.has(change.type)) dropDependents(change.type, stored)
      if (!prepared) {
        if (stored) deletes.push({ type: change.type, key: change.uuid })
        continue
      }
      upserts.push({ ...prepared, scope: known.scope })
      count(change.type, stored ? 'changed' : 'added')
      if (DEVICES_WITH_LINES.has(change.type)) {
        for (const line of current.lines)
          upserts.push({ ...appearanceObject({ device: prepared.name, ...line }), scope: 'user' })
        const owner = current.object.fields.ownerUserName
        if (change.type === 'Phone' && typeof owner === 'string' && owner !== '')
          upserts.push({ ...associationObject({ userid: owner, device: prepared.name }), scope: 'user' })
      }
      if (change.type === 'DeviceProfile') changedProfiles.push(prepared.name)
    }
    // Subscribed services of changed profiles: the same query as a full synchronization, narrowed by name.
    for (let i = 0; i < changedProfiles.length; i += PROFILES_PER_SERVICE_QUERY) {
      const sql = deviceProfileServiceSql(changedProfiles.slice(i, i + PROFILES_PER_SERVICE_QUERY))
      for await (const rows of axl.sql(sql))
        for (const r of rows)
          upserts.push({
            ...subscriptionObject({ device: r.device, service: r.service, url: r.url }),
            scope: 'user'
          })
    }
    // A burst of removals is not applied from deltas: a full synchronization reads the device again,
    // and its own deletion guard holds the run for approval if the objects are really gone.
    const percent = store.settings.read().deletionGuardPercent
    let held: HeldType[] = []
    const applied = store.inventory.applyChanges(
      device.id,
      runId,
      { upserts, deletes, deleteByPrefix },
      (losses) => guarded && (held = decide(losses, percent).held).length > 0
    )
    if (!applied) {
      for (const t of held)
        log.add(
          'warning',
          'CN_GUARD_HELD',
          `${t.type}: this poll would remove ${describeLoss(t)}; ${describeGuard(percent)}. Nothing of the poll was applied.`,
          {
            objectType: t.type,
            hint: 'A full synchronization follows; if it finds the objects gone too, it waits for your approval.'
          }
        )
      throw new ResyncRequired(
        `the poll would remove more than the deletion guard allows: ${held.map((t) => `${t.type} ${describeLoss(t)}`).join(', ')}`
      )
    }
    log.add(
      'info',
      'CN_APPLIED',
      `${upserts.length} objects written, ${deletes.length + deleteByPrefix.length} removals applied.`
    )
    return counts
  }

  /** Called on a timer by long-running hosts: polls every enabled device whose interval has passed. */
  tick(): void {
    const now = this.deps.clock.now().getTime()
    for (const row of this.deps.store.changeNotification.enabled()) {
      const due =
        row.last_poll_at === null || now - Date.parse(row.last_poll_at) >= row.interval_minutes * 60_000
      if (!due) continue
      const device = this.deps.store.devices.byId(row.device_id)
      if (!device) continue
      try {
        this.poll(device.name).done.catch(() => undefined)
      } catch {
        // Another synchronization runs: this device is polled on a later tick.
      }
      return
    }
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

/**
 * Groups rows by a text value (rows without one belong to no group), built on first use: a poll that
 * changes no phone never reads associations.
 */
function lazyIndex<T extends { group: unknown }>(rows: () => T[]): () => Map<string, T[]> {
  let index: Map<string, T[]> | undefined
  return () => {
    if (!index) {
      index = new Map()
      for (const row of rows()) {
        if (typeof row.group !== 'string') continue
        const group = index.get(row.group)
        if (group) group.push(row)
        else index.set(row.group, [row])
      }
    }
    return index
  }
}
