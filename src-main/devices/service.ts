import {
  connectionSecurity,
  defaultPort,
  deviceRuleIssues,
  renameInGranular,
  type Device,
  type DeviceChanges,
  type DeviceFields,
  type DeviceKind,
  type GranularClass,
  type PinnedCertificate,
  type TestResult
} from '../../src-preload/contract'
import type { DeviceActivity } from '../core/activity'
import type { Clock } from '../core/clock'
import { UserError, validationError } from '../core/errors'
import type { EventBus } from '../core/events'
import type { SecretBox } from '../secrets/secretBox'
import type { Store } from '../store'
import type { DeviceRow } from '../store/devices'
import type { SecretPurpose } from '../store/deviceSecrets'
import { endpointKey, fetchPresentedCertificate, formatFingerprint, type Pin } from '../connectors/common/tls'
import { networkFailure } from '../connectors/common/failure'
import type { DirectoryEndpoint, DirectoryTarget } from '../connectors/ldap/client'
import { startTlsSocket } from '../connectors/ldap/connection'
import { howToTrust } from './trustAdvice'
import type { HttpsTarget } from '../connectors/common/http'
import { proxiedConnection } from '../connectors/common/httpClient'
import { toDevice, toFields, toValues } from './mapping'
import { testConnection } from './testConnection'

const STORED_SECRET = '\u0000stored'

/** The classes of a granular selection that name a device of each kind (cp.NAME, ad.NAME …). */
const granularClassesOf: Record<DeviceKind, readonly GranularClass[]> = {
  'call-processor': ['cp'],
  'message-processor': ['mp'],
  'presence-processor': ['pp'],
  directory: ['ad']
}

/**
 * Fields that do not change how Switchboard reaches the device: its Test Connection result survives
 * their edit. Every other field (host, port, credentials, SSL, DNs, and any added later) resets it.
 */
const NOT_CONNECTION_FIELDS: ReadonlySet<string> = new Set([
  'name',
  'callProcessor',
  'extensionMobility',
  'analogPhones',
  'allowChanges'
])

export interface DeviceServiceDeps {
  store: Store
  secrets: SecretBox
  events: EventBus
  activity: DeviceActivity
  clock: Clock
}

/** Device Setup: add, edit, delete, list, Test Connection and certificate trust. */
export class DeviceService {
  constructor(private readonly deps: DeviceServiceDeps) {}

  list(): Device[] {
    const { store } = this.deps
    return store.devices.all().map((row) => toDevice(store, row))
  }

  get(name: string): Device {
    return toDevice(this.deps.store, this.row(name))
  }

  add(fields: DeviceFields): Device {
    const { store, clock, events } = this.deps
    const port = fields.port ?? defaultPort(fields.kind, fields.useSsl ?? false)
    const id = store.transaction(() => {
      this.assertNameFree(fields.name)
      const callProcessorId = this.resolveCallProcessor(fields)
      const id = store.devices.insert(toValues(fields, port, callProcessorId), clock.now().toISOString())
      this.writeSecret(id, 'password', fields.password)
      this.writeSecret(id, 'os-password', fields.osPassword)
      return id
    })
    events.emit('devices:changed', { name: fields.name })
    return toDevice(store, this.rowById(id))
  }

