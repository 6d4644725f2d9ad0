import type { AppInfo, ReviewBundleFile } from '../../src-preload/contract'
import type { DemoService } from '../demo/service'
import type { DeviceService } from '../devices/service'
import type { DnBlockService } from '../domains/dnBlocks'
import type { NumberService } from '../domains/numbers'
import type { DomainService } from '../domains/domains'
import type { RoleService } from '../domains/roles'
import type { ServiceAreaService } from '../domains/serviceAreas'
import type { UserDirectoryService } from '../domains/users'
import type { ChangeNotificationService } from '../sync/changeNotification/service'
import type { SyncCoordinator } from '../sync/coordinator'
import { DEFAULT_RUN_OPTIONS } from '../sync/device/objects'
import type { DeviceSyncService } from '../sync/device/service'
import type { DomainSyncService } from '../sync/domain/service'
import type { DirectorySyncService } from '../sync/directory/service'
import type { WriteBackService } from '../sync/directory/writeBack'
import type { LdapSettingsService } from '../domains/ldapSettings'
import type { JobService } from '../jobs/service'
import type { OrderService } from '../orders/service'
import type { RunHistory } from '../history/service'
import type { ReviewSelection } from '../review/format'
import type { ReviewTrustService } from '../review/trust'
import type { SettingsTable } from '../store/settings'
import type { Handlers } from './dispatch'

export interface HandlerDeps {
  devices: DeviceService
  demo: DemoService
  deviceSync: DeviceSyncService
  changeNotification: ChangeNotificationService
  coordinator: SyncCoordinator
  domains: DomainService
  serviceAreas: ServiceAreaService
  dnBlocks: DnBlockService
  numbers: NumberService
  roles: RoleService
  users: UserDirectoryService
  domainSync: DomainSyncService
  ldapSettings: LdapSettingsService
  directorySync: DirectorySyncService
  writeBack: WriteBackService
  jobs: JobService
  orders: OrderService
  history: RunHistory
  settings: SettingsTable
  appInfo: AppInfo
  /** Builds a review bundle of this store (in memory, secrets checked out of it) for the page to save. */
  reviewBundle: (selection: ReviewSelection) => Promise<ReviewBundleFile>
  reviewTrust: ReviewTrustService
  /** Where failures of background runs go (they have no caller to return to). */
  onBackgroundError: (error: unknown) => void
}

