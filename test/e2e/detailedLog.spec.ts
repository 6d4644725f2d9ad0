// Issue 25 item 25: the detailed log at 1280×720 is a table with column headers and timestamps, its
// messages wrap instead of being cut, nothing in it is wider than its box, and a run of three
// entries gets a box as tall as those three rows, not a big empty one.
import { spawnSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { createServer, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test, type Locator } from '@playwright/test'
import { serve, type ServedApp } from './host'
import { expectNoOverflow } from './overflow'

const DEVICE = 'Offline CUCM'
/** The moment format of every page (formatMoment in en-US): "Dec 7, 2026, 4:22:49 PM". */
const MOMENT = /^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2}:\d{2}\s[AP]M$/

/** A loopback port nothing listens on: the synchronization fails at once, leaving a short log. */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

let app: ServedApp
test.beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-e2e-log-'))
  const switchboard = (args: string[]) =>
    spawnSync(process.execPath, ['bin/switchboard.js', '--data-dir', dataDir, ...args], {
      encoding: 'utf8',
      env: { ...process.env, CUCM_PASSWORD: 'unused-password' }
    })
  const added = switchboard([
    'devices',
    'add',
    ...['--kind', 'call-processor', '--product', 'cucm', '--name', DEVICE],
    ...['--host', '127.0.0.1', '--port', String(await closedPort()), '--username', 'axl'],
    ...['--password-env', 'CUCM_PASSWORD']
  ])
  expect(added.status, added.stderr).toBe(0)
  // Exits 1: the run failed, which is the run this test reads.
  expect(switchboard(['sync', 'device', DEVICE, '--infra']).status).toBe(1)
  app = await serve(dataDir)
})
test.afterAll(async () => {
  await app?.stop()
})

test('shows a run’s detailed log as a table with headers and timestamps, as tall as its rows', async ({
  page
}) => {
  await page.setViewportSize({ width: 1280, height: 720 })
  await page.goto(app.url)
  await page.getByRole('row', { name: new RegExp(DEVICE) }).click()
  const quickView = page.getByRole('complementary', { name: 'Quick View' })
  await quickView.getByRole('button', { name: 'View Detailed Log' }).first().click()
  const dialog = page.getByRole('dialog')
  await expect(dialog.getByText('3 entries')).toBeVisible()

  const table = dialog.getByRole('table', { name: 'Log entries' })
  await expect(table.getByRole('columnheader')).toHaveText([
    'Time',
    'Level',
    'Code',
    'Object type',
    'Object',
    'Message'
  ])
  const rows = table.locator('.log-row')
  await expect(rows).toHaveCount(3)
  for (const row of await rows.all()) await expect(row.getByRole('cell').first()).toHaveText(MOMENT)
  await expect(rows.nth(0).getByRole('cell').nth(2)).toHaveText('SYNC_STARTED')

  // The connection failure's message is long: shown whole, wrapped, not cut with an ellipsis.
  const failure = rows.filter({ hasText: 'SYNC_CONNECT_FAILED' }).getByRole('cell').last()
  await expect(failure).toContainText(`Could not connect to ${DEVICE}`)
  await expect(failure).not.toHaveCSS('text-overflow', 'ellipsis')
  await expect(failure).toHaveCSS('white-space', 'normal')
  const oneLine = await heightOf(rows.filter({ hasText: 'SYNC_CONNECT_FAILED' }).getByRole('cell').nth(2))
  expect(await heightOf(failure)).toBeGreaterThan(1.5 * oneLine)
  await expectNoOverflow(page, '.dialog')

  // No empty box under the rows: the scrolling body is exactly as tall as its three rows.
  let rowsHeight = 0
  for (const row of await rows.all()) rowsHeight += await heightOf(row)
  expect(Math.abs((await heightOf(table.locator('.log-viewport'))) - rowsHeight)).toBeLessThanOrEqual(1)
})

async function heightOf(locator: Locator): Promise<number> {
  const box = await locator.boundingBox()
  if (!box) throw new Error('not on screen')
  return box.height
}

test('shows the same table on the Logs page, within the run’s panel', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 })
  await page.goto(app.url)
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Logs' }).click()
  await page.getByRole('table', { name: 'Runs' }).locator('tbody tr').first().getByRole('cell').nth(2).click()
  const detailedLog = page.getByRole('region', { name: 'Detailed log' })
  const table = detailedLog.getByRole('table', { name: 'Log entries' })
  await expect(table.getByRole('columnheader')).toHaveCount(6)
  await expect(table.locator('.log-row')).toHaveCount(3)
  await expect(table.locator('.log-row').first().getByRole('cell').first()).toHaveText(MOMENT)
  await expectNoOverflow(page, 'main')
})
