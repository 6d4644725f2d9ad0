// Issue 4 e2e: from the Quick View, synchronize a lab Call Processor, follow it to the end and open
// its detailed log with a filter.
import { expect, test } from '@playwright/test'
import { serve, type ServedApp } from './host'

let app: ServedApp
test.beforeEach(async () => {
  app = await serve()
})
test.afterEach(async () => {
  await app.stop()
})

test('runs a user synchronization from the Quick View and reviews its log', async ({ page }) => {
  await page.goto(app.url)
  await page.getByRole('button', { name: 'Start demo lab' }).click()
  await expect(page.getByText('Demo lab running', { exact: true })).toBeVisible({ timeout: 30_000 })
  await page.getByRole('row', { name: /Lab CUCM 1/ }).click()
  const quickView = page.getByRole('complementary', { name: 'Quick View' })
  await quickView.getByRole('button', { name: 'Start User Synchronization' }).click()
  const newestRun = quickView.getByRole('list', { name: 'Recent runs' }).getByRole('listitem').first()
  await expect(newestRun).toContainText('Succeeded', { timeout: 30_000 })
  await expect(newestRun).toContainText(/Completed: \d+ objects/)

  await newestRun.getByRole('button', { name: 'View Detailed Log' }).click()
  const dialog = page.getByRole('dialog')
  await expect(dialog.getByText(/^\d+ entries$/)).toBeVisible()
  const log = dialog.getByRole('log', { name: 'Log entries' })
  await expect(log).toContainText('SYNC_STARTED')
  await dialog.getByLabel('Code').fill('SYNC_USER_RESTRICTED')
  await expect(dialog.getByText('2 entries')).toBeVisible()
  await expect(log).toContainText('globaladmin')
  await expect(log).not.toContainText('SYNC_STARTED')
  const download = page.waitForEvent('download')
  await dialog.getByRole('button', { name: 'Export CSV' }).click()
  expect((await download).suggestedFilename()).toMatch(/^switchboard-run-\d+-log\.csv$/)
})
