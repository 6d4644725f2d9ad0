import type { Db } from './db'

export interface DnBlockRow {
  id: number
  service_area_id: number
  prefix: string
  first: number
  last: number
  min_length: number
}

/** Directory number blocks of service areas. */
export class DnBlocksTable {
  constructor(private readonly db: Db) {}

  ofServiceArea(serviceAreaId: number): DnBlockRow[] {
    return this.db
      .prepare('SELECT * FROM dn_blocks WHERE service_area_id = ? ORDER BY prefix, first')
      .all(serviceAreaId) as DnBlockRow[]
  }

  byId(id: number): DnBlockRow | undefined {
    return this.db.prepare('SELECT * FROM dn_blocks WHERE id = ?').get(id) as DnBlockRow | undefined
  }

  insert(values: Omit<DnBlockRow, 'id'>): number {
    return Number(
      this.db
        .prepare(
          'INSERT INTO dn_blocks (service_area_id, prefix, first, last, min_length) VALUES (?, ?, ?, ?, ?)'
        )
        .run(values.service_area_id, values.prefix, values.first, values.last, values.min_length)
        .lastInsertRowid
    )
  }

  update(id: number, values: Omit<DnBlockRow, 'id' | 'service_area_id'>): void {
    this.db
      .prepare('UPDATE dn_blocks SET prefix = ?, first = ?, last = ?, min_length = ? WHERE id = ?')
      .run(values.prefix, values.first, values.last, values.min_length, id)
  }

  delete(id: number): void {
    this.db.prepare('DELETE FROM dn_blocks WHERE id = ?').run(id)
  }
}
