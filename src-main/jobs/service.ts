// Administration → Schedule Synchronization (SCHED-01 … SCHED-15): jobs, their schedule, Run Now,
// Cancel, and the queue of work waiting for the running synchronization to end. Scheduled LDAP
// synchronizations of domains (LDAP-47) wait in the same queue.
import type {
  Job,
  JobCancelOutcome,
  JobPreview,
  JobRunOutcome,
  JobSelection,
  JobState,
  ParsedInput,
  QueuedWork,
  RunSummary
} from '../../src-preload/contract'
import type { Audit } from '../audit'
import type { Clock } from '../core/clock'
import { UserError } from '../core/errors'
import type { EventBus } from '../core/events'
import type { Store } from '../store'
import type { JobDefinition, JobRow } from '../store/jobs'
import type { SyncCoordinator } from '../sync/coordinator'
import type { DirectorySyncService } from '../sync/directory/service'
import { planJob, type KnownTargets } from './plan'
import { instantOfText, latestOccurrence, nextOccurrence } from './recurrence'
import type { JobRunner } from './runner'

/** Later than this after its time, a start counts as missed (the app was closed or busy). */
const MISSED_AFTER_MS = 2 * 60_000

export interface JobServiceDeps {
  store: Store
  events: EventBus
  clock: Clock
  coordinator: SyncCoordinator
  runner: JobRunner
  directorySync: DirectorySyncService
  audit: Audit
  /** The zone a job's start is read in when the caller names none (the Core's own). */
  defaultTimeZone: string
}

type QueueItem =
  | {
      kind: 'job'
      jobId: number
      name: string
      since: string
      notes: string[]
      /** When the schedule (not a person) started it: the time it was due, for the audit trail. */
      dueAt?: string
    }
  | { kind: 'ldap'; domain: string; since: string; dueAt: number }

const DEFAULT_OPTIONS = { forceDomainSync: false, parallel: false, abortOnFailure: false }

export class JobService {
  private readonly queue: QueueItem[] = []
  /** Job id → its running job run. */
  private readonly running = new Map<number, number>()
  /** Canceled jobs run once by Run Now: their schedule stays off afterwards (SCHED-06). */
  private readonly runOnceWhileCanceled = new Set<number>()
  /** Domain → the scheduled LDAP occurrence already started (or tried), so it is not repeated. */
  private readonly ldapOccurrenceTaken = new Map<string, number>()

  constructor(private readonly deps: JobServiceDeps) {
    // Whatever ends, queued work may go next (after the ending run has released its slot).
    deps.events.subscribe((event) => {
      if (event === 'sync:finished') setImmediate(() => this.pump())
    })
  }

  list(): Job[] {
    return this.deps.store.jobs.list().map((row) => this.toJob(row))
  }

  get(name: string): Job {
    return this.toJob(this.row(name))
  }

  add(input: ParsedInput<'jobs:add'>): Job {
    const { store, clock } = this.deps
    if (store.jobs.byName(input.name))
      throw new UserError('CONFLICT', `name: a job named ${input.name} already exists.`, 'name')
    const now = clock.now()
    const definition = this.definition({
      name: input.name,
      frequency: input.frequency ?? { every: 'once' },
      startAt: input.startAt ?? now.toISOString(),
      timeZone: input.timeZone ?? this.deps.defaultTimeZone,
      selection: input.selection ?? { kind: 'builder', choice: 'all' },
      options: { ...DEFAULT_OPTIONS, ...input.options }
    })
    store.jobs.insert(definition, now.toISOString())
    this.changed(definition.name)
    return this.get(definition.name)
  }

  edit(name: string, changes: ParsedInput<'jobs:edit'>['changes']): Job {
    const { store, clock } = this.deps
    const row = this.row(name)
    this.assertNotActive(row, 'edited')
    if (
      changes.name &&
      changes.name.toLowerCase() !== row.name.toLowerCase() &&
      store.jobs.byName(changes.name)
    )
      throw new UserError('CONFLICT', `name: a job named ${changes.name} already exists.`, 'name')
    // A selection is checked when it is written: an edit of the schedule alone must stay possible
    // for a job whose selection names a device deleted since (its runs report that line as failed).
    const definition = this.definition(
      {
        name: changes.name ?? row.name,
        frequency: changes.frequency ?? row.frequency,
        startAt: changes.startAt ?? row.startAt,
        timeZone: changes.timeZone ?? row.timeZone,
        selection: changes.selection ?? row.selection,
        options: { ...row.options, ...changes.options }
      },
      changes.selection !== undefined
    )
    store.jobs.update(row.id, definition, clock.now().toISOString())
    this.changed(definition.name)
    return this.get(definition.name)
  }

