// What a write of a domain's users records for the run comparison (run_changes, type `User`): each user
// added, changed or removed with a readable snapshot before and after, so that two runs can be compared
// field by field; a domain that had no users records one `filled` row instead of a row per user.
import type { Statement } from 'better-sqlite3'
import type { Db } from './db'
import { toRow, type PreviousRow } from './domainUserRows'
import type { DomainUserRecord } from './domainUserRecords'

export class DomainUserChanges {
  private readonly insert: Statement
  private readonly snapshot: ((user: DomainUserRecord) => string) | undefined

  constructor(
    db: Db,
    private readonly domainId: number,
    private readonly runId: number,
    hadUsers: boolean
  ) {
    this.insert = db.prepare(
      "INSERT INTO run_changes (run_id, type, key, change, name, before, after) VALUES (?, 'User', ?, ?, ?, ?, ?)"
    )
    this.snapshot = hadUsers ? domainUserSnapshotter(db, domainId) : undefined
  }

  /** Whether each user's change is recorded (the domain had users), not just that it was filled. */
  get recordsEachUser(): boolean {
    return this.snapshot !== undefined
  }

  filled(): void {
    this.insert.run(this.runId, '', 'filled', '', null, null)
  }

  added(row: PreviousRow): void {
    if (this.recordsEachUser)
      this.insert.run(this.runId, row.userid_key, 'added', row.userid, null, this.snapshotOf(row))
  }

  changed(before: PreviousRow, after: PreviousRow): void {
    this.insert.run(
      this.runId,
      after.userid_key,
      'changed',
      after.userid,
      this.snapshotOf(before),
      this.snapshotOf(after)
    )
  }

  removed(row: PreviousRow): void {
    this.insert.run(this.runId, row.userid_key, 'removed', row.userid, this.snapshotOf(row), null)
  }

  /** Changed and removed users exist only where the domain had users, so there is a snapshotter. */
  private snapshotOf(row: PreviousRow): string {
    return this.snapshot!(toRow({ ...row, domain_id: this.domainId }))
  }
}

/**
 * How a run's comparison shows a user of the domain: its fields, role and source, and its services
 * keyed by kind and name with their service area and Call Processor by name (ids mean nothing to a
 * reader, and a service keyed by position would show every later service as changed when one is added).
 */
function domainUserSnapshotter(db: Db, domainId: number): (user: DomainUserRecord) => string {
  const names = (sql: string, ...params: unknown[]): Map<number, string> =>
    new Map((db.prepare(sql).all(...params) as { id: number; name: string }[]).map((r) => [r.id, r.name]))
  const areas = names('SELECT id, name FROM service_areas WHERE domain_id = ?', domainId)
  const processors = names('SELECT id, name FROM devices')
  return (user) => {
    const services: Record<string, Record<string, string>> = {}
    for (const s of user.services)
      services[`${s.kind} ${s.name}`] = {
        callProcessor: processors.get(s.processorId) ?? `#${s.processorId}`,
        ...(s.serviceAreaId !== undefined
          ? { serviceArea: areas.get(s.serviceAreaId) ?? `#${s.serviceAreaId}` }
          : {}),
        ...s.details
      }
    return JSON.stringify({
      userid: user.userid,
      role: user.role,
      source: user.source,
      ...user.data,
      services
    })
  }
}
