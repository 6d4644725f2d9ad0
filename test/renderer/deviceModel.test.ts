// How devices are shown: filtering, live test status and when a certificate may be trusted.
import { describe, expect, it } from 'vitest'
import type { Device, TestResult } from '../../src-preload/contract'
import {
  deviceMatches,
  isBackupEndpoint,
  statusOf,
  testsValidSince,
  trustableFingerprint
} from '../../src-renderer/src/features/devices/deviceModel'

const FINGERPRINT = 'AB:CD:'.repeat(15) + 'AB:CD'

const device: Device = {
  id: 7,
  name: 'CUCM Pub',
  kind: 'call-processor',
  product: 'cucm',
  host: 'cucm-pub.example.com',
  port: 8443,
  useSsl: false,
  startTls: false,
  allowChanges: false,
  username: 'axladmin',
  hasPassword: true,
  hasOsPassword: false,
  createdAt: '2026-11-22T00:00:00.000Z',
  updatedAt: '2026-11-22T00:00:00.000Z',
  lastTest: { status: 'never' },
  pinnedCertificates: []
}

function failedWith(result: Partial<TestResult>): Device {
  return {
    ...device,
    lastTest: {
      status: 'failure',
      result: { status: 'failure', at: device.createdAt, durationMs: 5, message: 'failed', ...result }
    }
  }
}

describe('deviceMatches', () => {
  it('matches name, type label, product label and host, ignoring case and surrounding space', () => {
    expect(deviceMatches(device, '')).toBe(true)
    expect(deviceMatches(device, ' pub ')).toBe(true)
    expect(deviceMatches(device, 'call processor')).toBe(true)
    expect(deviceMatches(device, 'unified communications')).toBe(true)
    expect(deviceMatches(device, 'EXAMPLE.COM')).toBe(true)
    expect(deviceMatches(device, 'unity')).toBe(false)
  })
})

describe('statusOf', () => {
  it('shows a test in progress before the list knows, and the stored outcome otherwise', () => {
    expect(statusOf(device, {})).toBe('never')
    expect(statusOf(device, { 'CUCM Pub': 'in-progress' })).toBe('in-progress')
    expect(statusOf(failedWith({ reason: 'refused' }), { 'CUCM Pub': 'failure' })).toBe('failure')
  })
})

// Issue 25 item 27: after a restart an old green "Success" claimed a device answers that may be gone.
describe('statusOf after a restart', () => {
  const tested: Device = {
    ...device,
    lastTest: {
      status: 'success',
      result: { status: 'success', at: '2026-12-07T10:00:00.000Z', durationMs: 17, message: 'AXL answered' }
    }
  }
  it('marks a test made before this run of the app as not tested since restart', () => {
    expect(statusOf(tested, {}, '2026-12-07T11:00:00.000Z')).toBe('stale')
    expect(statusOf(failedWith({ reason: 'refused' }), {}, '2026-12-07T11:00:00.000Z')).toBe('stale')
  })
  it('keeps a test made since, a test running now and a device never tested', () => {
    expect(statusOf(tested, {}, '2026-12-07T09:59:00.000Z')).toBe('success')
    expect(statusOf(tested, { 'CUCM Pub': 'in-progress' }, '2026-12-07T11:00:00.000Z')).toBe('in-progress')
    expect(statusOf(device, {}, '2026-12-07T11:00:00.000Z')).toBe('never')
  })
  it('counts results from this Core’s start, except in a review bundle', () => {
    const startedAt = '2026-12-07T11:00:00.000Z'
    expect(testsValidSince({ info: { startedAt } })).toBe(startedAt)
    expect(testsValidSince({ info: { startedAt, review: { fileName: 'west.swreview' } } })).toBeUndefined()
    expect(testsValidSince({})).toBeUndefined()
    expect(statusOf(tested, {}, undefined)).toBe('success')
  })
})

describe('trustableFingerprint', () => {
  it('offers a fingerprint only when the certificate is what failed', () => {
    const untrusted = failedWith({ reason: 'tls-untrusted', fingerprint: FINGERPRINT })
    expect(trustableFingerprint(untrusted, 'failure')).toBe(FINGERPRINT)
    expect(
      trustableFingerprint(failedWith({ reason: 'tls-changed', fingerprint: FINGERPRINT }), 'failure')
    ).toBe(FINGERPRINT)
    expect(trustableFingerprint(failedWith({ reason: 'tls', fingerprint: FINGERPRINT }), 'failure')).toBe(
      undefined
    )
    expect(trustableFingerprint(failedWith({ reason: 'tls-untrusted' }), 'failure')).toBe(undefined)
    // A new test is running: the old fingerprint may no longer be what the server presents.
    expect(trustableFingerprint(untrusted, 'in-progress')).toBe(undefined)
  })
})

describe('isBackupEndpoint', () => {
  const directory: Device = {
    ...device,
    kind: 'directory',
    product: 'ad',
    host: 'dc1',
    port: 636,
    useSsl: true,
    backupHost: 'dc2'
  }

  it('recognises the backup server, which listens on the primary port unless it has its own', () => {
    expect(isBackupEndpoint(directory, 'dc2:636')).toBe(true)
    expect(isBackupEndpoint({ ...directory, backupPort: 3269 }, 'dc2:3269')).toBe(true)
    expect(isBackupEndpoint(directory, 'dc1:636')).toBe(false)
    expect(isBackupEndpoint(device, 'dc2:636')).toBe(false)
    expect(isBackupEndpoint(directory, undefined)).toBe(false)
  })
})
