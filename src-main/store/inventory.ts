import type { HeldType, InventoryItem, TypeCounts } from '../../src-preload/contract'
import type { Statement } from 'better-sqlite3'
import { domainFieldValues, domainFieldsReader } from './inventoryFields'
import type { Db } from './db'

/** An inventory object as stored. */
export interface StoredObject {
  type: string
  key: string
  name: string
  data: string
}

/** An object on its way into the inventory, with what domain synchronization reads of it. */
export interface StagedObject extends StoredObject {
  /** The fields domain synchronization reads, as JSON; null for a type it does not read. */
  fields: string | null
}

/**
 * The first string after every string that starts with `prefix` in SQLite's binary order (UTF-8
 * bytes, which follow code points): the prefix with its last character's code point raised by one.
 */
export function afterPrefix(prefix: string): string {
  if (prefix === '') throw new Error('an empty prefix has no end')
  const last = prefix.codePointAt(prefix.length - 1)!
  return prefix.slice(0, -1) + String.fromCodePoint(last + 1)
}

/** The temporary table holding one run's staged objects. */
function stagingTable(runId: number): string {
  if (!Number.isSafeInteger(runId) || runId < 0) throw new Error(`Invalid run id ${runId}`)
  return `temp.staged_objects_${runId}`
}

/** Device inventory: objects read from devices, switched from staging to current atomically per run. */
export class InventoryTable {
  /** The prepared insert into each staging run's table. */
  private readonly stagingInserts = new Map<
    number,
    Statement<[string, string, string, string, string | null]>
  >()

  constructor(private readonly db: Db) {}

  /**
   * Stages objects of a run until its commit. Staging is a temporary table of this connection, one per
   * run, in arrival order: objects come keyed by uuid, and inserting them into a table ordered by key
   * rewrote a random page per object (10 s for 380,000 objects, against 3 s appended). A crash loses
   * the staged objects with the connection, which is what an unfinished run must leave anyway.
   */
  stage(runId: number, objects: StagedObject[]): void {
    const insert = this.openStaging(runId)
    this.db.transaction(() => {
      for (const o of objects) insert.run(o.type, o.key, o.name, o.data, o.fields)
    })()
  }

  private openStaging(runId: number): Statement<[string, string, string, string, string | null]> {
    let insert = this.stagingInserts.get(runId)
    if (!insert) {
      const table = stagingTable(runId)
      this.db.exec(
        `CREATE TABLE IF NOT EXISTS ${table} (type TEXT NOT NULL, key TEXT NOT NULL, name TEXT NOT NULL, data TEXT NOT NULL, fields TEXT, UNIQUE (type, key))`
      )
      insert = this.db.prepare(
        `INSERT OR REPLACE INTO ${table} (type, key, name, data, fields) VALUES (?, ?, ?, ?, ?)`
      )
      this.stagingInserts.set(runId, insert)
    }
    return insert
  }

