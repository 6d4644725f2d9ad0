// Issue 9 scenario 6: a run with 500,000 log entries (50,000 with --quick) in the UI, through the headless
// host and Debian's Chromium driven by Playwright: open it, scroll its log to the end, filter by code.
// Each is timed from the action to the expected rows visible. The floor (issue 26 item 4) is the bare
// SQL page query that action needs, through the store in this process; target ≤ 3× it. The host
// answering the same page over the WebSocket the page uses is printed beside it.
import { rmSync } from 'node:fs'
import { chromium, type Browser, type Locator, type Page } from '@playwright/test'
import { describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { LogQuery } from '../../src-preload/contract'
import type { ServerMessage } from '../../src-preload/contract/wire'
import playwrightConfig from '../../playwright.config'
import { addOfflineCallProcessor, tempDir, testCore } from '../main/helpers/core'
import { appendEntries, RARE_CODE } from './logEntries'
import { serve, type Served } from './processes'
import { median, reporter, scaled } from './results'

const ENTRIES = scaled(500_000)
const REPEATS = 3
const PAGE = 200
/** The UI against the bare SQL page queries it needs. */
const MAX_RATIO = 3
const report = reporter('log-view')

type Action = 'open' | 'end' | 'filter'
/** The log page each action needs. */
function pageQueries(runId: number): Record<Action, LogQuery> {
  const lastPage = Math.floor((ENTRIES - 1) / PAGE) * PAGE
  return {
    open: { runId, offset: 0, limit: PAGE },
    end: { runId, offset: lastPage, limit: PAGE },
    filter: { runId, code: RARE_CODE, offset: 0, limit: PAGE }
  }
}

/**
 * A finished domain run holding ENTRIES log entries, written as a run writes them, and the bare SQL
 * page queries' times (REPEATS of each, through the store, in this process).
 */
async function runWithEntries(dataDir: string): Promise<{ runId: number; sql: Record<Action, number[]> }> {
  const core = testCore(dataDir)
  try {
    await addOfflineCallProcessor(core, 'Bench CUCM')
    const domain = await core.value('domains:add', { name: 'Bench', callProcessors: ['Bench CUCM'] })
    const at = new Date().toISOString()
    const domainId = core.store.domains.byName(domain.name)?.id
    if (domainId === undefined) throw new Error('the domain was not stored')
    const runId = core.store.syncRuns.startForDomain(domainId, domain.name, 'domain', at)
    appendEntries(core.store.syncLog, runId, ENTRIES)
    core.store.syncRuns.finish(runId, {
      status: 'succeeded',
      at: new Date().toISOString(),
      summary: `${ENTRIES} log entries`,
      counts: {},
      failedTypes: []
    })
    const sql = { open: [] as number[], end: [] as number[], filter: [] as number[] }
    const queries = pageQueries(runId)
    for (let i = 0; i < REPEATS; i++)
      for (const action of ['open', 'end', 'filter'] as const) {
        const started = performance.now()
        core.store.syncLog.query(queries[action])
        sql[action].push(performance.now() - started)
      }
    return { runId, sql }
  } finally {
    await core.close()
  }
}

/** The host's WebSocket, as the page reaches it: one logs:entries request at a time, timed. */
async function hostQueries(
  pageUrl: string
): Promise<{ time(query: LogQuery): Promise<number>; close(): void }> {
  const url = new URL(pageUrl)
  const socket = new WebSocket(`ws://${url.host}/ws${url.search}`)
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject))
  let nextId = 1
  return {
    async time(query) {
      const id = nextId++
      const started = performance.now()
      const answered = new Promise<void>((resolve, reject) => {
        const onMessage = (data: WebSocket.RawData): void => {
          const message = JSON.parse((data as Buffer).toString('utf8')) as ServerMessage
          if (message.type !== 'response' || message.id !== id) return
          socket.off('message', onMessage)
          if (message.result.ok) resolve()
          else reject(new Error(`logs:entries failed: ${message.result.error.message}`))
        }
        socket.on('message', onMessage)
      })
      socket.send(JSON.stringify({ type: 'request', id, channel: 'logs:entries', input: query }))
      await answered
      return performance.now() - started
    },
    close: () => socket.close()
  }
}

