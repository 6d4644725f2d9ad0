import {
  runKinds,
  runStatuses,
  type DeletionHold,
  type RunCounts,
  type RunKind,
  type RunRetention,
  type RunStatus,
  type RunTraffic,
  type RunSummary
} from '../../src-preload/contract'
import type { Db } from './db'
import { rowReader, type RowReader } from './rows'
import { listedValue } from './vocabulary'

/** Neither is checked by the table (migration 019), so both are checked here on the way in. */
const checkedKind = listedValue(runKinds, "a run's kind")
type FinalStatus = Exclude<RunStatus, 'running'>
const checkedFinalStatus = listedValue(
  runStatuses.filter((status) => status !== 'running') as [FinalStatus, ...FinalStatus[]],
  "a run's final status"
)

/**
 * Whose runs: a device's, a domain's or a stored job's (ids), the runs a deleted device left under
 * its name, or everyone's when none is given.
 */
export interface RunSubject {
  deviceId?: number
  domainId?: number
  jobId?: number
  deletedDevice?: string
}

/** Runs of a device that was deleted: they belong to no device, domain or job any more (migration 018). */
const OF_DELETED_DEVICE =
  "device_id IS NULL AND domain_id IS NULL AND job_id IS NULL AND kind <> 'job' AND device_name = @deletedDevice COLLATE NOCASE"

export interface RunPageFilter extends RunSubject {
  /** Part of the device's, domain's or job's name. */
  name?: string
  kinds?: RunKind[]
  statuses?: RunStatus[]
  from?: string
  to?: string
  offset: number
  limit: number
}

interface SyncRunRow {
  id: number
  device_id: number | null
  parent_run_id: number | null
  device_name: string
  kind: RunKind
  status: RunStatus
  started_at: string
  finished_at: string | null
  summary: string | null
  counts: string
  failed_types: string
  held: string | null
  traffic: string | null
}

function toSummary(row: SyncRunRow): RunSummary {
  return {
    id: row.id,
    device: row.device_name,
    kind: row.kind,
    status: row.status,
    ...(row.parent_run_id ? { parentRunId: row.parent_run_id } : {}),
    startedAt: row.started_at,
    ...(row.finished_at ? { finishedAt: row.finished_at } : {}),
    ...(row.summary ? { summary: row.summary } : {}),
    counts: JSON.parse(row.counts) as RunCounts,
    failedTypes: JSON.parse(row.failed_types) as RunSummary['failedTypes'],
    ...(row.held ? { held: JSON.parse(row.held) as DeletionHold } : {}),
    ...(row.traffic ? { traffic: JSON.parse(row.traffic) as RunTraffic } : {})
  }
}

/** One row per synchronization run; the history the Logs page and Quick View read. */
export class SyncRunsTable {
  private readonly rows: RowReader<RunSummary>

  constructor(private readonly db: Db) {
    this.rows = rowReader(db, toSummary)
  }

  start(deviceId: number, deviceName: string, kind: RunKind, at: string): number {
    return Number(
      this.db
        .prepare(
          "INSERT INTO sync_runs (device_id, device_name, kind, status, started_at) VALUES (?, ?, ?, 'running', ?)"
        )
        .run(deviceId, deviceName, checkedKind(kind), at).lastInsertRowid
    )
  }

  startForDomain(
    domainId: number,
    domainName: string,
    kind: 'domain' | 'ldap' | 'write-back',
    at: string
  ): number {
    return Number(
      this.db
        .prepare(
          "INSERT INTO sync_runs (domain_id, device_name, kind, status, started_at) VALUES (?, ?, ?, 'running', ?)"
        )
        .run(domainId, domainName, checkedKind(kind), at).lastInsertRowid
    )
  }

  /** A job's run (jobId undefined for a command-line run of a plan that is no stored job). */
  startJob(jobId: number | undefined, name: string, at: string): number {
    return Number(
      this.db
        .prepare(
          "INSERT INTO sync_runs (job_id, device_name, kind, status, started_at) VALUES (?, ?, 'job', 'running', ?)"
        )
        .run(jobId ?? null, name, at).lastInsertRowid
    )
  }

  /** Links a synchronization to the job run that started it. */
  setParent(runId: number, parentRunId: number): void {
    this.db.prepare('UPDATE sync_runs SET parent_run_id = ? WHERE id = ?').run(parentRunId, runId)
  }

  /** The synchronizations a job run started, in start order. */
  children(parentRunId: number): RunSummary[] {
    return this.rows.all('SELECT * FROM sync_runs WHERE parent_run_id = ? ORDER BY id', parentRunId)
  }

  /** The runs of a job, newest first. */
  listForJob(jobId: number, limit: number): RunSummary[] {
    return this.rows.all('SELECT * FROM sync_runs WHERE job_id = ? ORDER BY id DESC LIMIT ?', jobId, limit)
  }

