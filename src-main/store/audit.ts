import type { Db } from './db'

export interface AuditEntry {
  id: number
  at: string
  /** The operating-system user the action ran as. */
  actor: string
  /** A stable dotted name, e.g. job.added, run.stopped-stuck. */
  action: string
  target?: string
  details: Record<string, unknown>
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
    const rows = this.db.prepare('SELECT * FROM audit_log ORDER BY id DESC LIMIT ?').all(limit) as {
      id: number
      at: string
      actor: string
      action: string
      target: string | null
      details: string
    }[]
    return rows.map((r) => ({
      id: r.id,
      at: r.at,
      actor: r.actor,
      action: r.action,
      ...(r.target ? { target: r.target } : {}),
      details: JSON.parse(r.details) as Record<string, unknown>
    }))
  }
}
