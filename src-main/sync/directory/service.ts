// LDAP synchronization of a domain (seed 000 "Synchronizing an LDAP Server with Provisioning"): reads
// the directory under the domain's search base with its filter, creates and updates the domain's
// users (new ones with the service area, roles and planned line of autoProvisioning.ts), and applies
// the stale-user action behind a deletion guard. New users are staged as their page arrives
// (StagedUsers); everything the run writes lands in one transaction at the end, and a failed page fails
// the run and changes nothing.
import type {
  LdapFilterSetting,
  LdapSyncPreview,
  RunSummary,
  SyncProgress
} from '../../../src-preload/contract'
import {
  simpleQueryFields,
  simpleQueryFilter,
  type SimpleQueryField
} from '../../../src-preload/rules/ldapFilter'
import { deadline } from '../../connectors/common/deadline'
import { CancelledError } from '../../connectors/common/retry'
import { DirectoryClient, DirectoryError, type DirectoryTarget } from '../../connectors/ldap/client'
import { describeRunDeadline, DIRECTORY_LIMITS, type DirectoryLimits } from '../../connectors/ldap/limits'
import type { Clock } from '../../core/clock'
import { UserError } from '../../core/errors'
import type { EventBus } from '../../core/events'
import type { DeviceService } from '../../devices/service'
import { domainRow } from '../../domains/context'
import type { Store } from '../../store'
import type { DeviceRow } from '../../store/devices'
import type { DomainRow } from '../../store/domains'
import type { StoredLdapSettings } from '../../store/ldapSettings'
import type { SyncCoordinator } from '../coordinator'
import type { LogSink } from '../domain/engine'
import { beginDomainRun, finishDomainRun, type DomainRun } from '../domainRun'
import { AutoProvisioning } from './autoProvisioning'
import { DeferredLog, DirectoryPlanner, type Approval, type NewUser, type Plan } from './planner'

export interface DirectorySyncDeps {
  store: Store
  devices: DeviceService
  events: EventBus
  coordinator: SyncCoordinator
  clock: Clock
  /** Tests shorten deadlines and caps; DIRECTORY_LIMITS otherwise. */
  directoryLimits?: Partial<DirectoryLimits>
}

/** How a run reaches its domain's directory: the device's target, held to the deps' limits. */
export function directoryTargetFor(deps: DirectorySyncDeps, directory: string): DirectoryTarget {
  return { ...deps.devices.directoryTarget(directory), limits: deps.directoryLimits }
}

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

/** Directory synchronization of domains. */
export class DirectorySyncService {
  constructor(private readonly deps: DirectorySyncDeps) {}

  start(domainName: string, approval?: Approval): { runId: number; done: Promise<RunSummary> } {
    const { domain, directory, settings } = this.context(domainName)
    if (approval !== undefined) checkApproval(domain.name, settings, approval)
    const { run, progress, signal, release } = beginDomainRun(
      this.deps,
      domain,
      'ldap',
      `the LDAP synchronization of ${domain.name}`,
      `LDAP synchronization of ${domain.name} from ${directory.name} started: base ${settings.searchBase}, filter ${searchFilter(settings, directory)}.`
    )
    const done = this.execute(domain, directory, settings, approval, run, progress, signal).finally(release)
    return { runId: run.runId, done }
  }

