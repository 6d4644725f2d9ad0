// Issue 8 item 1 at scale, in the store, under scenario 6's UI figures: one run with 500,000 log entries
// (50,000 with --quick) appended as a run writes them, paged with each filter and a text search,
// exported, and deleted a retention step at a time. Figures only; issue 9 sets no target here.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import type { LogQuery } from '../../src-preload/contract'
import { RunHistory } from '../../src-main/history/service'
import { openStore, type Store } from '../../src-main/store'
import { appendEntries, BATCH, RARE_CODE } from './logEntries'
import { reporter, scaled } from './results'

const ENTRIES = scaled(500_000)
const report = reporter('run-log-store')
const dir = mkdtempSync(join(tmpdir(), 'switchboard-bench-log-'))
let store: Store | undefined

afterAll(() => {
  store?.close()
  rmSync(dir, { recursive: true, force: true })
})

function timed<T>(metric: string, work: () => T): T {
  const started = performance.now()
  const result = work()
  report(metric, Number((performance.now() - started).toFixed(1)), 'ms')
  return result
}

it(`a run of ${ENTRIES} log entries: append, filter, search, export, delete`, async () => {
  const opened = openStore(join(dir, 'bench.sqlite3'))
  store = opened
  const at = new Date().toISOString()
  const domainId = Number(
    opened.db
      .prepare("INSERT INTO domains (name, rules, created_at, updated_at) VALUES ('Bench', '{}', ?, ?)")
      .run(at, at).lastInsertRowid
  )
  const runId = opened.syncRuns.startForDomain(domainId, 'Bench', 'domain', at)
  timed(`append ${ENTRIES} (batches of ${BATCH})`, () => appendEntries(opened.syncLog, runId, ENTRIES))
  opened.syncRuns.finish(runId, { status: 'succeeded', at, summary: 'bench', counts: {}, failedTypes: [] })

  const page = (metric: string, query: Partial<LogQuery>): number =>
    timed(metric, () => opened.syncLog.query({ runId, offset: 0, limit: 200, ...query }).total)
  expect(page('first page, no filter', {})).toBe(ENTRIES)
  page('last page, no filter', { offset: ENTRIES - 200 })
  page('severity=error', { severity: 'error' })
  expect(page('code (warnings and errors)', { code: RARE_CODE })).toBe(ENTRIES / 100)
  page('objectType=Line', { objectType: 'Line' })
  page('search "user4999" (count + first page)', { search: 'user4999' })
  page('search "user4999" again, next page (total cached)', { search: 'user4999', offset: 200 })
  page('search "A1B2" rare infix', { search: 'A1B2' })
  page('search "Site 12" common (count + first page)', { search: 'Site 12' })
  page('search "Site 12", deep page', { search: 'Site 12', offset: Math.floor(ENTRIES / 20) })

  const history = new RunHistory(opened)
  timed('export CSV, all entries', () => history.exportLog({ runId, format: 'csv' }).rows)
  timed('export JSON, all entries', () => history.exportLog({ runId, format: 'json' }).rows)

  // Retention: the run goes a step at a time; the longest step is what the main process waits for.
  const laterRun = opened.syncRuns.startForDomain(domainId, 'Bench', 'domain', at)
  opened.syncRuns.finish(laterRun, { status: 'succeeded', at, summary: 'later', counts: {}, failedTypes: [] })
  opened.settings.write({ retention: { domain: { count: 1, days: null } } })
  const started = performance.now()
  timed('first retention step (with the run that finished)', () =>
    opened.retention.afterRun(laterRun, new Date())
  )
  await opened.retention.idle()
  report('delete the run, all steps and VACUUM', Math.round(performance.now() - started), 'ms')
})