/** What the benchmark touches of the log's scrolling element (the tests compile without the DOM types). */
interface ScrollingElement {
  scrollTop: number
  scrollHeight: number
}

/** The row of the log whose sequence number is `seq`, once its entry has loaded. */
const row = (log: Locator, seq: number): Locator => log.locator(`[role="row"][data-seq="${seq}"]`)

async function timed(action: () => Promise<void>, visible: Locator): Promise<number> {
  const started = performance.now()
  await action()
  await visible.waitFor({ state: 'visible', timeout: 60_000 })
  return performance.now() - started
}

async function openLogs(page: Page, url: string): Promise<void> {
  await page.goto(url)
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Logs' }).click()
}

describe('log view', () => {
  it(`a run of ${ENTRIES} entries: open, scroll to the end, filter by code`, async () => {
    const dataDir = tempDir('switchboard-bench-view-')
    let served: Served | undefined
    let browser: Browser | undefined
    try {
      const { runId, sql } = await runWithEntries(dataDir)
      served = await serve(dataDir)
      browser = await chromium.launch({ ...playwrightConfig.use?.launchOptions, headless: true })
      const queries = await hostQueries(served.url)
      const pages = pageQueries(runId)
      const host = { open: [] as number[], end: [] as number[], filter: [] as number[] }
      try {
        for (let i = 0; i < REPEATS; i++)
          for (const action of ['open', 'end', 'filter'] as const)
            host[action].push(await queries.time(pages[action]))
      } finally {
        queries.close()
      }

      const page = await browser.newPage()
      await openLogs(page, served.url)
      const runRow = page.getByRole('table', { name: 'Runs' }).locator('tbody tr').first()
      await runRow.waitFor()
      const figures = { open: [] as number[], end: [] as number[], filter: [] as number[] }
      for (let i = 0; i < REPEATS; i++) {
        const log = page.getByRole('log', { name: 'Log entries' })
        figures.open.push(await timed(() => runRow.getByRole('cell').nth(2).click(), row(log, 1)))
        // The scroll bar dragged to the bottom: one jump (the End key scrolls smoothly in Chromium, which
        // would time the animation).
        figures.end.push(
          await timed(
            () =>
              // The rows' group below the header is what scrolls.
              log
                .getByRole('rowgroup')
                .last()
                .evaluate((element: ScrollingElement) => {
                  element.scrollTop = element.scrollHeight
                }),
            row(log, ENTRIES)
          )
        )
        // Entry 101 is the second with the code: on screen only once the filter applies.
        const code = page.getByRole('region', { name: 'Detailed log' }).getByLabel('Code')
        figures.filter.push(await timed(() => code.fill(RARE_CODE), row(log, 101)))
        await expect
          .poll(() => page.getByText(`${ENTRIES / 100} entries`, { exact: true }).isVisible())
          .toBe(true)
        await page.getByRole('button', { name: 'Back to all runs' }).click()
      }

      report('entries', ENTRIES, 'entries')
      for (const [action, metric] of [
        ['open', 'open the run'],
        ['end', 'scroll to the end'],
        ['filter', `filter by code (${ENTRIES / 100} entries)`]
      ] as const) {
        const ms = Math.round(median(figures[action]))
        const floor = median(sql[action])
        report(`${metric}: host over WebSocket`, Number(median(host[action]).toFixed(1)), 'ms')
        report(`${metric}: bare SQL`, Number(floor.toFixed(1)), 'ms')
        report(metric, ms, 'ms', {
          floor: Number(floor.toFixed(1)),
          ratio: Number((ms / floor).toFixed(2)),
          target: `≤ ${MAX_RATIO}× floor`,
          pass: ms / floor <= MAX_RATIO
        })
      }
    } finally {
      await browser?.close()
      await served?.stop()
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