  /** Deletes all the named jobs or, when one is running or unknown, none of them. */
  delete(names: string[]): { deleted: string[] } {
    const { store } = this.deps
    const rows = names.map((n) => this.row(n))
    for (const row of rows) this.assertNotActive(row, 'deleted', ['queued'])
    store.transaction(() => {
      for (const row of rows) store.jobs.delete(row.id)
    })
    for (const row of rows) {
      this.dropFromQueue(row.id)
    }
    this.changed()
    return { deleted: rows.map((r) => r.name) }
  }

  /** Run Now (SCHED-03): each job starts now, or waits in the queue behind what runs. */
  runNow(names: string[]): JobRunOutcome[] {
    const rows = names.map((n) => this.row(n))
    const outcomes = rows.map((row): JobRunOutcome => {
      if (this.running.has(row.id)) return { name: row.name, outcome: 'already-running' }
      if (this.queue.some((q) => q.kind === 'job' && q.jobId === row.id))
        return { name: row.name, outcome: 'already-queued' }
      if (row.state === 'canceled') this.runOnceWhileCanceled.add(row.id)
      this.enqueue(row, [])
      return { name: row.name, outcome: 'queued' }
    })
    this.pump()
    return outcomes.map((o) =>
      o.outcome === 'queued' && this.running.has(this.row(o.name).id) ? { ...o, outcome: 'started' } : o
    )
  }

  /** SCHED-06: a running job goes canceling, then canceled; others are canceled at once. */
  cancel(names: string[]): JobCancelOutcome[] {
    const { store, coordinator } = this.deps
    const rows = names.map((n) => this.row(n))
    const outcomes = rows.map((row): JobCancelOutcome => {
      const runId = this.running.get(row.id)
      if (runId !== undefined) {
        store.jobs.setState(row.id, 'canceling')
        coordinator.cancel(runId)
        return { name: row.name, outcome: 'canceling' }
      }
      this.dropFromQueue(row.id)
      store.jobs.setState(row.id, 'canceled', null)
      return { name: row.name, outcome: 'canceled' }
    })
    this.changed()
    return outcomes
  }

  /** Synchronization Preview (SCHED-07): what the job would run, in order; nothing runs. */
  preview(selection: JobSelection): JobPreview {
    return planJob(selection, this.knownTargets())
  }

  runs(name: string, limit: number): RunSummary[] {
    return this.deps.store.syncRuns.listForJob(this.row(name).id, limit)
  }

  /** What waits for the running synchronization to end, in order. */
  queued(): QueuedWork[] {
    return this.queue.map((item, index) => ({
      position: index + 1,
      label: item.kind === 'job' ? `job ${item.name}` : `scheduled LDAP synchronization of ${item.domain}`,
      since: item.since
    }))
  }

  /**
   * The command line's `sync all|… [options]` and `sync -g FILE`: the same plan and runner as a job,
   * run at once under a job run that belongs to no stored job.
   */
  runUnsaved(
    label: string,
    selection: JobSelection,
    options: Partial<typeof DEFAULT_OPTIONS>
  ): {
    runId: number
    done: Promise<RunSummary>
  } {
    const plan = this.preview(selection)
    if (plan.problems.length > 0) throw planError(plan, selection)
    return this.deps.runner.start({ name: label }, plan.steps, { ...DEFAULT_OPTIONS, ...options })
  }

  /** At start: what a previous process left queued or running waits for its schedule again. */
  recover(): void {
    this.deps.store.jobs.resetUnfinished()
  }

  /** The background timer: due jobs and scheduled LDAP synchronizations join the queue. */
  tick(): void {
    const { store, clock } = this.deps
    const now = clock.now()
    for (const row of store.jobs.due(now.toISOString())) {
      const due = Date.parse(row.nextRunAt as string)
      const notes =
        now.getTime() - due > MISSED_AFTER_MS
          ? [
              `This run was due at ${row.nextRunAt} and was missed (Switchboard was closed or busy); it runs once now. Runs missed in between are not repeated.`
            ]
          : []
      this.enqueue(row, notes, row.nextRunAt)
    }
    this.scheduleLdap(now.getTime())
    this.pump()
  }

