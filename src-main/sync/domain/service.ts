import type { DomainSyncPreview, RunSummary, SyncProgress } from '../../../src-preload/contract'
import { CancelledError } from '../../connectors/common/retry'
import type { Clock } from '../../core/clock'
import { UserError } from '../../core/errors'
import type { EventBus } from '../../core/events'
import { domainRow } from '../../domains/context'
import { directoryOwnedFields } from '../../domains/ldapSettings'
import type { Store } from '../../store'
import type { DomainRow } from '../../store/domains'
import type { SyncCoordinator } from '../coordinator'
import { beginDomainRun, finishDomainRun, type DomainRun } from '../domainRun'
import { computeDomainSync, type DomainSnapshot, type LogSink } from './engine'
import { describeEffectiveRule, effectiveRule } from './rules'
import { userChanges } from './userChanges'

export interface DomainSyncDeps {
  store: Store
  events: EventBus
  coordinator: SyncCoordinator
  clock: Clock
}

const PREVIEW_ENTRIES = 500

/**
 * Domain synchronization (DOM-01): never contacts a device; reads what the processors' synchronizations
 * stored and files users and their services into the domain, all in one transaction at the end.
 */
export class DomainSyncService {
  constructor(private readonly deps: DomainSyncDeps) {}

  start(name: string): { runId: number; done: Promise<RunSummary> } {
    const domain = domainRow(this.deps.store, name, 'name')
    this.assertRules(domain)
    const { run, progress, signal, release } = beginDomainRun(
      this.deps,
      domain,
      'domain',
      `the domain synchronization of ${domain.name}`,
      `Domain synchronization of ${domain.name} started. It reads what the processors' synchronizations stored and contacts no device. ${describeEffectiveRule(domain.rules)}`
    )
    const done = this.execute(domain, run, progress, signal).finally(release)
    return { runId: run.runId, done }
  }

  /** What a synchronization would do now, written nowhere (DOM preview). */
  async preview(name: string): Promise<DomainSyncPreview> {
    const domain = domainRow(this.deps.store, name, 'name')
    this.assertRules(domain)
    const entries: DomainSyncPreview['entries'] = []
    let more = 0
    const sink: LogSink = {
      add: (severity, code, message, about = {}) => {
        if (entries.length < PREVIEW_ENTRIES) entries.push({ severity, code, message, ...about })
        else more += 1
      }
    }
    this.checkDevices(domain, sink)
    const outcome = await computeDomainSync(this.snapshot(domain), sink, () => Promise.resolve())
    const users = this.deps.store.domainUsers.compare(domain.id, outcome.users)
    return {
      domain: domain.name,
      counts: {
        ...outcome.counts,
        usersCreated: users.created,
        usersUpdated: users.updated,
        usersUnchanged: users.unchanged
      },
      entries,
      moreEntries: more
    }
  }

  /** DOM-09, DOM-13: a domain synchronization needs one required rule; say which and where to set it. */
  private assertRules(domain: DomainRow): void {
    if (effectiveRule(domain.rules)) return
    throw new UserError(
      'VALIDATION',
      `rules: ${domain.name} cannot be synchronized: enable one of its required synchronization rules (Sync All Users (Unified CM), Sync Only Existing Users, or Sync by Attribute with Match Department, Match Location or Match Device Pool). Configure them in Provisioning Setup → ${domain.name} → Edit → Synchronization Rules, or with: switchboard domains edit "${domain.name}" --rule sync-all-users`,
      'rules'
    )
  }

  /** SYNC-03: the processors of the domain should have completed infrastructure and user synchronizations. */
  private checkDevices(domain: DomainRow, log: LogSink): void {
    const { store } = this.deps
    const devices = new Map(store.devices.all().map((d) => [d.id, d]))
    for (const id of store.domains.processorIds(domain.id)) {
      const device = devices.get(id)
      if (!device) continue
      for (const kind of ['infrastructure', 'user'] as const) {
        if (store.syncRuns.lastCompleted(id, kind)) continue
        log.add(
          'warning',
          'DOMAIN_DEVICE_NOT_SYNCHRONIZED',
          `${device.name} has no completed ${kind} synchronization: ${kind === 'user' ? 'its users and services are missing from' : 'its infrastructure is unknown to'} this domain synchronization.`,
          {
            objectName: device.name,
            hint: `Run the ${kind} synchronization of ${device.name} first, then synchronize the domain again.`
          }
        )
      }
    }
  }

