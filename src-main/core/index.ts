import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { AppInfo, ReviewInfo } from '../../src-preload/contract'
import { createDispatch, type Dispatch } from '../api/dispatch'
import { createHandlers } from '../api/handlers'
import { DemoService } from '../demo/service'
import { DeviceService } from '../devices/service'
import { DnBlockService } from '../domains/dnBlocks'
import { NumberService } from '../domains/numbers'
import { LdapSettingsService } from '../domains/ldapSettings'
import { DomainService } from '../domains/domains'
import { RoleService } from '../domains/roles'
import { ServiceAreaService } from '../domains/serviceAreas'
import { UserDirectoryService } from '../domains/users'
import { ChangeNotificationService } from '../sync/changeNotification/service'
import { SyncCoordinator } from '../sync/coordinator'
import { DeviceSyncService } from '../sync/device/service'
import { DomainSyncService } from '../sync/domain/service'
import { DirectorySyncService } from '../sync/directory/service'
import { WriteBackService } from '../sync/directory/writeBack'
import type { DirectoryLimits } from '../connectors/ldap/limits'
import { Audit } from '../audit'
import { auditedHandlers } from '../audit/handlers'
import { JobRunner } from '../jobs/runner'
import { JobService } from '../jobs/service'
import { OrderService } from '../orders/service'
import { StuckRunMonitor } from '../sync/stuckMonitor'
import { RunHistory } from '../history/service'
import { readOnlyDispatch } from '../review/readOnly'
import {
  exportReviewBundle,
  reviewBundleFile,
  type ReviewExportDeps,
  type ReviewExportRequest,
  type ReviewExportResult
} from '../review/export'
import { ReviewTrustService } from '../review/trust'
import { keyFileSecretBox } from '../secrets/keyFile'
import type { SecretBox } from '../secrets/secretBox'
import { openStore, type Store } from '../store'
import { describeSlowQuery, slowQueryThresholdMs, type SlowQuery } from '../store/slowQueries'
import { DeviceActivity } from './activity'
import { intervalTimer, type BackgroundTimer } from './backgroundTimer'
import { lockDataDir } from './dataDirLock'
import { systemClock, type Clock } from './clock'
import { EventBus } from './events'
import { APP_VERSION } from './version'

export interface CoreOptions {
  dataDir: string
  host: AppInfo['host']
  /** Defaults to the 0600 key file in the data directory (CLI and headless host). */
  secrets?: SecretBox
  clock?: Clock
  /** better-sqlite3 compiled for Electron's ABI (the desktop shell); Node uses the npm-built one. */
  sqliteBinding?: string
  onInternalError?: (error: unknown, channel: string) => void
  /**
   * Long-running hosts (the desktop app, `serve`) poll change notification in the background;
   * one-shot CLI commands do not.
   */
  background?: boolean
  /** What calls the background tick (an interval of 30 s otherwise; tests drive one by hand). */
  backgroundTimer?: BackgroundTimer
  /**
   * The data directory is an extracted review bundle, already checked (review/open.ts): its store is
   * opened read-only with no start-up maintenance, every change and action is refused with
   * READ_ONLY, nothing runs in the background, and app:info reports the bundle.
   */
  review?: ReviewInfo
  /** Deadlines and caps of directory runs; tests shorten them (DIRECTORY_LIMITS otherwise). */
  directoryLimits?: Partial<DirectoryLimits>
  /**
   * The desktop shell before packaging: store queries over 50 ms are logged. SWITCHBOARD_SLOW_QUERY_MS
   * sets the threshold and turns the log on in any host.
   */
  development?: boolean
  /** Where slow queries go (the console otherwise). */
  onSlowQuery?: (query: SlowQuery) => void
}

/** How often the background timer looks for due change-notification polls, jobs and stuck runs. */
const BACKGROUND_TICK_MS = 30_000

export interface Core {
  dispatch: Dispatch
  events: EventBus
  dataDir: string
  /** For tests and diagnostics only; entry points go through dispatch. */
  store: Store
  /** For tests and diagnostics only: resolves as runs end (SyncCoordinator.runFinished, whenIdle). */
  runs: Pick<SyncCoordinator, 'runFinished' | 'whenIdle'>
  /** For tests and diagnostics only: resolves once no order runs or waits for its devices. */
  orders: Pick<OrderService, 'whenIdle'>
  /**
   * Writes a review bundle of this store to a file (the CLI; a page gets the bundle's content from
   * review:export and saves it through a download, since a file path is not something a page should send).
   */
  exportReviewBundle(request: ReviewExportRequest): Promise<ReviewExportResult>
  /** Stops the demo lab if it runs, then closes the store. */
  close(): Promise<void>
}

export const DATABASE_FILE = 'switchboard.sqlite3'

