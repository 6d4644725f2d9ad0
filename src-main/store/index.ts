import { AuditTable } from './audit'
import { OrdersTable } from './orders'
import { OrderStepsTable } from './orderSteps'
import { ChangeNotificationTable } from './changeNotification'
import { Checkpoints } from './checkpoints'
import { ConnectionTestsTable } from './connectionTests'
import { openDatabase, type Db } from './db'
import { DeviceSecretsTable } from './deviceSecrets'
import { DnBlocksTable } from './dnBlocks'
import { DomainsTable } from './domains'
import { DomainUsersTable } from './domainUsers'
import { DevicesTable } from './devices'
import { InventoryTable } from './inventory'
import { JobsTable } from './jobs'
import { LdapSettingsTable } from './ldapSettings'
import { NumberReservationsTable } from './numberReservations'
import { PinnedCertificatesTable } from './pinnedCertificates'
import { RunRetention } from './retention'
import { ReviewSignersTable } from './reviewSigners'
import { RunChangesTable } from './runChanges'
import { ServiceAreasTable } from './serviceAreas'
import { ServiceAreaUsageTable } from './serviceAreaUsage'
import { logSlowQueries, type SlowQueryLog } from './slowQueries'
import { SettingsTable } from './settings'
import { SyncLogTable } from './syncLog'
import { SyncRunsTable } from './syncRuns'
import { UserRolesTable } from './userRoles'

/** The store facade: one module per table over one connection. */
export interface Store {
  db: Db
  devices: DevicesTable
  deviceSecrets: DeviceSecretsTable
  pinnedCertificates: PinnedCertificatesTable
  connectionTests: ConnectionTestsTable
  syncRuns: SyncRunsTable
  syncLog: SyncLogTable
  inventory: InventoryTable
  changeNotification: ChangeNotificationTable
  settings: SettingsTable
  domains: DomainsTable
  serviceAreas: ServiceAreasTable
  serviceAreaUsage: ServiceAreaUsageTable
  dnBlocks: DnBlocksTable
  numberReservations: NumberReservationsTable
  userRoles: UserRolesTable
  domainUsers: DomainUsersTable
  ldapSettings: LdapSettingsTable
  jobs: JobsTable
  audit: AuditTable
  orders: OrdersTable
  orderSteps: OrderStepsTable
  runChanges: RunChangesTable
  /** Review bundles: this installation's signing key and the signers it trusts. */
  reviewSigners: ReviewSignersTable
  /** Deletes runs past their retention, a step at a time. */
  retention: RunRetention
  /** Keeps WAL checkpoints out of running synchronizations. */
  checkpoints: Checkpoints
  /** Runs fn in one transaction: all of its writes land, or none. */
  transaction<T>(fn: () => T): T
  close(): void
}

export function openStore(
  file: string,
  nativeBinding?: string,
  options: { readOnly?: boolean; slowQueries?: SlowQueryLog } = {}
): Store {
  const db = openDatabase(file, nativeBinding, options)
  if (options.slowQueries) logSlowQueries(db, options.slowQueries)
  const syncRuns = new SyncRunsTable(db)
  const syncLog = new SyncLogTable(db)
  const settings = new SettingsTable(db)
  const runChanges = new RunChangesTable(db)
  const retention = new RunRetention(db, syncRuns, syncLog, runChanges, settings)
  const serviceAreaUsage = new ServiceAreaUsageTable(db)
  return {
    db,
    devices: new DevicesTable(db),
    deviceSecrets: new DeviceSecretsTable(db),
    pinnedCertificates: new PinnedCertificatesTable(db),
    connectionTests: new ConnectionTestsTable(db),
    syncRuns,
    syncLog,
    inventory: new InventoryTable(db),
    changeNotification: new ChangeNotificationTable(db),
    settings,
    domains: new DomainsTable(db),
    serviceAreas: new ServiceAreasTable(db),
    serviceAreaUsage,
    dnBlocks: new DnBlocksTable(db),
    numberReservations: new NumberReservationsTable(db),
    userRoles: new UserRolesTable(db),
    domainUsers: new DomainUsersTable(db, serviceAreaUsage),
    ldapSettings: new LdapSettingsTable(db),
    jobs: new JobsTable(db),
    audit: new AuditTable(db),
    orders: new OrdersTable(db),
    orderSteps: new OrderStepsTable(db),
    runChanges,
    reviewSigners: new ReviewSignersTable(db),
    retention,
    checkpoints: new Checkpoints(db),
    transaction: (fn) => db.transaction(fn)(),
    close: () => {
      retention.stop()
      db.close()
    }
  }
}
