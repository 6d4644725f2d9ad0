// Issue 25 item 24 e2e: at 1280×720 every section of the LDAP Settings dialog fits the dialog; the
// General section's selects (long option texts) used to push its fields ~185 px past its box.
import { expect, test } from '@playwright/test'
import { addDirectoryDomain } from './demoSteps'
import { serve, type ServedApp } from './host'
import { expectNoOverflow } from './overflow'

let app: ServedApp
test.beforeEach(async () => {
  app = await serve()
})
test.afterEach(async () => {
  await app.stop()
})

test('the LDAP Settings dialog fits at 1280×720', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1280, height: 720 })
  await page.goto(app.url)
  await page.getByRole('button', { name: 'Start demo lab' }).click()
  await expect(page.getByText('Demo lab running', { exact: true })).toBeVisible({ timeout: 30_000 })
  await addDirectoryDomain(page, 'West')
  const directory = page
    .getByRole('complementary', { name: 'Quick View' })
    .getByRole('region', { name: 'Directory Synchronization' })
  await directory.getByRole('button', { name: 'LDAP Settings', exact: true }).click()
  const dialog = page.getByRole('dialog', { name: 'LDAP Settings' })
  await expect(dialog.getByRole('group', { name: 'General' })).toBeVisible()
  // The longest option of Action for stale users is chosen, so its text is what the select shows.
  await dialog.getByLabel('Action for stale users').selectOption({ index: 1 })
  await page.screenshot({ path: testInfo.outputPath('ldap-settings-1280.png') })
  await expectNoOverflow(page, '[role="dialog"]')
})
