// Fingerprints of what a store holds, so resilience tests can prove that a fault or a refused input
// changed nothing: row counts plus a SHA-256 over the rows (sorted, so the order SQLite returns them
// in does not matter).
import { createHash } from 'node:crypto'
import type Database from 'better-sqlite3'

export interface Digest {
  rows: number
  sha256: string
}

/** Row count and SHA-256 of what a query returns. */
export function queryDigest(db: Database.Database, sql: string): Digest {
  const rows = (db.prepare(sql).raw().all() as unknown[][]).map((row) => JSON.stringify(row)).sort()
  const hash = createHash('sha256')
  for (const row of rows) hash.update(row).update('\n')
  return { rows: rows.length, sha256: hash.digest('hex') }
}

/** Every table of the store (SQLite's own bookkeeping such as sqlite_sequence included), by name. */
export function storeDigest(db: Database.Database): Record<string, Digest> {
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .pluck()
    .all() as string[]
  return Object.fromEntries(
    tables.map((table) => [table, queryDigest(db, `SELECT * FROM "${table.replace(/"/g, '""')}"`)])
  )
}

/** The inventory of every device, without the id of the run that last wrote each row. */
export const INVENTORY_ROWS =
  'SELECT d.name, i.scope, i.type, i.key, i.name, i.data FROM inventory i JOIN devices d ON d.id = i.device_id'

/** Domain users and their services, without the id of the run that last wrote each row. */
export const DOMAIN_USER_ROWS =
  'SELECT u.userid, dm.name, u.role, u.source, u.data, u.services FROM domain_users u JOIN domains dm ON dm.id = u.domain_id'
