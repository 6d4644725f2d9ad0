import type { Statement } from 'better-sqlite3'
import type { LineSource } from '../../src-preload/contract'
import { UserError } from '../core/errors'
import type { Db } from './db'

/** A user as domain synchronization files it: services keep their service area by id. */
export interface StoredUserService {
  kind: string
  name: string
  processorId: number
  serviceAreaId?: number
  details: Record<string, string>
  /** What global search finds this service by: "mac:<12 hex>" or "dn:<number>". */
  searchKey?: string
}

export interface DomainUserRecord {
  userid: string
  role: string
  source: string
  data: {
    firstName: string
    lastName: string
    department?: string
    email?: string
    /** Set for users that came from the domain's directory: their entry's DN. */
    ldapDn?: string
    phone?: string
    title?: string
    manager?: string
    middleName?: string
    directoryUri?: string
    mobile?: string
    /** The user's primary directory number on Unified CM (write-back writes it to the directory). */
    primaryDn?: string
  }
  services: StoredUserService[]
}

/** What LDAP synchronization decided for a user it created: service area, roles, planned line. */
export interface LdapProvisioningRecord {
  userid: string
  serviceAreaId?: number
  roles: string[]
  line?: { dn: string; source: LineSource; callProcessorId: number }
}

/** A user a synchronization creates, with what LDAP provisioning decided for it. */
export interface NewDomainUser {
  user: DomainUserRecord
  provisioning?: Omit<LdapProvisioningRecord, 'userid'>
}

interface StoredProvisioning {
  userid_key: string
  provisioned_roles: string
  provisioned_area_id: number | null
  planned_line_dn: string | null
  planned_line_source: LineSource | null
  planned_line_processor_id: number | null
}

/** The columns a user's row is written with besides its key, domain and run, in `rowValues` order. */
const USER_ROW_COLUMNS = [
  'userid',
  'role',
  'source',
  'data',
  'services',
  'last_name_key',
  'mac_keys',
  'dn_keys'
]

/** The provisioning columns of a user's row, in the order the INSERT and UPDATE bind them. */
const PROVISIONING_COLUMNS = [
  'provisioned_roles',
  'provisioned_area_id',
  'planned_line_dn',
  'planned_line_source',
  'planned_line_processor_id'
]

const provisioningValues = (r: NewDomainUser['provisioning']): unknown[] =>
  r
    ? [
        JSON.stringify(r.roles),
        r.serviceAreaId ?? null,
        r.line?.dn ?? null,
        r.line?.source ?? null,
        r.line?.callProcessorId ?? null
      ]
    : [null, null, null, null, null]

export interface DomainUserRow extends DomainUserRecord {
  domainId: number
}

/** A user as the table stores it: details and services as JSON, search keys in columns. */
interface PreparedUser {
  key: string
  userid: string
  role: string
  source: string
  /** The details and services as JSON. */
  data: string
  services: string
  lastNameKey: string
  macKeys: string
  dnKeys: string
}

/** How many services of one kind a service area holds. */
interface ServiceUsage {
  serviceAreaId: number
  kind: string
  services: number
}

/** A prepared user's values for USER_ROW_COLUMNS. */
const rowValues = (u: PreparedUser): string[] => [
  u.userid,
  u.role,
  u.source,
  u.data,
  u.services,
  u.lastNameKey,
  u.macKeys,
  u.dnKeys
]

function prepareUser(user: DomainUserRecord): PreparedUser {
  return {
    key: user.userid.toLowerCase(),
    userid: user.userid,
    role: user.role,
    source: user.source,
    data: JSON.stringify(user.data),
    services: JSON.stringify(user.services),
    lastNameKey: user.data.lastName.toLowerCase(),
    macKeys: searchKeys(user.services, 'mac:'),
    dnKeys: searchKeys(user.services, 'dn:')
  }
}

/** Services counted per service area and kind. */
class ServiceUsageCount {
  private readonly counts = new Map<number, Map<string, number>>()