  edit(name: string, changes: DeviceChanges): Device {
    const { store, clock, events, activity } = this.deps
    const row = this.row(name)
    const running = activity.current(row.id)
    if (running) throw new UserError('BUSY', `${row.name} cannot be edited while ${running} is in progress.`)
    // Seed rule: once synchronized, a processor keeps its product (CUCM cannot become another product).
    if (
      changes.product !== undefined &&
      changes.product !== row.product &&
      store.syncRuns.hasCompleted(row.id)
    ) {
      throw new UserError(
        'VALIDATION',
        `product: ${row.name} has been synchronized, so its product can no longer change; add a new device instead.`,
        'product'
      )
    }
    const current = toFields(toDevice(store, row), STORED_SECRET)
    const merged = mergeChanges(current, changes)
    const issues = deviceRuleIssues(merged).map((i) => ({ field: i.path, message: i.message }))
    if (issues.length > 0) throw validationError(issues)

    const port = merged.port ?? defaultPort(merged.kind, merged.useSsl ?? false)
    // A test of the old settings says nothing of the new ones: the Unity Connection gate and the
    // Quick View must not go on showing "success" (issue 25 item 5).
    const connectionChanged =
      port !== row.port ||
      Object.keys(changes).some(
        (field) =>
          !NOT_CONNECTION_FIELDS.has(field) &&
          JSON.stringify(merged[field as keyof DeviceFields]) !==
            JSON.stringify(current[field as keyof DeviceFields])
      )
    const renamedJobs: string[] = []
    store.transaction(() => {
      if (merged.name.toLowerCase() !== row.name.toLowerCase()) this.assertNameFree(merged.name)
      if (merged.name !== row.name) renamedJobs.push(...this.renameInJobs(row, merged.name))
      if (connectionChanged) store.connectionTests.forget(row.id)
      const callProcessorId = this.resolveCallProcessor(merged)
      store.devices.update(row.id, toValues(merged, port, callProcessorId), clock.now().toISOString())
      if (changes.password !== undefined) this.writeSecret(row.id, 'password', changes.password)
      if (changes.osPassword !== undefined)
        this.writeSecret(row.id, 'os-password', changes.osPassword ?? undefined)
      // A certificate trusted for an address the device no longer uses must not carry over.
      store.pinnedCertificates.keepOnly(
        row.id,
        endpointsOf(merged.host, port, merged.backupHost, merged.backupPort)
      )
    })
    events.emit('devices:changed', { name: merged.name })
    for (const job of renamedJobs) events.emit('jobs:changed', { name: job })
    return toDevice(store, this.rowById(row.id))
  }

  /**
   * Granular jobs name devices by name: a renamed device is renamed in them too, in the same
   * transaction, so no job silently stops synchronizing it (issue 25 item 14). Returns the jobs changed.
   */
  private renameInJobs(row: DeviceRow, name: string): string[] {
    const { store, clock } = this.deps
    const classes = granularClassesOf[row.kind]
    const changed: string[] = []
    for (const job of store.jobs.list()) {
      if (job.selection.kind !== 'granular') continue
      const text = renameInGranular(job.selection.text, classes, row.name, name)
      if (text === job.selection.text) continue
      store.jobs.setSelection(job.id, { kind: 'granular', text }, clock.now().toISOString())
      changed.push(job.name)
    }
    return changed
  }

  /** Deletes the device with its credentials, certificates and inventory; its runs stay, under its name. */
  delete(name: string): { deleted: string; runsKept: number } {
    const { store, events, activity } = this.deps
    const row = this.row(name)
    const running = activity.current(row.id)
    if (running)
      throw new UserError(
        'BUSY',
        `${row.name} cannot be deleted while ${running} is in progress; wait for it to finish.`
      )
    const dependents = store.devices.dependents(row.id)
    if (dependents.length > 0) {
      throw new UserError(
        'IN_USE',
        `${row.name} cannot be deleted: the Presence Processor${dependents.length > 1 ? 's' : ''} ${dependents.join(', ')} ${dependents.length > 1 ? 'are' : 'is'} linked to it. Delete or relink ${dependents.length > 1 ? 'them' : 'it'} first.`
      )
    }
    const domains = store.domains.usingDevice(row.id)
    if (domains.length > 0) {
      throw new UserError(
        'IN_USE',
        `${row.name} cannot be deleted: it is assigned to the domain${domains.length > 1 ? 's' : ''} ${domains.join(', ')}. Remove it from ${domains.length > 1 ? 'those domains' : 'that domain'} (Provisioning Setup → Edit) first.`
      )
    }
    const runsKept = store.transaction(() => {
      const runs = store.syncRuns.countForDevice(row.id)
      store.devices.delete(row.id)
      return runs
    })
    events.emit('devices:changed', { name: row.name })
    return { deleted: row.name, runsKept }
  }

