import type { LineSource } from '../../src-preload/contract'
import type { Db } from './db'
import { DomainUserChanges } from './domainUserChanges'
import type {
  DomainUserRecord,
  DomainUserRow,
  LdapProvisioningRecord,
  StoredDomainUser
} from './domainUserRecords'
import {
  PROVISIONING_COLUMNS,
  USER_ROW_COLUMNS,
  prepareUser,
  rowValues,
  toRow,
  type PreparedUser,
  type PreviousRow,
  type StoredRow
} from './domainUserRows'
import { ServiceUsageCount, type ServiceAreaUsageTable } from './serviceAreaUsage'
import { StagedUsers } from './stagedUsers'

interface StoredProvisioning {
  userid_key: string
  provisioned_roles: string
  provisioned_area_id: number | null
  planned_line_dn: string | null
  planned_line_source: LineSource | null
  planned_line_processor_id: number | null
}

/** What a write did to a domain's users (or, for a preview, would do). */
export interface UserWriteCounts {
  created: number
  updated: number
  unchanged: number
}

/**
 * Whether the user as prepared differs from its stored row. Details written in another field order, or
 * services in another order, are the same user: an update must change something (issue 25 item 7).
 * The texts are parsed only when they differ, which an unchanged user's seldom do.
 */
const differs = (before: PreviousRow, u: PreparedUser): boolean =>
  before.userid !== u.userid ||
  before.role !== u.role ||
  before.source !== u.source ||
  (before.data !== u.data && !sameDetails(before.data, u.data)) ||
  (before.services !== u.services && !sameServices(before.services, u.services))

function sameDetails(before: string, after: string): boolean {
  const a = JSON.parse(before) as Record<string, unknown>
  const b = JSON.parse(after) as Record<string, unknown>
  const keys = Object.keys(a)
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && a[k] === b[k])
}

/** The same services in any order, each compared by its own text (one producer writes one field order). */
function sameServices(before: string, after: string): boolean {
  const texts = (json: string): string[] =>
    (JSON.parse(json) as unknown[]).map((s) => JSON.stringify(s)).sort()
  const a = texts(before)
  const b = texts(after)
  return a.length === b.length && a.every((s, i) => s === b[i])
}

/** What reading a user needs (not its search columns). */
const USER_COLUMNS = 'userid_key, userid, domain_id, role, source, data, services'

/** `*` at the start or end of a search becomes SQL LIKE's `%`; everything else is literal. */
function likePattern(text: string): string {
  const start = text.startsWith('*')
  const end = text.length > 1 && text.endsWith('*')
  const body = text.slice(start ? 1 : 0, end ? -1 : undefined).replace(/[\\%_]/g, (c) => `\\${c}`)
  return `${start ? '%' : ''}${body}${end ? '%' : ''}`
}

export interface UserSearch {
  domainId?: number
  search?: { by: 'user' | 'mac' | 'dn'; text: string }
  offset: number
  limit: number
}

/** One write of a domain's users: where, by which run, what it did so far, and its record of changes. */
interface DomainWrite {
  domainId: number
  runId: number
  counts: UserWriteCounts
  usage: ServiceUsageCount
  changes: DomainUserChanges
  onUpdated?: UpdatedUser
}

/** Told of each user a write changes, with its record before and after. */
export type UpdatedUser = (before: DomainUserRecord, after: DomainUserRecord) => void

/**
 * Users filed into domains, one row each with their services as JSON, their services' search keys
 * (MAC addresses, directory numbers) in columns for global search, and what LDAP synchronization
 * decided for the users it created. Each write also rewrites the domain's service counts per service
 * area (ServiceAreaUsageTable).
 */
export class DomainUsersTable {
  constructor(
    private readonly db: Db,
    private readonly serviceAreaUsage: ServiceAreaUsageTable
  ) {}

  ofDomain(domainId: number): DomainUserRow[] {
    return (
      this.db
        .prepare(`SELECT ${USER_COLUMNS} FROM domain_users WHERE domain_id = ?`)
        .all(domainId) as StoredRow[]
    ).map(toRow)
  }

  /** The domain's users without their services (a synchronization builds those anew). */
  storedOfDomain(domainId: number): StoredDomainUser[] {
    return (
      this.db
        .prepare('SELECT userid, domain_id, role, source, data FROM domain_users WHERE domain_id = ?')
        .all(domainId) as Omit<StoredRow, 'userid_key' | 'services'>[]
    ).map((r) => ({
      userid: r.userid,
      domainId: r.domain_id,
      role: r.role,
      source: r.source,
      data: JSON.parse(r.data) as DomainUserRecord['data']
    }))
  }

  /** What writing `users` as the domain's users would do (a preview). */
  compare(domainId: number, users: readonly DomainUserRecord[]): UserWriteCounts {
    const previous = this.previousOf(domainId)
    const counts: UserWriteCounts = { created: 0, updated: 0, unchanged: 0 }
    for (const user of users) {
      const u = prepareUser(user)
      const before = previous.get(u.key)
      if (!before) counts.created += 1
      else if (differs(before, u)) counts.updated += 1
      else counts.unchanged += 1
    }
    return counts
  }

