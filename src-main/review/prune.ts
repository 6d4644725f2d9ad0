// What a review bundle keeps of each table of the store: what the selection needs and nothing else.
// The results (runs, logs, inventory, users) of the selection; the configuration of the devices,
// domains and jobs involved (a service area names its processors, a job run its job); the job runs
// that started its runs, with their log entries about what is kept; and the audit entries about what
// is kept. Other devices' hosts, other domains' configuration and unrelated audit entries stay home;
// the manifest counts what was left out. Secrets and a run's scratch space never leave the machine.
//
// Every table must have a rule here: a table this file does not know makes the export refuse, so a
// new table (perhaps holding a credential) is never shipped unexamined.
import type { Db } from '../store/db'
import { withoutSecrets } from '../audit/handlers'
import type { ReviewSelection } from './format'

type TableRule =
  /** Kept whole; JSON values are stripped of secret-named fields. */
  | { keep: 'all' }
  /**
   * Kept where the condition holds (over the temp.keep_* tables markKept fills), after `before`
   * has run. Configuration's JSON values are stripped of secret-named fields; synchronization
   * results (`results`) are kept as they were read.
   */
  | { keep: 'where'; condition: string; before?: string; results?: true }
  /** Never exported. */
  | { keep: 'none'; why: string }

const KEPT_RUNS = 'SELECT id FROM temp.keep_runs'
const KEPT_DEVICES = 'SELECT id FROM temp.keep_devices'
const KEPT_DOMAINS = 'SELECT id FROM temp.keep_domains'
const OF_RUNS = `run_id IN (${KEPT_RUNS})`
const OF_DEVICES = `device_id IN (${KEPT_DEVICES})`
const OF_DOMAINS = `domain_id IN (${KEPT_DOMAINS})`
/** Orders all of whose steps are on kept devices (a step on a device left out would name nothing). */
const KEPT_ORDERS = `SELECT id FROM orders WHERE id IN (SELECT order_id FROM order_steps)
  AND id NOT IN (SELECT order_id FROM order_steps WHERE device_id IS NULL OR device_id NOT IN (${KEPT_DEVICES}))`

export const TABLE_RULES: Readonly<Record<string, TableRule>> = {
  devices: {
    keep: 'where',
    condition: `id IN (${KEPT_DEVICES}) OR id IN (SELECT id FROM temp.linked_devices)`,
    // A Presence Processor left out must not hold its Call Processor back (ON DELETE RESTRICT).
    before: `UPDATE devices SET call_processor_id = NULL
      WHERE id NOT IN (${KEPT_DEVICES}) AND id NOT IN (SELECT id FROM temp.linked_devices)`
  },
  device_secrets: { keep: 'none', why: 'encrypted device passwords' },
  review_signing_key: { keep: 'none', why: "the installation's private signing key" },
  trusted_signers: { keep: 'none', why: 'whom this installation trusts; a reader judges with its own' },
  pinned_certificates: { keep: 'where', condition: OF_DEVICES },
  connection_tests: { keep: 'where', condition: OF_DEVICES },
  change_notification: { keep: 'where', condition: OF_DEVICES },
  settings: { keep: 'all' },
  domains: { keep: 'where', condition: `id IN (${KEPT_DOMAINS})` },
  domain_processors: { keep: 'where', condition: OF_DOMAINS },
  service_areas: { keep: 'where', condition: OF_DOMAINS },
  dn_blocks: {
    keep: 'where',
    condition: `service_area_id IN (SELECT id FROM service_areas WHERE ${OF_DOMAINS})`
  },
  number_reservations: {
    keep: 'where',
    condition: `service_area_id IN (SELECT id FROM service_areas WHERE ${OF_DOMAINS})`
  },
  user_roles: { keep: 'where', condition: OF_DOMAINS },
  domain_ldap_settings: { keep: 'where', condition: OF_DOMAINS },
  jobs: { keep: 'where', condition: 'id IN (SELECT id FROM temp.keep_jobs)' },
  audit_log: { keep: 'where', condition: 'id IN (SELECT id FROM temp.keep_audit)' },
  sync_runs: { keep: 'where', condition: `id IN (${KEPT_RUNS})`, results: true },
  // A job run kept for having started a selected run keeps its entries about what is kept, and its
  // own (those about no object: started, notes, its outcome).
  sync_log: {
    keep: 'where',
    condition: `${OF_RUNS} AND (run_id NOT IN (SELECT id FROM temp.starting_runs)
      OR object_name IS NULL OR object_name IN (SELECT name FROM temp.keep_names))`,
    results: true
  },
  run_changes: { keep: 'where', condition: OF_RUNS, results: true },
  inventory: { keep: 'where', condition: OF_DEVICES, results: true },
  domain_users: { keep: 'where', condition: OF_DOMAINS, results: true },
  service_area_usage: { keep: 'where', condition: OF_DOMAINS, results: true },
  // Configuration, not results: a sealed voicemail PIN in a step's action is dropped with the other
  // secret-named fields.
  orders: { keep: 'where', condition: `id IN (${KEPT_ORDERS})` },
  order_steps: { keep: 'where', condition: `order_id IN (${KEPT_ORDERS})` }
}

/**
 * Pruned first, in this order: a domain left out takes its service areas and processor links with
 * it, which would otherwise hold its devices back (ON DELETE RESTRICT acts at once, not at commit).
 */