  add(serviceAreaId: number, kind: string, services = 1): void {
    let perKind = this.counts.get(serviceAreaId)
    if (!perKind) this.counts.set(serviceAreaId, (perKind = new Map<string, number>()))
    perKind.set(kind, (perKind.get(kind) ?? 0) + services)
  }

  addServices(services: readonly StoredUserService[]): void {
    for (const s of services) if (s.serviceAreaId !== undefined) this.add(s.serviceAreaId, s.kind)
  }

  entries(): ServiceUsage[] {
    return [...this.counts].flatMap(([serviceAreaId, perKind]) =>
      [...perKind].map(([kind, services]) => ({ serviceAreaId, kind, services }))
    )
  }
}

/** A user's search keys with one prefix (`mac:`, `dn:`), without it, space-separated with a space at each end. */
function searchKeys(services: StoredUserService[], prefix: string): string {
  const keys = new Set<string>()
  for (const s of services) if (s.searchKey?.startsWith(prefix)) keys.add(s.searchKey.slice(prefix.length))
  return keys.size > 0 ? ` ${[...keys].join(' ')} ` : ''
}

/** A stored user as a synchronization starts from: its details, without its services. */
export type StoredDomainUser = Omit<DomainUserRow, 'services'>

/** What a write did to a domain's users (or, for a preview, would do). */
export interface UserWriteCounts {
  created: number
  updated: number
  unchanged: number
}

type PreviousRow = Omit<StoredRow, 'domain_id'>

/** Whether the user as prepared differs from its stored row. */
const differs = (before: PreviousRow, u: PreparedUser): boolean =>
  before.userid !== u.userid ||
  before.role !== u.role ||
  before.source !== u.source ||
  before.data !== u.data ||
  before.services !== u.services

interface StoredRow {
  userid_key: string
  userid: string
  domain_id: number
  role: string
  source: string
  data: string
  services: string
}

/** What reading a user needs (not its search columns). */
const USER_COLUMNS = 'userid_key, userid, domain_id, role, source, data, services'

const toRow = (r: StoredRow): DomainUserRow => ({
  userid: r.userid,
  domainId: r.domain_id,
  role: r.role,
  source: r.source,
  data: JSON.parse(r.data) as DomainUserRecord['data'],
  services: JSON.parse(r.services) as StoredUserService[]
})

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

/**
 * Users filed into domains, one row each with their services as JSON, their services' search keys
 * (MAC addresses, directory numbers) in columns for global search, and what LDAP synchronization
 * decided for the users it created; service_area_usage counts the services per service area.
 */
export class DomainUsersTable {
  constructor(private readonly db: Db) {}

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

  /** Services in the service area per kind, as the last synchronization of its domain filed them. */
  servicesPerKind(serviceAreaId: number): Record<string, number> {
    const rows = this.db
      .prepare('SELECT kind, services FROM service_area_usage WHERE service_area_id = ? ORDER BY kind')
      .all(serviceAreaId) as { kind: string; services: number }[]
    return Object.fromEntries(rows.map((r) => [r.kind, r.services]))
  }