  /** What a run would do now, written nowhere. */
  async preview(domainName: string): Promise<LdapSyncPreview> {
    const { domain, directory, settings } = this.context(domainName)
    const sink: LogSink = { add: () => undefined }
    const provisioning: LdapSyncPreview['provisioning'] = []
    const plan = await this.readAndPlan(
      domain,
      directory,
      settings,
      undefined,
      sink,
      new AbortController().signal,
      () => undefined,
      (users) => {
        for (const u of users) provisioning.push(u.provisioning.view)
      }
    ).catch((error: unknown) => {
      // The same words a run would log, as an error the caller can show (not INTERNAL).
      if (error instanceof DirectoryError)
        throw new UserError('DEVICE_ERROR', `Preview of ${domain.name}: ${error.message}`, 'domain')
      throw error
    })
    const held = plan.held?.users ?? []
    return {
      domain: domain.name,
      entries: plan.entries,
      create: plan.created,
      update: plan.updated,
      stale: [...plan.removed, ...plan.kept, ...held],
      held,
      ...(plan.held ? { guard: plan.held.reason } : {}),
      inOtherDomains: plan.inOtherDomains,
      provisioning
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

  /**
   * Reads the directory and plans the run page by page; `log` receives the plan's entries only once
   * the directory has been read in full.
   */
  private async readAndPlan(
    domain: DomainRow,
    directory: DeviceRow,
    settings: StoredLdapSettings,
    approval: Approval | undefined,
    log: LogSink,
    signal: AbortSignal,
    onPage: (count: number) => void,
    onNewUsers: (users: NewUser[]) => void
  ): Promise<Plan> {
    const { store } = this.deps
    const deferred = new DeferredLog()
    const provisioning = new AutoProvisioning(store, domain, settings, deferred)
    const planner = new DirectoryPlanner(
      store,
      domain,
      directory,
      settings,
      provisioning,
      deferred,
      onNewUsers
    )
    const client = await DirectoryClient.connect(directoryTargetFor(this.deps, directory.name), signal)
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
          // What the service-area and role filters read besides the mapped fields.
          ...provisioning.attributes()
        ])
      ]
      for await (const page of client.search(
        settings.searchBase,
        searchFilter(settings, directory),
        attributes,
        { pageSize: 500, signal, onPage, expectedEntries: settings.lastEntries }
      ))
        planner.add(page)
    } finally {
      await client.close()
    }
    if (signal.aborted) throw new CancelledError()
    const plan = planner.finish(approval)
    deferred.replayInto(log)
    return plan
  }

  private async execute(
    domain: DomainRow,
    directory: DeviceRow,
    settings: StoredLdapSettings,
    approval: Approval | undefined,
    run: DomainRun,
    initial: SyncProgress,
    signal: AbortSignal
  ): Promise<RunSummary> {
    const { store, events, clock, coordinator } = this.deps
    const { runId, log } = run
    let progress = initial
    const finish = (status: Exclude<RunSummary['status'], 'running'>, summary: string): RunSummary =>
      finishDomainRun(this.deps, run, progress, status, summary)
    events.emit('sync:progress', progress)
    const staged = store.domainUsers.stage(runId)
    const runDeadlineMs = this.deps.directoryLimits?.runDeadlineMs ?? DIRECTORY_LIMITS.runDeadlineMs
    // The run's own deadline, besides its requests'; cancelling the run ends it too.
    const runLimit = deadline(runDeadlineMs, signal)
    try {
      const plan = await this.readAndPlan(
        domain,
        directory,
        settings,
        approval,
        log,
        runLimit.signal,
        (count) => {
          progress = { ...progress, objects: count }
          coordinator.update(progress)
          events.emit('sync:progress', progress)
        },
        (users) => staged.add(users.map((u) => ({ user: u.user, provisioning: u.provisioning.record })))
      )
      store.transaction(() => {
        store.domainUsers.replaceDomain(domain.id, runId, plan.users, staged)
        const next: StoredLdapSettings = { ...settings, lastEntries: plan.entries }
        if (plan.held) next.held = { runId, ...plan.held }
        else delete next.held
        store.ldapSettings.put(domain.id, next, clock.now().toISOString())
      })
      // LDAP-49: LDAP synchronization creates users; their services come with a domain synchronization.
      const followUp =
        plan.created.length > 0
          ? ` ${plan.plannedLines} of the new users have a planned line. Run a domain synchronization of ${domain.name} next to attach the new users' services.`
          : ''
      const summary = `Read ${plan.entries} entries: ${[
        `${plan.created.length} users created`,
        `${plan.updated.length} updated`,
        `${plan.removed.length} removed`,
        `${plan.kept.length} stale kept`,
        ...(plan.held ? [`${plan.held.users.length} removals held by the deletion guard`] : []),
        ...(plan.declined.length > 0 ? [`${plan.declined.length} held removals declined (kept)`] : []),
        ...(plan.inOtherDomains.length > 0
          ? [`${plan.inOtherDomains.length} not created (they belong to another domain)`]
          : [])
      ].join(', ')}.${followUp}`
      return finish(plan.held ? 'partial' : 'succeeded', summary)
    } catch (error) {
      if (runLimit.expired()) {
        const message = describeRunDeadline(`The LDAP synchronization of ${domain.name}`, runDeadlineMs)
        log.add('error', 'LDAP_SYNC_ERROR', message, {
          hint: 'Nothing was changed. Run Test Connection on the directory, and check how long it takes to answer.'
        })
        return finish('failed', `Failed; ${domain.name} was left as it was. ${message}`)
      }
      if (error instanceof CancelledError || signal.aborted)
        return finish('cancelled', `Cancelled; ${domain.name} was left as it was.`)
      const message =
        error instanceof DirectoryError || error instanceof UserError ? error.message : String(error)
      log.add('error', 'LDAP_SYNC_ERROR', message, {
        hint:
          error instanceof UserError
            ? 'Nothing was changed.'
            : 'Nothing was changed: a failed read is never taken to mean that users are gone. Run Test Connection on the directory.'
      })
      return finish('failed', `Failed; ${domain.name} was left as it was. ${message}`)
    } finally {
      runLimit.dispose()
      staged.discard()
    }
  }
}

/**
 * An approval by name answers the removals the last run held: it may name only those users (a typo
 * would otherwise approve nothing and say nothing). `all` and `none` apply to whatever a run holds.
 */
function checkApproval(domain: string, settings: StoredLdapSettings, approval: Approval): void {
  if (!Array.isArray(approval)) return
  const held = settings.held
  if (!held)
    throw new UserError(
      'VALIDATION',
      `approve: the last LDAP synchronization of ${domain} held no removals, so no user can be approved by name. Nothing was started.`,
      'approve'
    )
  const heldUsers = new Set(held.users.map((u) => u.toLowerCase()))
  const unknown = approval.filter((u) => !heldUsers.has(u.toLowerCase()))
  if (unknown.length > 0)
    throw new UserError(
      'VALIDATION',
      `approve: ${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not among the ${held.users.length} removals run ${held.runId} held (for example ${held.users.slice(0, 5).join(', ')}). Nothing was started.`,
      'approve'
    )
}
