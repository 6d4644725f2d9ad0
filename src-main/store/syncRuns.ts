import type { RunCounts, RunKind, RunStatus, RunSummary } from '../../src-preload/contract'
import type { Db } from './db'

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
    failedTypes: JSON.parse(row.failed_types) as RunSummary['failedTypes']
  }
}

/** One row per synchronization run; the history the Logs page and Quick View read. */
export class SyncRunsTable {
  constructor(private readonly db: Db) {}

  start(deviceId: number, deviceName: string, kind: RunKind, at: string): number {
    return Number(
      this.db
        .prepare(
          "INSERT INTO sync_runs (device_id, device_name, kind, status, started_at) VALUES (?, ?, ?, 'running', ?)"
        )
        .run(deviceId, deviceName, kind, at).lastInsertRowid
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
        .run(domainId, domainName, kind, at).lastInsertRowid
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
    return (
      this.db
        .prepare('SELECT * FROM sync_runs WHERE parent_run_id = ? ORDER BY id')
        .all(parentRunId) as SyncRunRow[]
    ).map(toSummary)
  }

  /** The runs of a job, newest first. */
  listForJob(jobId: number, limit: number): RunSummary[] {
    return (
      this.db
        .prepare('SELECT * FROM sync_runs WHERE job_id = ? ORDER BY id DESC LIMIT ?')
        .all(jobId, limit) as SyncRunRow[]
    ).map(toSummary)
  }

  /** Keeps the newest `keep` finished runs of a job. */
  pruneJob(jobId: number, keep: number): void {
    this.db
      .prepare(
        `DELETE FROM sync_runs WHERE job_id = @jobId AND status <> 'running'
           AND id NOT IN (SELECT id FROM sync_runs WHERE job_id = @jobId ORDER BY id DESC LIMIT @keep)`
      )
      .run({ jobId, keep })
  }

  finish(
    id: number,
    result: {
      status: Exclude<RunStatus, 'running'>
      at: string
      summary: string
      counts: RunCounts
      failedTypes: RunSummary['failedTypes']
    }
  ): void {
    this.db
      .prepare(
        'UPDATE sync_runs SET status = ?, finished_at = ?, summary = ?, counts = ?, failed_types = ? WHERE id = ?'
      )
      .run(
        result.status,
        result.at,
        result.summary,
        JSON.stringify(result.counts),
        JSON.stringify(result.failedTypes),
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
    const row = this.db.prepare('SELECT * FROM sync_runs WHERE id = ?').get(id) as SyncRunRow | undefined
    return row ? toSummary(row) : undefined
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

  /** Whether the device's last run of a kind completed (domain sync warns about devices that did not). */
  lastCompleted(deviceId: number, kind: RunKind): RunSummary | undefined {
    const row = this.db
      .prepare(
        "SELECT * FROM sync_runs WHERE device_id = ? AND kind = ? AND status IN ('succeeded','partial') ORDER BY id DESC LIMIT 1"
      )
      .get(deviceId, kind) as SyncRunRow | undefined
    return row ? toSummary(row) : undefined
  }

  /** Keeps the newest `keep` finished runs of a domain and kind (their logs go with them). */
  pruneDomain(domainId: number, kind: 'domain' | 'ldap' | 'write-back', keep: number): void {
    this.db
      .prepare(
        `DELETE FROM sync_runs WHERE domain_id = @domainId AND kind = @kind AND status <> 'running'
           AND id NOT IN (SELECT id FROM sync_runs WHERE domain_id = @domainId AND kind = @kind ORDER BY id DESC LIMIT @keep)`
      )
      .run({ domainId, kind, keep })
  }

  /** Whether the device ever completed a synchronization (its product is locked from then on). */
  hasCompleted(deviceId: number): boolean {
    return (
      this.db
        .prepare("SELECT 1 FROM sync_runs WHERE device_id = ? AND status IN ('succeeded','partial') LIMIT 1")
        .get(deviceId) !== undefined
    )
  }

  /** Keeps the newest `keep` finished runs of a device and kind (their logs go with them). */
  prune(deviceId: number, kind: RunKind, keep: number): void {
    this.db
      .prepare(
        `DELETE FROM sync_runs WHERE device_id = ? AND kind = ? AND status <> 'running'
           AND id NOT IN (SELECT id FROM sync_runs WHERE device_id = ? AND kind = ? ORDER BY id DESC LIMIT ?)`
      )
      .run(deviceId, kind, deviceId, kind, keep)
  }
}
