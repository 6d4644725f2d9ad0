import { ChangeNotificationTable } from './changeNotification'
import { ConnectionTestsTable } from './connectionTests'
import { openDatabase, type Db } from './db'
import { DeviceSecretsTable } from './deviceSecrets'
import { DevicesTable } from './devices'
import { InventoryTable } from './inventory'
import { PinnedCertificatesTable } from './pinnedCertificates'
import { SettingsTable } from './settings'
import { SyncLogTable } from './syncLog'
import { SyncRunsTable } from './syncRuns'

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
  /** Runs fn in one transaction: all of its writes land, or none. */
  transaction<T>(fn: () => T): T
  close(): void
}

export function openStore(file: string, nativeBinding?: string): Store {
  const db = openDatabase(file, nativeBinding)
  return {
    db,
    devices: new DevicesTable(db),
    deviceSecrets: new DeviceSecretsTable(db),
    pinnedCertificates: new PinnedCertificatesTable(db),
    connectionTests: new ConnectionTestsTable(db),
    syncRuns: new SyncRunsTable(db),
    syncLog: new SyncLogTable(db),
    inventory: new InventoryTable(db),
    changeNotification: new ChangeNotificationTable(db),
    settings: new SettingsTable(db),
    transaction: (fn) => db.transaction(fn)(),
    close: () => db.close()
  }
}