  /**
   * Replaces the device's inventory of `types` with what the run staged, in one transaction, and
   * returns what changed per type. Types not listed (they failed) keep their previous inventory.
   * What changed is also recorded per key in run_changes (for run comparison); a type that was empty
   * gets one `filled` row instead of a row per added object. Only what changed is written, so a row's
   * run_id is the run that last wrote it. `hold` sees the counts before the transaction commits: when
   * it says so, everything is rolled back (the deletion guard), and `committed` is false. Deciding on
   * the counts the commit computes anyway costs a run that is not held nothing. The run's staging goes
   * either way.
   */
  commit(
    runId: number,
    deviceId: number,
    scope: 'infrastructure' | 'user',
    types: string[],
    hold: (counts: Record<string, TypeCounts>) => boolean = () => false
  ): { counts: Record<string, TypeCounts>; committed: boolean } {
    this.openStaging(runId)
    const staging = stagingTable(runId)
    const counts: Record<string, TypeCounts> = {}
    const params = (type: string) => ({ runId, deviceId, scope, type })
    const hasInventory = this.db.prepare(
      'SELECT EXISTS (SELECT 1 FROM inventory WHERE device_id = @deviceId AND type = @type) AS present'
    )
    const stagedCount = this.db.prepare(`SELECT COUNT(*) AS n FROM ${staging} WHERE type = ?`)
    const recordFilled = this.db.prepare(
      "INSERT INTO run_changes (run_id, type, key, change, name) VALUES (@runId, @type, '', 'filled', '')"
    )
    // Each INSERT both records the changes and counts them (its number of rows).
    const recordAdded = this.db.prepare(
      `INSERT INTO run_changes (run_id, type, key, change, name, after)
       SELECT @runId, s.type, s.key, 'added', s.name, s.data FROM ${staging} s
       WHERE s.type = @type
         AND NOT EXISTS (SELECT 1 FROM inventory i WHERE i.device_id = @deviceId AND i.type = s.type AND i.key = s.key)`
    )
    const recordChanged = this.db.prepare(
      `INSERT INTO run_changes (run_id, type, key, change, name, before, after)
       SELECT @runId, s.type, s.key, 'changed', s.name, i.data, s.data FROM ${staging} s
       JOIN inventory i ON i.device_id = @deviceId AND i.type = s.type AND i.key = s.key
       WHERE s.type = @type AND i.data <> s.data`
    )
    const recordRemoved = this.db.prepare(
      `INSERT INTO run_changes (run_id, type, key, change, name, before)
       SELECT @runId, i.type, i.key, 'removed', i.name, i.data FROM inventory i
       WHERE i.device_id = @deviceId AND i.type = @type
         AND NOT EXISTS (SELECT 1 FROM ${staging} s WHERE s.type = i.type AND s.key = i.key)`
    )
    const removeGone = this.db.prepare(
      `DELETE FROM inventory WHERE device_id = @deviceId AND type = @type
         AND NOT EXISTS (SELECT 1 FROM ${staging} s WHERE s.type = inventory.type AND s.key = inventory.key)`
    )
    // Fields differ from what is stored only in a row written before they were stored (migration 015).
    const updateChanged = this.db.prepare(
      `UPDATE inventory SET scope = @scope, name = s.name, data = s.data, fields = s.fields, run_id = @runId FROM ${staging} s
       WHERE inventory.device_id = @deviceId AND inventory.type = @type AND s.type = inventory.type
         AND s.key = inventory.key AND (inventory.data <> s.data OR inventory.name <> s.name OR inventory.scope <> @scope
           OR inventory.fields IS NOT s.fields)`
    )
    // In key order, so the inventory (ordered by key) is appended to rather than rewritten at random.
    const fill = this.db.prepare(
      `INSERT INTO inventory (device_id, scope, type, key, name, data, fields, run_id)
       SELECT @deviceId, @scope, type, key, name, data, fields, @runId FROM ${staging} WHERE type = @type ORDER BY key`
    )
    const insertNew = this.db.prepare(
      `INSERT INTO inventory (device_id, scope, type, key, name, data, fields, run_id)
       SELECT @deviceId, @scope, s.type, s.key, s.name, s.data, s.fields, @runId FROM ${staging} s
       WHERE s.type = @type
         AND NOT EXISTS (SELECT 1 FROM inventory i WHERE i.device_id = @deviceId AND i.type = s.type AND i.key = s.key)
       ORDER BY s.key`
    )
    try {
      this.db.transaction(() => {
        for (const type of types) {
          const staged = (stagedCount.get(type) as { n: number }).n
          if ((hasInventory.get(params(type)) as { present: number }).present === 0) {
            if (staged > 0) recordFilled.run(params(type))
            counts[type] = { added: staged, changed: 0, removed: 0, unchanged: 0 }
            fill.run(params(type))
          } else {
            const added = recordAdded.run(params(type)).changes
            const changed = recordChanged.run(params(type)).changes
            const removed = recordRemoved.run(params(type)).changes
            counts[type] = { added, changed, removed, unchanged: staged - added - changed }
            removeGone.run(params(type))
            updateChanged.run(params(type))
            insertNew.run(params(type))
          }
        }
        if (hold(counts)) throw new HeldCommit()
      })()
    } catch (error) {
      if (error instanceof HeldCommit) return { counts, committed: false }
      throw error
    } finally {
      this.discard(runId)
    }
    return { counts, committed: true }
  }

  get(deviceId: number, type: string, key: string): StoredObject | undefined {
    return this.db
      .prepare('SELECT type, key, name, data FROM inventory WHERE device_id = ? AND type = ? AND key = ?')
      .get(deviceId, type, key) as StoredObject | undefined
  }