  async test(name: string, signal?: AbortSignal): Promise<TestResult> {
    const { store, clock, events, activity } = this.deps
    const row = this.row(name)
    const release = activity.begin(row.id, row.name, 'a connection test')
    const testId = store.connectionTests.start(row.id, clock.now().toISOString())
    events.emit('devices:test-status', { name: row.name, status: 'in-progress' })
    let result: TestResult
    try {
      result = await testConnection({
        device: toDevice(store, row),
        password: this.readSecret(row.id, 'password'),
        pins: new Map(
          store.pinnedCertificates
            .forDevice(row.id)
            .map((p) => [p.endpoint, { fingerprint: p.fingerprint, anchorPem: p.anchor_pem }])
        ),
        proxy: store.settings.read().proxy ?? undefined,
        clock,
        signal
      })
    } catch (error) {
      // A secret this process cannot open is a failed test with a clear reason, not a crash.
      const message =
        error instanceof UserError ? error.message : `Test Connection failed unexpectedly: ${String(error)}`
      result = { status: 'failure', at: clock.now().toISOString(), durationMs: 0, message, reason: 'auth' }
    } finally {
      release()
    }
    store.transaction(() => {
      store.connectionTests.finish(testId, result)
      if (result.version) store.devices.setVersion(row.id, result.version)
    })
    events.emit('devices:test-status', { name: row.name, status: result.status, result })
    return result
  }

  /** Where and how connectors reach a device's primary endpoint: credentials decrypted, pin applied. */
  connectionTarget(name: string): HttpsTarget {
    const { store } = this.deps
    const row = this.row(name)
    const password = this.readSecret(row.id, 'password')
    if (password === undefined)
      throw new UserError(
        'VALIDATION',
        `${row.name} has no stored password: edit the device and enter it.`,
        'password'
      )
    const pin = store.pinnedCertificates.get(row.id, endpointKey(row.host, row.port))
    const { proxy } = store.settings.read()
    return {
      host: row.host,
      port: row.port,
      username: row.username ?? row.admin_dn ?? '',
      password,
      ...(pin ? { pin: { fingerprint: pin.fingerprint, anchorPem: pin.anchor_pem } } : {}),
      ...(proxy !== null ? { proxy } : {})
    }
  }

  /** How the directory client reaches a Directory Server: primary and backup, pins, bind account. */
  directoryTarget(name: string): DirectoryTarget {
    const { store } = this.deps
    const row = this.row(name)
    const { password } = this.connectionTarget(name)
    const pinOf = (host: string, port: number): Pin | undefined => {
      const pin = store.pinnedCertificates.get(row.id, endpointKey(host, port))
      return pin ? { fingerprint: pin.fingerprint, anchorPem: pin.anchor_pem } : undefined
    }
    const endpoint = (host: string, port: number, backup: boolean): DirectoryEndpoint => {
      const pin = pinOf(host, port)
      return { host, port, ...(pin ? { pin } : {}), howToTrust: howToTrust(row.name, backup) }
    }
    return {
      primary: endpoint(row.host, row.port, false),
      ...(row.backup_host ? { backup: endpoint(row.backup_host, row.backup_port ?? row.port, true) } : {}),
      security: connectionSecurity({ useSsl: row.use_ssl === 1, startTls: row.start_tls === 1 }),
      bindDn: row.admin_dn ?? '',
      password,
      activeDirectory: row.product === 'ad' || row.product === 'adlds'
    }
  }

