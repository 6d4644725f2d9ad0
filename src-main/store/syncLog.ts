import type { LogEntry, LogQuery, Severity } from '../../src-preload/contract'
import type { Db } from './db'

interface SyncLogRow {
  run_id: number
  seq: number
  at: string
  severity: Severity
  code: string
  object_type: string | null
  object_name: string | null
  message: string
  hint: string | null
}

export type NewLogEntry = Omit<LogEntry, 'runId' | 'seq'>

/** Structured log entries of every run, paged and filtered in SQL so huge runs open instantly. */
export class SyncLogTable {
  constructor(private readonly db: Db) {}

  /** Appends one entry after a run's last (for notes added once the run has ended). */
  appendLast(runId: number, entry: NewLogEntry): void {
    const last = this.db.prepare('SELECT MAX(seq) AS seq FROM sync_log WHERE run_id = ?').get(runId) as {
      seq: number | null
    }
    this.append(runId, (last.seq ?? 0) + 1, [entry])
  }

  /** Appends entries with consecutive sequence numbers after `firstSeq`; one transaction. */
  append(runId: number, firstSeq: number, entries: NewLogEntry[]): void {
    const insert = this.db.prepare(
      'INSERT INTO sync_log (run_id, seq, at, severity, code, object_type, object_name, message, hint) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'
    )
    this.db.transaction(() => {
      entries.forEach((e, i) =>
        insert.run(
          runId,
          firstSeq + i,
          e.at,
          e.severity,
          e.code,
          e.objectType ?? null,
          e.objectName ?? null,
          e.message,
          e.hint ?? null
        )
      )
    })()
  }

  /**
   * The WHERE clause and the index for a filter. The index is named because SQLite's statistics
   * cannot tell that "error" is rare among 500,000 "info" entries; the planner would scan the run.
   */
  static plan(query: LogQuery): { from: string; where: string } {
    const index = query.code
      ? 'sync_log_code'
      : query.objectType
        ? 'sync_log_type'
        : query.severity
          ? 'sync_log_severity'
          : undefined
    const where = ['run_id = @runId']
    if (query.severity) where.push('severity = @severity')
    if (query.code) where.push('code = @code')
    if (query.objectType) where.push('object_type = @objectType')
    if (query.search) where.push("(object_name LIKE @search ESCAPE '\\' OR message LIKE @search ESCAPE '\\')")
    return { from: index ? `sync_log INDEXED BY ${index}` : 'sync_log', where: where.join(' AND ') }
  }

  query(query: LogQuery): { total: number; entries: LogEntry[] } {
    const { from, where } = SyncLogTable.plan(query)
    const params = {
      runId: query.runId,
      severity: query.severity ?? null,
      code: query.code ?? null,
      objectType: query.objectType ?? null,
      search: query.search ? `%${query.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null,
      limit: query.limit,
      offset: query.offset
    }
    const total = (
      this.db.prepare(`SELECT COUNT(*) AS n FROM ${from} WHERE ${where}`).get(params) as { n: number }
    ).n
    const rows = this.db
      .prepare(`SELECT * FROM ${from} WHERE ${where} ORDER BY seq LIMIT @limit OFFSET @offset`)
      .all(params) as SyncLogRow[]
    return {
      total,
      entries: rows.map((r) => ({
        runId: r.run_id,
        seq: r.seq,
        at: r.at,
        severity: r.severity,
        code: r.code,
        ...(r.object_type ? { objectType: r.object_type } : {}),
        ...(r.object_name ? { objectName: r.object_name } : {}),
        message: r.message,
        ...(r.hint ? { hint: r.hint } : {})
      }))
    }
  }
}