const PRUNED_FIRST = ['domains', 'devices']

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
    const tables = storeTables(copy)
    const ordered = [
      ...PRUNED_FIRST.filter((t) => tables.includes(t)),
      ...tables.filter((t) => !PRUNED_FIRST.includes(t))
    ]
    for (const table of ordered) {
      const rule = TABLE_RULES[table]
      if (rule.keep === 'none') copy.exec(`DELETE FROM "${table}"`)
      else if (rule.keep === 'where') {
        if (rule.before) copy.exec(rule.before)
        copy.exec(`DELETE FROM "${table}" WHERE NOT (${rule.condition})`)
      }
      if (rule.keep === 'all' || (rule.keep === 'where' && !rule.results)) stripJsonSecrets(copy, table)
      blankSecretColumns(copy, table)
    }
  })()
}

/**
 * Fills the temp.keep_* tables: what was selected, the runs a job run started, the domains and
 * devices those runs are about, and each kept domain's devices (whose inventory its synchronization
 * reads); then the Call Processor of a kept Presence Processor, as configuration only
 * (temp.linked_devices), the job runs that started kept runs (temp.starting_runs), the jobs of kept
 * runs, the names of what is kept and the audit entries about it.
 */
function markKept(copy: Db, resolved: ResolvedSelection): void {
  copy.exec(`
    CREATE TEMP TABLE keep_runs (id INTEGER PRIMARY KEY);
    CREATE TEMP TABLE keep_devices (id INTEGER PRIMARY KEY);
    CREATE TEMP TABLE linked_devices (id INTEGER PRIMARY KEY);
    CREATE TEMP TABLE keep_domains (id INTEGER PRIMARY KEY);
    CREATE TEMP TABLE starting_runs (id INTEGER PRIMARY KEY);
    CREATE TEMP TABLE keep_jobs (id INTEGER PRIMARY KEY);
    CREATE TEMP TABLE keep_names (name TEXT PRIMARY KEY COLLATE NOCASE);
    CREATE TEMP TABLE keep_audit (id INTEGER PRIMARY KEY);
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
  if (resolved.domainId !== undefined)
    // Everything of a domain: its own runs, and the runs of its devices and of their Presence Processors.
    copy.exec(`
      INSERT OR IGNORE INTO temp.keep_devices
        SELECT id FROM devices WHERE call_processor_id IN (SELECT id FROM temp.keep_devices);
      INSERT OR IGNORE INTO temp.keep_runs
        SELECT id FROM sync_runs
        WHERE domain_id IN (SELECT id FROM temp.keep_domains) OR device_id IN (SELECT id FROM temp.keep_devices);
    `)
  copy.exec(`
    INSERT OR IGNORE INTO temp.linked_devices
      SELECT call_processor_id FROM devices
      WHERE id IN (SELECT id FROM temp.keep_devices) AND call_processor_id IS NOT NULL
        AND call_processor_id NOT IN (SELECT id FROM temp.keep_devices);
    INSERT OR IGNORE INTO temp.starting_runs
      WITH RECURSIVE ancestor(id) AS (
        SELECT parent_run_id FROM sync_runs
        WHERE id IN (SELECT id FROM temp.keep_runs) AND parent_run_id IS NOT NULL
        UNION SELECT r.parent_run_id FROM sync_runs r JOIN ancestor a ON r.id = a.id
        WHERE r.parent_run_id IS NOT NULL
      ) SELECT id FROM ancestor WHERE id NOT IN (SELECT id FROM temp.keep_runs);
    INSERT OR IGNORE INTO temp.keep_runs SELECT id FROM temp.starting_runs;
    INSERT OR IGNORE INTO temp.keep_jobs
      SELECT job_id FROM sync_runs WHERE id IN (SELECT id FROM temp.keep_runs) AND job_id IS NOT NULL;
    INSERT OR IGNORE INTO temp.keep_names
      SELECT name FROM devices WHERE id IN (SELECT id FROM temp.keep_devices)
      UNION SELECT name FROM domains WHERE id IN (SELECT id FROM temp.keep_domains)
      UNION SELECT name FROM jobs WHERE id IN (SELECT id FROM temp.keep_jobs)
      UNION SELECT userid FROM domain_users WHERE domain_id IN (SELECT id FROM temp.keep_domains);
  `)
  markKeptAudit(copy)
}

/**
 * The audit entries whose target is something kept: a device, domain, job or user by name (a list
 * of names when any of them is), or a run by id ("run 12", "runs 12, 14").
 */
function markKeptAudit(copy: Db): void {
  const names = new Set(
    (copy.prepare('SELECT name FROM temp.keep_names').pluck().all() as string[]).map((n) => n.toLowerCase())
  )
  const runs = new Set(copy.prepare('SELECT id FROM temp.keep_runs').pluck().all() as number[])
  const keep = copy.prepare('INSERT INTO temp.keep_audit VALUES (?)')
  const entries = copy.prepare('SELECT id, target FROM audit_log WHERE target IS NOT NULL').all() as {
    id: number
    target: string
  }[]
  for (const { id, target } of entries) {
    const about = /^runs? \d/.test(target)
      ? (target.match(/\d+/g) ?? []).some((runId) => runs.has(Number(runId)))
      : target.split(', ').some((name) => names.has(name.toLowerCase()))
    if (about) keep.run(id)
  }
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
