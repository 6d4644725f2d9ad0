// What a review bundle keeps of each table of the store. The configuration is kept whole (it is small,
// and the views need it: a service area names its processors, a job its devices); the results are
// kept for the selection only; secrets and a run's scratch space never leave the machine.
//
// Every table must have a rule here: a table this file does not know makes the export refuse, so a
// new table (perhaps holding a credential) is never shipped unexamined.
import type { Db } from '../store/db'
import { withoutSecrets } from '../audit/handlers'
import type { ReviewSelection } from './format'

type TableRule =
  /** Kept whole; JSON values are stripped of secret-named fields. */
  | { keep: 'all' }
  /** Kept where the condition holds (over temp.keep_runs, temp.keep_devices, temp.keep_domains). */
  | { keep: 'where'; condition: string }
  /** Never exported. */
  | { keep: 'none'; why: string }

const RUNS = 'id IN (SELECT id FROM temp.keep_runs)'
const OF_RUNS = 'run_id IN (SELECT id FROM temp.keep_runs)'
const OF_DEVICES = 'device_id IN (SELECT id FROM temp.keep_devices)'
const OF_DOMAINS = 'domain_id IN (SELECT id FROM temp.keep_domains)'

export const TABLE_RULES: Readonly<Record<string, TableRule>> = {
  devices: { keep: 'all' },
  device_secrets: { keep: 'none', why: 'encrypted device passwords' },
  review_signing_key: { keep: 'none', why: "the installation's private signing key" },
  trusted_signers: { keep: 'none', why: 'whom this installation trusts; a reader judges with its own' },
  pinned_certificates: { keep: 'all' },
  connection_tests: { keep: 'all' },
  change_notification: { keep: 'all' },
  settings: { keep: 'all' },
  domains: { keep: 'all' },
  domain_processors: { keep: 'all' },
  service_areas: { keep: 'all' },
  dn_blocks: { keep: 'all' },
  user_roles: { keep: 'all' },
  domain_ldap_settings: { keep: 'all' },
  jobs: { keep: 'all' },
  audit_log: { keep: 'all' },
  sync_runs: { keep: 'where', condition: RUNS },
  sync_log: { keep: 'where', condition: OF_RUNS },
  run_changes: { keep: 'where', condition: OF_RUNS },
  inventory: { keep: 'where', condition: OF_DEVICES },
  domain_users: { keep: 'where', condition: OF_DOMAINS },
  service_area_usage: { keep: 'where', condition: OF_DOMAINS }
}

/** Column names that hold a credential, wherever they appear (the audit trail's rule, plus ciphertext). */
const SECRET_COLUMN = /password|secret|token|passphrase|private_?key|ciphertext/i

/** The ids the selection resolved to in the source store. */
export interface ResolvedSelection {
  selection: ReviewSelection
  domainId?: number
  deviceIds: number[]
  runIds: number[]
}

/** Tables of the store (not SQLite's own, not a virtual table's shadow tables, which follow it). */
export function storeTables(db: Db): string[] {
  const rows = db.prepare("SELECT name, type FROM pragma_table_list WHERE schema = 'main'").all() as {
    name: string
    type: string
  }[]
  return rows
    .filter((r) => (r.type === 'table' || r.type === 'virtual') && !r.name.startsWith('sqlite_'))
    .map((r) => r.name)
    .sort()
}

/** Tables that have no rule yet; the export refuses while there are any. */
export function tablesWithoutRule(db: Db): string[] {
  return storeTables(db).filter((name) => !Object.hasOwn(TABLE_RULES, name))
}

/**
 * Reduces a copy of the store to what the bundle may carry. Runs on the copy only, with foreign
 * keys on so that a removed run takes its log with it, and secure_delete on so removed rows do not
 * linger in free pages.
 */
export function pruneCopy(copy: Db, resolved: ResolvedSelection): void {
  copy.pragma('foreign_keys = ON')
  copy.pragma('secure_delete = ON')
  copy.function('without_secrets', { deterministic: true }, (value: unknown) => stripSecretFields(value))
  copy.transaction(() => {
    markKept(copy, resolved)
    for (const table of storeTables(copy)) {
      const rule = TABLE_RULES[table]
      if (rule.keep === 'none') copy.exec(`DELETE FROM "${table}"`)
      else if (rule.keep === 'where') copy.exec(`DELETE FROM "${table}" WHERE NOT (${rule.condition})`)
      else stripJsonSecrets(copy, table)
      blankSecretColumns(copy, table)
    }
  })()
}

/**
 * Fills temp.keep_runs, temp.keep_devices and temp.keep_domains: what was selected, the runs a job
 * run started, the domains and devices those runs are about, and each kept domain's devices (whose
 * inventory its synchronization reads).
 */
