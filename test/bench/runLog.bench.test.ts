// Issue 8 item 1 at scale: one run with 500,000 log entries (100,000 with --quick). Appends as a run
// writes them (RunLog's batches of 500), pages through them with each filter and with a text search,
// exports them, and deletes the run a retention step at a time. Prints figures; asserts nothing.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, it } from 'vitest'
import type { LogQuery } from '../../src-preload/contract'
import { RunHistory } from '../../src-main/history/service'
import { openStore, type Store } from '../../src-main/store'
import type { NewLogEntry } from '../../src-main/store/syncLog'

const ENTRIES = process.env.BENCH_QUICK === '1' ? 100_000 : 500_000
const BATCH = 500
const dir = mkdtempSync(join(tmpdir(), 'switchboard-bench-log-'))
let store: Store

afterAll(() => {
  store?.close()
  rmSync(dir, { recursive: true, force: true })
})

const TYPES = ['Phone', 'User', 'Line', 'DeviceProfile', 'RemoteDestinationProfile']

function entry(i: number): NewLogEntry {
  const name = `SEP${(0x100000 + i).toString(16).toUpperCase()}A${i % 7}`
  const severity = i % 1000 === 0 ? 'error' : i % 100 === 0 ? 'warning' : 'info'
  return {
    at: new Date(Date.UTC(2025, 0, 1) + i).toISOString(),
    severity,
    code: severity === 'info' ? 'DOMAIN_USER_PLACED' : 'DOMAIN_PHONE_NO_SERVICE_AREA',
    objectType: TYPES[i % TYPES.length],
    objectName: name,
    message: `${TYPES[i % TYPES.length]} ${name} of user${i % 5000} placed in Site ${i % 13} (pool DP-${i % 40})`
  }
}

function time<T>(label: string, f: () => T): T {
  const started = performance.now()
  const result = f()
  console.log(`run-log ${label} ${(performance.now() - started).toFixed(1)} ms`)
  return result
}

it(`a run of ${ENTRIES} log entries: append, filter, search, export, delete`, async () => {
  store = openStore(join(dir, 'bench.sqlite3'))
  const at = new Date().toISOString()
  const domainId = Number(
    store.db
      .prepare("INSERT INTO domains (name, rules, created_at, updated_at) VALUES ('Bench', '{}', ?, ?)")
      .run(at, at).lastInsertRowid
  )
  const runId = store.syncRuns.startForDomain(domainId, 'Bench', 'domain', at)
  time(`append ${ENTRIES} (batches of ${BATCH})`, () => {
    for (let i = 0; i < ENTRIES; i += BATCH)
      store.syncLog.append(
        runId,
        i + 1,
        Array.from({ length: BATCH }, (_, j) => entry(i + j))
      )
  })
  store.syncRuns.finish(runId, { status: 'succeeded', at, summary: 'bench', counts: {}, failedTypes: [] })

  const page = (label: string, query: Partial<LogQuery>) =>
    time(label, () => store.syncLog.query({ runId, offset: 0, limit: 200, ...query }).total)
  page('first page, no filter', {})
  page('last page, no filter', { offset: ENTRIES - 200 })
  page('severity=error', { severity: 'error' })
  page('code (warnings)', { code: 'DOMAIN_PHONE_NO_SERVICE_AREA' })
  page('objectType=Line', { objectType: 'Line' })
  page('search "user4999" (count + first page)', { search: 'user4999' })
  page('search "user4999" again, next page (total cached)', { search: 'user4999', offset: 200 })
  page('search "A1B2" rare infix', { search: 'A1B2' })
  page('search "Site 12" common (count + first page)', { search: 'Site 12' })
  page('search "Site 12", deep page', { search: 'Site 12', offset: 30_000 })

  const history = new RunHistory(store)
  time('export CSV, all entries', () => history.exportLog({ runId, format: 'csv' }).rows)
  time('export JSON, all entries', () => history.exportLog({ runId, format: 'json' }).rows)

  // Retention: the run goes a step at a time; the longest step is what the main process waits for.
  const laterRun = store.syncRuns.startForDomain(domainId, 'Bench', 'domain', at)
  store.syncRuns.finish(laterRun, { status: 'succeeded', at, summary: 'later', counts: {}, failedTypes: [] })
  store.settings.write({ retention: { domain: { count: 1, days: null } } })
  const started = performance.now()
  time('first retention step (with the run that finished)', () =>
    store.retention.afterRun(laterRun, new Date())
  )
  await store.retention.idle()
  console.log(`run-log delete the run, all steps and VACUUM ${(performance.now() - started).toFixed(0)} ms`)
})