/** The one composition root: every entry point (Electron, headless host, CLI) builds exactly this. */
export function createCore(options: CoreOptions): Core {
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 })
  const clock = options.clock ?? systemClock
  const unlock = lockDataDir(options.dataDir, options.host, options.sqliteBinding)
  let store: Store
  try {
    const slowQueryMs = slowQueryThresholdMs(
      process.env.SWITCHBOARD_SLOW_QUERY_MS,
      options.development ?? false
    )
    store = openStore(join(options.dataDir, DATABASE_FILE), options.sqliteBinding, {
      readOnly: options.review !== undefined,
      ...(slowQueryMs !== undefined
        ? {
            slowQueries: {
              thresholdMs: slowQueryMs,
              report: options.onSlowQuery ?? ((query) => console.warn(describeSlowQuery(query)))
            }
          }
        : {})
    })
  } catch (error) {
    unlock()
    throw error
  }
  // A review bundle is shown as it was recorded: its running runs were running when it was exported,
  // and its runs are as old as they are (retention is for the user's own store).
  if (!options.review) {
    // What a previous process left half done is marked as such (its staged objects were temporary).
    store.connectionTests.abandonUnfinished(clock.now().toISOString())
    store.syncRuns.interruptRunning(clock.now().toISOString())
    store.retention.sweep(clock.now())
    store.jobs.resetUnfinished()
    store.orders.interruptRunning(clock.now().toISOString())
  }
  const events = new EventBus()
  const activity = new DeviceActivity()
  const secrets = options.secrets ?? keyFileSecretBox(options.dataDir)
  const devices = new DeviceService({
    store,
    secrets,
    events,
    activity,
    clock
  })
  const demo = new DemoService(devices, events)
  const coordinator = new SyncCoordinator(() => clock.now().getTime(), store.checkpoints)
  const audit = new Audit({ store, clock })
  const deviceSync = new DeviceSyncService({ store, devices, events, activity, coordinator, clock, audit })
  const changeNotification = new ChangeNotificationService({
    store,
    devices,
    deviceSync,
    coordinator,
    activity,
    events,
    clock
  })
  const domainDeps = { store, events, clock, coordinator }
  const domainSync = new DomainSyncService(domainDeps)
  const directoryDeps = { ...domainDeps, devices, directoryLimits: options.directoryLimits }
  const directorySync = new DirectorySyncService(directoryDeps)
  const jobs = new JobService({
    ...domainDeps,
    runner: new JobRunner({ ...domainDeps, deviceSync, domainSync, directorySync }),
    directorySync,
    audit,
    defaultTimeZone: Intl.DateTimeFormat().resolvedOptions().timeZone
  })
  const orders = new OrderService({ store, devices, events, clock, activity, changeNotification, secrets })
  const stuckMonitor = new StuckRunMonitor({ ...domainDeps, audit })
  const backgroundTick = (): void => {
    changeNotification.tick()
    jobs.tick()
    stuckMonitor.check()
  }
  const stopBackground =
    options.background && !options.review
      ? (options.backgroundTimer ?? intervalTimer(BACKGROUND_TICK_MS)).start(backgroundTick)
      : undefined
  const reportInternal =
    options.onInternalError ??
    ((error: unknown, channel: string) => console.error(`[switchboard] ${channel} failed:`, error))
  const reviewDeps: ReviewExportDeps = {
    store,
    secrets,
    dataDir: options.dataDir,
    clock,
    ...(options.sqliteBinding ? { sqliteBinding: options.sqliteBinding } : {})
  }
  const appInfo: AppInfo = {
    version: APP_VERSION,
    dataDir: options.dataDir,
    host: options.host,
    platform: process.platform,
    startedAt: clock.now().toISOString(),
    secretStorage: secrets.storage,
    ...(options.review ? { review: options.review } : {})
  }
  const dispatch = createDispatch(
    auditedHandlers(
      createHandlers({
        devices,
        demo,
        deviceSync,
        changeNotification,
        coordinator,
        domains: new DomainService(domainDeps),
        serviceAreas: new ServiceAreaService(domainDeps),
        dnBlocks: new DnBlockService(domainDeps),
        numbers: new NumberService(domainDeps),
        roles: new RoleService(domainDeps),
        users: new UserDirectoryService(store),
        domainSync,
        ldapSettings: new LdapSettingsService(domainDeps),
        directorySync,
        jobs,
        orders,
        writeBack: new WriteBackService(directoryDeps),
        history: new RunHistory(store),
        settings: store.settings,
        appInfo,
        reviewBundle: (selection) => reviewBundleFile(reviewDeps, selection),
        reviewTrust: new ReviewTrustService({ store, clock }),
        onBackgroundError: (error) => reportInternal(error, 'sync:start')
      }),
      audit
    ),
    reportInternal
  )
  return {
    dispatch: options.review ? readOnlyDispatch(dispatch, options.review) : dispatch,
    events,
    dataDir: options.dataDir,
    store,
    runs: {
      runFinished: (runId) => coordinator.runFinished(runId),
      whenIdle: () => coordinator.whenIdle()
    },
    orders: { whenIdle: () => orders.whenIdle() },
    exportReviewBundle: (request) => exportReviewBundle(reviewDeps, request),
    close: async () => {
      stopBackground?.()
      await coordinator.cancelAll()
      await orders.stopAll()
      await demo.stop()
      store.close()
      unlock()
    }
  }
}
