// Issue 25 item 20: a review bundle carries what its selection needs and no more. A store with two
// Call Processors, two domains and a nightly job each: the job synchronizes its processor (which
// cannot be reached, so it fails) and then skips its domain. A bundle of one domain or one device
// leaves the other device, the other domain, the other job and unrelated audit entries at home,
// brings the job run that started its runs (and explains the skipped domain), and its manifest
// counts what was left out.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LogEntry, RunSummary } from '../../src-preload/contract'
import { readBundleFile } from '../../src-main/review/format'
import { openReviewCore, type ReviewCore } from '../../src-main/review/open'
import { signersOf } from '../../src-main/review/trust'
import { tempDir, testCore, type TestCore } from './helpers/core'
import { closedPort } from './helpers/net'

const FUTURE = '2099-01-01T00:00:00Z'
const WEST = { device: 'West CUCM', domain: 'Westbrook Campus', job: 'Westbrook nightly' }
const EAST = { device: 'East CUCM', domain: 'Eastfield Campus', job: 'Eastfield nightly' }

let c: TestCore
let out: string
const ports = new Map<string, number>()
const jobRuns = new Map<string, RunSummary>()
const opened: ReviewCore[] = []

/** Runs a job now and waits for its run's sync:finished event. */
async function runJob(name: string): Promise<RunSummary> {
  let resolveFinished: (run: RunSummary) => void = () => undefined
  const finished = new Promise<RunSummary>((resolve) => (resolveFinished = resolve))
  const off = c.events.subscribe((event, payload) => {
    const run = payload as RunSummary
    if (event === 'sync:finished' && run.kind === 'job' && run.device === name) resolveFinished(run)
  })
  try {
    await c.value('jobs:run', { names: [name] })
    return await finished
  } finally {
    off()
  }
}

async function value<T>(core: ReviewCore, channel: Parameters<ReviewCore['dispatch']>[0], input: unknown) {
  const result = await core.dispatch(channel, input, { origin: 'test' })
  if (!result.ok) throw new Error(`${channel}: ${result.error.message}`)
  return result.value as T
}

/** Exports `selection`, opens the bundle read-only, and reads its database directly too. */
async function exported(selection: Parameters<TestCore['exportReviewBundle']>[0]['selection'], file: string) {
  const path = join(out, file)
  const { manifest } = await c.exportReviewBundle({ selection, outFile: path })
  const review = await openReviewCore(path, { host: 'cli', signers: signersOf(c.store.reviewSigners) })
  opened.push(review)
  const { payloadStart, payloadBytes } = await readBundleFile(path)
  const database = gunzipSync(readFileSync(path).subarray(payloadStart, payloadStart + payloadBytes))
  const dbFile = join(out, `${file}.sqlite3`)
  writeFileSync(dbFile, database)
  const db = new Database(dbFile, { readonly: true })
  const rows = (sql: string): unknown[] => db.prepare(sql).all()
  const column = (sql: string): unknown[] => db.prepare(sql).pluck().all()
  return { manifest, review, database, rows, column, close: () => db.close() }
}

beforeAll(async () => {
  c = testCore()
  out = tempDir('switchboard-review-selection-')
  for (const side of [WEST, EAST]) {
    // A port nothing listens on: each synchronization of the processor fails at once.
    const port = await closedPort()
    ports.set(side.device, port)
    await c.value('devices:add', {
      name: side.device,
      kind: 'call-processor',
      product: 'cucm',
      host: '127.0.0.1',
      port,
      username: 'axl',
      password: 'unused-password'
    })
    await c.value('domains:add', {
      name: side.domain,
      callProcessors: [side.device],
      rules: { syncAllUsers: true }
    })
    await c.value('jobs:add', {
      name: side.job,
      startAt: FUTURE,
      selection: { kind: 'granular', text: `cp.${side.device}: infra\ndomain.${side.domain}:` }
    })
  }
  // An audit entry about nothing in either bundle.
  await c.value('settings:set', { runsKeptPerDevice: 20 })
  for (const side of [WEST, EAST]) {
    const run = await runJob(side.job)
    expect(run.status).toBe('failed')
    jobRuns.set(side.job, run)
  }
}, 60_000)

afterAll(async () => {
  for (const review of opened) await review.close()
  await c?.dispose()
})

