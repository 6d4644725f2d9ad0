import { deviceKinds, type DeviceKind, type Product } from '../../src-preload/contract'
import type { Db } from './db'
import { listedValue } from './vocabulary'

export interface DeviceRow {
  id: number
  name: string
  kind: DeviceKind
  product: Product
  host: string
  port: number
  use_ssl: 0 | 1
  start_tls: 0 | 1
  username: string | null
  os_username: string | null
  backup_host: string | null
  backup_port: number | null
  admin_dn: string | null
  search_base: string | null
  call_processor_id: number | null
  em_service_name: string | null
  em_service_url: string | null
  analog_phones: 0 | 1
  allow_changes: 0 | 1
  version: string | null
  created_at: string
  updated_at: string
}

export type DeviceValues = Omit<DeviceRow, 'id' | 'created_at' | 'updated_at' | 'version'>

const COLUMNS: (keyof DeviceValues)[] = [
  'name',
  'kind',
  'product',
  'host',
  'port',
  'use_ssl',
  'start_tls',
  'username',
  'os_username',
  'backup_host',
  'backup_port',
  'admin_dn',
  'search_base',
  'call_processor_id',
  'em_service_name',
  'em_service_url',
  'analog_phones',
  'allow_changes'
]

/** The table does not check the kind (migration 023: the list grows); it is checked here. */
const checkedKind = listedValue(deviceKinds, "a device's kind")

export class DevicesTable {
  constructor(private readonly db: Db) {}

  all(): DeviceRow[] {
    return this.db.prepare('SELECT * FROM devices ORDER BY name COLLATE NOCASE').all() as DeviceRow[]
  }

  byName(name: string): DeviceRow | undefined {
    return this.db.prepare('SELECT * FROM devices WHERE name = ? COLLATE NOCASE').get(name) as
      DeviceRow | undefined
  }

  byId(id: number): DeviceRow | undefined {
    return this.db.prepare('SELECT * FROM devices WHERE id = ?').get(id) as DeviceRow | undefined
  }

  insert(values: DeviceValues, now: string): number {
    const sql = `INSERT INTO devices (${COLUMNS.join(', ')}, created_at, updated_at)
                 VALUES (${COLUMNS.map((c) => '@' + c).join(', ')}, @now, @now)`
    return Number(
      this.db.prepare(sql).run({ ...values, kind: checkedKind(values.kind), now }).lastInsertRowid
    )
  }

  update(id: number, values: DeviceValues, now: string): void {
    const sql = `UPDATE devices SET ${COLUMNS.map((c) => `${c} = @${c}`).join(', ')}, updated_at = @now WHERE id = @id`
    this.db.prepare(sql).run({ ...values, kind: checkedKind(values.kind), now, id })
  }

  setVersion(id: number, version: string): void {
    this.db.prepare('UPDATE devices SET version = ? WHERE id = ?').run(version, id)
  }

  /** Presence Processors that name this device as their Call Processor. */
  dependents(id: number): string[] {
    return (
      this.db.prepare('SELECT name FROM devices WHERE call_processor_id = ? ORDER BY name').all(id) as {
        name: string
      }[]
    ).map((r) => r.name)
  }

  delete(id: number): void {
    this.db.prepare('DELETE FROM devices WHERE id = ?').run(id)
  }
}
