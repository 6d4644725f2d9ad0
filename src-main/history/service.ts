import {
  domainRunKinds,
  type AuditEntry,
  type ComparisonBasis,
  type AuditFilter,
  type AuditPage,
  type AuditQuery,
  type ExportFile,
  type ExportFormat,
  type LogEntry,
  type LogExportQuery,
  type LogQuery,
  type RunComparison,
  type RunKind,
  type RunListQuery,
  type RunPage,
  type RunStats,
  type RunSummary
} from '../../src-preload/contract'
import { UserError } from '../core/errors'
import { domainRow } from '../domains/context'
import type { Store } from '../store'
import type { RunSubject } from '../store/syncRuns'
import { compareInventory, compareLogs, isTruncated } from './compare'
import { exportRows, fieldColumns, type Column } from './exportFile'

const LOG_COLUMNS: Column<LogEntry>[] = [
  { header: 'run', value: (e) => e.runId },
  ...fieldColumns<LogEntry>('seq', 'at', 'severity', 'code', 'objectType', 'objectName', 'message', 'hint')
]

const AUDIT_COLUMNS: Column<AuditEntry>[] = [
  ...fieldColumns<AuditEntry>('id', 'at', 'actor', 'action', 'target'),
  { header: 'details', value: (e) => JSON.stringify(e.details) }
]

/** Objects a run left in the inventory: what it added, changed and found unchanged. */
function objectsOf(run: RunSummary): number {
  return Object.values(run.counts).reduce((n, c) => n + c.added + c.changed + c.unchanged, 0)
}

/**
 * The run history across every kind (issue 8): the Logs page's list, comparisons, figures for plots and
 * exports. Reads the store only, so it works the same on a review bundle.
 */
export class RunHistory {
  constructor(private readonly store: Store) {}

  list(query: RunListQuery): RunPage {
    return this.store.syncRuns.page({ ...this.subject(query), ...query })
  }

  /** The newest `limit` runs' figures, oldest first (time runs left to right in a plot). */
  stats(query: {
    device?: string
    domain?: string
    job?: string
    kinds?: RunKind[]
    limit: number
  }): RunStats[] {
    const { runs } = this.store.syncRuns.page({
      ...this.subject(query),
      kinds: query.kinds,
      offset: 0,
      limit: query.limit
    })
    return runs.reverse().map((run) => ({
      runId: run.id,
      kind: run.kind,
      status: run.status,
      startedAt: run.startedAt,
      ...(run.finishedAt
        ? { durationMs: Math.max(0, Date.parse(run.finishedAt) - Date.parse(run.startedAt)) }
        : {}),
      objects: objectsOf(run),
      counts: run.counts
    }))
  }

  compare(query: { older: number; newer: number; limit: number }): RunComparison {
    const older = this.run(query.older, 'older')
    const newer = this.run(query.newer, 'newer')
    if (older.id > newer.id)
      throw new UserError(
        'VALIDATION',
        `newer: run ${newer.id} is older than run ${older.id}; swap them.`,
        'newer'
      )
    for (const [field, run] of [
      ['older', older],
      ['newer', newer]
    ] as const)
      if (run.status === 'running')
        throw new UserError(
          'VALIDATION',
          `${field}: run ${run.id} is still running; compare it once it has finished.`,
          field
        )
    if (older.kind !== newer.kind)
      throw new UserError(
        'VALIDATION',
        `newer: run ${newer.id} is a ${newer.kind} run and run ${older.id} a ${older.kind} run; only runs of one kind can be compared.`,
        'newer'
      )
    if (older.kind === 'job')
      throw new UserError(
        'VALIDATION',
        'older: job runs are not compared; compare the synchronizations they started.',
        'older'
      )
    const olderSubject = this.store.syncRuns.subjectOf(older.id) as RunSubject
    const newerSubject = this.store.syncRuns.subjectOf(newer.id) as RunSubject
    for (const [field, run, subject] of [
      ['older', older, olderSubject],
      ['newer', newer, newerSubject]
    ] as const)
      if (subject.deletedDevice !== undefined)
        throw new UserError(
          'VALIDATION',
          `${field}: run ${run.id} is of ${run.device}, a device that was deleted: its runs and logs are kept, but the inventory they are compared against went with the device.`,
          field
        )
    const sameSubject =
      olderSubject.deviceId === newerSubject.deviceId && olderSubject.domainId === newerSubject.domainId
    if (!sameSubject) {
      const what = (domainRunKinds as readonly RunKind[]).includes(older.kind) ? 'domain' : 'device'
      throw new UserError(
        'VALIDATION',
        `newer: run ${newer.id} is of ${what} ${newer.device} and run ${older.id} of ${older.device}; only runs of one ${what} can be compared.`,
        'newer'
      )
    }
    const basis: ComparisonBasis =
      olderSubject.deviceId !== undefined ? 'inventory' : older.kind === 'write-back' ? 'log' : 'users'
    const types =
      olderSubject.deviceId !== undefined
        ? this.compareDeviceRuns(olderSubject.deviceId, older, newer, query.limit)
        : basis === 'users'
          ? // Domain and LDAP runs both write the domain's users: every run in between counts.
            compareInventory(
              this.store.runChanges.between({ domainId: olderSubject.domainId! }, older.id, newer.id),
              query.limit
            )
          : compareLogs(
              this.store.syncLog.entries({ runId: older.id }),
              this.store.syncLog.entries({ runId: newer.id }),
              query.limit
            )
    return {
      older,
      newer,
      basis,
      types,
      ...(isTruncated(types) ? { truncated: true } : {})
    }
  }