  private previousOf(domainId: number): Map<string, PreviousRow> {
    return new Map(
      (
        this.db
          .prepare(
            'SELECT userid_key, userid, role, source, data, services FROM domain_users WHERE domain_id = ?'
          )
          .all(domainId) as PreviousRow[]
      ).map((r) => [r.userid_key, r])
    )
  }

  /** Lower-cased user ids of users in other domains, with the id as written and the domain's name. */
  inOtherDomains(domainId: number): Map<string, { userid: string; domain: string }> {
    const rows = this.db
      .prepare(
        'SELECT u.userid_key, u.userid, d.name FROM domain_users u JOIN domains d ON d.id = u.domain_id WHERE u.domain_id <> ?'
      )
      .all(domainId) as { userid_key: string; userid: string; name: string }[]
    return new Map(rows.map((r) => [r.userid_key, { userid: r.userid, domain: r.name }]))
  }

  get(userid: string): DomainUserRow | undefined {
    const row = this.db
      .prepare(`SELECT ${USER_COLUMNS} FROM domain_users WHERE userid_key = ?`)
      .get(userid.toLowerCase()) as StoredRow | undefined
    return row ? toRow(row) : undefined
  }

  countByDomain(domainId: number): number {
    return (
      this.db.prepare('SELECT COUNT(*) AS n FROM domain_users WHERE domain_id = ?').get(domainId) as {
        n: number
      }
    ).n
  }

  /** Users with the role, as their role or as one LDAP provisioning gave them (LDAP-31). */
  countByRole(domainId: number, role: string): number {
    return (
      this.db
        .prepare(
          `SELECT COUNT(*) AS n FROM domain_users u WHERE u.domain_id = @domainId AND (u.role = @role COLLATE NOCASE
             OR EXISTS (SELECT 1 FROM json_each(u.provisioned_roles) r WHERE r.value = @role COLLATE NOCASE))`
        )
        .get({ domainId, role }) as { n: number }
    ).n
  }

  /**
   * Makes `users` and the `staged` new users the domain's users in one transaction (a domain or LDAP
   * synchronization's result), writing only the users that were added, changed or removed, and
   * recording each of those in run_changes (type `User`, with a readable snapshot before and after) so
   * two runs can be compared field by field. A domain that had no users gets one `filled` row instead of
   * a row per user. The domain's service counts per service area are rewritten from the users written
   * (areas deleted meanwhile left out). A staged user keeps its LDAP provisioning through later
   * synchronizations and loses it with the row. `onUpdated` hears of each user changed, so that the run
   * can log what changed.
   */
  replaceDomain(
    domainId: number,
    runId: number,
    users: readonly DomainUserRecord[],
    staged?: StagedUsers,
    onUpdated?: UpdatedUser
  ): UserWriteCounts {
    const counts: UserWriteCounts = { created: 0, updated: 0, unchanged: 0 }
    this.db.transaction(() => {
      const previous = this.previousOf(domainId)
      const changes = new DomainUserChanges(this.db, domainId, runId, previous.size > 0)
      const usage = new ServiceUsageCount()
      const write: DomainWrite = { domainId, runId, counts, usage, changes, onUpdated }
      if (previous.size === 0 && users.length + (staged?.size ?? 0) > 0) changes.filled()
      this.writeUsers(write, users, previous)
      this.deleteUsers(write, previous)
      if (staged) this.copyStaged(write, staged)
      this.serviceAreaUsage.replaceDomain(domainId, write.usage)
    })()
    return counts
  }

  /** Inserts the users new to the domain and updates those that changed; takes them out of `previous`. */
  private writeUsers(
    write: DomainWrite,
    users: readonly DomainUserRecord[],
    previous: Map<string, PreviousRow>
  ): void {
    const columns = [...USER_ROW_COLUMNS, 'run_id']
    const insertUser = this.db.prepare(
      `INSERT INTO domain_users (userid_key, domain_id, ${columns.join(', ')}) VALUES (?, ?, ${columns.map(() => '?').join(', ')})`
    )
    const updateUser = this.db.prepare(
      `UPDATE domain_users SET ${columns.map((c) => `${c} = ?`).join(', ')} WHERE userid_key = ?`
    )
    const fields = (u: PreparedUser): unknown[] => [...rowValues(u), write.runId]
    const { counts } = write
    // Each user is serialized here and its JSON dropped once written: kept for all 40,000 users
    // until the write, the JSON outlived several young-generation collections (50 ms of copying).
    for (const user of users) {
      write.usage.addServices(user.services)
      const u = prepareUser(user)
      const before = previous.get(u.key)
      previous.delete(u.key)
      if (!before) {
        counts.created += 1
        insertUser.run(u.key, write.domainId, ...fields(u))
        write.changes.added({ userid_key: u.key, ...u })
      } else if (!differs(before, u)) counts.unchanged += 1
      else {
        counts.updated += 1
        updateUser.run(...fields(u), u.key)
        write.changes.changed(before, { userid_key: u.key, ...u })
        write.onUpdated?.(toRow({ ...before, domain_id: write.domainId }), user)
      }
    }
  }

