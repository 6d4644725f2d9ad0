import type { DomainRules } from '../../src-preload/contract'
import type { Db } from './db'
import type { DeviceRow } from './devices'
import { rowReader, type RowReader } from './rows'

export interface DomainRow {
  id: number
  name: string
  description: string | null
  directory_id: number | null
  rules: DomainRules
  default_role: string
  created_at: string
  updated_at: string
}

interface StoredRow extends Omit<DomainRow, 'rules'> {
  rules: string
}

const toRow = (r: StoredRow): DomainRow => ({ ...r, rules: JSON.parse(r.rules) as DomainRules })

export interface DomainValues {
  name: string
  description: string | null
  directoryId: number | null
  rules: DomainRules
  defaultRole: string
  /** Call Processors then Message Processors, in the order the domain lists them. */
  processorIds: number[]
}

/** Domains and the processors assigned to them (domain_processors is written only through here). */
export class DomainsTable {
  private readonly rows: RowReader<DomainRow>

  constructor(private readonly db: Db) {
    this.rows = rowReader(db, toRow)
  }

  all(): DomainRow[] {
    return this.rows.all('SELECT * FROM domains ORDER BY name COLLATE NOCASE')
  }

  byName(name: string): DomainRow | undefined {
    return this.rows.first('SELECT * FROM domains WHERE name = ?', name)
  }

  processorIds(domainId: number): number[] {
    return (
      this.db
        .prepare('SELECT device_id FROM domain_processors WHERE domain_id = ? ORDER BY position')
        .all(domainId) as { device_id: number }[]
    ).map((r) => r.device_id)
  }

  /** The devices a domain uses as processors, in the order the domain lists them. */
  processors(domainId: number): DeviceRow[] {
    return this.db
      .prepare(
        `SELECT devices.* FROM domain_processors JOIN devices ON devices.id = domain_processors.device_id
         WHERE domain_processors.domain_id = ? ORDER BY domain_processors.position`
      )
      .all(domainId) as DeviceRow[]
  }

  /** Names of the domains that use a device as a processor or as their directory. */
  usingDevice(deviceId: number): string[] {
    return (
      this.db
        .prepare(
          `SELECT name FROM domains WHERE directory_id = @id OR id IN (SELECT domain_id FROM domain_processors WHERE device_id = @id)
           ORDER BY name COLLATE NOCASE`
        )
        .all({ id: deviceId }) as { name: string }[]
    ).map((r) => r.name)
  }

  insert(values: DomainValues, at: string): number {
    return this.db.transaction(() => {
      const id = Number(
        this.db
          .prepare(
            'INSERT INTO domains (name, description, directory_id, rules, default_role, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)'
          )
          .run(
            values.name,
            values.description,
            values.directoryId,
            JSON.stringify(values.rules),
            values.defaultRole,
            at,
            at
          ).lastInsertRowid
      )
      this.writeProcessors(id, values.processorIds)
      return id
    })()
  }

  update(id: number, values: Omit<DomainValues, 'name'>, at: string): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          'UPDATE domains SET description = ?, directory_id = ?, rules = ?, default_role = ?, updated_at = ? WHERE id = ?'
        )
        .run(values.description, values.directoryId, JSON.stringify(values.rules), values.defaultRole, at, id)
      this.writeProcessors(id, values.processorIds)
    })()
  }

  delete(id: number): void {
    this.db.prepare('DELETE FROM domains WHERE id = ?').run(id)
  }

  private writeProcessors(domainId: number, deviceIds: number[]): void {
    this.db.prepare('DELETE FROM domain_processors WHERE domain_id = ?').run(domainId)
    const insert = this.db.prepare(
      'INSERT INTO domain_processors (domain_id, device_id, position) VALUES (?, ?, ?)'
    )
    deviceIds.forEach((deviceId, position) => insert.run(domainId, deviceId, position))
  }
}