describe('a review bundle holds what its selection needs (issue 25 item 20)', () => {
  it('domain: its device, domain, job and job run, and only the audit entries about them', async () => {
    const bundle = await exported({ kind: 'domain', domain: WEST.domain }, 'west.swreview')
    try {
      // The other device (and its host and port), domain and job are not in the bundle at all.
      expect(bundle.rows('SELECT name, host, port FROM devices')).toEqual([
        { name: WEST.device, host: '127.0.0.1', port: ports.get(WEST.device) }
      ])
      expect(bundle.column('SELECT name FROM domains')).toEqual([WEST.domain])
      expect(bundle.column('SELECT name FROM jobs')).toEqual([WEST.job])
      for (const absent of [EAST.device, EAST.domain, EAST.job])
        expect(bundle.database.includes(absent)).toBe(false)
      expect(bundle.manifest.sourceDevices.map((d) => d.name)).toEqual([WEST.device])

      // The job run that started the domain's device run is there, and says why the domain was skipped.
      const jobRun = jobRuns.get(WEST.job) as RunSummary
      const deviceRuns = await value<RunSummary[]>(bundle.review, 'sync:runs', { device: WEST.device })
      expect(deviceRuns.map((r) => [r.kind, r.status, r.parentRunId])).toEqual([
        ['infrastructure', 'failed', jobRun.id]
      ])
      expect(await value(bundle.review, 'sync:run', { runId: jobRun.id })).toEqual(
        await c.value('sync:run', { runId: jobRun.id })
      )
      const skipped = await value<{ entries: LogEntry[] }>(bundle.review, 'logs:entries', {
        runId: jobRun.id,
        code: 'JOB_DOMAIN_SKIPPED',
        limit: 10
      })
      expect(skipped.entries.map((e) => e.objectName)).toEqual([WEST.domain])

      // Audit entries about what the bundle holds, and none other (the settings change, the East side).
      const targets = bundle.column('SELECT DISTINCT target FROM audit_log ORDER BY target')
      expect(targets).toEqual([WEST.device, WEST.domain, WEST.job].sort())
      const allAudit = c.store.audit.list(10_000)
      const kept = bundle.column('SELECT COUNT(*) FROM audit_log')[0] as number
      expect(bundle.manifest.leftOut).toEqual({
        runs: 2,
        logEntries:
          (await c.value('logs:entries', { runId: jobRuns.get(EAST.job)?.id, limit: 1 })).total +
          (await c.value('logs:entries', { runId: deviceRunOf(EAST.device), limit: 1 })).total,
        inventoryObjects: 0,
        devices: 1,
        domains: 1,
        users: 0,
        jobs: 1,
        auditEntries: allAudit.length - kept
      })
      expect(bundle.manifest.leftOut?.auditEntries).toBeGreaterThanOrEqual(4)
    } finally {
      bundle.close()
    }
  })

  it('device: its runs and the job run that started them, that run keeping only its entries about the device', async () => {
    const bundle = await exported({ kind: 'devices', devices: [WEST.device] }, 'west-cucm.swreview')
    try {
      expect(bundle.column('SELECT name FROM devices')).toEqual([WEST.device])
      expect(bundle.column('SELECT name FROM domains')).toEqual([])
      expect(bundle.column('SELECT name FROM jobs')).toEqual([WEST.job])
      expect(bundle.database.includes(EAST.device)).toBe(false)
      const jobRun = jobRuns.get(WEST.job) as RunSummary
      expect(bundle.column('SELECT id FROM sync_runs ORDER BY id')).toEqual([
        jobRun.id,
        deviceRunOf(WEST.device)
      ])
      const source = (await c.value('logs:entries', { runId: jobRun.id, limit: 100 })).entries
      const inBundle = (
        await value<{ entries: LogEntry[] }>(bundle.review, 'logs:entries', { runId: jobRun.id, limit: 100 })
      ).entries
      // Entries about the device or about no object stay; the one about the domain stays home.
      expect(inBundle).toEqual(
        source.filter((e) => e.objectName === undefined || e.objectName === WEST.device)
      )
      expect(source.length - inBundle.length).toBe(1)
      expect(bundle.manifest.leftOut).toMatchObject({ devices: 1, domains: 2, jobs: 1, runs: 2 })
      expect(bundle.manifest.leftOut?.logEntries).toBeGreaterThan(0)
      expect(bundle.column('SELECT DISTINCT target FROM audit_log ORDER BY target')).toEqual(
        [WEST.device, WEST.job].sort()
      )
    } finally {
      bundle.close()
    }
  })
})

/** The id of the one synchronization run of a device. */
function deviceRunOf(device: string): number {
  return c.store.db
    .prepare("SELECT id FROM sync_runs WHERE device_name = ? AND kind = 'infrastructure'")
    .pluck()
    .get(device) as number
}
