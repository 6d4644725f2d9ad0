// LDAP synchronization of a domain (seed 000 "Synchronizing an LDAP Server with Provisioning"): reads
// the directory under the domain's search base with its filter, creates and updates the domain's
// users (new ones with the service area, roles and planned line of autoProvisioning.ts), and applies
// the stale-user action behind a deletion guard. Everything it writes lands in one
// transaction at the end; a failed page fails the run and changes nothing.
import {
  productFields,
  type LdapFilterSetting,
  type LdapSyncPreview,
  type ProductField,
  type RunSummary,
  type SyncProgress
} from '../../../src-preload/contract'
import { fieldRulesOf } from '../../domains/ldapSettings'
import { simpleQueryFields, simpleQueryFilter, type SimpleQueryField } from '../../../src-preload/ldapFilter'
import { CancelledError } from '../../connectors/common/retry'
import { DirectoryClient, DirectoryError, type DirectoryEntry } from '../../connectors/ldap/client'
import type { Clock } from '../../core/clock'
import { UserError } from '../../core/errors'
import type { EventBus } from '../../core/events'
import type { DeviceService } from '../../devices/service'
import { domainRow } from '../../domains/context'
import type { Store } from '../../store'
import type { DeviceRow } from '../../store/devices'
import type { DomainRow } from '../../store/domains'
import type { DomainUserRecord, DomainUserRow } from '../../store/domainUsers'
import type { StoredLdapSettings } from '../../store/ldapSettings'
import type { SyncCoordinator } from '../coordinator'
import type { LogSink } from '../domain/engine'
import { beginDomainRun, finishDomainRun } from '../domainRun'
import { RunLog } from '../runLog'
import { AutoProvisioning, type NewUserProvisioning } from './autoProvisioning'

export interface DirectorySyncDeps {
  store: Store
  devices: DeviceService
  events: EventBus
  coordinator: SyncCoordinator
  clock: Clock
}

export type Approval = 'all' | 'none' | string[]

/** The attribute behind each simple-query field; four of them follow the field mapping. */
function attributeFor(settings: StoredLdapSettings, activeDirectory: boolean) {
  return (field: SimpleQueryField): string => {
    const attribute = simpleQueryFields[field]
    switch (attribute) {
      case 'userId':
        return settings.mappings.userId
      case 'phone':
        return settings.mappings.phone
      case 'email':
        return settings.mappings.email
      case 'directoryUri':
        return settings.mappings.directoryUri === 'none' ? 'mail' : settings.mappings.directoryUri
      case 'department':
        return activeDirectory ? 'department' : 'departmentNumber'
      default:
        return attribute
    }
  }
}

/** The whole search filter: the kind of entry users are, disabled accounts unless wanted, the domain's filter. */
export function searchFilter(settings: StoredLdapSettings, directory: Pick<DeviceRow, 'product'>): string {
  const ad = directory.product === 'ad'
  const parts = [ad || directory.product === 'adlds' ? '(objectClass=user)' : '(objectClass=inetOrgPerson)']
  if (ad) parts.unshift('(objectCategory=person)')
  if (ad && !settings.syncDisabledUsers) parts.push('(!(userAccountControl:1.2.840.113556.1.4.803:=2))')
  if (directory.product === 'adlds' && !settings.syncDisabledUsers)
    parts.push('(!(msDS-UserAccountDisabled=TRUE))')
  const filter = settings.filter as LdapFilterSetting
  if (filter.kind === 'simple') parts.push(simpleQueryFilter(filter.conditions, attributeFor(settings, ad)))
  if (filter.kind === 'advanced') parts.push(filter.filter)
  return `(&${parts.join('')})`
}

interface Plan {
  entries: number
  users: DomainUserRecord[]
  created: string[]
  updated: string[]
  removed: string[]
  /** Stale users kept: by the action, or held by the guard. */
  kept: string[]
  held?: { reason: string; users: string[] }
  /** Service area, roles and planned line of each created user. */
  provisioned: NewUserProvisioning[]
}