  // ---------- internals ----------

  private scheduleLdap(now: number): void {
    const { store } = this.deps
    for (const domain of store.domains.all()) {
      const stored = store.ldapSettings.get(domain.id)?.settings
      if (!stored || stored.mode !== 'auth-sync' || !stored.intervalHours || !stored.startAt) continue
      const occurrence = latestOccurrence(
        Date.parse(stored.startAt),
        { every: 'hours', count: stored.intervalHours },
        'UTC',
        now
      )
      if (occurrence === undefined || this.ldapOccurrenceTaken.get(domain.name) === occurrence) continue
      const last = store.syncRuns.list({ domainId: domain.id, kind: 'ldap', limit: 1 })[0]
      if (last && Date.parse(last.startedAt) >= occurrence) continue
      if (this.queue.some((q) => q.kind === 'ldap' && q.domain === domain.name)) continue
      this.queue.push({
        kind: 'ldap',
        domain: domain.name,
        since: new Date(now).toISOString(),
        dueAt: occurrence
      })
    }
  }

  private enqueue(row: JobRow, notes: string[], dueAt?: string): void {
    this.queue.push({
      kind: 'job',
      jobId: row.id,
      name: row.name,
      since: this.deps.clock.now().toISOString(),
      notes,
      ...(dueAt ? { dueAt } : {})
    })
    this.deps.store.jobs.setState(row.id, 'queued')
    this.changed(row.name)
  }

  private dropFromQueue(jobId: number): void {
    this.runOnceWhileCanceled.delete(jobId)
    const index = this.queue.findIndex((q) => q.kind === 'job' && q.jobId === jobId)
    if (index >= 0) this.queue.splice(index, 1)
  }

  /** Starts the head of the queue when nothing runs (SYNC-05: one synchronization at a time). */
  private pump(): void {
    const { coordinator } = this.deps
    while (this.queue.length > 0 && coordinator.isIdle()) {
      const item = this.queue.shift() as QueueItem
      if (item.kind === 'ldap') this.startScheduledLdap(item)
      else this.startJob(item)
    }
  }

  private startScheduledLdap(item: Extract<QueueItem, { kind: 'ldap' }>): void {
    this.ldapOccurrenceTaken.set(item.domain, item.dueAt)
    try {
      const { done } = this.deps.directorySync.start(item.domain)
      done.catch((error: unknown) => this.deps.audit.failure('ldap.scheduled-run-failed', item.domain, error))
      this.deps.audit.record('ldap.scheduled-run', item.domain, { dueAt: new Date(item.dueAt).toISOString() })
    } catch (error) {
      this.deps.audit.failure('ldap.scheduled-run-refused', item.domain, error)
    }
  }

  private startJob(item: Extract<QueueItem, { kind: 'job' }>): void {
    const { store, runner } = this.deps
    const row = store.jobs.byId(item.jobId)
    if (!row) return
    const plan = this.preview(row.selection)
    let started
    try {
      started = runner.start(
        { id: row.id, name: row.name },
        plan.steps,
        row.options,
        item.notes,
        plan.problems
      )
    } catch (error) {
      // Another start won the race for the slot: wait for it.
      if (error instanceof UserError && error.code === 'BUSY') {
        this.queue.unshift(item)
        return
      }
      throw error
    }
    this.running.set(row.id, started.runId)
    // A person's jobs:run is audited by the contract; a start by the schedule is audited here.
    if (item.dueAt)
      this.deps.audit.record('job.scheduled-run', row.name, { dueAt: item.dueAt, runId: started.runId })
    store.jobs.setState(row.id, 'running')
    this.changed(row.name)
    void started.done
      .then((run) => this.finished(row.id, run))
      .catch((error: unknown) => {
        this.running.delete(row.id)
        this.deps.audit.failure('job.run-failed', row.name, error)
      })
  }

