import type { Statement } from 'better-sqlite3'
import { UserError } from '../core/errors'
import type { Db } from './db'
import {
  PROVISIONING_COLUMNS,
  USER_ROW_COLUMNS,
  prepareUser,
  provisioningValues,
  rowValues,
  type PreviousRow
} from './domainUserRows'
import type { NewDomainUser } from './domainUserRecords'
import { ServiceUsageCount } from './serviceAreaUsage'

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