  /**
   * Applies incremental changes (change notification) in one transaction: upserts, then deletions
   * by key, then deletions of derived rows by key prefix or suffix (a device's line appearances).
   * What changed is recorded in run_changes like a full synchronization's commit. `hold` sees what
   * each type with removals would lose (net of rows put back, as a phone's appearances are) before
   * the transaction commits; when it says so, nothing is applied and false is returned.
   */
  applyChanges(
    deviceId: number,
    runId: number,
    changes: {
      /** Objects without `fields` (fixtures) have domain synchronization take them from the data. */
      upserts: (StoredObject & { fields?: string | null; scope: 'infrastructure' | 'user' })[]
      deletes: { type: string; key: string }[]
      deleteByPrefix: { type: string; prefix: string }[]
    },
    hold: (losses: HeldType[]) => boolean = () => false
  ): boolean {
    const upsert = this.db.prepare(
      `INSERT INTO inventory (device_id, scope, type, key, name, data, fields, run_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (device_id, type, key) DO UPDATE SET name = excluded.name, data = excluded.data,
         fields = excluded.fields, run_id = excluded.run_id`
    )
    const remove = this.db.prepare(
      'DELETE FROM inventory WHERE device_id = ? AND type = ? AND key = ? RETURNING type, key, name, data'
    )
    const removePrefix = this.db.prepare(
      // A key range, not substr(key…): the primary key finds the range, substr scanned the whole type
      // once per changed device (9 s of a 1,000-change poll on a 40,000-user inventory).
      'DELETE FROM inventory WHERE device_id = ? AND type = ? AND key >= ? AND key < ? RETURNING type, key, name, data'
    )
    const earlier = this.db.prepare(
      'SELECT type, key, change, name, before, after FROM run_changes WHERE run_id = ? AND type = ? AND key = ?'
    )
    const recorded = new RunChangeRecorder((type, key) => {
      const row = earlier.get(runId, type, key) as
        | {
            type: string
            key: string
            change: RecordedChange['change']
            name: string
            before: string | null
            after: string | null
          }
        | undefined
      if (!row) return undefined
      return {
        type: row.type,
        key: row.key,
        change: row.change,
        name: row.name,
        ...(row.before !== null ? { before: row.before } : {}),
        ...(row.after !== null ? { after: row.after } : {})
      }
    })
    const typeCount = this.db
      .prepare('SELECT COUNT(*) FROM inventory WHERE device_id = ? AND type = ?')
      .pluck()
    const deletedTypes = new Set([...changes.deleteByPrefix, ...changes.deletes].map((d) => d.type))
    const apply = this.db.transaction(() => {
      const before = new Map([...deletedTypes].map((type) => [type, typeCount.get(deviceId, type) as number]))
      for (const d of changes.deleteByPrefix)
        for (const row of removePrefix.all(
          deviceId,
          d.type,
          d.prefix,
          afterPrefix(d.prefix)
        ) as StoredObject[])
          recorded.removed(row)
      for (const d of changes.deletes)
        for (const row of remove.all(deviceId, d.type, d.key) as StoredObject[]) recorded.removed(row)
      for (const o of changes.upserts) {
        recorded.upserted(o, this.get(deviceId, o.type, o.key)?.data)
        upsert.run(deviceId, o.scope, o.type, o.key, o.name, o.data, o.fields ?? null, runId)
      }
      // Objects put in place without a run (run id 0: fixtures) have no history to record.
      const insert = this.db.prepare(
        `INSERT INTO run_changes (run_id, type, key, change, name, before, after)
         SELECT @runId, @type, @key, @change, @name, @before, @after
         WHERE EXISTS (SELECT 1 FROM sync_runs WHERE id = @runId)`
      )
      const forget = this.db.prepare('DELETE FROM run_changes WHERE run_id = ? AND type = ? AND key = ?')
      const removed = new Map<string, number>()
      for (const [id, c] of recorded.changes()) {
        if (recorded.recordedEarlier.has(id)) {
          const cut = id.indexOf('\u0000')
          forget.run(runId, id.slice(0, cut), id.slice(cut + 1))
        }
        if (!c) continue
        insert.run({ ...c, runId, before: c.before ?? null, after: c.after ?? null })
        if (c.change === 'removed') removed.set(c.type, (removed.get(c.type) ?? 0) + 1)
      }
      const losses = [...removed].map(([type, wouldRemove]) => ({
        type,
        inventory: before.get(type) ?? wouldRemove,
        wouldRemove
      }))
      if (hold(losses)) throw new HeldCommit()
    })
    try {
      apply()
      return true
    } catch (error) {
      if (error instanceof HeldCommit) return false
      throw error
    }
  }

