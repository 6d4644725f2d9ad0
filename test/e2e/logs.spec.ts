// Issue 8 e2e: two synchronizations of a demo Call Processor reviewed on the Logs page (filter, open a
// run, search its log, its charts, compare the two runs), found again in the audit trail, and one
// exported as a review bundle from the page.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { expect, test, type Locator, type Page } from '@playwright/test'
import { serve, type ServedApp } from './host'

let app: ServedApp
test.beforeEach(async () => {
  app = await serve()
})
test.afterEach(async () => {
  await app.stop()
})

/** A table's rows of data, without its header row. */
function dataRows(table: Locator): Locator {
  return table.getByRole('row').filter({ has: table.page().getByRole('cell') })
}

async function navigate(page: Page, item: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: item }).click()
}

test('reviews and compares two runs on the Logs page and finds them in the audit trail', async ({ page }) => {
  test.setTimeout(120_000)
  await page.goto(app.url)
  await page.getByRole('button', { name: 'Start demo lab' }).click()
  await expect(page.getByText('Demo lab running', { exact: true })).toBeVisible({ timeout: 30_000 })

  await page.getByRole('row', { name: /Lab CUCM 1/ }).click()
  const quickView = page.getByRole('complementary', { name: 'Quick View' })
  const runs = quickView.getByRole('list', { name: 'Recent runs' }).getByRole('listitem')
  for (const count of [1, 2]) {
    await quickView.getByRole('button', { name: 'Start User Synchronization' }).click()
    await expect(runs).toHaveCount(count, { timeout: 30_000 })
    await expect(runs.first()).toContainText('Succeeded', { timeout: 30_000 })
  }

  await navigate(page, 'Logs')
  const filters = page.getByRole('search', { name: 'Filter runs' })
  await filters.getByLabel('Device or domain').fill('lab cucm 1')
  await filters.getByLabel('Kind').selectOption('User')
  await expect(page.getByText('Runs 1–2 of 2')).toBeVisible()
  const table = page.getByRole('table', { name: 'Runs' })
  await expect(dataRows(table)).toHaveCount(2)

  // The newest run first: open it.
  await dataRows(table).first().getByRole('cell').nth(2).click()
  await expect(page.getByRole('heading', { name: /^Run \d+: User run of Lab CUCM 1$/ })).toBeVisible()
  await expect(page.getByRole('figure', { name: /^Objects per type and outcome/ })).toBeVisible()
  await expect(page.getByRole('figure', { name: /^Run duration over time/ })).toBeVisible()
  await expect(page.getByRole('img', { name: /^Line chart: Run duration over time.*2 runs/ })).toBeAttached()

  const detailedLog = page.getByRole('region', { name: 'Detailed log' })
  const log = detailedLog.getByRole('log', { name: 'Log entries' })
  await expect(log).toContainText('SYNC_STARTED')
  await detailedLog.getByLabel('Search').fill('globaladmin')
  await expect(log).toContainText('SYNC_USER_RESTRICTED')
  await expect(log).not.toContainText('SYNC_STARTED')
  const download = page.waitForEvent('download')
  await detailedLog.getByRole('button', { name: 'Export CSV' }).click()
  expect((await download).suggestedFilename()).toMatch(/^switchboard-run-\d+-log\.csv$/)

  await page.getByRole('button', { name: 'Back to all runs' }).click()
  await expect(dataRows(table)).toHaveCount(2)
  const compare = page.getByRole('button', { name: 'Compare', exact: true })
  await expect(compare).toBeDisabled()
  for (const checkbox of await table.getByRole('checkbox', { name: /^Compare run \d+$/ }).all())
    await checkbox.check()
  await compare.click()
  await expect(
    page.getByRole('heading', { name: /^Comparison of user runs \d+ and \d+ of Lab CUCM 1$/ })
  ).toBeVisible()
  // The demo lab did not change between the two runs: they read the same objects.
  await expect(page.getByRole('status').filter({ hasText: /differences|appeared/ })).toHaveText(
    'No differences: both runs read the same objects with the same fields.'
  )

  await navigate(page, 'Audit Trail')
  await page.getByRole('search', { name: 'Filter the audit trail' }).getByLabel('Action').fill('sync:start')
  const trail = page.getByRole('table', { name: 'Audit trail' })
  await expect(dataRows(trail)).toHaveCount(2)
  await dataRows(trail).first().click()
  const entry = page.getByRole('complementary', { name: /^Audit entry \d+$/ })
  await expect(entry).toContainText('Lab CUCM 1')
  await expect(entry).toContainText('sync:start (action)')
  const auditDownload = page.waitForEvent('download')
  await page.getByRole('button', { name: 'Export JSON' }).click()
  const file = await auditDownload
  expect(file.suggestedFilename()).toBe('switchboard-audit-trail.json')
  const exported = JSON.parse(readFileSync(await file.path(), 'utf8')) as { action: string }[]
  expect(exported.map((e) => e.action)).toEqual(['sync:start', 'sync:start'])

  // A review bundle of the newest run, saved through the download, opens as what was chosen.
  await navigate(page, 'Logs')
  const newest = dataRows(page.getByRole('table', { name: 'Runs' })).first()
  const runId = Number(await newest.getByRole('cell').nth(1).textContent())
  await newest.getByRole('checkbox').check()
  await page.getByRole('button', { name: 'Export Review Bundle…' }).click()
  const exportDialog = page.getByRole('dialog', { name: 'Export Review Bundle' })
  await expect(exportDialog.getByLabel(`The runs ticked in the list (${runId})`)).toBeChecked()
  const bundleDownload = page.waitForEvent('download')
  await exportDialog.getByRole('button', { name: 'Save' }).click()
  const bundle = await bundleDownload
  expect(bundle.suggestedFilename()).toMatch(
    new RegExp(`^switchboard-review-runs-${runId}-\\d{8}-\\d{4}\\.swreview$`)
  )
  await expect(page.getByText(/^Review bundle saved: .*\(.*, run \d+\): 1 runs/)).toBeVisible()
  const opened = JSON.parse(
    execFileSync(process.execPath, ['bin/switchboard.js', 'review', 'open', await bundle.path(), '--json'], {
      encoding: 'utf8'
    })
  ) as { manifest: { selection: unknown; counts: { runs: number } } }
  expect(opened.manifest.selection).toEqual({ kind: 'runs', runs: [runId] })
  expect(opened.manifest.counts.runs).toBe(1)
})