  private finished(jobId: number, run: RunSummary): void {
    const { store, clock } = this.deps
    this.running.delete(jobId)
    const row = store.jobs.byId(jobId)
    if (!row) return
    const stayCanceled = this.runOnceWhileCanceled.delete(jobId)
    if (run.status === 'cancelled' || stayCanceled) {
      store.jobs.setState(jobId, 'canceled', null)
    } else {
      const next = this.nextRun(row, clock.now().getTime())
      store.jobs.setState(jobId, next ? 'scheduled' : 'completed', next ?? null)
    }
    this.changed(row.name)
  }

  /** The next start after `after`, or undefined when a one-time job has had its turn. */
  private nextRun(
    row: Pick<JobRow, 'startAt' | 'frequency' | 'timeZone'>,
    after: number
  ): string | undefined {
    const next = nextOccurrence(Date.parse(row.startAt), row.frequency, row.timeZone, after)
    return next === undefined ? undefined : new Date(next).toISOString()
  }

  /** Checks the names a granular job refers to and computes its first start. */
  private definition(
    fields: Omit<JobDefinition, 'state' | 'nextRunAt'>,
    checkSelection = true
  ): JobDefinition {
    const plan = checkSelection ? this.preview(fields.selection) : undefined
    if (plan && plan.problems.length > 0) throw planError(plan, fields.selection)
    const startAt = new Date(instantOfText(fields.startAt, fields.timeZone)).toISOString()
    const now = this.deps.clock.now().getTime()
    // A start now or in the past is due at once (One Time with the default start runs right away).
    const next =
      Date.parse(startAt) >= now - MISSED_AFTER_MS
        ? startAt
        : this.nextRun({ ...fields, startAt }, now - MISSED_AFTER_MS)
    return {
      ...fields,
      startAt,
      state: next ? 'scheduled' : 'completed',
      ...(next ? { nextRunAt: next } : {})
    }
  }

  private knownTargets(): KnownTargets {
    const { store } = this.deps
    const devices = store.devices.all()
    return {
      devices: devices.map((d) => ({ name: d.name, kind: d.kind })),
      domains: store.domains.all().map((d) => {
        const directory = devices.find((dev) => dev.id === d.directory_id)
        const synchronizes = store.ldapSettings.get(d.id)?.settings.mode === 'auth-sync'
        return { name: d.name, ...(directory && synchronizes ? { directory: directory.name } : {}) }
      })
    }
  }

  private assertNotActive(row: JobRow, verb: string, alsoRefuse: JobState[] = []): void {
    if (this.running.has(row.id) || row.state === 'canceling' || alsoRefuse.includes(row.state))
      throw new UserError(
        'BUSY',
        `Job ${row.name} is ${row.state}: it cannot be ${verb} now. Cancel it or wait for it to finish.`,
        'name'
      )
  }

  private row(name: string): JobRow {
    const row = this.deps.store.jobs.byName(name)
    if (!row) throw new UserError('NOT_FOUND', `name: there is no job named ${name}.`, 'name')
    return row
  }

  private toJob(row: JobRow): Job {
    const last = this.deps.store.syncRuns.listForJob(row.id, 1)[0]
    return {
      name: row.name,
      frequency: row.frequency,
      startAt: row.startAt,
      timeZone: row.timeZone,
      selection: row.selection,
      options: row.options,
      state: row.state,
      ...(row.nextRunAt ? { nextRunAt: row.nextRunAt } : {}),
      // A canceled job shows no synchronization status (SCHED-06).
      ...(last && row.state !== 'canceled'
        ? {
            lastRun: {
              runId: last.id,
              status: last.status,
              startedAt: last.startedAt,
              ...(last.finishedAt ? { finishedAt: last.finishedAt } : {})
            }
          }
        : {}),
      createdAt: row.createdAt,
      updatedAt: row.updatedAt
    }
  }

  private changed(name?: string): void {
    this.deps.events.emit('jobs:changed', name ? { name } : {})
  }
}

/** The plan's problems, on the field the user wrote: a granular selection's text, else the selection. */
function planError(plan: JobPreview, selection: JobSelection): UserError {
  const field = selection.kind === 'granular' ? 'selection.text' : 'selection'
  return new UserError(
    'VALIDATION',
    `${field}: ${plan.problems.map((p) => `line ${p.line} (${p.text}): ${p.problem}`).join('; ')}`,
    field
  )
}