  /** Pins the certificate the endpoint presents now, if it has the fingerprint the administrator confirmed. */
  async trust(name: string, fingerprint: string, backup = false): Promise<PinnedCertificate> {
    const { store, clock, events } = this.deps
    const row = this.row(name)
    const security = connectionSecurity({ useSsl: row.use_ssl === 1, startTls: row.start_tls === 1 })
    if (row.kind === 'directory' && security === 'none') {
      throw new UserError(
        'VALIDATION',
        `${row.name} uses plain LDAP (neither StartTLS nor SSL): there is no certificate to trust.`,
        'name'
      )
    }
    if (backup && (row.backup_host === null || row.kind !== 'directory')) {
      throw new UserError('VALIDATION', `${row.name} has no backup server.`, 'backup')
    }
    const host = backup ? (row.backup_host as string) : row.host
    const port = backup ? (row.backup_port ?? row.port) : row.port
    const endpoint = endpointKey(host, port)
    let presented
    try {
      presented = await fetchPresentedCertificate(
        host,
        port,
        undefined,
        row.kind === 'directory'
          ? security === 'starttls'
            ? startTlsSocket
            : undefined
          : // HTTPS devices are read the way requests reach them: through the proxy, if one applies.
            proxiedConnection({ host, port, proxy: store.settings.read().proxy ?? undefined })
      )
    } catch (error) {
      throw new UserError(
        'VALIDATION',
        `Could not read the certificate of ${endpoint}: ${networkFailure(error, endpoint).message}`,
        'name'
      )
    }
    const wanted = formatFingerprint(fingerprint)
    if (presented.fingerprint !== wanted) {
      throw new UserError(
        'VALIDATION',
        `${endpoint} presents a certificate with fingerprint ${presented.fingerprint}, not ${wanted}. Nothing was trusted.`,
        'fingerprint'
      )
    }
    const trustedAt = clock.now().toISOString()
    store.pinnedCertificates.put({
      device_id: row.id,
      endpoint,
      fingerprint: presented.fingerprint,
      anchor_pem: presented.anchorPem,
      trusted_at: trustedAt
    })
    events.emit('devices:changed', { name: row.name })
    return { endpoint, fingerprint: presented.fingerprint, trustedAt }
  }

  private row(name: string): DeviceRow {
    const row = this.deps.store.devices.byName(name)
    if (!row) throw new UserError('NOT_FOUND', `There is no device named "${name}".`, 'name')
    return row
  }

  private rowById(id: number): DeviceRow {
    const row = this.deps.store.devices.byId(id)
    if (!row) throw new Error(`Device ${id} vanished inside its own transaction`)
    return row
  }

  private assertNameFree(name: string): void {
    const existing = this.deps.store.devices.byName(name)
    if (existing)
      throw new UserError(
        'CONFLICT',
        `name: a device named "${existing.name}" already exists (names are not case-sensitive).`,
        'name'
      )
  }

  private resolveCallProcessor(fields: DeviceFields): number | null {
    const linked = fields.kind === 'presence-processor' || fields.kind === 'message-processor'
    if (!linked || fields.callProcessor === undefined) return null
    const target = this.deps.store.devices.byName(fields.callProcessor)
    if (!target)
      throw new UserError(
        'VALIDATION',
        `callProcessor: there is no device named "${fields.callProcessor}".`,
        'callProcessor'
      )
    if (target.kind !== 'call-processor') {
      throw new UserError(
        'VALIDATION',
        `callProcessor: "${target.name}" is a ${target.kind}, not a Call Processor.`,
        'callProcessor'
      )
    }
    return target.id
  }

  private writeSecret(deviceId: number, purpose: SecretPurpose, plain: string | undefined): void {
    if (plain === undefined) this.deps.store.deviceSecrets.remove(deviceId, purpose)
    else this.deps.store.deviceSecrets.put(deviceId, purpose, this.deps.secrets.encrypt(plain))
  }

  private readSecret(deviceId: number, purpose: SecretPurpose): string | undefined {
    const ciphertext = this.deps.store.deviceSecrets.get(deviceId, purpose)
    return ciphertext === undefined ? undefined : this.deps.secrets.decrypt(ciphertext)
  }
}

function endpointsOf(host: string, port: number, backupHost?: string, backupPort?: number): string[] {
  const endpoints = [endpointKey(host, port)]
  if (backupHost) endpoints.push(endpointKey(backupHost, backupPort ?? port))
  return endpoints
}

/** Applies an edit: undefined keeps a field, null clears it (and a cleared port returns to the default). */
export function mergeChanges(current: DeviceFields, changes: DeviceChanges): DeviceFields {
  const merged: Record<string, unknown> = { ...current }
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) continue
    if (value === null) delete merged[key]
    else merged[key] = value
  }
  // Turning SSL on or off for a directory still on its default port moves it to the matching default.
  if (current.kind === 'directory' && changes.useSsl !== undefined && changes.port === undefined) {
    const wasSsl = current.useSsl ?? false
    if (current.port === defaultPort('directory', wasSsl)) delete merged.port
    if (current.port === (wasSsl ? 3269 : 3268)) merged.port = changes.useSsl ? 3269 : 3268
  }
  return merged as DeviceFields
}
