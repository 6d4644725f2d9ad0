import { type userQuerySchema, type DomainUser, type ServiceKind } from '../../src-preload/contract'
import type { z } from 'zod'
import { UserError } from '../core/errors'
import type { Store } from '../store'
import type { DomainUserRow, LdapProvisioningRecord } from '../store/domainUserRecords'
import { deviceNames, domainRow } from './context'

type UserQuery = z.output<typeof userQuerySchema>

/** The Users view: users domain synchronization filed, with their services and service areas. */
export class UserDirectoryService {
  constructor(private readonly store: Store) {}

  list(query: UserQuery): { total: number; users: DomainUser[] } {
    const domainId = query.domain !== undefined ? domainRow(this.store, query.domain).id : undefined
    const found = this.store.domainUsers.search({
      ...(domainId !== undefined ? { domainId } : {}),
      ...(query.search ? { search: query.search } : {}),
      offset: query.offset,
      limit: query.limit
    })
    return { total: found.total, users: this.toUsers(found.users) }
  }

  get(userid: string): DomainUser {
    const row = this.store.domainUsers.get(userid)
    if (!row) throw new UserError('NOT_FOUND', `There is no user "${userid}" in any domain.`, 'userid')
    return this.toUsers([row])[0]
  }

  private toUsers(rows: DomainUserRow[]): DomainUser[] {
    const devices = deviceNames(this.store)
    const domains = new Map(this.store.domains.all().map((d) => [d.id, d.name]))
    const areas = new Map<number, string>()
    for (const id of new Set(rows.map((r) => r.domainId)))
      for (const a of this.store.serviceAreas.ofDomain(id)) areas.set(a.id, a.name)
    const provisioning = this.store.domainUsers.provisioningOf(rows.map((r) => r.userid))
    return rows.map((r) => ({
      userid: r.userid,
      domain: domains.get(r.domainId) ?? '',
      firstName: r.data.firstName,
      lastName: r.data.lastName,
      ...(r.data.department ? { department: r.data.department } : {}),
      ...(r.data.email ? { email: r.data.email } : {}),
      role: r.role,
      source: r.source,
      services: r.services.map((s) => {
        const area = s.serviceAreaId !== undefined ? areas.get(s.serviceAreaId) : undefined
        return {
          kind: s.kind as ServiceKind,
          name: s.name,
          processor: devices.get(s.processorId) ?? '',
          ...(area ? { serviceArea: area } : {}),
          details: s.details
        }
      }),
      ...this.provisioningOf(provisioning.get(r.userid.toLowerCase()), areas, devices)
    }))
  }

  /** What LDAP synchronization decided for a user it created, with names for ids. */
  private provisioningOf(
    record: Omit<LdapProvisioningRecord, 'userid'> | undefined,
    areas: Map<number, string>,
    devices: Map<number, string>
  ): Pick<DomainUser, 'provisioning'> {
    if (!record) return {}
    const area = record.serviceAreaId !== undefined ? areas.get(record.serviceAreaId) : undefined
    return {
      provisioning: {
        ...(area ? { serviceArea: area } : {}),
        roles: record.roles,
        ...(record.line
          ? {
              plannedLine: {
                dn: record.line.dn,
                source: record.line.source,
                callProcessor: devices.get(record.line.callProcessorId) ?? ''
              }
            }
          : {})
      }
    }
  }
}