  /** Deletes the domain's users that the write did not have. */
  private deleteUsers(write: DomainWrite, gone: Map<string, PreviousRow>): void {
    const deleteUser = this.db.prepare('DELETE FROM domain_users WHERE userid_key = ?')
    for (const [key, row] of gone) {
      deleteUser.run(key)
      write.changes.removed(row)
    }
  }

  /** Copies the run's staged new users into the domain, with their services in the counts. */
  private copyStaged(write: DomainWrite, staged: StagedUsers): void {
    if (staged.runId !== write.runId)
      throw new Error(`run ${write.runId} cannot write the users run ${staged.runId} staged`)
    if (write.changes.recordsEachUser) for (const row of staged.rows()) write.changes.added(row)
    write.counts.created += staged.copyInto(write.domainId)
    for (const u of staged.usage.entries()) write.usage.add(u.serviceAreaId, u.kind, u.services)
  }

  /** Somewhere to set aside the new users of run `runId` as it finds them (see StagedUsers). */
  stage(runId: number): StagedUsers {
    return new StagedUsers(this.db, runId)
  }

  /** Renames a role on every user of the domain that has it. */
  renameRole(domainId: number, from: string, to: string): void {
    this.db
      .prepare('UPDATE domain_users SET role = ? WHERE domain_id = ? AND role = ? COLLATE NOCASE')
      .run(to, domainId, from)
    const rows = this.db
      .prepare(
        'SELECT userid_key, provisioned_roles FROM domain_users WHERE domain_id = ? AND provisioned_roles IS NOT NULL'
      )
      .all(domainId) as { userid_key: string; provisioned_roles: string }[]
    const update = this.db.prepare('UPDATE domain_users SET provisioned_roles = ? WHERE userid_key = ?')
    for (const row of rows) {
      const roles = JSON.parse(row.provisioned_roles) as string[]
      if (roles.some((r) => r.toLowerCase() === from.toLowerCase()))
        update.run(
          JSON.stringify(roles.map((r) => (r.toLowerCase() === from.toLowerCase() ? to : r))),
          row.userid_key
        )
    }
  }

  /** LDAP provisioning of these users (those LDAP synchronization created), by lower-cased user id. */
  provisioningOf(userids: string[]): Map<string, Omit<LdapProvisioningRecord, 'userid'>> {
    const rows = this.db
      .prepare(
        `SELECT userid_key, ${PROVISIONING_COLUMNS.join(', ')} FROM domain_users
         WHERE userid_key IN (SELECT value FROM json_each(?)) AND provisioned_roles IS NOT NULL`
      )
      .all(JSON.stringify(userids.map((u) => u.toLowerCase()))) as StoredProvisioning[]
    return new Map(
      rows.map((r) => [
        r.userid_key,
        {
          ...(r.provisioned_area_id !== null ? { serviceAreaId: r.provisioned_area_id } : {}),
          roles: JSON.parse(r.provisioned_roles) as string[],
          ...(r.planned_line_dn !== null &&
          r.planned_line_source !== null &&
          r.planned_line_processor_id !== null
            ? {
                line: {
                  dn: r.planned_line_dn,
                  source: r.planned_line_source,
                  callProcessorId: r.planned_line_processor_id
                }
              }
            : {})
        }
      ])
    )
  }

  /** Numbers planned for new users' lines on a Call Processor, by any domain. */
  plannedNumbers(callProcessorId: number): string[] {
    return (
      this.db
        .prepare(
          'SELECT planned_line_dn FROM domain_users WHERE planned_line_processor_id = ? AND planned_line_dn IS NOT NULL'
        )
        .all(callProcessorId) as { planned_line_dn: string }[]
    ).map((r) => r.planned_line_dn)
  }

  search(query: UserSearch): { total: number; users: DomainUserRow[] } {
    const where: string[] = []
    const params: Record<string, unknown> = { offset: query.offset, limit: query.limit }
    if (query.domainId !== undefined) {
      where.push('u.domain_id = @domainId')
      params.domainId = query.domainId
    }
    if (query.search) {
      const { by, text } = query.search
      if (by === 'user') {
        where.push("(u.userid_key LIKE @pattern ESCAPE '\\' OR u.last_name_key LIKE @pattern ESCAPE '\\')")
        params.pattern = likePattern(text.toLowerCase())
      } else {
        const value = by === 'mac' ? text.toUpperCase() : text.replace(/\\\+/g, '+')
        // Keys hold no space and each ends in one, so '% key %' matches within one key.
        where.push(`u.${by}_keys LIKE @pattern ESCAPE '\\'`)
        params.pattern = `% ${likePattern(value)} %`
      }
    }
    const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''
    const total = (
      this.db.prepare(`SELECT COUNT(*) AS n FROM domain_users u ${clause}`).get(params) as { n: number }
    ).n
    const rows = this.db
      .prepare(
        `SELECT ${USER_COLUMNS} FROM domain_users u ${clause} ORDER BY u.userid_key LIMIT @limit OFFSET @offset`
      )
      .all(params) as StoredRow[]
    return { total, users: rows.map(toRow) }
  }
}
