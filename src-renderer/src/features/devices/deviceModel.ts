// Pure helpers for showing devices, kept apart from components so they can be unit-tested without a DOM.
import {
  kindLabels,
  productLabels,
  type Device,
  type TestFailureReason,
  type TestStatus
} from '../../../../src-preload/contract'

/**
 * A device's test status as shown: `stale` when the last test was made before this run of the app
 * started. After a restart nothing is known about whether the device still answers (the demo lab of
 * the last run is gone, a network changed), so an old green "Success" would claim too much; the old
 * result is still shown, with its age, in the Quick View.
 */
export type DeviceStatus = TestStatus | 'stale'

export const testStatusLabels: Record<DeviceStatus, string> = {
  never: 'Never tested',
  'in-progress': 'In progress',
  success: 'Success',
  failure: 'Failure',
  stale: 'Not tested since restart'
}

export const failureReasonLabels: Record<TestFailureReason, string> = {
  dns: 'Host name not found',
  refused: 'Connection refused',
  timeout: 'No answer in time',
  'tls-untrusted': 'Certificate not trusted',
  'tls-changed': 'Certificate changed',
  tls: 'TLS handshake failed',
  auth: 'Authentication failed',
  'search-base': 'User search base not found',
  version: 'Unsupported version',
  protocol: 'Unexpected response',
  network: 'Network error'
}

/**
 * A test the store has seen start wins over the list, which only learns the outcome on reload; a
 * result from before `startedAt` (this Core's start) is stale. Without `startedAt` (not known yet, or a
 * review bundle, which shows results as they were recorded) results are shown as they are.
 */
export function statusOf(device: Device, live: Record<string, TestStatus>, startedAt?: string): DeviceStatus {
  if (live[device.name] === 'in-progress') return 'in-progress'
  const { status, result } = device.lastTest
  if (startedAt === undefined || result === undefined || status === 'in-progress') return status
  return Date.parse(result.at) < Date.parse(startedAt) ? 'stale' : status
}

/** Filter text matches name, type, product or host, ignoring case. */
export function deviceMatches(device: Device, filter: string): boolean {
  const needle = filter.trim().toLowerCase()
  if (needle === '') return true
  return [device.name, kindLabels[device.kind], productLabels[device.product], device.host].some((v) =>
    v.toLowerCase().includes(needle)
  )
}

/**
 * Since when test results count: this Core's start, except in a review bundle, which shows them as
 * they were recorded.
 */
export function testsValidSince(state: {
  info?: { startedAt: string; review?: unknown }
}): string | undefined {
  return state.info && !state.info.review ? state.info.startedAt : undefined
}

/** The fingerprint to offer for trust: only for a failed test that says the certificate is the problem. */
export function trustableFingerprint(device: Device, status: DeviceStatus): string | undefined {
  const result = device.lastTest.result
  if (status !== 'failure' || !result?.fingerprint) return undefined
  return result.reason === 'tls-untrusted' || result.reason === 'tls-changed' ? result.fingerprint : undefined
}

/** Whether a test result's endpoint is the directory's backup server rather than its primary host. */
export function isBackupEndpoint(device: Device, endpoint: string | undefined): boolean {
  if (device.backupHost === undefined || endpoint === undefined) return false
  const backup = `${device.backupHost}:${device.backupPort ?? device.port}`
  return endpoint === backup && backup !== `${device.host}:${device.port}`
}