/** Directory synchronization of domains. */
export class DirectorySyncService {
  constructor(private readonly deps: DirectorySyncDeps) {}

  start(domainName: string, approval?: Approval): { runId: number; done: Promise<RunSummary> } {
    const { domain, directory, settings } = this.context(domainName)
    const { runId, progress, signal, release } = beginDomainRun(
      this.deps,
      domain,
      'ldap',
      `the LDAP synchronization of ${domain.name}`
    )
    const done = this.execute(domain, directory, settings, approval, progress, signal).finally(release)
    return { runId, done }
  }

  /** What a run would do now, written nowhere. */
  async preview(domainName: string): Promise<LdapSyncPreview> {
    const { domain, directory, settings } = this.context(domainName)
    const sink: LogSink = { add: () => undefined }
    const provisioning = new AutoProvisioning(this.deps.store, domain, settings, sink)
    const entries = await this.read(
      directory,
      settings,
      provisioning.attributes(),
      new AbortController().signal,
      () => undefined
    )
    const plan = this.plan(domain, directory, settings, entries, undefined, provisioning, sink)
    return {
      domain: domain.name,
      entries: plan.entries,
      create: plan.created,
      update: plan.updated,
      stale: [...plan.removed, ...plan.kept],
      ...(plan.held ? { guard: plan.held.reason } : {}),
      provisioning: plan.provisioned.map((p) => p.view)
    }
  }

  private context(domainName: string): {
    domain: DomainRow
    directory: DeviceRow
    settings: StoredLdapSettings
  } {
    const { store } = this.deps
    const domain = domainRow(store, domainName, 'domain')
    const stored = store.ldapSettings.get(domain.id)
    const directory = store.devices.all().find((d) => d.id === domain.directory_id)
    if (!stored || !directory)
      throw new UserError(
        'VALIDATION',
        `${domain.name} has no LDAP settings: choose its directory server and settings first (Provisioning Setup → ${domain.name} → LDAP Settings).`,
        'domain'
      )
    if (stored.settings.mode !== 'auth-sync')
      throw new UserError(
        'VALIDATION',
        `${domain.name} uses its directory for authentication only; switch the mode to Authentication and Synchronization to synchronize users.`,
        'mode'
      )
    return { domain, directory, settings: stored.settings }
  }

  /** `extraAttributes`: what the service-area and role filters read besides the mapped fields. */
  private async read(
    directory: DeviceRow,
    settings: StoredLdapSettings,
    extraAttributes: string[],
    signal: AbortSignal,
    onPage: (count: number) => void
  ): Promise<DirectoryEntry[]> {
    const client = await DirectoryClient.connect(this.deps.devices.directoryTarget(directory.name), signal)
    try {
      const attributes = [
        ...new Set([
          ...Object.values(settings.mappings).filter((a) => a !== 'none'),
          'givenName',
          'sn',
          'mail',
          'department',
          'departmentNumber',
          'title',
          'manager',
          'mobile',
          'telephoneNumber',
          'userAccountControl',
          ...extraAttributes
        ])
      ]
      const entries: DirectoryEntry[] = []
      for await (const page of client.search(
        settings.searchBase,
        searchFilter(settings, directory),
        attributes,
        {
          pageSize: 500,
          signal
        }
      )) {
        entries.push(...page)
        onPage(entries.length)
      }
      return entries
    } finally {
      await client.close()
    }
  }

