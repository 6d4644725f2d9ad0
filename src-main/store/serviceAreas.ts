import type { ServiceAreaAttributes } from '../../src-preload/contract'
import type { Db } from './db'
import { rowReader, type RowReader } from './rows'

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
  /** Picks the new directory users that go here (LDAP-30). */
  ldap_filter: string | null
  /** How a new directory user's line number is chosen (LDAP-33 … -39). */
  assign_line_from_block: boolean
  mask_ldap_numbers: boolean
  ldap_number_mask: string | null
}

interface StoredRow extends Omit<
  ServiceAreaRow,
  'attributes' | 'user_roles' | 'assign_line_from_block' | 'mask_ldap_numbers'
> {
  attributes: string
  user_roles: string
  assign_line_from_block: 0 | 1
  mask_ldap_numbers: 0 | 1
}

const toRow = (r: StoredRow): ServiceAreaRow => ({
  ...r,
  attributes: JSON.parse(r.attributes) as ServiceAreaAttributes,
  user_roles: JSON.parse(r.user_roles) as string[],
  assign_line_from_block: r.assign_line_from_block === 1,
  mask_ldap_numbers: r.mask_ldap_numbers === 1
})

/** The columns a service area's LDAP provisioning options are stored in. */
export type ServiceAreaLdapValues = Pick<
  ServiceAreaRow,
  'ldap_filter' | 'assign_line_from_block' | 'mask_ldap_numbers' | 'ldap_number_mask'
>

const ldapParameters = (values: ServiceAreaLdapValues) => ({
  ldapFilter: values.ldap_filter,
  fromBlock: values.assign_line_from_block ? 1 : 0,
  mask: values.mask_ldap_numbers ? 1 : 0,
  numberMask: values.ldap_number_mask
})

export type ServiceAreaValues = Omit<ServiceAreaRow, 'id' | 'position'>

/** Service areas of a domain, in matching order (position). */
export class ServiceAreasTable {
  private readonly rows: RowReader<ServiceAreaRow>

  constructor(private readonly db: Db) {
    this.rows = rowReader(db, toRow)
  }

  ofDomain(domainId: number): ServiceAreaRow[] {
    return this.rows.all('SELECT * FROM service_areas WHERE domain_id = ? ORDER BY position', domainId)
  }

  byName(domainId: number, name: string): ServiceAreaRow | undefined {
    return this.rows.first('SELECT * FROM service_areas WHERE domain_id = ? AND name = ?', domainId, name)
  }

  byId(id: number): ServiceAreaRow | undefined {
    return this.rows.first('SELECT * FROM service_areas WHERE id = ?', id)
  }

  /** Service areas on a Call Processor, in any domain (directory number blocks must not overlap there). */
  onCallProcessor(deviceId: number): ServiceAreaRow[] {
    return this.rows.all('SELECT * FROM service_areas WHERE call_processor_id = ? ORDER BY id', deviceId)
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
          `INSERT INTO service_areas (domain_id, name, position, call_processor_id, message_processor_id, presence_processor_id, attributes, user_roles,
             ldap_filter, assign_line_from_block, mask_ldap_numbers, ldap_number_mask)
           VALUES (@domainId, @name, @position, @callProcessorId, @messageProcessorId, @presenceProcessorId, @attributes, @userRoles,
             @ldapFilter, @fromBlock, @mask, @numberMask)`
        )
        .run({
          domainId: values.domain_id,
          name: values.name,
          position,
          callProcessorId: values.call_processor_id,
          messageProcessorId: values.message_processor_id,
          presenceProcessorId: values.presence_processor_id,
          attributes: JSON.stringify(values.attributes),
          userRoles: JSON.stringify(values.user_roles),
          ...ldapParameters(values)
        }).lastInsertRowid
    )
  }

  update(
    id: number,
    values: Pick<
      ServiceAreaRow,
      'message_processor_id' | 'presence_processor_id' | 'attributes' | 'user_roles'
    > &
      ServiceAreaLdapValues
  ): void {
    this.db
      .prepare(
        `UPDATE service_areas SET message_processor_id = @messageProcessorId, presence_processor_id = @presenceProcessorId,
           attributes = @attributes, user_roles = @userRoles, ldap_filter = @ldapFilter,
           assign_line_from_block = @fromBlock, mask_ldap_numbers = @mask, ldap_number_mask = @numberMask
         WHERE id = @id`
      )
      .run({
        id,
        messageProcessorId: values.message_processor_id,
        presenceProcessorId: values.presence_processor_id,
        attributes: JSON.stringify(values.attributes),
        userRoles: JSON.stringify(values.user_roles),
        ...ldapParameters(values)
      })
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
