import type { Migration } from './migration'
import { m001Devices } from './001-devices'
import { m002Sync } from './002-sync'
import { m003ChangeNotification } from './003-change-notification'
import { m004Settings } from './004-settings'
import { m005Domains } from './005-domains'
import { m006Ldap } from './006-ldap'
import { m007WriteBack } from './007-write-back'
import { m008LdapProvisioning } from './008-ldap-provisioning'
import { m009Jobs } from './009-jobs'
import { m010RunChanges } from './010-run-changes'
import { m011DropInventoryStaging } from './011-drop-inventory-staging'
import { m012DomainUsersSearchColumns } from './012-domain-users-search-columns'
import { m013LighterIndexes } from './013-lighter-indexes'
import { m014FoldLdapProvisioning } from './014-fold-ldap-provisioning'
import { m015InventoryDomainFields } from './015-inventory-domain-fields'
import { m016SyncLogCheck } from './016-sync-log-check'
import { m017RunHeld } from './017-run-held'
import { m018DirectoryStartTls } from './018-directory-start-tls'
import { m019RunHistoryOutlivesDevices } from './019-run-history-outlives-devices'
import { m020ReviewSigners } from './020-review-signers'
import { m021DeviceAllowChanges } from './021-device-allow-changes'
import { m022RunTraffic } from './022-run-traffic'
import { m023GrowingListsUnchecked } from './023-growing-lists-unchecked'
import { m024Orders } from './024-orders'
import { m025NumberReservations } from './025-number-reservations'

/** Forward-only and immutable: append new migrations, never edit a released one. Index + 1 = version. */
export const migrations: readonly Migration[] = [
  m001Devices,
  m002Sync,
  m003ChangeNotification,
  m004Settings,
  m005Domains,
  m006Ldap,
  m007WriteBack,
  m008LdapProvisioning,
  m009Jobs,
  m010RunChanges,
  m011DropInventoryStaging,
  m012DomainUsersSearchColumns,
  m013LighterIndexes,
  m014FoldLdapProvisioning,
  m015InventoryDomainFields,
  m016SyncLogCheck,
  m017RunHeld,
  m018DirectoryStartTls,
  m019RunHistoryOutlivesDevices,
  m020ReviewSigners,
  m021DeviceAllowChanges,
  m022RunTraffic,
  m023GrowingListsUnchecked,
  m024Orders,
  m025NumberReservations
]