  private plan(
    domain: DomainRow,
    directory: DeviceRow,
    settings: StoredLdapSettings,
    entries: DirectoryEntry[],
    approval: Approval | undefined,
    provisioning: AutoProvisioning,
    log: LogSink
  ): Plan {
    const { store } = this.deps
    const existing = new Map(store.domainUsers.ofDomain(domain.id).map((u) => [u.userid.toLowerCase(), u]))
    const otherDomains = store.domainUsers.inOtherDomains(domain.id)
    const first = (e: DirectoryEntry, attribute: string): string | undefined =>
      e.attributes[attribute.toLowerCase()]?.[0]
    const users = new Map<string, DomainUserRecord>()
    const created: string[] = []
    const updated: string[] = []
    const seen = new Set<string>()
    const inOtherDomains: string[] = []
    const rules = fieldRulesOf(settings)
    const provisioned: NewUserProvisioning[] = []

    for (const entry of entries) {
      const userid = first(entry, settings.mappings.userId)
      if (!userid) {
        log.add(
          'warning',
          'LDAP_NO_USER_ID',
          `${entry.dn} has no ${settings.mappings.userId}; it was not synchronized.`,
          {
            objectType: 'DirectoryEntry',
            objectName: entry.dn,
            hint: `Give the entry a ${settings.mappings.userId}, or map User ID to another attribute.`
          }
        )
        continue
      }
      const key = userid.toLowerCase()
      if (seen.has(key)) {
        log.add(
          'warning',
          'LDAP_DUPLICATE_USER_ID',
          `${entry.dn} has the user id ${userid} of another entry; it was skipped.`,
          {
            objectType: 'DirectoryEntry',
            objectName: entry.dn
          }
        )
        continue
      }
      seen.add(key)
      const elsewhere = otherDomains.get(key)
      if (elsewhere) {
        inOtherDomains.push(`${userid} (${elsewhere.domain})`)
        continue
      }
      const directoryUri =
        settings.mappings.directoryUri === 'none' ? undefined : first(entry, settings.mappings.directoryUri)
      // What the directory says for each product field (undefined: no value).
      const values: Record<ProductField, string | undefined> = {
        firstName: first(entry, 'givenName'),
        lastName: first(entry, 'sn'),
        middleName: first(entry, settings.mappings.middleName),
        email: first(entry, settings.mappings.email),
        phone: first(entry, settings.mappings.phone),
        mobile: first(entry, 'mobile'),
        department: first(entry, 'department') ?? first(entry, 'departmentNumber'),
        title: first(entry, 'title'),
        manager: first(entry, 'manager'),
        directoryUri
      }
      const stored = existing.get(key)
      if (!stored) {
        // The matrix's "New" column; a record always has a first and last name.
        const data: DomainUserRecord['data'] = { firstName: '', lastName: userid, ldapDn: entry.dn }
        for (const field of productFields) {
          const value = values[field]
          if (rules[field].create && value !== undefined) data[field] = value
        }
        const placed = provisioning.place(userid, entry, values.phone)
        provisioned.push(placed)
        users.set(key, { userid, role: placed.role, source: directory.name, data, services: [] })
        created.push(userid)
        continue
      }
      // LDAP-05: "Do not update" leaves the record as it is (it still becomes a directory user);
      // otherwise the matrix's "Update" and "Delete" columns decide per field.
      const data: DomainUserRecord['data'] = { ...stored.data, ldapDn: entry.dn }
      if (settings.updateExisting === 'all') {
        for (const field of productFields) {
          const value = values[field]
          if (!rules[field].update) continue
          if (value !== undefined) data[field] = value
          else if (rules[field].clear) {
            if (field === 'firstName' || field === 'lastName')
              data[field] = field === 'lastName' ? userid : ''
            else delete data[field]
          }
        }
      }
      const changes = fieldChanges(stored.data, data)
      if (changes.length > 0) {
        updated.push(userid)
        log.add('info', 'LDAP_USER_UPDATED', `${userid}: ${changes.join('; ')}.`, {
          objectType: 'User',
          objectName: userid
        })
      }
      users.set(key, { ...recordOf(stored), data })
    }
    if (inOtherDomains.length > 0)
      log.add(
        'warning',
        'LDAP_USER_IN_OTHER_DOMAIN',
        `${inOtherDomains.length} users were not created because they already belong to another domain: ${inOtherDomains.join(', ')}.`,
        {
          objectType: 'User',
          hint: 'Remove them from the other domain (or narrow its filter), then synchronize again.'
        }
      )
    provisioning.finish()

    // Stale users: directory users of this domain the search no longer returns (LDAP-07).
    const stale = [...existing.values()].filter((u) => u.data.ldapDn && !users.has(u.userid.toLowerCase()))
    for (const u of existing.values()) if (!u.data.ldapDn) users.set(u.userid.toLowerCase(), recordOf(u))
    const action = settings.staleAction
    const removable = stale.filter(
      (u) => action === 'delete' || (action === 'delete-if-no-services' && u.services.length === 0)
    )
    const keptUsers = stale.filter((u) => !removable.includes(u))
    for (const u of keptUsers) users.set(u.userid.toLowerCase(), recordOf(u))
    const kept = keptUsers.map((u) => u.userid)
    if (kept.length > 0)
      log.add(
        'info',
        'LDAP_STALE_KEPT',
        action === 'keep'
          ? `${kept.length} users are no longer in the directory under the search base and filter but were not deleted because the stale-user action is "Do not make changes": ${kept.join(', ')}.`
          : `${kept.length} users are no longer in the directory but still have services and were kept: ${kept.join(', ')}.`,
        {
          objectType: 'User',
          hint: 'Choose a delete action for stale users and synchronize again to remove them.'
        }
      )

    // The deletion guard: never remove many users on the strength of one read.
    const directoryUsers = [...existing.values()].filter((u) => u.data.ldapDn).length
    const reasons: string[] = []
    if (removable.length > settings.guard.maxRemovals)
      reasons.push(`${removable.length} removals exceed the limit of ${settings.guard.maxRemovals}`)
    if (directoryUsers > 0 && (100 * removable.length) / directoryUsers > settings.guard.maxPercent)
      reasons.push(
        `${removable.length} of ${directoryUsers} directory users (${Math.round((100 * removable.length) / directoryUsers)} %) exceed ${settings.guard.maxPercent} %`
      )
    if (entries.length === 0 && directoryUsers > 0) reasons.push('the directory returned no entries at all')
    else if (settings.lastEntries !== undefined && entries.length < settings.lastEntries / 2)
      reasons.push(
        `the directory returned ${entries.length} entries, far fewer than the ${settings.lastEntries} of the last run`
      )
    const approved = (userid: string): boolean =>
      approval === 'all' ||
      (Array.isArray(approval) && approval.some((a) => a.toLowerCase() === userid.toLowerCase()))
    const tripped = removable.length > 0 && reasons.length > 0
    const removed: string[] = []
    const held: string[] = []
    for (const u of removable) {
      if (tripped && !approved(u.userid)) {
        held.push(u.userid)
        users.set(u.userid.toLowerCase(), recordOf(u))
      } else {
        removed.push(u.userid)
        log.add(
          'info',
          'LDAP_USER_DELETED',
          `${u.userid} is no longer in the directory; it was removed from ${domain.name}.`,
          {
            objectType: 'User',
            objectName: u.userid
          }
        )
      }
    }
    const plan: Plan = {
      entries: entries.length,
      users: [...users.values()],
      created,
      updated,
      removed,
      kept,
      provisioned
    }
    if (held.length > 0 && approval !== 'none') {
      const reason = `Deletion guard: ${reasons.join('; ')}. Nothing was deleted.`
      plan.held = { reason, users: held }
      log.add('warning', 'LDAP_GUARD_HELD', `${reason} ${held.length} users await approval.`, {
        hint: `Review the LDAP_REMOVAL_HELD entries, then run: switchboard sync ldap "${domain.name}" --approve all|none|USER,USER`
      })
      for (const userid of held)
        log.add('warning', 'LDAP_REMOVAL_HELD', `${userid} would be removed from ${domain.name}.`, {
          objectType: 'User',
          objectName: userid
        })
    } else if (held.length > 0) {
      log.add(
        'info',
        'LDAP_REMOVALS_DECLINED',
        `The removals the deletion guard held were declined; ${held.length} users were kept.`
      )
    }
    return plan
  }

