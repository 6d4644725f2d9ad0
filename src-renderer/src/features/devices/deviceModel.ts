// Pure helpers for showing devices, kept apart from components so they can be unit-tested without a DOM.
import {
  kindLabels,
  productLabels,
  type Device,
  type TestFailureReason,
  type TestStatus
} from '../../../../src-preload/contract'

export const testStatusLabels: Record<TestStatus, string> = {
  never: 'Never tested',
  'in-progress': 'In progress',
  success: 'Success',
  failure: 'Failure'
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

/** A test the store has seen start wins over the list, which only learns the outcome on reload. */
export function statusOf(device: Device, live: Record<string, TestStatus>): TestStatus {
  return live[device.name] === 'in-progress' ? 'in-progress' : device.lastTest.status
}

/** Filter text matches name, type, product or host, ignoring case. */
export function deviceMatches(device: Device, filter: string): boolean {
  const needle = filter.trim().toLowerCase()
  if (needle === '') return true
  return [device.name, kindLabels[device.kind], productLabels[device.product], device.host].some((v) =>
    v.toLowerCase().includes(needle)
  )
}

/** The fingerprint to offer for trust: only for a failed test that says the certificate is the problem. */
export function trustableFingerprint(device: Device, status: TestStatus): string | undefined {
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