  finish(
    id: number,
    result: {
      status: Exclude<RunStatus, 'running'>
      at: string
      summary: string
      counts: RunCounts
      failedTypes: RunSummary['failedTypes']
      held?: DeletionHold
      traffic?: RunTraffic
    }
  ): void {
    this.db
      .prepare(
        'UPDATE sync_runs SET status = ?, finished_at = ?, summary = ?, counts = ?, failed_types = ?, held = ?, traffic = ? WHERE id = ?'
      )
      .run(
        checkedFinalStatus(result.status),
        result.at,
        result.summary,
        JSON.stringify(result.counts),
        JSON.stringify(result.failedTypes),
        result.held ? JSON.stringify(result.held) : null,
        result.traffic ? JSON.stringify(result.traffic) : null,
        id
      )
  }

  /** Runs a previous process left "running" were interrupted (crash, kill, power loss). */
  interruptRunning(at: string): number {
    return this.db
      .prepare(
        "UPDATE sync_runs SET status = 'interrupted', finished_at = ?, summary = 'Switchboard stopped before this run finished; the previous inventory was kept.' WHERE status = 'running'"
      )
      .run(at).changes
  }

  get(id: number): RunSummary | undefined {
    return this.rows.first('SELECT * FROM sync_runs WHERE id = ?', id)
  }

  list(filter: { deviceId?: number; domainId?: number; kind?: RunKind; limit: number }): RunSummary[] {
    const where: string[] = []
    if (filter.deviceId !== undefined) where.push('device_id = @deviceId')
    if (filter.domainId !== undefined) where.push('domain_id = @domainId')
    if (filter.kind !== undefined) where.push('kind = @kind')
    const rows = this.db
      .prepare(
        `SELECT * FROM sync_runs ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT @limit`
      )
      .all({ deviceId: filter.deviceId, domainId: filter.domainId, kind: filter.kind, limit: filter.limit })
    return (rows as SyncRunRow[]).map(toSummary)
  }

  /** A page of runs, newest first, with how many match in all. */
  page(filter: RunPageFilter): { total: number; runs: RunSummary[] } {
    const where = subjectWhere(filter)
    if (filter.name !== undefined) where.push("device_name LIKE @name ESCAPE '\\'")
    if (filter.kinds) where.push('kind IN (SELECT value FROM json_each(@kinds))')
    if (filter.statuses) where.push('status IN (SELECT value FROM json_each(@statuses))')
    if (filter.from !== undefined) where.push('started_at >= @from')
    if (filter.to !== undefined) where.push('started_at <= @to')
    const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''
    const params = {
      ...subjectParams(filter),
      name: filter.name === undefined ? null : `%${filter.name.replace(/[\\%_]/g, (c) => `\\${c}`)}%`,
      kinds: filter.kinds ? JSON.stringify(filter.kinds) : null,
      statuses: filter.statuses ? JSON.stringify(filter.statuses) : null,
      // Stored times are UTC ISO strings: bounds in other offsets are brought to the same form.
      from: filter.from === undefined ? null : new Date(filter.from).toISOString(),
      to: filter.to === undefined ? null : new Date(filter.to).toISOString(),
      limit: filter.limit,
      offset: filter.offset
    }
    const total = (
      this.db.prepare(`SELECT COUNT(*) AS n FROM sync_runs ${clause}`).get(params) as { n: number }
    ).n
    const rows = this.db
      .prepare(`SELECT * FROM sync_runs ${clause} ORDER BY id DESC LIMIT @limit OFFSET @offset`)
      .all(params) as SyncRunRow[]
    return { total, runs: rows.map(toSummary) }
  }

  /**
   * Finished runs past their retention, oldest first: beyond the newest `count` of their subject
   * (device, domain or job) and kind, or started more than `days` before `now`. Age never takes a
   * subject's newest run of a kind, so there is always one to compare with and the product stays locked.
   */
  expired(
    retentionOf: (kind: RunKind) => RunRetention,
    now: Date,
    subject?: RunSubject & { kind: RunKind }
  ): number[] {
    const where = subject ? [...subjectWhere(subject, 'IS'), 'kind = @kind'] : []
    const rows = this.db
      .prepare(
        `SELECT id, kind, started_at,
           ROW_NUMBER() OVER (
             PARTITION BY kind, device_id, domain_id, job_id,
               -- Each deleted device's runs keep their own retention, under the name they were made with.
               CASE WHEN device_id IS NULL AND domain_id IS NULL AND job_id IS NULL AND kind <> 'job' THEN device_name END
             ORDER BY id DESC) AS rank
         FROM sync_runs WHERE status <> 'running' ${where.map((w) => `AND ${w}`).join(' ')}`
      )
      .all({ ...subjectParams(subject ?? {}), kind: subject?.kind ?? null }) as {
      id: number
      kind: RunKind
      started_at: string
      rank: number
    }[]
    const day = 24 * 60 * 60 * 1000
    return rows
      .filter((r) => {
        const { count, days } = retentionOf(r.kind)
        if (r.rank > count) return true
        return r.rank > 1 && days !== null && Date.parse(r.started_at) < now.getTime() - days * day
      })
      .map((r) => r.id)
      .sort((a, b) => a - b)
  }