  /**
   * Makes `users` and the `staged` new users the domain's users in one transaction (a domain or LDAP
   * synchronization's result), writing only the users that were added, changed or removed, and
   * recording each of those in run_changes (type `User`, with a readable snapshot before and after) so
   * two runs can be compared field by field. A domain that had no users gets one `filled` row instead of
   * a row per user. The domain's service counts per service area are rewritten from the users written
   * (areas deleted meanwhile left out). A staged user keeps its LDAP provisioning through later
   * synchronizations and loses it with the row.
   */
  replaceDomain(
    domainId: number,
    runId: number,
    users: readonly DomainUserRecord[],
    staged?: StagedUsers
  ): UserWriteCounts {
    const columns = [...USER_ROW_COLUMNS, 'run_id']
    const insertUser = this.db.prepare(
      `INSERT INTO domain_users (userid_key, domain_id, ${columns.join(', ')}) VALUES (?, ?, ${columns.map(() => '?').join(', ')})`
    )
    const updateUser = this.db.prepare(
      `UPDATE domain_users SET ${columns.map((c) => `${c} = ?`).join(', ')} WHERE userid_key = ?`
    )
    const deleteUser = this.db.prepare('DELETE FROM domain_users WHERE userid_key = ?')
    const recordChange = this.db.prepare(
      "INSERT INTO run_changes (run_id, type, key, change, name, before, after) VALUES (?, 'User', ?, ?, ?, ?, ?)"
    )
    const fields = (u: PreparedUser): unknown[] => [...rowValues(u), runId]
    const counts: UserWriteCounts = { created: 0, updated: 0, unchanged: 0 }
    const usage = new ServiceUsageCount()
    this.db.transaction(() => {
      const previous = this.previousOf(domainId)
      if (previous.size === 0 && users.length + (staged?.size ?? 0) > 0)
        recordChange.run(runId, '', 'filled', '', null, null)
      const snapshot = previous.size > 0 ? this.snapshotter(domainId) : undefined
      const snapshotOf = (row: PreviousRow): string => snapshot!(toRow({ ...row, domain_id: domainId }))
      // Each user is serialized here and its JSON dropped once written: kept for all 40,000 users
      // until the write, the JSON outlived several young-generation collections (50 ms of copying).
      for (const user of users) {
        usage.addServices(user.services)
        const u = prepareUser(user)
        const before = previous.get(u.key)
        previous.delete(u.key)
        if (!before) {
          counts.created += 1
          insertUser.run(u.key, domainId, ...fields(u))
          if (snapshot)
            recordChange.run(runId, u.key, 'added', u.userid, null, snapshotOf({ userid_key: u.key, ...u }))
        } else if (!differs(before, u)) counts.unchanged += 1
        else {
          counts.updated += 1
          updateUser.run(...fields(u), u.key)
          recordChange.run(
            runId,
            u.key,
            'changed',
            u.userid,
            snapshotOf(before),
            snapshotOf({ userid_key: u.key, ...u })
          )
        }
      }
      for (const [key, gone] of previous) {
        deleteUser.run(key)
        recordChange.run(runId, key, 'removed', gone.userid, snapshotOf(gone), null)
      }
      if (staged) {
        if (staged.runId !== runId)
          throw new Error(`run ${runId} cannot write the users run ${staged.runId} staged`)
        if (snapshot)
          for (const row of staged.rows())
            recordChange.run(runId, row.userid_key, 'added', row.userid, null, snapshotOf(row))
        counts.created += staged.copyInto(domainId)
        for (const u of staged.usage.entries()) usage.add(u.serviceAreaId, u.kind, u.services)
      }
      this.db.prepare('DELETE FROM service_area_usage WHERE domain_id = ?').run(domainId)
      const insertUsage = this.db.prepare(
        'INSERT INTO service_area_usage (domain_id, service_area_id, kind, services) SELECT domain_id, id, ?, ? FROM service_areas WHERE id = ? AND domain_id = ?'
      )
      for (const u of usage.entries()) insertUsage.run(u.kind, u.services, u.serviceAreaId, domainId)
    })()
    return counts
  }

  /** Somewhere to set aside the new users of run `runId` as it finds them (see StagedUsers). */
  stage(runId: number): StagedUsers {
    return new StagedUsers(this.db, runId)
  }

