import {
  activeDirectoryOnly,
  deviceStaleActions,
  dnProblem,
  staleActionLabels,
  productFields,
  type FieldMappings,
  type FieldRule,
  type ProductField,
  type LdapFilterSetting,
  type LdapSettings,
  type ldapSettingsChangesSchema
} from '../../src-preload/contract'
import type { z } from 'zod'
import { UserError, validationError } from '../core/errors'
import type { DeviceRow } from '../store/devices'
import type { DomainRow } from '../store/domains'
import type { StoredLdapSettings } from '../store/ldapSettings'
import { assertDomainIdle, deviceOfKind, domainRow, type DomainDeps } from './context'

type LdapSettingsChanges = z.output<typeof ldapSettingsChangesSchema>

/** Seed 000 defaults: all users, all fields updated, nothing deleted, guard at 500 users or 20 %. */
function defaults(directory: DeviceRow): StoredLdapSettings {
  const activeDirectory = directory.product === 'ad'
  return {
    mode: 'auth-sync',
    updateExisting: 'all',
    staleAction: 'keep',
    searchBase: directory.search_base ?? '',
    syncDisabledUsers: false,
    mappings: {
      userId: activeDirectory ? 'sAMAccountName' : 'uid',
      phone: 'telephoneNumber',
      email: 'mail',
      middleName: activeDirectory ? 'middleName' : 'initials',
      directoryUri: 'mail'
    },
    filter: { kind: 'all' },
    guard: { maxRemovals: 500, maxPercent: 20 },
    writeBack: { attribute: 'none' }
  }
}

/** Provisioning Setup → domain → LDAP Settings. */
export class LdapSettingsService {
  constructor(private readonly deps: DomainDeps) {}

  get(domainName: string): LdapSettings {
    const { store } = this.deps
    const domain = domainRow(store, domainName)
    const directory = this.directoryOf(domain)
    const stored = store.ldapSettings.get(domain.id)
    if (!stored)
      throw new UserError(
        'NOT_FOUND',
        `${domain.name} has no LDAP settings yet; save them first (switchboard domains ldap set "${domain.name}" …).`,
        'domain'
      )
    return toSettings(domain, directory, stored.settings, stored.updatedAt)
  }

  set(domainName: string, changes: LdapSettingsChanges): LdapSettings {
    const { store, clock, events } = this.deps
    const domain = domainRow(store, domainName)
    assertDomainIdle(this.deps.coordinator, domain)
    const directory = changes.directory
      ? deviceOfKind(store, changes.directory, 'directory', 'directory')
      : this.directoryOf(domain)
    const current = store.ldapSettings.get(domain.id)?.settings ?? defaults(directory)
    // Settings saved before write-back existed have none.
    const writeBack: NonNullable<StoredLdapSettings['writeBack']> = {
      ...(current.writeBack ?? { attribute: 'none' })
    }
    if (changes.writeBack?.attribute !== undefined) writeBack.attribute = changes.writeBack.attribute
    if (changes.writeBack?.mask === null) delete writeBack.mask
    else if (changes.writeBack?.mask !== undefined) writeBack.mask = changes.writeBack.mask
    const fieldRules = { ...fieldRulesOf(current) }
    for (const [field, rule] of Object.entries(changes.fieldRules ?? {})) {
      const key = field as ProductField
      fieldRules[key] = { ...fieldRules[key], ...rule }
    }
    const provisioningRule = { ...current.provisioningRule }
    for (const key of ['role', 'serviceArea'] as const) {
      const value = changes.provisioningRule?.[key]
      if (value === null) delete provisioningRule[key]
      else if (value !== undefined) provisioningRule[key] = this.provisioningName(domain, key, value)
    }
    const next: StoredLdapSettings = {
      ...current,
      ...(changes.mode !== undefined ? { mode: changes.mode } : {}),
      ...(changes.updateExisting !== undefined ? { updateExisting: changes.updateExisting } : {}),
      ...(changes.staleAction !== undefined ? { staleAction: changes.staleAction } : {}),
      ...(changes.searchBase !== undefined ? { searchBase: changes.searchBase } : {}),
      ...(changes.syncDisabledUsers !== undefined ? { syncDisabledUsers: changes.syncDisabledUsers } : {}),
      mappings: { ...current.mappings, ...changes.mappings },
      filter: changes.filter ?? current.filter,
      guard: { ...current.guard, ...changes.guard },
      writeBack,
      fieldRules,
      provisioningRule
    }
    if (changes.intervalHours !== undefined) {
      if (changes.intervalHours === null) delete next.intervalHours
      else next.intervalHours = changes.intervalHours
    }
    if (changes.startAt !== undefined) {
      if (changes.startAt === null) delete next.startAt
      else next.startAt = new Date(changes.startAt).toISOString()
    }
    this.check(directory, next)
    store.transaction(() => {
      if (domain.directory_id !== directory.id)
        store.domains.update(
          domain.id,
          {
            description: domain.description,
            directoryId: directory.id,
            rules: domain.rules,
            defaultRole: domain.default_role,
            processorIds: store.domains.processorIds(domain.id)
          },
          clock.now().toISOString()
        )
      store.ldapSettings.put(domain.id, next, clock.now().toISOString())
    })
    events.emit('domains:changed', { name: domain.name })
    return this.get(domain.name)
  }

