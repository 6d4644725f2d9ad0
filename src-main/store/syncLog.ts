import { severities, type LogEntry, type LogQuery, type Severity } from '../../src-preload/contract'
import type { Db } from './db'
import { listedValue } from './vocabulary'

/** The filters of a log query (a page's, or an export's without paging). */
export type LogFilter = Omit<LogQuery, 'offset' | 'limit'>

/** Search totals kept: scrolling one search pages through one run many times. */
const SEARCH_TOTALS_KEPT = 32

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

/** The table does not check the severity (migration 023: the levels may grow); it is checked here. */
const checkedSeverity = listedValue(severities, "a log entry's severity")

export type NewLogEntry = Omit<LogEntry, 'runId' | 'seq'>

/** Structured log entries of every run, paged and filtered in SQL so huge runs open instantly. */
export class SyncLogTable {
  /**
   * Totals of text searches by run and filter. A search reads every entry of the run (LIKE: about
   * 150-300 ms for 500,000 entries; an FTS5 trigram index answered in 1-20 ms but made appending 500,000
   * entries take 11 s instead of 4), so its total is counted once per run and filter, and forgotten when
   * the run gets entries.
   */
  private readonly searchTotals = new Map<string, number>()

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
    this.forgetTotals(runId)
    const insert = this.db.prepare(
      'INSERT INTO sync_log (run_id, seq, at, severity, code, object_type, object_name, message, hint) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'
    )
    this.db.transaction(() => {
      entries.forEach((e, i) =>
        insert.run(
          runId,
          firstSeq + i,
          e.at,
          checkedSeverity(e.severity),
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
  static plan(query: LogFilter): { from: string; where: string } {
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
    const params = { ...SyncLogTable.filterParams(query), limit: query.limit, offset: query.offset }
    const rows = this.db
      .prepare(`SELECT * FROM ${from} WHERE ${where} ORDER BY seq LIMIT @limit OFFSET @offset`)
      .all(params) as SyncLogRow[]
    return { total: this.total(query), entries: rows.map(toEntry) }
  }

  /** Every entry a filter selects, in order, read as it is consumed (exports of huge runs). */
  *entries(filter: LogFilter): Generator<LogEntry> {
    const { from, where } = SyncLogTable.plan(filter)
    const rows = this.db
      .prepare(`SELECT * FROM ${from} WHERE ${where} ORDER BY seq`)
      .iterate(SyncLogTable.filterParams(filter)) as IterableIterator<SyncLogRow>
    for (const row of rows) yield toEntry(row)
  }

  /**
   * Deletes up to `limit` entries of a run, its last ones first, so a run whose deletion is
   * interrupted keeps the start of its log. Returns how many went.
   */
  deleteSome(runId: number, limit: number): number {
    this.forgetTotals(runId)
    return this.db
      .prepare(
        `DELETE FROM sync_log WHERE run_id = @runId AND seq >= coalesce(
           (SELECT seq FROM sync_log WHERE run_id = @runId ORDER BY seq DESC LIMIT 1 OFFSET @last), 0)`
      )
      .run({ runId, last: limit - 1 }).changes
  }

  private total(filter: LogFilter): number {
    const { from, where } = SyncLogTable.plan(filter)
    const count = (): number =>
      (
        this.db
          .prepare(`SELECT COUNT(*) AS n FROM ${from} WHERE ${where}`)
          .get(SyncLogTable.filterParams(filter)) as { n: number }
      ).n
    if (!filter.search) return count()
    const key = JSON.stringify([filter.runId, filter.severity, filter.code, filter.objectType, filter.search])
    const known = this.searchTotals.get(key)
    if (known !== undefined) return known
    const total = count()
    if (this.searchTotals.size >= SEARCH_TOTALS_KEPT)
      this.searchTotals.delete(this.searchTotals.keys().next().value as string)
    this.searchTotals.set(key, total)
    return total
  }

  private forgetTotals(runId: number): void {
    const prefix = `[${runId},`
    for (const key of this.searchTotals.keys()) if (key.startsWith(prefix)) this.searchTotals.delete(key)
  }

  private static filterParams(filter: LogFilter): Record<string, string | number | null> {
    return {
      runId: filter.runId,
      severity: filter.severity ?? null,
      code: filter.code ?? null,
      objectType: filter.objectType ?? null,
      search: filter.search ? `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null
    }
  }
}

function toEntry(r: SyncLogRow): LogEntry {
  return {
    runId: r.run_id,
    seq: r.seq,
    at: r.at,
    severity: r.severity,
    code: r.code,
    ...(r.object_type ? { objectType: r.object_type } : {}),
    ...(r.object_name ? { objectName: r.object_name } : {}),
    message: r.message,
    ...(r.hint ? { hint: r.hint } : {})
  }
}
