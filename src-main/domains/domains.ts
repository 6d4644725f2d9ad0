import {
  builtinRoles,
  type domainChangesSchema,
  type domainInputSchema,
  NO_RULES,
  type Domain,
  type DomainSyncSummary,
  type DomainRules
} from '../../src-preload/contract'
import type { z } from 'zod'
import { UserError, validationError } from '../core/errors'
import type { DomainRow } from '../store/domains'
import { ruleIssues } from '../sync/domain/rules'
import { assertDomainIdle, deviceNames, deviceOfKind, domainRow, type DomainDeps } from './context'

type DomainInput = z.output<typeof domainInputSchema>
type DomainChanges = z.output<typeof domainChangesSchema>

/** Provisioning Setup → Domains: processors, directory, synchronization rules and the default role. */
export class DomainService {
  constructor(private readonly deps: DomainDeps) {}

  list(): Domain[] {
    return this.deps.store.domains.all().map((row) => this.toDomain(row))
  }

  get(name: string): Domain {
    return this.toDomain(domainRow(this.deps.store, name, 'name'))
  }

  add(input: DomainInput): Domain {
    const { store, clock, events } = this.deps
    if (store.domains.byName(input.name))
      throw new UserError('CONFLICT', `name: a domain named "${input.name}" already exists.`, 'name')
    const processors = this.resolveProcessors(input.callProcessors, input.messageProcessors)
    const rules = { ...NO_RULES, ...input.rules }
    this.checkRules(rules, processors.callProcessorNames)
    store.transaction(() => {
      const id = store.domains.insert(
        {
          name: input.name,
          description: input.description ?? null,
          directoryId: input.directory
            ? deviceOfKind(store, input.directory, 'directory', 'directory').id
            : null,
          rules,
          defaultRole: 'Employee',
          processorIds: processors.ids
        },
        clock.now().toISOString()
      )
      // Seed 003 (SETUP-16): every domain starts with Employee (the default), Executive and Pseudo.
      for (const role of builtinRoles)
        store.userRoles.insert(id, role, true, { endpoints: [], lines: [], services: [], bundles: [] })
    })
    events.emit('domains:changed', { name: input.name })
    return this.get(input.name)
  }

  edit(name: string, changes: DomainChanges): Domain {
    const { store, clock, events } = this.deps
    const row = domainRow(store, name, 'name')
    assertDomainIdle(this.deps.coordinator, row)
    const names = deviceNames(store)
    const currentIds = store.domains.processorIds(row.id)
    const current = currentIds
      .map((id) => store.devices.all().find((d) => d.id === id))
      .filter((d) => d !== undefined)
    const callProcessors =
      changes.callProcessors ?? current.filter((d) => d.kind === 'call-processor').map((d) => d.name)
    const messageProcessors =
      changes.messageProcessors ?? current.filter((d) => d.kind === 'message-processor').map((d) => d.name)
    const processors = this.resolveProcessors(callProcessors, messageProcessors)
    // A processor that a service area uses stays in the domain (SETUP-07: the area cannot change it).
    for (const id of currentIds) {
      if (processors.ids.includes(id)) continue
      const areas = store.serviceAreas.usesDevice(row.id, id)
      if (areas.length > 0)
        throw new UserError(
          'IN_USE',
          `${names.get(id)} cannot be removed from ${row.name}: the service area${areas.length > 1 ? 's' : ''} ${areas.join(', ')} use${areas.length > 1 ? '' : 's'} it. Delete ${areas.length > 1 ? 'them' : 'it'} first.`,
          store.devices.all().find((d) => d.id === id)?.kind === 'call-processor'
            ? 'callProcessors'
            : 'messageProcessors'
        )
    }
    const rules = changes.rules ? { ...NO_RULES, ...changes.rules } : row.rules
    this.checkRules(rules, processors.callProcessorNames)
    let defaultRole = row.default_role
    if (changes.defaultRole !== undefined) {
      const role = store.userRoles.byName(row.id, changes.defaultRole)
      if (!role)
        throw new UserError(
          'VALIDATION',
          `defaultRole: ${row.name} has no user role "${changes.defaultRole}" (roles: ${store.userRoles
            .ofDomain(row.id)
            .map((r) => r.name)
            .join(', ')}).`,
          'defaultRole'
        )
      defaultRole = role.name
    }
    const directoryId =
      changes.directory === undefined
        ? row.directory_id
        : changes.directory === null
          ? null
          : deviceOfKind(store, changes.directory, 'directory', 'directory').id
    store.transaction(() =>
      store.domains.update(
        row.id,
        {
          description: changes.description !== undefined ? changes.description || null : row.description,
          directoryId,
          rules,
          defaultRole,
          processorIds: processors.ids
        },
        clock.now().toISOString()
      )
    )
    events.emit('domains:changed', { name: row.name })
    return this.get(row.name)
  }