  /** The provisioning rule names a role and a service area of this domain (as the domain spells them). */
  private provisioningName(domain: DomainRow, key: 'role' | 'serviceArea', name: string): string {
    const { store } = this.deps
    const found =
      key === 'role'
        ? store.userRoles.byName(domain.id, name)?.name
        : store.serviceAreas.byName(domain.id, name)?.name
    if (!found)
      throw new UserError(
        'VALIDATION',
        `provisioningRule.${key}: ${domain.name} has no ${key === 'role' ? 'user role' : 'service area'} named "${name}".`,
        `provisioningRule.${key}`
      )
    return found
  }

  private directoryOf(domain: DomainRow): DeviceRow {
    const directory = this.deps.store.devices.all().find((d) => d.id === domain.directory_id)
    if (!directory)
      throw new UserError(
        'VALIDATION',
        `directory: ${domain.name} has no directory server; choose one (a Directory Server from Device Setup).`,
        'directory'
      )
    return directory
  }

  /** Rules that depend on the directory's product (LDAP-12, LDAP-19, LDAP-20) and on what this release can do. */
  private check(directory: DeviceRow, s: StoredLdapSettings): void {
    const issues: { field: string; message: string }[] = []
    const ad = directory.product === 'ad'
    const adFamily = ad || directory.product === 'adlds'
    const problem = dnProblem(s.searchBase)
    if (problem) issues.push({ field: 'searchBase', message: `must be a distinguished name: ${problem}` })
    for (const [field, attribute] of Object.entries(s.mappings)) {
      if (!(activeDirectoryOnly as readonly string[]).includes(attribute)) continue
      // AD LDS has no sAMAccountName (uid instead, LDAP-19); OpenLDAP and Oracle none of these (LDAP-20).
      const allowed = ad || (directory.product === 'adlds' && attribute !== 'sAMAccountName')
      if (!allowed)
        issues.push({
          field: `mappings.${field}`,
          message: `${attribute} is not offered for ${directory.name} (${directory.product}); ${field === 'userId' ? 'use uid' : 'choose another attribute'}`
        })
    }
    if (s.mappings.userId === 'uid' && ad)
      issues.push({
        field: 'mappings.userId',
        message: 'Active Directory users are identified by sAMAccountName, not uid'
      })
    if (s.syncDisabledUsers && (!adFamily || s.mode !== 'auth-sync'))
      issues.push({
        field: 'syncDisabledUsers',
        message: 'applies only to Active Directory or AD LDS in Authentication and Synchronization mode'
      })
    if ((deviceStaleActions as readonly string[]).includes(s.staleAction))
      issues.push({
        field: 'staleAction',
        message: `"${staleActionLabels[s.staleAction as keyof typeof staleActionLabels]}" changes Unified CM through provisioning orders, which this release does not send; choose keep, delete-if-no-services or delete`
      })
    const writeBack = s.writeBack ?? { attribute: 'none' }
    if (writeBack.mask !== undefined && writeBack.attribute === 'none')
      issues.push({
        field: 'writeBack.mask',
        message:
          'applies only when the primary number is written back: choose ipPhone, telephoneNumber or mobile'
      })
    if (writeBack.attribute === 'ipPhone' && directory.product !== 'ad' && directory.product !== 'adlds')
      issues.push({
        field: 'writeBack.attribute',
        message: `ipPhone is not offered for ${directory.name} (${directory.product})`
      })
    if (issues.length > 0) throw validationError(issues)
  }
}

/**
 * The fields the directory owns on its users (issue 25 item 7): those LDAP synchronization refreshes —
 * mapped to an attribute, with the matrix's Update on, while existing users are updated. Domain
 * synchronization leaves these as the directory left them on a directory user and owns the rest.
 */
export function directoryOwnedFields(s: StoredLdapSettings): ProductField[] {
  if (s.mode !== 'auth-sync' || s.updateExisting !== 'all') return []
  const rules = fieldRulesOf(s)
  return productFields.filter(
    (field) => rules[field].update && (field !== 'directoryUri' || s.mappings.directoryUri !== 'none')
  )
}

/** Every field filled, refreshed and cleared unless set otherwise (the directory is the master). */
export function fieldRulesOf(s: StoredLdapSettings): Record<ProductField, FieldRule> {
  const all = Object.fromEntries(
    productFields.map((f) => [f, { create: true, update: true, clear: true }])
  ) as Record<ProductField, FieldRule>
  for (const [field, rule] of Object.entries(s.fieldRules ?? {}))
    if ((productFields as readonly string[]).includes(field)) all[field as ProductField] = rule
  return all
}

function toSettings(
  domain: DomainRow,
  directory: DeviceRow,
  s: StoredLdapSettings,
  updatedAt: string
): LdapSettings {
  return {
    domain: domain.name,
    directory: directory.name,
    mode: s.mode,
    updateExisting: s.updateExisting,
    staleAction: s.staleAction as LdapSettings['staleAction'],
    searchBase: s.searchBase,
    syncDisabledUsers: s.syncDisabledUsers,
    mappings: s.mappings as unknown as FieldMappings,
    filter: s.filter as LdapFilterSetting,
    guard: s.guard,
    writeBack: s.writeBack ?? { attribute: 'none' },
    fieldRules: fieldRulesOf(s),
    provisioningRule: s.provisioningRule ?? {},
    ...(s.intervalHours !== undefined ? { intervalHours: s.intervalHours } : {}),
    ...(s.startAt !== undefined ? { startAt: s.startAt } : {}),
    ...(s.held ? { held: s.held } : {}),
    updatedAt
  }
}
