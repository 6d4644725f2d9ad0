import type { Device, DeviceFields } from '../../src-preload/contract'
import type { Store } from '../store'
import type { DeviceRow, DeviceValues } from '../store/devices'

/** Row → what leaves the Core: never a secret, only whether one is set. */
export function toDevice(store: Store, row: DeviceRow): Device {
  const secrets = store.deviceSecrets.purposes(row.id)
  const latest = store.connectionTests.latest(row.id)
  const callProcessor =
    row.call_processor_id === null ? undefined : store.devices.byId(row.call_processor_id)?.name
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    product: row.product,
    host: row.host,
    port: row.port,
    useSsl: row.use_ssl === 1,
    startTls: row.start_tls === 1,
    ...(row.username !== null ? { username: row.username } : {}),
    ...(row.os_username !== null ? { osUsername: row.os_username } : {}),
    ...(row.backup_host !== null ? { backupHost: row.backup_host } : {}),
    ...(row.backup_port !== null ? { backupPort: row.backup_port } : {}),
    ...(row.admin_dn !== null ? { adminDn: row.admin_dn } : {}),
    ...(row.search_base !== null ? { searchBase: row.search_base } : {}),
    ...(callProcessor !== undefined ? { callProcessor } : {}),
    ...(row.em_service_name !== null && row.em_service_url !== null
      ? { extensionMobility: { serviceName: row.em_service_name, serviceUrl: row.em_service_url } }
      : {}),
    ...(row.kind === 'call-processor' ? { analogPhones: row.analog_phones === 1 } : {}),
    allowChanges: row.allow_changes === 1,
    ...(row.version !== null ? { version: row.version } : {}),
    hasPassword: secrets.includes('password'),
    hasOsPassword: secrets.includes('os-password'),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    lastTest: latest ?? { status: 'never' },
    pinnedCertificates: store.pinnedCertificates
      .forDevice(row.id)
      .map((p) => ({ endpoint: p.endpoint, fingerprint: p.fingerprint, trustedAt: p.trusted_at }))
  }
}

/** Validated fields → row values. The Call Processor reference arrives already resolved to an id. */
export function toValues(fields: DeviceFields, port: number, callProcessorId: number | null): DeviceValues {
  return {
    name: fields.name,
    kind: fields.kind,
    product: fields.product as DeviceValues['product'],
    host: fields.host,
    port,
    use_ssl: fields.useSsl ? 1 : 0,
    start_tls: fields.startTls ? 1 : 0,
    username: fields.username ?? null,
    os_username: fields.osUsername ?? null,
    backup_host: fields.backupHost ?? null,
    backup_port: fields.backupPort ?? null,
    admin_dn: fields.adminDn ?? null,
    search_base: fields.searchBase ?? null,
    call_processor_id: callProcessorId,
    em_service_name: fields.extensionMobility?.serviceName ?? null,
    em_service_url: fields.extensionMobility?.serviceUrl ?? null,
    analog_phones: fields.analogPhones ? 1 : 0,
    allow_changes: fields.allowChanges ? 1 : 0
  }
}

/** The stored device as the editable field set; stored secrets are represented by a marker. */
export function toFields(device: Device, storedSecretMarker: string): DeviceFields {
  return {
    name: device.name,
    kind: device.kind,
    product: device.product,
    host: device.host,
    port: device.port,
    ...(device.kind === 'directory' ? { useSsl: device.useSsl, startTls: device.startTls } : {}),
    ...(device.username !== undefined ? { username: device.username } : {}),
    ...(device.hasPassword ? { password: storedSecretMarker } : {}),
    ...(device.osUsername !== undefined ? { osUsername: device.osUsername } : {}),
    ...(device.hasOsPassword ? { osPassword: storedSecretMarker } : {}),
    ...(device.backupHost !== undefined ? { backupHost: device.backupHost } : {}),
    ...(device.backupPort !== undefined ? { backupPort: device.backupPort } : {}),
    ...(device.adminDn !== undefined ? { adminDn: device.adminDn } : {}),
    ...(device.searchBase !== undefined ? { searchBase: device.searchBase } : {}),
    ...(device.callProcessor !== undefined ? { callProcessor: device.callProcessor } : {}),
    ...(device.extensionMobility !== undefined ? { extensionMobility: device.extensionMobility } : {}),
    ...(device.analogPhones !== undefined ? { analogPhones: device.analogPhones } : {}),
    allowChanges: device.allowChanges
  }
}