  delete(name: string): { deleted: string } {
    const { store, events, coordinator } = this.deps
    const row = domainRow(store, name, 'name')
    assertDomainIdle(coordinator, row)
    store.transaction(() => store.domains.delete(row.id))
    events.emit('domains:changed', { name: row.name })
    return { deleted: row.name }
  }

  private resolveProcessors(
    callProcessors: string[],
    messageProcessors: string[]
  ): { ids: number[]; callProcessorNames: string[] } {
    const { store } = this.deps
    const ids: number[] = []
    const callProcessorNames: string[] = []
    const add = (names: string[], kind: 'call-processor' | 'message-processor', field: string): void => {
      names.forEach((name, i) => {
        const device = deviceOfKind(store, name, kind, `${field}.${i}`)
        if (ids.includes(device.id))
          throw new UserError('VALIDATION', `${field}.${i}: ${device.name} is listed twice.`, `${field}.${i}`)
        ids.push(device.id)
        if (kind === 'call-processor') callProcessorNames.push(device.name)
      })
    }
    add(callProcessors, 'call-processor', 'callProcessors')
    add(messageProcessors, 'message-processor', 'messageProcessors')
    return { ids, callProcessorNames }
  }

  private checkRules(rules: DomainRules, callProcessors: string[]): void {
    const issues = ruleIssues(rules, callProcessors)
    if (issues.length > 0) throw validationError(issues)
  }

  private toDomain(row: DomainRow): Domain {
    const { store } = this.deps
    const processors = store.domains.processors(row.id)
    const summaryOf = (kind: 'domain' | 'ldap'): DomainSyncSummary | undefined => {
      const last = store.syncRuns.list({ domainId: row.id, kind, limit: 1 })[0]
      return last
        ? {
            runId: last.id,
            status: last.status,
            startedAt: last.startedAt,
            ...(last.finishedAt ? { finishedAt: last.finishedAt } : {}),
            ...(last.summary ? { summary: last.summary } : {})
          }
        : undefined
    }
    const lastSync = summaryOf('domain')
    const lastLdapSync = summaryOf('ldap')
    const directory = row.directory_id !== null ? store.devices.byId(row.directory_id)?.name : undefined
    return {
      name: row.name,
      ...(row.description ? { description: row.description } : {}),
      callProcessors: processors.filter((d) => d.kind === 'call-processor').map((d) => d.name),
      messageProcessors: processors.filter((d) => d.kind === 'message-processor').map((d) => d.name),
      ...(directory ? { directory } : {}),
      rules: row.rules,
      defaultRole: row.default_role,
      serviceAreas: store.serviceAreas.countByDomain(row.id),
      users: store.domainUsers.countByDomain(row.id),
      ...(lastSync ? { lastSync } : {}),
      ...(lastLdapSync ? { lastLdapSync } : {}),
      createdAt: row.created_at,
      updatedAt: row.updated_at
    }
  }
}
