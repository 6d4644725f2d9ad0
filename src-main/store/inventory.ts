import type { InventoryItem, TypeCounts } from '../../src-preload/contract'
import type { Db } from './db'

export interface StagedObject {
  type: string
  key: string
  name: string
  data: string
}

/** Device inventory: objects read from devices, switched from staging to current atomically per run. */
export class InventoryTable {
  constructor(private readonly db: Db) {}

  stage(runId: number, objects: StagedObject[]): void {
    const insert = this.db.prepare(
      'INSERT OR REPLACE INTO inventory_staging (run_id, type, key, name, data) VALUES (?, ?, ?, ?, ?)'
    )
    this.db.transaction(() => {
      for (const o of objects) insert.run(runId, o.type, o.key, o.name, o.data)
    })()
  }

  /**
   * Replaces the device's inventory of `types` with what the run staged, in one transaction, and
   * returns what changed per type. Types not listed (they failed) keep their previous inventory.
   */
  commit(
    runId: number,
    deviceId: number,
    scope: 'infrastructure' | 'user',
    types: string[]
  ): Record<string, TypeCounts> {
    const counts: Record<string, TypeCounts> = {}
    this.db.transaction(() => {
      const count = (sql: string, type: string): number =>
        (this.db.prepare(sql).get({ runId, deviceId, type }) as { n: number }).n
      for (const type of types) {
        counts[type] = {
          added: count(
            'SELECT COUNT(*) AS n FROM inventory_staging s WHERE s.run_id = @runId AND s.type = @type AND NOT EXISTS (SELECT 1 FROM inventory i WHERE i.device_id = @deviceId AND i.type = s.type AND i.key = s.key)',
            type
          ),
          changed: count(
            'SELECT COUNT(*) AS n FROM inventory_staging s JOIN inventory i ON i.device_id = @deviceId AND i.type = s.type AND i.key = s.key WHERE s.run_id = @runId AND s.type = @type AND i.data <> s.data',
            type
          ),
          removed: count(
            'SELECT COUNT(*) AS n FROM inventory i WHERE i.device_id = @deviceId AND i.type = @type AND NOT EXISTS (SELECT 1 FROM inventory_staging s WHERE s.run_id = @runId AND s.type = i.type AND s.key = i.key)',
            type
          ),
          unchanged: count(
            'SELECT COUNT(*) AS n FROM inventory_staging s JOIN inventory i ON i.device_id = @deviceId AND i.type = s.type AND i.key = s.key WHERE s.run_id = @runId AND s.type = @type AND i.data = s.data',
            type
          )
        }
        this.db.prepare('DELETE FROM inventory WHERE device_id = ? AND type = ?').run(deviceId, type)
        this.db
          .prepare(
            'INSERT INTO inventory (device_id, scope, type, key, name, data, run_id) SELECT ?, ?, type, key, name, data, run_id FROM inventory_staging WHERE run_id = ? AND type = ?'
          )
          .run(deviceId, scope, runId, type)
      }
      this.db.prepare('DELETE FROM inventory_staging WHERE run_id = ?').run(runId)
    })()
    return counts
  }

  get(deviceId: number, type: string, key: string): StagedObject | undefined {
    return this.db
      .prepare('SELECT type, key, name, data FROM inventory WHERE device_id = ? AND type = ? AND key = ?')
      .get(deviceId, type, key) as StagedObject | undefined
  }

  /**
   * Applies incremental changes (change notification) in one transaction: upserts, then deletions
   * by key, then deletions of derived rows by key prefix or suffix (a device's line appearances).
   */
  applyChanges(
    deviceId: number,
    runId: number,
    changes: {
      upserts: (StagedObject & { scope: 'infrastructure' | 'user' })[]
      deletes: { type: string; key: string }[]
      deleteByPrefix: { type: string; prefix: string }[]
    }
  ): void {
    const upsert = this.db.prepare(
      `INSERT INTO inventory (device_id, scope, type, key, name, data, run_id) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (device_id, type, key) DO UPDATE SET name = excluded.name, data = excluded.data, run_id = excluded.run_id`
    )
    const remove = this.db.prepare('DELETE FROM inventory WHERE device_id = ? AND type = ? AND key = ?')
    const removePrefix = this.db.prepare(
      'DELETE FROM inventory WHERE device_id = ? AND type = ? AND substr(key, 1, length(?)) = ?'
    )
    this.db.transaction(() => {
      for (const d of changes.deleteByPrefix) removePrefix.run(deviceId, d.type, d.prefix, d.prefix)
      for (const d of changes.deletes) remove.run(deviceId, d.type, d.key)
      for (const o of changes.upserts) upsert.run(deviceId, o.scope, o.type, o.key, o.name, o.data, runId)
    })()
  }

  /** Keys of a type whose stored data has these field values (e.g. line appearances of one line). */
  keysWhere(deviceId: number, type: string, field: string, value: string): string[] {
    return (
      this.db
        .prepare(
          `SELECT key FROM inventory WHERE device_id = ? AND type = ? AND json_extract(data, '$.' || ?) = ?`
        )
        .all(deviceId, type, field, value) as { key: string }[]
    ).map((r) => r.key)
  }

  discard(runId: number): void {
    this.db.prepare('DELETE FROM inventory_staging WHERE run_id = ?').run(runId)
  }

  /** Staged rows left by runs that never finished (a crash) are removed on start. */
  discardOrphans(): void {
    this.db
      .prepare(
        "DELETE FROM inventory_staging WHERE run_id IN (SELECT id FROM sync_runs WHERE status <> 'running')"
      )
      .run()
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

  /** Every object of one type with its data parsed (domain synchronization reads the store this way). */
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
