// Issue 6 e2e: a domain's LDAP Settings form. A broken advanced filter is refused with the field and
// the rule; a simple query on the demo directory's contractors (its directory-only users, department
// "Contractors") is saved and kept; the synchronization then creates only those users.
import { expect, test, type Locator, type Page } from '@playwright/test'
import { addDirectoryDomain, DEMO_STAFF_SEARCH_BASE } from './demoSteps'
import { serve, type ServedApp } from './host'

let app: ServedApp
test.beforeEach(async () => {
  app = await serve()
})
test.afterEach(async () => {
  await app.stop()
})

async function openLdapSettings(directory: Locator, page: Page): Promise<Locator> {
  await directory.getByRole('button', { name: 'LDAP Settings', exact: true }).click()
  const dialog = page.getByRole('dialog', { name: 'LDAP Settings' })
  await expect(dialog).toBeVisible()
  return dialog
}

test('configures a domain’s LDAP settings in the form and synchronizes with them', async ({ page }) => {
  test.setTimeout(120_000)
  await page.goto(app.url)
  await page.getByRole('button', { name: 'Start demo lab' }).click()
  await expect(page.getByText('Demo lab running', { exact: true })).toBeVisible({ timeout: 30_000 })
  await addDirectoryDomain(page, 'Contractors Domain')

  const quickView = page.getByRole('complementary', { name: 'Quick View' })
  const directory = quickView.getByRole('region', { name: 'Directory Synchronization' })
  let dialog = await openLdapSettings(directory, page)

  // Before the first save the form shows the defaults for the domain's directory.
  await expect(dialog.getByLabel('Directory', { exact: true })).toHaveValue('Lab AD')
  await expect(dialog.getByLabel('User ID')).toHaveValue('sAMAccountName')
  await dialog.getByLabel('Mode').selectOption({ label: 'Authentication and synchronization' })
  await dialog.getByLabel('User search base').fill(DEMO_STAFF_SEARCH_BASE)
  const stale = dialog.getByLabel('Action for stale users')
  // Actions that change Unified CM are shown, but cannot be chosen yet.
  await expect(stale.getByRole('option', { name: /Delete user and all services/ })).toBeDisabled()
  await stale.selectOption({ label: 'Delete user if there are no services' })
  await dialog.getByLabel('Synchronization interval (hours)').fill('24')
  await dialog.getByRole('checkbox', { name: 'Update Title' }).uncheck()

  // A broken advanced filter: named with its rule while typing, and refused on Save.
  await dialog.getByRole('radio', { name: 'Advanced query' }).check()
  const advanced = dialog.getByRole('textbox', { name: 'LDAP query' })
  await advanced.fill('(department=Contractors')
  await expect(advanced).toHaveAttribute('aria-invalid', 'true')
  await expect(dialog.getByText(/^LDAP query: is not a valid LDAP filter: expected "\)"/)).toBeVisible()
  await dialog.getByRole('button', { name: 'Save' }).click()
  await expect(dialog.getByRole('alert')).toContainText(
    'The LDAP settings were not saved: LDAP query: is not a valid LDAP filter'
  )
  await expect(dialog.getByLabel('User search base')).toHaveValue(DEMO_STAFF_SEARCH_BASE)

  // The valid setup: only the contractors.
  await dialog.getByRole('radio', { name: 'Simple query' }).check()
  await dialog.getByLabel('Condition 1 field').selectOption('Department')
  await dialog.getByLabel('Condition 1 operator').selectOption('=')
  await dialog.getByLabel('Condition 1 value').fill('Contractors')
  await dialog.getByRole('button', { name: 'Save' }).click()
  await expect(dialog).toBeHidden()
  await expect(page.getByText('LDAP settings of Contractors Domain saved.')).toBeVisible()

  dialog = await openLdapSettings(directory, page)
  await expect(dialog.getByLabel('Mode')).toHaveValue('auth-sync')
  await expect(dialog.getByLabel('User search base')).toHaveValue(DEMO_STAFF_SEARCH_BASE)
  await expect(dialog.getByLabel('Action for stale users')).toHaveValue('delete-if-no-services')
  await expect(dialog.getByLabel('Synchronization interval (hours)')).toHaveValue('24')
  await expect(dialog.getByRole('checkbox', { name: 'Update Title' })).not.toBeChecked()
  await expect(dialog.getByRole('checkbox', { name: 'Create Title' })).toBeChecked()
  await expect(dialog.getByRole('radio', { name: 'Simple query' })).toBeChecked()
  await expect(dialog.getByLabel('Condition 1 field')).toHaveValue('Department')
  await expect(dialog.getByLabel('Condition 1 value')).toHaveValue('Contractors')
  await dialog.getByRole('button', { name: 'Cancel' }).click()
  await expect(dialog).toBeHidden()

  await directory.getByRole('button', { name: 'Start LDAP Synchronization' }).click()
  const summary = /Read (\d+) entries: (\d+) users created, 0 updated, 0 removed/
  await expect(directory).toContainText(summary, { timeout: 30_000 })
  const [, entries, created] = summary.exec((await directory.textContent()) ?? '') ?? []
  // The demo directory has about 50 users; the filter keeps its few contractors.
  expect(Number(created)).toBeGreaterThan(0)
  expect(Number(created)).toBeLessThan(10)
  expect(Number(created)).toBe(Number(entries))

  const run = quickView.locator('.runs li', { hasText: 'ldap' }).first()
  await run.getByRole('button', { name: 'View Detailed Log' }).click()
  const logDialog = page.getByRole('dialog', { name: /Detailed log/ })
  const log = logDialog.getByRole('log', { name: 'Log entries' })
  await expect(log).toContainText('LDAP_SYNC_STARTED')
  await expect(log).toContainText(`base ${DEMO_STAFF_SEARCH_BASE}`)
  await expect(log).toContainText('(department=Contractors)')
  await logDialog.getByRole('button', { name: 'Close' }).click()

  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Users' }).click()
  await page.getByLabel('Domain').selectOption('Contractors Domain')
  await page.getByRole('search').getByRole('button', { name: 'Search' }).click()
  const rows = page.getByRole('table', { name: 'Users' }).locator('tbody tr')
  await expect(rows).toHaveCount(Number(created))
  for (const row of await rows.all()) await expect(row).toContainText('Contractors')
})