  private async execute(
    domain: DomainRow,
    directory: DeviceRow,
    settings: StoredLdapSettings,
    approval: Approval | undefined,
    initial: SyncProgress,
    signal: AbortSignal
  ): Promise<RunSummary> {
    const { store, events, clock, coordinator } = this.deps
    const { runId } = initial
    const log = new RunLog(store.syncLog, runId, clock)
    let progress = initial
    const run = { runId, domainId: domain.id, domainName: domain.name, kind: 'ldap' as const, log }
    const finish = (status: Exclude<RunSummary['status'], 'running'>, summary: string): RunSummary =>
      finishDomainRun(this.deps, run, progress, status, summary)
    log.add(
      'info',
      'LDAP_SYNC_STARTED',
      `LDAP synchronization of ${domain.name} from ${directory.name} started: base ${settings.searchBase}, filter ${searchFilter(settings, directory)}.`
    )
    events.emit('sync:progress', progress)
    try {
      const provisioning = new AutoProvisioning(store, domain, settings, log)
      const entries = await this.read(directory, settings, provisioning.attributes(), signal, (count) => {
        progress = { ...progress, objects: count }
        coordinator.update(progress)
        events.emit('sync:progress', progress)
      })
      if (signal.aborted) throw new CancelledError()
      const plan = this.plan(domain, directory, settings, entries, approval, provisioning, log)
      store.transaction(() => {
        store.domainUsers.replaceDomain(domain.id, runId, plan.users)
        store.domainUsers.recordProvisioning(
          domain.id,
          runId,
          plan.provisioned.map((p) => p.record)
        )
        const next: StoredLdapSettings = { ...settings, lastEntries: entries.length }
        if (plan.held) next.held = { runId, ...plan.held }
        else delete next.held
        store.ldapSettings.put(domain.id, next, clock.now().toISOString())
      })
      const lines = plan.provisioned.filter((p) => p.record.line).length
      // LDAP-49: LDAP synchronization creates users; their services come with a domain synchronization.
      const followUp =
        plan.created.length > 0
          ? ` ${lines} of the new users have a planned line. Run a domain synchronization of ${domain.name} next to attach the new users' services.`
          : ''
      const summary = `Read ${plan.entries} entries: ${plan.created.length} users created, ${plan.updated.length} updated, ${plan.removed.length} removed, ${plan.kept.length} stale kept${plan.held ? `, ${plan.held.users.length} removals held by the deletion guard` : ''}.${followUp}`
      return finish(plan.held ? 'partial' : 'succeeded', summary)
    } catch (error) {
      if (error instanceof CancelledError || signal.aborted)
        return finish('cancelled', `Cancelled; ${domain.name} was left as it was.`)
      const message =
        error instanceof DirectoryError || error instanceof UserError ? error.message : String(error)
      log.add('error', 'LDAP_SYNC_ERROR', message, {
        hint: 'Nothing was changed: a failed read is never taken to mean that users are gone. Run Test Connection on the directory.'
      })
      return finish('failed', `Failed; ${domain.name} was left as it was. ${message}`)
    }
  }
}

/** "field: before → after" for each field that differs (the report's per-user changes). */
function fieldChanges(before: DomainUserRecord['data'], after: DomainUserRecord['data']): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)] as (keyof DomainUserRecord['data'])[])
  const shown = (v: string | undefined): string => (v === undefined || v === '' ? '(empty)' : v)
  return [...keys]
    .filter((k) => before[k] !== after[k])
    .map((k) => `${k}: ${shown(before[k])} → ${shown(after[k])}`)
}

function recordOf(u: DomainUserRow): DomainUserRecord {
  return { userid: u.userid, role: u.role, source: u.source, data: u.data, services: u.services }
}