  private snapshot(domain: DomainRow): DomainSnapshot {
    const { store } = this.deps
    const processors = store.domains.processors(domain.id)
    const directorySettings =
      domain.directory_id !== null ? store.ldapSettings.get(domain.id)?.settings : undefined
    const objects = (deviceId: number) => (type: string) =>
      store.inventory.domainFields(deviceId, type).map((data) => ({ data }))
    return {
      name: domain.name,
      rules: domain.rules,
      defaultRole: domain.default_role,
      callProcessors: processors
        .filter((d) => d.kind === 'call-processor')
        .map((d) => ({
          id: d.id,
          name: d.name,
          ...(d.em_service_name && d.em_service_url
            ? { extensionMobility: { serviceName: d.em_service_name, serviceUrl: d.em_service_url } }
            : {}),
          objects: objects(d.id)
        })),
      messageProcessors: processors
        .filter((d) => d.kind === 'message-processor')
        .map((d) => ({
          id: d.id,
          name: d.name,
          ...(d.call_processor_id !== null ? { callProcessorId: d.call_processor_id } : {}),
          objects: objects(d.id)
        })),
      serviceAreas: store.serviceAreas.ofDomain(domain.id),
      existingUsers: store.domainUsers.storedOfDomain(domain.id),
      otherDomains: store.domainUsers.inOtherDomains(domain.id),
      directoryFields: new Set(directorySettings ? directoryOwnedFields(directorySettings) : [])
    }
  }

  private async execute(
    domain: DomainRow,
    run: DomainRun,
    initial: SyncProgress,
    signal: AbortSignal
  ): Promise<RunSummary> {
    const { store, events, coordinator } = this.deps
    const { runId, log } = run
    let progress = initial
    let lastEmit = 0
    const finish = (status: Exclude<RunSummary['status'], 'running'>, summary: string): RunSummary =>
      finishDomainRun(this.deps, run, progress, status, summary)
    events.emit('sync:progress', progress)
    try {
      this.checkDevices(domain, log)
      const outcome = await computeDomainSync(this.snapshot(domain), log, async (done, total) => {
        await new Promise((resolve) => setImmediate(resolve))
        if (signal.aborted) throw new CancelledError()
        progress = {
          ...progress,
          objects: done,
          percent: total === 0 ? 0 : Math.min(99, Math.floor((100 * done) / total))
        }
        coordinator.update(progress)
        if (Date.now() - lastEmit > 250) {
          lastEmit = Date.now()
          events.emit('sync:progress', progress)
        }
      })
      if (signal.aborted) throw new CancelledError()
      const areaNames = new Map(store.serviceAreas.ofDomain(domain.id).map((a) => [a.id, a.name]))
      const areaName = (id: number | undefined): string =>
        id === undefined ? '(none)' : (areaNames.get(id) ?? `#${id}`)
      const users = store.domainUsers.replaceDomain(
        domain.id,
        runId,
        outcome.users,
        undefined,
        (before, after) =>
          log.add(
            'info',
            'DOMAIN_USER_UPDATED',
            `${after.userid}: ${userChanges(before, after, areaName).join('; ')}.`,
            {
              objectType: 'User',
              objectName: after.userid
            }
          )
      )
      const c = outcome.counts
      const summary = `Completed: ${outcome.users.length} users in ${domain.name} (${users.created} created, ${users.updated} updated, ${users.unchanged} unchanged, ${c.usersRemoved} removed, ${c.usersSkipped} skipped); ${c.services} services, ${c.servicesWithoutArea} without a service area.`
      return finish('succeeded', summary)
    } catch (error) {
      if (error instanceof CancelledError)
        return finish('cancelled', `Cancelled; ${domain.name} was left as it was.`)
      log.add(
        'error',
        'DOMAIN_SYNC_ERROR',
        `Domain synchronization failed: ${error instanceof Error ? error.message : String(error)}`
      )
      return finish('failed', `Failed; ${domain.name} was left as it was.`)
    }
  }
}
