// Issue 6 e2e: a domain takes its users from the demo's Active Directory: default LDAP settings,
// Start LDAP Synchronization from the Quick View, its detailed log, and the users it created.
import { expect, test } from '@playwright/test'
import { serve, type ServedApp } from './host'

let app: ServedApp
test.beforeEach(async () => {
  app = await serve()
})
test.afterEach(async () => {
  await app.stop()
})

test('synchronizes a domain’s users from the directory and reviews the run', async ({ page }) => {
  test.setTimeout(120_000)
  await page.goto(app.url)
  await page.getByRole('button', { name: 'Start demo lab' }).click()
  await expect(page.getByText('Demo lab running', { exact: true })).toBeVisible({ timeout: 30_000 })

  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('button', { name: 'Provisioning Setup' })
    .click()
  await page.getByRole('button', { name: 'Add Domain' }).click()
  const dialog = page.getByRole('dialog', { name: 'Add Domain' })
  await dialog.getByLabel('Name').fill('Directory Domain')
  await dialog
    .getByRole('group', { name: 'Call Processors' })
    .getByRole('checkbox', { name: 'Lab CUCM 1' })
    .check()
  await dialog.getByLabel('Directory').selectOption('Lab AD')
  await dialog.getByRole('button', { name: 'Save' }).click()
  await expect(dialog).toBeHidden()
  await page.getByRole('row', { name: /Directory Domain/ }).click()

  const quickView = page.getByRole('complementary', { name: 'Quick View' })
  const directory = quickView.getByRole('region', { name: 'Directory Synchronization' })
  await directory.getByRole('button', { name: 'Use Default LDAP Settings' }).click()
  // Write-back stays off until an attribute is chosen (LDAP-44).
  await expect(directory.getByRole('button', { name: 'Start Write Back to LDAP' })).toBeDisabled()
  await directory.getByRole('button', { name: 'Start LDAP Synchronization' }).click()
  await expect(directory).toContainText(/Succeeded.*\n?.*Read \d+ entries: \d+ users created/, {
    timeout: 30_000
  })

  const run = quickView.locator('.runs li', { hasText: 'ldap' }).first()
  await run.getByRole('button', { name: 'View Detailed Log' }).click()
  const log = page.getByRole('dialog', { name: /Detailed log/ }).getByRole('log', { name: 'Log entries' })
  await expect(log).toContainText('LDAP_SYNC_STARTED')
  await page
    .getByRole('dialog', { name: /Detailed log/ })
    .getByRole('button', { name: 'Close' })
    .click()

  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Users' }).click()
  await page.getByLabel('Domain').selectOption('Directory Domain')
  await page.getByRole('search').getByRole('button', { name: 'Search' }).click()
  const users = page.getByRole('table', { name: 'Users' })
  await expect(users.locator('tbody tr').first()).toContainText('Directory Domain')
})