  /** `sync:runs`: the synchronizations a job run started, a domain's runs, or a device's (or all devices'). */
  syncRuns(query: { device?: string; domain?: string; parentRunId?: number; limit: number }): RunSummary[] {
    const { store } = this
    if (query.parentRunId !== undefined) return store.syncRuns.children(query.parentRunId)
    if (query.domain !== undefined)
      return store.syncRuns.list({ domainId: domainRow(store, query.domain).id, limit: query.limit })
    const device = query.device === undefined ? undefined : store.devices.byName(query.device)
    if (query.device !== undefined && !device)
      throw new UserError('NOT_FOUND', `device: there is no device named "${query.device}".`, 'device')
    return store.syncRuns.list({ deviceId: device?.id, limit: query.limit })
  }

  get(runId: number): RunSummary {
    return this.run(runId, 'runId')
  }

  /** A page of a run's log; a run that does not exist is NOT_FOUND, not an empty log. */
  logEntries(query: LogQuery): { total: number; entries: LogEntry[] } {
    this.run(query.runId, 'runId')
    return this.store.syncLog.query(query)
  }

  exportLog(query: LogExportQuery): ExportFile {
    const { format, ...filter } = query
    this.run(filter.runId, 'runId')
    return exportRows(this.store.syncLog.entries(filter), format, LOG_COLUMNS, `run-${filter.runId}-log`)
  }

  auditPage(query: AuditQuery): AuditPage {
    return this.store.audit.page(query)
  }

  exportAudit(query: AuditFilter & { format: ExportFormat }): ExportFile {
    const { format, ...filter } = query
    return exportRows(this.store.audit.entries(filter), format, AUDIT_COLUMNS, 'audit-trail')
  }

  /**
   * Every inventory change of the device between the runs, from any of its runs (a change
   * notification poll in between counts), limited to the types runs of this kind synchronize.
   */
  private compareDeviceRuns(deviceId: number, older: RunSummary, newer: RunSummary, limit: number) {
    const types =
      older.kind === 'change-notification'
        ? undefined
        : new Set(
            this.store.syncRuns
              .between(deviceId, older.kind, older.id, newer.id)
              .flatMap((r) => Object.keys(r.counts))
          )
    const changes = [...this.store.runChanges.between({ deviceId }, older.id, newer.id)].filter(
      (c) => types === undefined || types.has(c.type)
    )
    return compareInventory(changes, limit)
  }

  private run(runId: number, field: string): RunSummary {
    const run = this.store.syncRuns.get(runId)
    if (!run) throw new UserError('NOT_FOUND', `${field}: there is no run ${runId}.`, field)
    return run
  }

  private subject(query: { device?: string; domain?: string; job?: string }): RunSubject {
    if (query.device !== undefined) {
      const device = this.store.devices.byName(query.device)
      if (device) return { deviceId: device.id }
      // A deleted device's runs stay under its name (migration 018).
      if (this.store.syncRuns.hasRunsOfDeletedDevice(query.device)) return { deletedDevice: query.device }
      throw new UserError('NOT_FOUND', `device: there is no device named ${query.device}.`, 'device')
    }
    if (query.domain !== undefined) return { domainId: domainRow(this.store, query.domain).id }
    if (query.job !== undefined) {
      const job = this.store.jobs.byName(query.job)
      if (!job) throw new UserError('NOT_FOUND', `job: there is no job named ${query.job}.`, 'job')
      return { jobId: job.id }
    }
    return {}
  }
}