  /** The subject and kind of a run, for applying retention to its siblings. */
  subjectOf(id: number): (RunSubject & { kind: RunKind }) | undefined {
    const row = this.db
      .prepare('SELECT device_id, domain_id, job_id, kind, device_name FROM sync_runs WHERE id = ?')
      .get(id) as
      | {
          device_id: number | null
          domain_id: number | null
          job_id: number | null
          kind: RunKind
          device_name: string
        }
      | undefined
    if (!row) return undefined
    const orphan =
      row.device_id === null && row.domain_id === null && row.job_id === null && row.kind !== 'job'
    return {
      kind: row.kind,
      ...(row.device_id !== null ? { deviceId: row.device_id } : {}),
      ...(row.domain_id !== null ? { domainId: row.domain_id } : {}),
      ...(row.job_id !== null ? { jobId: row.job_id } : {}),
      ...(orphan ? { deletedDevice: row.device_name } : {})
    }
  }

  /** Deletes a run; what is left of its log and changes goes with it (foreign keys). */
  delete(id: number): void {
    this.db.prepare('DELETE FROM sync_runs WHERE id = ?').run(id)
  }

  /** A device's runs of a kind from one run to another, both included, oldest first. */
  between(deviceId: number, kind: RunKind, fromId: number, toId: number): RunSummary[] {
    return this.rows.all(
      'SELECT * FROM sync_runs WHERE device_id = ? AND kind = ? AND id BETWEEN ? AND ? ORDER BY id',
      deviceId,
      kind,
      fromId,
      toId
    )
  }

  /** The device's newest run of a kind, whatever its status. */
  latest(deviceId: number, kind: RunKind): RunSummary | undefined {
    return this.rows.first(
      'SELECT * FROM sync_runs WHERE device_id = ? AND kind = ? ORDER BY id DESC LIMIT 1',
      deviceId,
      kind
    )
  }

  /** Whether the device's last run of a kind completed (domain sync warns about devices that did not). */
  lastCompleted(deviceId: number, kind: RunKind): RunSummary | undefined {
    return this.rows.first(
      "SELECT * FROM sync_runs WHERE device_id = ? AND kind = ? AND status IN ('succeeded','partial') ORDER BY id DESC LIMIT 1",
      deviceId,
      kind
    )
  }

  /** Whether runs of a deleted device with this name are kept (any case). */
  hasRunsOfDeletedDevice(name: string): boolean {
    return (
      this.db
        .prepare(`SELECT 1 FROM sync_runs WHERE ${OF_DELETED_DEVICE} LIMIT 1`)
        .get({ deletedDevice: name }) !== undefined
    )
  }

  /** How many runs the device has (they outlive it: see migration 018). */
  countForDevice(deviceId: number): number {
    return (
      this.db.prepare('SELECT COUNT(*) AS n FROM sync_runs WHERE device_id = ?').get(deviceId) as {
        n: number
      }
    ).n
  }

  /** Whether the device ever completed a synchronization (its product is locked from then on). */
  hasCompleted(deviceId: number): boolean {
    return (
      this.db
        .prepare("SELECT 1 FROM sync_runs WHERE device_id = ? AND status IN ('succeeded','partial') LIMIT 1")
        .get(deviceId) !== undefined
    )
  }
}

/**
 * The WHERE terms for a subject. `IS` matches a subject exactly, null ids included (retention: a
 * device's runs are not a job's); `=` leaves out what is not asked for (a list of everyone's runs).
 */
function subjectWhere(subject: RunSubject, match: '=' | 'IS' = '='): string[] {
  if (match === 'IS')
    return subject.deletedDevice !== undefined
      ? [OF_DELETED_DEVICE]
      : ['device_id IS @deviceId', 'domain_id IS @domainId', 'job_id IS @jobId']
  const where: string[] = []
  if (subject.deviceId !== undefined) where.push('device_id = @deviceId')
  if (subject.domainId !== undefined) where.push('domain_id = @domainId')
  if (subject.jobId !== undefined) where.push('job_id = @jobId')
  if (subject.deletedDevice !== undefined) where.push(OF_DELETED_DEVICE)
  return where
}

function subjectParams(subject: RunSubject): Record<string, number | string | null> {
  return {
    deviceId: subject.deviceId ?? null,
    domainId: subject.domainId ?? null,
    jobId: subject.jobId ?? null,
    deletedDevice: subject.deletedDevice ?? null
  }
}