/** Maps each contract channel to the capability that serves it; no logic of its own. */
export function createHandlers({
  devices,
  demo,
  deviceSync,
  changeNotification,
  coordinator,
  domains,
  serviceAreas,
  dnBlocks,
  numbers,
  roles,
  users,
  domainSync,
  ldapSettings,
  directorySync,
  writeBack,
  jobs,
  orders,
  history,
  settings,
  appInfo,
  reviewBundle,
  reviewTrust,
  onBackgroundError
}: HandlerDeps): Handlers {
  return {
    'app:info': () => appInfo,
    'devices:list': () => devices.list(),
    'devices:get': ({ name }) => devices.get(name),
    'devices:add': (fields) => devices.add(fields),
    'devices:edit': ({ name, changes }) => devices.edit(name, changes),
    'devices:delete': ({ name }) => devices.delete(name),
    'devices:test': ({ name }) => devices.test(name),
    'devices:trust': ({ name, fingerprint, backup }) => devices.trust(name, fingerprint, backup),
    'demo:status': () => demo.status(),
    'demo:start': () => demo.start(),
    'sync:start': ({ device, kind, options, approve }) => {
      const { runId, done } = deviceSync.start(device, kind, options ?? DEFAULT_RUN_OPTIONS, approve)
      done.catch(onBackgroundError)
      return { runId }
    },
    'sync:cancel': ({ runId }) => deviceSync.cancel(runId),
    'sync:runs': (query) => history.syncRuns(query),
    'sync:run': ({ runId }) => history.get(runId),
    'sync:active': () => coordinator.progress(),
    'settings:get': () => settings.read(),
    'settings:set': (changes) => settings.write(changes),
    'cn:status': ({ device }) => changeNotification.status(device),
    'cn:set': ({ device, enabled, intervalMinutes }) => {
      const { status, runId, done } = changeNotification.set(device, enabled, intervalMinutes)
      done?.catch(onBackgroundError)
      return { ...status, ...(runId !== undefined ? { runId } : {}) }
    },
    'cn:poll': ({ device }) => {
      const { runId, done } = changeNotification.poll(device)
      done.catch(onBackgroundError)
      return { runId }
    },
    'logs:entries': (query) => history.logEntries(query),
    'logs:export': (query) => history.exportLog(query),
    'runs:list': (query) => history.list(query),
    'runs:compare': (query) => history.compare(query),
    'runs:stats': (query) => history.stats(query),
    'audit:list': (query) => history.auditPage(query),
    'audit:export': (query) => history.exportAudit(query),
    'review:export': ({ selection }) => reviewBundle(selection),
    'review:signers': () => reviewTrust.signers(),
    'review:trust': (request) => reviewTrust.trust(request),
    'review:untrust': ({ fingerprint }) => reviewTrust.untrust(fingerprint),
    'inventory:list': (query) => deviceSync.inventory(query),
    'domains:list': () => domains.list(),
    'domains:get': ({ name }) => domains.get(name),
    'domains:add': (input) => domains.add(input),
    'domains:edit': ({ name, changes }) => domains.edit(name, changes),
    'domains:delete': ({ name }) => domains.delete(name),
    'domains:sync': ({ name }) => {
      const { runId, done } = domainSync.start(name)
      done.catch(onBackgroundError)
      return { runId }
    },
    'domains:preview': ({ name }) => domainSync.preview(name),
    'service-areas:list': ({ domain }) => serviceAreas.list(domain),
    'service-areas:add': (input) => serviceAreas.add(input),
    'service-areas:edit': ({ domain, name, changes }) => serviceAreas.edit(domain, name, changes),
    'service-areas:delete': ({ domain, name }) => serviceAreas.delete(domain, name),
    'service-areas:move': ({ domain, name, position }) => serviceAreas.move(domain, name, position),
    'service-areas:choices': ({ callProcessor }) => serviceAreas.choices(callProcessor),
    'dn-blocks:add': (input) => dnBlocks.add(input),
    'dn-blocks:edit': (input) => dnBlocks.edit(input),
    'dn-blocks:delete': ({ id }) => dnBlocks.delete(id),
    'numbers:list': (input) => numbers.list(input),
    'numbers:reservations': (query) => numbers.reservations(query),
    'numbers:next': (input) => numbers.next(input),
    'numbers:reserve': (input) => numbers.reserve(input),
    'numbers:release': (input) => numbers.release(input),
    'roles:list': ({ domain }) => roles.list(domain),
    'roles:add': (input) => roles.add(input),
    'roles:edit': ({ domain, name, changes }) => roles.edit(domain, name, changes),
    'roles:delete': ({ domain, name }) => roles.delete(domain, name),
    'ldap:get': ({ domain }) => ldapSettings.get(domain),
    'ldap:set': ({ domain, changes }) => ldapSettings.set(domain, changes),
    'ldap:sync': ({ domain, approve }) => {
      const { runId, done } = directorySync.start(domain, approve)
      done.catch(onBackgroundError)
      return { runId }
    },
    'ldap:preview': ({ domain }) => directorySync.preview(domain),
    'ldap:write-back': ({ domain }) => {
      const { runId, done } = writeBack.start(domain)
      done.catch(onBackgroundError)
      return { runId }
    },
    'jobs:list': () => jobs.list(),
    'jobs:get': ({ name }) => jobs.get(name),
    'jobs:add': (input) => jobs.add(input),
    'jobs:edit': ({ name, changes }) => jobs.edit(name, changes),
    'jobs:delete': ({ names }) => jobs.delete(names),
    'jobs:run': ({ names }) => jobs.runNow(names),
    'jobs:cancel': ({ names }) => jobs.cancel(names),
    'jobs:preview': ({ selection }) => jobs.preview(selection),
    'jobs:runs': ({ name, limit }) => jobs.runs(name, limit),
    'jobs:queue': () => jobs.queued(),
    'jobs:run-unsaved': ({ label, selection, options }) => {
      const { runId, done } = jobs.runUnsaved(label, selection, options ?? {})
      done.catch(onBackgroundError)
      return { runId }
    },
    'users:list': (query) => users.list(query),
    'users:get': ({ userid }) => users.get(userid),
    'orders:list': (query) => orders.list(query),
    'orders:get': ({ id }) => orders.get(id),
    'orders:dry-run': (input) => orders.dryRun(input),
    'orders:submit': (input) => orders.submit(input),
    'orders:retry': ({ id }) => orders.retry(id),
    'orders:rollback': ({ id }) => orders.rollback(id),
    'orders:cancel': ({ id }) => orders.cancel(id)
  }
}
