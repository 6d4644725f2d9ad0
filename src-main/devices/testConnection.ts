import {
  connectionSecurity,
  plainLdapWarning,
  type Device,
  type TestResult
} from '../../src-preload/contract'
import { probeAxl } from '../connectors/axl/probe'
import { ProbeFailure, networkFailure } from '../connectors/common/failure'
import { proxiedConnection } from '../connectors/common/httpClient'
import {
  changedCertificate,
  endpointKey,
  fetchPresentedCertificate,
  type Pin
} from '../connectors/common/tls'
import { probeCupi } from '../connectors/cupi/probe'
import { startTlsSocket } from '../connectors/ldap/connection'
import { probeLdap } from '../connectors/ldap/probe'
import type { Clock } from '../core/clock'
import { assertNever } from '../core/errors'
import { howToTrust } from './trustAdvice'

export interface TestConnectionInput {
  device: Device
  password: string | undefined
  pins: Map<string, Pin>
  /** The app's HTTPS proxy setting; absent, the environment's. */
  proxy?: string
  clock: Clock
  signal?: AbortSignal
  timeoutMs?: number
}

const BACKUP_LABEL = 'backup server'

interface Endpoint {
  host: string
  port: number
  label: string
}

/**
 * Test Connection with each product's real protocol. TLS is always verified; a certificate that is
 * not trusted (or no longer matches its pin) fails the test with its SHA-256 fingerprint, so the
 * administrator can compare it with the server and trust it.
 */
export async function testConnection(input: TestConnectionInput): Promise<TestResult> {
  const { device, clock } = input
  const started = clock.now().getTime()
  // Whatever the outcome, a directory without TLS is told that its password travels in clear text.
  const plainLdap = device.kind === 'directory' && connectionSecurity(device) === 'none'
  const finish = (partial: Omit<TestResult, 'at' | 'durationMs'>): TestResult => ({
    ...partial,
    ...(plainLdap ? { message: `${partial.message} ${plainLdapWarning()}` } : {}),
    at: clock.now().toISOString(),
    durationMs: Math.max(0, clock.now().getTime() - started)
  })

  const primary: Endpoint = { host: device.host, port: device.port, label: 'primary server' }
  try {
    const version = await probeEndpoint(input, primary)
    return finish({
      status: 'success',
      endpoint: endpointKey(primary.host, primary.port),
      message: successMessage(device, version),
      ...(version ? { version } : {})
    })
  } catch (primaryError) {
    const failure = await explain(input, primary, primaryError)
    const backupHost = device.kind === 'directory' ? device.backupHost : undefined
    const failover = ['dns', 'refused', 'timeout', 'network'].includes(failure.reason)
    if (!backupHost || !failover) return finish(failed(failure, primary))
    const backup: Endpoint = {
      host: backupHost,
      port: device.backupPort ?? device.port,
      label: BACKUP_LABEL
    }
    try {
      await probeEndpoint(input, backup)
      return finish({
        status: 'success',
        endpoint: endpointKey(backup.host, backup.port),
        message: `The primary server failed (${failure.message}) but the backup server ${endpointKey(backup.host, backup.port)} answered: bind and search base check passed.`
      })
    } catch (backupError) {
      const backupFailure = await explain(input, backup, backupError)
      return finish({
        ...failed(backupFailure, backup),
        message: `Primary server: ${failure.message} Backup server: ${backupFailure.message}`
      })
    }
  }
}

function failed(failure: ProbeFailure, endpoint: Endpoint): Omit<TestResult, 'at' | 'durationMs'> {
  return {
    status: 'failure',
    reason: failure.reason,
    message: failure.message,
    endpoint: endpointKey(endpoint.host, endpoint.port),
    ...(failure.fingerprint ? { fingerprint: failure.fingerprint } : {})
  }
}

function successMessage(device: Device, version: string | undefined): string {
  switch (device.kind) {
    case 'call-processor':
    case 'presence-processor':
      return `AXL answered getCCMVersion: version ${version ?? 'unknown'}.`
    case 'message-processor':
      return `CUPI answered: Unity Connection ${version ?? '(version not reported)'}; the administrator can list users.`
    case 'directory':
      return 'Bind succeeded and the user search base exists.'
    default:
      return assertNever(device.kind)
  }
}

async function probeEndpoint(input: TestConnectionInput, endpoint: Endpoint): Promise<string | undefined> {
  const { device, password } = input
  if (password === undefined)
    throw new ProbeFailure('auth', 'No password is stored for this device: edit it and enter the password.')
  const pin = input.pins.get(endpointKey(endpoint.host, endpoint.port))
  const timeoutMs = input.timeoutMs
  const probeTarget = {
    host: endpoint.host,
    port: endpoint.port,
    username: device.username ?? '',
    password,
    pin,
    proxy: input.proxy,
    timeoutMs
  }
  switch (device.kind) {
    case 'call-processor':
    case 'presence-processor': {
      const productName = device.kind === 'call-processor' ? 'Unified CM' : 'IM and Presence'
      return (await probeAxl({ ...probeTarget, productName })).version
    }
    case 'message-processor':
      return (await probeCupi(probeTarget)).version
    case 'directory':
      await probeLdap({
        host: endpoint.host,
        port: endpoint.port,
        security: connectionSecurity(device),
        bindDn: device.adminDn ?? '',
        password,
        searchBase: device.searchBase ?? '',
        pin,
        timeoutMs
      })
      return undefined
    default:
      return assertNever(device.kind)
  }
}

/** Turns an error into a failure; TLS failures get the presented certificate's fingerprint. */
async function explain(
  input: TestConnectionInput,
  endpoint: Endpoint,
  error: unknown
): Promise<ProbeFailure> {
  const key = endpointKey(endpoint.host, endpoint.port)
  const failure = networkFailure(error, `${key} (${endpoint.label})`)
  // AXL and CUPI always speak TLS; a directory when set to, from the start or after StartTLS.
  const security = input.device.kind === 'directory' ? connectionSecurity(input.device) : 'ssl'
  if (security === 'none' || (failure.reason !== 'tls' && failure.reason !== 'tls-changed')) return failure
  const upgrade =
    security === 'starttls'
      ? startTlsSocket
      : input.device.kind === 'directory'
        ? undefined
        : proxiedConnection({ host: endpoint.host, port: endpoint.port, proxy: input.proxy })
  const pinned = input.pins.get(key)
  if (pinned) {
    const changed = await changedCertificate(
      endpoint.host,
      endpoint.port,
      pinned.fingerprint,
      upgrade,
      howToTrust(input.device.name, endpoint.label === BACKUP_LABEL)
    )
    return changed ? new ProbeFailure('tls-changed', changed.message, changed.fingerprint) : failure
  }
  let presented
  try {
    presented = await fetchPresentedCertificate(endpoint.host, endpoint.port, undefined, upgrade)
  } catch {
    return failure
  }
  if (presented.trustedBySystem) return failure
  return new ProbeFailure(
    'tls-untrusted',
    `The certificate of ${key} is not trusted (self-signed or issued by a private CA; subject ${presented.subject}, issuer ${presented.issuer}). Its SHA-256 fingerprint is ${presented.fingerprint}: compare it with the certificate on the server, then trust it.`,
    presented.fingerprint
  )
}