function markKept(copy: Db, resolved: ResolvedSelection): void {
  copy.exec(`
    CREATE TEMP TABLE keep_runs (id INTEGER PRIMARY KEY);
    CREATE TEMP TABLE keep_devices (id INTEGER PRIMARY KEY);
    CREATE TEMP TABLE keep_domains (id INTEGER PRIMARY KEY);
  `)
  const addDevice = copy.prepare('INSERT OR IGNORE INTO temp.keep_devices VALUES (?)')
  const addRun = copy.prepare('INSERT OR IGNORE INTO temp.keep_runs VALUES (?)')
  for (const id of resolved.deviceIds) addDevice.run(id)
  for (const id of resolved.runIds) addRun.run(id)
  if (resolved.domainId !== undefined)
    copy.prepare('INSERT INTO temp.keep_domains VALUES (?)').run(resolved.domainId)
  if (resolved.selection.kind === 'devices')
    copy.exec(
      'INSERT OR IGNORE INTO temp.keep_runs SELECT id FROM sync_runs WHERE device_id IN (SELECT id FROM temp.keep_devices)'
    )
  copy.exec(`
    INSERT OR IGNORE INTO temp.keep_runs
      WITH RECURSIVE descendant(id) AS (
        SELECT id FROM temp.keep_runs
        UNION SELECT r.id FROM sync_runs r JOIN descendant d ON r.parent_run_id = d.id
      ) SELECT id FROM descendant;
    INSERT OR IGNORE INTO temp.keep_domains
      SELECT domain_id FROM sync_runs WHERE id IN (SELECT id FROM temp.keep_runs) AND domain_id IS NOT NULL;
    INSERT OR IGNORE INTO temp.keep_devices
      SELECT device_id FROM sync_runs WHERE id IN (SELECT id FROM temp.keep_runs) AND device_id IS NOT NULL;
    INSERT OR IGNORE INTO temp.keep_devices
      SELECT device_id FROM domain_processors WHERE domain_id IN (SELECT id FROM temp.keep_domains)
      UNION SELECT directory_id FROM domains WHERE id IN (SELECT id FROM temp.keep_domains) AND directory_id IS NOT NULL
      UNION SELECT call_processor_id FROM service_areas WHERE domain_id IN (SELECT id FROM temp.keep_domains)
      UNION SELECT message_processor_id FROM service_areas
        WHERE domain_id IN (SELECT id FROM temp.keep_domains) AND message_processor_id IS NOT NULL
      UNION SELECT presence_processor_id FROM service_areas
        WHERE domain_id IN (SELECT id FROM temp.keep_domains) AND presence_processor_id IS NOT NULL;
  `)
  if (resolved.domainId === undefined) return
  // Everything of a domain: its own runs, and the runs of its devices and of their Presence Processors.
  copy.exec(`
    INSERT OR IGNORE INTO temp.keep_devices
      SELECT id FROM devices WHERE call_processor_id IN (SELECT id FROM temp.keep_devices);
    INSERT OR IGNORE INTO temp.keep_runs
      SELECT id FROM sync_runs
      WHERE domain_id IN (SELECT id FROM temp.keep_domains) OR device_id IN (SELECT id FROM temp.keep_devices);
  `)
}

interface ColumnInfo {
  name: string
  type: string
  notnull: 0 | 1
  pk: number
}

function columnsOf(copy: Db, table: string): ColumnInfo[] {
  return copy.prepare('SELECT name, type, "notnull", pk FROM pragma_table_info(?)').all(table) as ColumnInfo[]
}

/** A JSON document in configuration (settings, LDAP settings, jobs, audit details) loses secret-named fields. */
function stripJsonSecrets(copy: Db, table: string): void {
  for (const column of columnsOf(copy, table)) {
    if (column.type.toUpperCase() !== 'TEXT') continue
    copy.exec(
      `UPDATE "${table}" SET "${column.name}" = without_secrets("${column.name}")
       WHERE substr("${column.name}", 1, 1) IN ('{', '[')`
    )
  }
}

function stripSecretFields(value: unknown): unknown {
  if (typeof value !== 'string') return value
  try {
    const before = JSON.parse(value) as unknown
    const after = JSON.stringify(withoutSecrets(before))
    return after === JSON.stringify(before) ? value : after
  } catch {
    return value
  }
}

/** A column whose name says credential is emptied in any table that is kept. */
function blankSecretColumns(copy: Db, table: string): void {
  for (const column of columnsOf(copy, table)) {
    if (!SECRET_COLUMN.test(column.name)) continue
    if (column.pk > 0) copy.exec(`DELETE FROM "${table}"`)
    else copy.exec(`UPDATE "${table}" SET "${column.name}" = ${column.notnull ? "''" : 'NULL'}`)
  }
}
