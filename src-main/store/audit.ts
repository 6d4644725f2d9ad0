import type { AuditEntry, AuditFilter } from '../../src-preload/contract'
import type { Db } from './db'

interface AuditRow {
  id: number
  at: string
  actor: string
  action: string
  target: string | null
  details: string
}

function toEntry(r: AuditRow): AuditEntry {
  return {
    id: r.id,
    at: r.at,
    actor: r.actor,
    action: r.action,
    ...(r.target ? { target: r.target } : {}),
    details: JSON.parse(r.details) as Record<string, unknown>
  }
}

/** The WHERE clause of a filter: an action or a whole area ("devices:"), a part of the target, a time range. */
function filterSql(filter: AuditFilter): { clause: string; params: Record<string, string | null> } {
  const where: string[] = []
  if (filter.action !== undefined)
    where.push(filter.action.endsWith(':') ? "action LIKE @action ESCAPE '\\'" : 'action = @action')
  if (filter.target !== undefined) where.push("target LIKE @target ESCAPE '\\'")
  if (filter.from !== undefined) where.push('at >= @from')
  if (filter.to !== undefined) where.push('at <= @to')
  const escape = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`)
  return {
    clause: where.length > 0 ? `WHERE ${where.join(' AND ')}` : '',
    params: {
      action:
        filter.action === undefined
          ? null
          : filter.action.endsWith(':')
            ? `${escape(filter.action)}%`
            : filter.action,
      target: filter.target === undefined ? null : `%${escape(filter.target)}%`,
      // Entries are stored as UTC ISO strings: bounds in other offsets are brought to the same form.
      from: filter.from === undefined ? null : new Date(filter.from).toISOString(),
      to: filter.to === undefined ? null : new Date(filter.to).toISOString()
    }
  }
}

/** Who changed what and when; never holds secrets (callers pass names and settings, not passwords). */
export class AuditTable {
  constructor(private readonly db: Db) {}

  record(entry: Omit<AuditEntry, 'id'>): void {
    this.db
      .prepare('INSERT INTO audit_log (at, actor, action, target, details) VALUES (?, ?, ?, ?, ?)')
      .run(entry.at, entry.actor, entry.action, entry.target ?? null, JSON.stringify(entry.details))
  }

  list(limit: number): AuditEntry[] {
    return this.page({ offset: 0, limit }).entries
  }

  /** A page of entries, newest first, with how many match in all. */
  page(query: AuditFilter & { offset: number; limit: number }): { total: number; entries: AuditEntry[] } {
    const { clause, params } = filterSql(query)
    const total = (
      this.db.prepare(`SELECT COUNT(*) AS n FROM audit_log ${clause}`).get(params) as { n: number }
    ).n
    const rows = this.db
      .prepare(`SELECT * FROM audit_log ${clause} ORDER BY id DESC LIMIT @limit OFFSET @offset`)
      .all({ ...params, limit: query.limit, offset: query.offset }) as AuditRow[]
    return { total, entries: rows.map(toEntry) }
  }

  /** Every entry a filter selects, newest first, read as it is consumed (exports). */
  *entries(filter: AuditFilter): Generator<AuditEntry> {
    const { clause, params } = filterSql(filter)
    const rows = this.db
      .prepare(`SELECT * FROM audit_log ${clause} ORDER BY id DESC`)
      .iterate(params) as IterableIterator<AuditRow>
    for (const row of rows) yield toEntry(row)
  }
}
