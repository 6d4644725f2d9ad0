import type { ServiceAreaAttributes } from '../../src-preload/contract'
import type { Db } from './db'

export interface ServiceAreaRow {
  id: number
  domain_id: number
  name: string
  position: number
  call_processor_id: number
  message_processor_id: number | null
  presence_processor_id: number | null
  attributes: ServiceAreaAttributes
  user_roles: string[]
}

interface StoredRow extends Omit<ServiceAreaRow, 'attributes' | 'user_roles'> {
  attributes: string
  user_roles: string
}

const toRow = (r: StoredRow): ServiceAreaRow => ({
  ...r,
  attributes: JSON.parse(r.attributes) as ServiceAreaAttributes,
  user_roles: JSON.parse(r.user_roles) as string[]
})

export type ServiceAreaValues = Omit<ServiceAreaRow, 'id' | 'position'>

/** Service areas of a domain, in matching order (position). */
export class ServiceAreasTable {
  constructor(private readonly db: Db) {}

  ofDomain(domainId: number): ServiceAreaRow[] {
    return (
      this.db
        .prepare('SELECT * FROM service_areas WHERE domain_id = ? ORDER BY position')
        .all(domainId) as StoredRow[]
    ).map(toRow)
  }

  byName(domainId: number, name: string): ServiceAreaRow | undefined {
    const row = this.db
      .prepare('SELECT * FROM service_areas WHERE domain_id = ? AND name = ?')
      .get(domainId, name) as StoredRow | undefined
    return row ? toRow(row) : undefined
  }

  byId(id: number): ServiceAreaRow | undefined {
    const row = this.db.prepare('SELECT * FROM service_areas WHERE id = ?').get(id) as StoredRow | undefined
    return row ? toRow(row) : undefined
  }

  /** Service areas on a Call Processor, in any domain (directory number blocks must not overlap there). */
  onCallProcessor(deviceId: number): ServiceAreaRow[] {
    return (
      this.db
        .prepare('SELECT * FROM service_areas WHERE call_processor_id = ? ORDER BY id')
        .all(deviceId) as StoredRow[]
    ).map(toRow)
  }

  countByDomain(domainId: number): number {
    return (
      this.db.prepare('SELECT COUNT(*) AS n FROM service_areas WHERE domain_id = ?').get(domainId) as {
        n: number
      }
    ).n
  }

  /** Whether a device is some service area's processor (it then stays in its domain). */
  usesDevice(domainId: number, deviceId: number): string[] {
    return (
      this.db
        .prepare(
          `SELECT name FROM service_areas WHERE domain_id = @domainId
             AND (call_processor_id = @deviceId OR message_processor_id = @deviceId OR presence_processor_id = @deviceId)`
        )
        .all({ domainId, deviceId }) as { name: string }[]
    ).map((r) => r.name)
  }

  insert(values: ServiceAreaValues): number {
    const position = (
      this.db
        .prepare('SELECT COALESCE(MAX(position), 0) + 1 AS p FROM service_areas WHERE domain_id = ?')
        .get(values.domain_id) as { p: number }
    ).p
    return Number(
      this.db
        .prepare(
          `INSERT INTO service_areas (domain_id, name, position, call_processor_id, message_processor_id, presence_processor_id, attributes, user_roles)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`
        )
        .run(
          values.domain_id,
          values.name,
          position,
          values.call_processor_id,
          values.message_processor_id,
          values.presence_processor_id,
          JSON.stringify(values.attributes),
          JSON.stringify(values.user_roles)
        ).lastInsertRowid
    )
  }

  update(
    id: number,
    values: Pick<
      ServiceAreaRow,
      'message_processor_id' | 'presence_processor_id' | 'attributes' | 'user_roles'
    >
  ): void {
    this.db
      .prepare(
        'UPDATE service_areas SET message_processor_id = ?, presence_processor_id = ?, attributes = ?, user_roles = ? WHERE id = ?'
      )
      .run(
        values.message_processor_id,
        values.presence_processor_id,
        JSON.stringify(values.attributes),
        JSON.stringify(values.user_roles),
        id
      )
  }

  /** Renames a role in every service area of the domain that allows it (one transaction with the role). */
  renameRole(domainId: number, from: string, to: string): void {
    this.rewriteRoles(domainId, from, (roles) =>
      roles.map((r) => (r.toLowerCase() === from.toLowerCase() ? to : r))
    )
  }

  removeRole(domainId: number, role: string): void {
    this.rewriteRoles(domainId, role, (roles) => roles.filter((r) => r.toLowerCase() !== role.toLowerCase()))
  }

  private rewriteRoles(domainId: number, role: string, rewrite: (roles: string[]) => string[]): void {
    for (const area of this.ofDomain(domainId)) {
      if (!area.user_roles.some((r) => r.toLowerCase() === role.toLowerCase())) continue
      this.db
        .prepare('UPDATE service_areas SET user_roles = ? WHERE id = ?')
        .run(JSON.stringify(rewrite(area.user_roles)), area.id)
    }
  }

  /** Moves a service area to a 1-based place in its domain's matching order (clamped to the end). */
  move(domainId: number, id: number, position: number): void {
    const order = this.ofDomain(domainId).filter((a) => a.id !== id)
    const index = Math.min(Math.max(position - 1, 0), order.length)
    const ids = [...order.slice(0, index).map((a) => a.id), id, ...order.slice(index).map((a) => a.id)]
    const set = this.db.prepare('UPDATE service_areas SET position = ? WHERE id = ?')
    ids.forEach((areaId, i) => set.run(i + 1, areaId))
  }

  delete(id: number): void {
    this.db.prepare('DELETE FROM service_areas WHERE id = ?').run(id)
  }
}
