import { type roleChangesSchema, type roleInputSchema, type UserRole } from '../../src-preload/contract'
import type { z } from 'zod'
import { UserError } from '../core/errors'
import type { DomainRow } from '../store/domains'
import type { UserRoleRow } from '../store/userRoles'
import { assertDomainIdle, domainRow, type DomainDeps } from './context'
import { assertLdapProvisioning } from './serviceAreas'

type RoleInput = z.output<typeof roleInputSchema>
type RoleChanges = z.output<typeof roleChangesSchema>

/** Seed 003 (SETUP-17): Pseudo owns phones nobody owns; it cannot be renamed or removed. */
const PSEUDO = 'pseudo'

/** Provisioning Setup → domain → User Roles. */
export class RoleService {
  constructor(private readonly deps: DomainDeps) {}

  list(domain: string): UserRole[] {
    const row = domainRow(this.deps.store, domain)
    return this.deps.store.userRoles.ofDomain(row.id).map((r) => this.toRole(row, r))
  }

  add(input: RoleInput): UserRole {
    const { store, events } = this.deps
    const domain = domainRow(store, input.domain)
    if (store.userRoles.byName(domain.id, input.name))
      throw new UserError(
        'CONFLICT',
        `name: ${domain.name} already has a user role named "${input.name}".`,
        'name'
      )
    if (input.ldapFilter) assertLdapProvisioning(store, domain, 'user-role')
    store.transaction(() =>
      store.userRoles.insert(domain.id, input.name, false, {
        endpoints: input.endpoints ?? [],
        lines: input.lines ?? [],
        services: input.services ?? [],
        bundles: input.bundles ?? [],
        ldap_filter: input.ldapFilter ?? null
      })
    )
    events.emit('domains:changed', { name: domain.name })
    return this.toRole(domain, this.row(domain, input.name))
  }

  edit(domainName: string, name: string, changes: RoleChanges): UserRole {
    const { store, events } = this.deps
    const domain = domainRow(store, domainName)
    assertDomainIdle(this.deps.coordinator, domain)
    const role = this.row(domain, name)
    const newName = changes.name ?? role.name
    const renamed = newName !== role.name
    if (renamed && role.builtin && role.name.toLowerCase() === PSEUDO)
      throw new UserError('VALIDATION', 'name: the Pseudo role cannot be renamed.', 'name')
    if (
      renamed &&
      newName.toLowerCase() !== role.name.toLowerCase() &&
      store.userRoles.byName(domain.id, newName)
    )
      throw new UserError(
        'CONFLICT',
        `name: ${domain.name} already has a user role named "${newName}".`,
        'name'
      )
    const ldapFilter = changes.ldapFilter === undefined ? role.ldap_filter : changes.ldapFilter
    if (ldapFilter !== null && ldapFilter !== role.ldap_filter)
      assertLdapProvisioning(store, domain, 'user-role')
    store.transaction(() => {
      store.userRoles.update(role.id, newName, {
        endpoints: changes.endpoints ?? role.endpoints,
        lines: changes.lines ?? role.lines,
        services: changes.services ?? role.services,
        bundles: changes.bundles ?? role.bundles,
        ldap_filter: ldapFilter
      })
      if (!renamed) return
      // Renaming the default role carries the DefaultUserType rule, service areas and users along.
      if (domain.default_role.toLowerCase() === role.name.toLowerCase())
        store.domains.update(
          domain.id,
          {
            description: domain.description,
            directoryId: domain.directory_id,
            rules: domain.rules,
            defaultRole: newName,
            processorIds: store.domains.processorIds(domain.id)
          },
          this.deps.clock.now().toISOString()
        )
      store.serviceAreas.renameRole(domain.id, role.name, newName)
      store.domainUsers.renameRole(domain.id, role.name, newName)
    })
    events.emit('domains:changed', { name: domain.name })
    return this.toRole(domainRow(store, domain.name), this.row(domain, newName))
  }

  delete(domainName: string, name: string): { deleted: string } {
    const { store, events } = this.deps
    const domain = domainRow(store, domainName)
    assertDomainIdle(this.deps.coordinator, domain)
    const role = this.row(domain, name)
    if (role.builtin && role.name.toLowerCase() === PSEUDO)
      throw new UserError('VALIDATION', 'name: the Pseudo role cannot be removed.', 'name')
    if (domain.default_role.toLowerCase() === role.name.toLowerCase())
      throw new UserError(
        'IN_USE',
        `name: ${role.name} is the default role of ${domain.name} (DefaultUserType); choose another default role first.`,
        'name'
      )
    const users = store.domainUsers.countByRole(domain.id, role.name)
    if (users > 0)
      throw new UserError(
        'IN_USE',
        // No command changes a user's role yet (that comes with MACD): say what does decide it.
        `name: ${users} user${users === 1 ? ' has' : 's have'} the role ${role.name}, so it cannot be removed. Users get their role from domain synchronization (the domain's default role) or LDAP provisioning; a user's role cannot be changed in Switchboard yet.`,
        'name'
      )
    store.transaction(() => {
      store.serviceAreas.removeRole(domain.id, role.name)
      store.userRoles.delete(role.id)
    })
    events.emit('domains:changed', { name: domain.name })
    return { deleted: role.name }
  }

  private row(domain: DomainRow, name: string): UserRoleRow {
    const role = this.deps.store.userRoles.byName(domain.id, name)
    if (!role) throw new UserError('NOT_FOUND', `${domain.name} has no user role named "${name}".`, 'name')
    return role
  }

  private toRole(domain: DomainRow, role: UserRoleRow): UserRole {
    return {
      domain: domain.name,
      name: role.name,
      builtin: role.builtin,
      isDefault: domain.default_role.toLowerCase() === role.name.toLowerCase(),
      endpoints: role.endpoints,
      lines: role.lines,
      services: role.services,
      bundles: role.bundles,
      ldapFilter: role.ldap_filter,
      users: this.deps.store.domainUsers.countByRole(domain.id, role.name)
    }
  }
}