  discard(runId: number): void {
    this.stagingInserts.delete(runId)
    this.db.exec(`DROP TABLE IF EXISTS ${stagingTable(runId)}`)
  }

  list(query: { deviceId: number; type?: string; search?: string; offset: number; limit: number }): {
    total: number
    items: InventoryItem[]
  } {
    const where = ['device_id = @deviceId']
    if (query.type) where.push('type = @type')
    if (query.search) where.push("name LIKE @search ESCAPE '\\'")
    const params = {
      deviceId: query.deviceId,
      type: query.type ?? null,
      search: query.search ? `%${query.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null,
      limit: query.limit,
      offset: query.offset
    }
    const clause = where.join(' AND ')
    const total = (
      this.db.prepare(`SELECT COUNT(*) AS n FROM inventory WHERE ${clause}`).get(params) as { n: number }
    ).n
    const rows = this.db
      .prepare(
        `SELECT type, key, name, data FROM inventory WHERE ${clause} ORDER BY type, name LIMIT @limit OFFSET @offset`
      )
      .all(params) as { type: string; key: string; name: string; data: string }[]
    return {
      total,
      items: rows.map((r) => ({
        type: r.type,
        key: r.key,
        name: r.name,
        data: JSON.parse(r.data) as Record<string, unknown>
      }))
    }
  }

  /** Names of one type, sorted (the choices a service area's attributes offer). */
  names(deviceId: number, type: string): string[] {
    return (
      this.db
        .prepare('SELECT name FROM inventory WHERE device_id = ? AND type = ? ORDER BY name COLLATE NOCASE')
        .all(deviceId, type) as { name: string }[]
    ).map((r) => r.name)
  }

  /** Directory numbers of a Call Processor's lines (DN block usage). */
  linePatterns(deviceId: number): string[] {
    return (
      this.db
        .prepare(
          "SELECT json_extract(data, '$.pattern') AS pattern FROM inventory WHERE device_id = ? AND type = 'Line'"
        )
        .all(deviceId) as { pattern: string | null }[]
    ).flatMap((r) => (r.pattern === null ? [] : [String(r.pattern)]))
  }

  /**
   * The patterns of a Call Processor's lines in one route partition ('' is the <None> partition).
   * Partition names compare without letter case, as Unified CM's do.
   */
  linePatternsIn(deviceId: number, partition: string): string[] {
    return (
      this.db
        .prepare(
          `SELECT json_extract(data, '$.pattern') AS pattern FROM inventory
           WHERE device_id = ? AND type = 'Line'
             AND lower(COALESCE(json_extract(data, '$.routePartitionName'), '')) = lower(?)`
        )
        .all(deviceId, partition) as { pattern: string | null }[]
    ).flatMap((r) => (r.pattern === null ? [] : [String(r.pattern)]))
  }

  /**
   * What domain synchronization reads of every object of one type: the stored fields, read from their
   * covering index alone (the table's pages hold the whole objects, five times the bytes). A type with
   * a row whose fields are missing or out of date (stored by an earlier build) is read from the data.
   */
  domainFields(deviceId: number, type: string): Record<string, unknown>[] {
    const read = domainFieldsReader(type)
    // One JSON array of the type's fields, parsed at once: a string and a parse per row cost a fifth
    // more (and reading each row's key as well, three times as much).
    const { rows, stored, fields } = this.db
      .prepare(
        `SELECT COUNT(*) AS rows, COUNT(fields) AS stored, '[' || group_concat(fields, ',') || ']' AS fields
         FROM inventory INDEXED BY inventory_domain_fields WHERE device_id = ? AND type = ?`
      )
      .get(deviceId, type) as { rows: number; stored: number; fields: string | null }
    if (rows === 0) return []
    if (stored < rows) return this.domainFieldsFromData(deviceId, type, read)
    const objects: Record<string, unknown>[] = []
    for (const values of JSON.parse(fields!) as unknown[]) {
      const object = read(values)
      if (!object) return this.domainFieldsFromData(deviceId, type, read)
      objects.push(object)
    }
    return objects
  }

  private domainFieldsFromData(
    deviceId: number,
    type: string,
    read: (values: unknown) => Record<string, unknown> | undefined
  ): Record<string, unknown>[] {
    const rows = this.db
      .prepare('SELECT data FROM inventory WHERE device_id = ? AND type = ?')
      .pluck()
      .all(deviceId, type) as string[]
    return rows.map((data) => read(domainFieldValues(type, JSON.parse(data) as Record<string, unknown>))!)
  }

  /** Every object of one type with its data parsed. */
  objects(deviceId: number, type: string): { key: string; name: string; data: Record<string, unknown> }[] {
    return (
      this.db
        .prepare('SELECT key, name, data FROM inventory WHERE device_id = ? AND type = ?')
        .all(deviceId, type) as {
        key: string
        name: string
        data: string
      }[]
    ).map((r) => ({ key: r.key, name: r.name, data: JSON.parse(r.data) as Record<string, unknown> }))
  }

  typeCounts(deviceId: number): Record<string, number> {
    const rows = this.db
      .prepare('SELECT type, COUNT(*) AS n FROM inventory WHERE device_id = ? GROUP BY type')
      .all(deviceId) as { type: string; n: number }[]
    return Object.fromEntries(rows.map((r) => [r.type, r.n]))
  }
}

/** Rolls a commit back on the deletion guard's word. */
class HeldCommit extends Error {}

interface RecordedChange {
  type: string
  key: string
  change: 'added' | 'changed' | 'removed'
  name: string
  before?: string
  after?: string
}

/**
 * One run's changes by key, folded as they happen: a line appearance deleted by prefix and upserted
 * again in the same poll is one change (or none), since a run has one row per key. A run may apply
 * changes more than once (an order refreshes after every step, and may add a line and remove it
 * again): `earlier` gives what the run recorded before for a key, and the fold starts from it.
 */
class RunChangeRecorder {
  /** null: the key was touched, but the run leaves it as it found it. */
  private readonly byKey = new Map<string, RecordedChange | null>()
  /** Keys the run had a change recorded for before this fold (their row is replaced or deleted). */
  readonly recordedEarlier = new Set<string>()

  constructor(private readonly earlier: (type: string, key: string) => RecordedChange | undefined) {}

  private prior(type: string, key: string): RecordedChange | undefined {
    const id = `${type}\u0000${key}`
    if (this.byKey.has(id)) return this.byKey.get(id) ?? undefined
    const earlier = this.earlier(type, key)
    if (earlier) this.recordedEarlier.add(id)
    return earlier
  }

  removed(row: StoredObject): void {
    const id = `${row.type}\u0000${row.key}`
    const prior = this.prior(row.type, row.key)
    if (prior?.change === 'added') this.byKey.set(id, null)
    else
      this.byKey.set(id, {
        type: row.type,
        key: row.key,
        change: 'removed',
        name: prior?.name ?? row.name,
        before: prior?.before ?? row.data
      })
  }

  /** `current`: the stored data before this upsert, undefined when the key is not in the inventory. */
  upserted(o: StoredObject, current: string | undefined): void {
    const id = `${o.type}\u0000${o.key}`
    const prior = this.prior(o.type, o.key)
    // Before this run: what the first change of the key found, else what is stored now.
    const existedBefore = prior ? prior.change !== 'added' : current !== undefined
    const before = prior ? prior.before : current
    if (!existedBefore) {
      this.byKey.set(id, { type: o.type, key: o.key, change: 'added', name: o.name, after: o.data })
    } else if (before === o.data) {
      this.byKey.set(id, null)
    } else {
      this.byKey.set(id, { type: o.type, key: o.key, change: 'changed', name: o.name, before, after: o.data })
    }
  }

  /** Every key touched, with its folded change (null: none). */
  changes(): IterableIterator<[string, RecordedChange | null]> {
    return this.byKey.entries()
  }
}