  /**
   * How a run's comparison shows a user: its fields, role and source, and its services keyed by kind
   * and name with their service area and Call Processor by name (ids mean nothing to a reader, and a
   * service keyed by position would show every later service as changed when one is added).
   */
  private snapshotter(domainId: number): (user: DomainUserRecord) => string {
    const names = (sql: string, ...params: unknown[]): Map<number, string> =>
      new Map(
        (this.db.prepare(sql).all(...params) as { id: number; name: string }[]).map((r) => [r.id, r.name])
      )
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

/** The columns a staged user carries: its row in domain_users but for the domain and the run. */
const STAGED_COLUMNS = ['userid_key', ...USER_ROW_COLUMNS, ...PROVISIONING_COLUMNS]

/**
 * New users of one LDAP synchronization, set aside page by page as the directory is read, in a
 * temporary table of the store's connection: each is serialized and written while the directory
 * prepares its next page, and none stays in memory until the end. replaceDomain then copies them into
 * the domain with one INSERT … SELECT inside its transaction (50,000 users: about 60 ms, where
 * serializing and inserting them one by one after the read took 270 ms). Nothing staged is visible to anyone
 * else. Like the inventory's staging, the table is the run's own (discarding it is a DROP, not 50,000
 * deletes), and a crash takes it along with the connection.
 */
export class StagedUsers {
  readonly usage = new ServiceUsageCount()
  private readonly table: string
  private readonly insert: Statement
  private count = 0
  private dropped = false
  /** The last key staged, while every key so far came after the one before. */
  private lastKey: string | undefined = ''

  constructor(
    private readonly db: Db,
    readonly runId: number
  ) {
    if (!Number.isSafeInteger(runId) || runId < 0) throw new Error(`Invalid run id ${runId}`)
    this.table = `temp.staged_users_${runId}`
    // The columns of domain_users as they are (CREATE TABLE … AS keeps their types); their
    // constraints apply when the users are copied in.
    db.exec(`
      DROP TABLE IF EXISTS ${this.table};
      CREATE TABLE ${this.table} AS SELECT ${STAGED_COLUMNS.join(', ')} FROM main.domain_users WHERE 0;
    `)
    this.insert = db.prepare(
      `INSERT INTO ${this.table} (${STAGED_COLUMNS.join(', ')}) VALUES (${STAGED_COLUMNS.map(() => '?').join(', ')})`
    )
  }

  /** How many users are staged. */
  get size(): number {
    return this.count
  }

  /** Stages one page's new users (one transaction of the temporary database only). */
  add(users: readonly NewDomainUser[]): void {
    if (this.dropped) throw new Error(`the new users of run ${this.runId} were already discarded`)
    this.db.transaction(() => {
      for (const { user, provisioning } of users) {
        const u = prepareUser(user)
        this.insert.run(u.key, ...rowValues(u), ...provisioningValues(provisioning))
        this.lastKey = this.lastKey !== undefined && u.key > this.lastKey ? u.key : undefined
        this.usage.addServices(user.services)
      }
    })()
    this.count += users.length
  }

  /** The staged users as rows, for the run's record of what it added. */
  rows(): PreviousRow[] {
    return this.db
      .prepare(
        `SELECT userid_key, userid, role, source, data, services FROM ${this.table} ORDER BY userid_key`
      )
      .all() as PreviousRow[]
  }

  /**
   * Inserts the staged users into the domain in key order (appending to the table's B-trees); returns
   * how many. Users staged in key order already (as many directories return them) are copied as they
   * lie: sorting 50,000 of them again took 35 ms. Runs inside replaceDomain's transaction. A user id
   * that meanwhile joined a domain fails it, naming the user.
   */
  copyInto(domainId: number): number {
    try {
      return this.db
        .prepare(
          `INSERT INTO domain_users (domain_id, run_id, ${STAGED_COLUMNS.join(', ')})
           SELECT ?, ?, ${STAGED_COLUMNS.join(', ')} FROM ${this.table}
           ${this.lastKey === undefined ? 'ORDER BY userid_key' : 'ORDER BY rowid'}`
        )
        .run(domainId, this.runId).changes
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw error
      const taken = this.db
        .prepare(
          `SELECT s.userid, d.name AS domain FROM ${this.table} s
           JOIN domain_users u ON u.userid_key = s.userid_key JOIN domains d ON d.id = u.domain_id LIMIT 1`
        )
        .get() as { userid: string; domain: string } | undefined
      throw new UserError(
        'CONFLICT',
        `${taken?.userid ?? 'A new user'} joined ${taken?.domain ?? 'a domain'} while this synchronization read the directory; nothing was written. Run the synchronization again.`
      )
    }
  }

  /** Drops the staged users; the run is over, whatever its outcome. */
  discard(): void {
    if (this.dropped) return
    this.dropped = true
    this.db.exec(`DROP TABLE IF EXISTS ${this.table}`)
    this.count = 0
  }
}
