// Issue 6 items 3 and 4 e2e: a service area's LDAP filter and line options in its dialog (the filter
// is disabled until the domain synchronizes users from LDAP; filter and mask are checked while
// typing; the Mask field follows its box), then an LDAP synchronization that places the demo
// directory's contractors there with lines from the area's DN block, shown on the user.
import { expect, test } from '@playwright/test'
import { addDirectoryDomain, DEMO_STAFF_SEARCH_BASE } from './demoSteps'
import { serve, type ServedApp } from './host'

/** The demo directory's user search base (src-main/lab/ldap: OU=Staff under DC=example,DC=test). */

let app: ServedApp
test.beforeEach(async () => {
  app = await serve()
})
test.afterEach(async () => {
  await app.stop()
})

test('places new directory users by a service-area filter and plans their lines', async ({ page }) => {
  test.setTimeout(120_000)
  await page.goto(app.url)
  await page.getByRole('button', { name: 'Start demo lab' }).click()
  await expect(page.getByText('Demo lab running', { exact: true })).toBeVisible({ timeout: 30_000 })
  await addDirectoryDomain(page, 'Contractors Domain')

  // Without LDAP settings the filter is disabled (LDAP-32); the number options are not.
  await page.getByRole('button', { name: 'Add Service Area' }).click()
  let areaDialog = page.getByRole('dialog', { name: 'Add Service Area' })
  await expect(areaDialog.getByRole('textbox', { name: 'LDAP Filter' })).toBeDisabled()
  await expect(
    areaDialog.getByText(/disabled until the domain's LDAP settings synchronize users/)
  ).toBeVisible()
  await areaDialog.getByRole('button', { name: 'Cancel' }).click()

  const quickView = page.getByRole('complementary', { name: 'Quick View' })
  const directory = quickView.getByRole('region', { name: 'Directory Synchronization' })
  await directory.getByRole('button', { name: 'LDAP Settings', exact: true }).click()
  const ldapDialog = page.getByRole('dialog', { name: 'LDAP Settings' })
  await ldapDialog.getByLabel('Mode').selectOption({ label: 'Authentication and synchronization' })
  await ldapDialog.getByLabel('User search base').fill(DEMO_STAFF_SEARCH_BASE)
  await ldapDialog.getByRole('button', { name: 'Save' }).click()
  await expect(ldapDialog).toBeHidden()

  await page.getByRole('button', { name: 'Add Service Area' }).click()
  areaDialog = page.getByRole('dialog', { name: 'Add Service Area' })
  await areaDialog.getByLabel('Name').fill('Contractors')
  const filter = areaDialog.getByRole('textbox', { name: 'LDAP Filter' })
  await filter.fill('(department=Contractors')
  await expect(filter).toHaveAttribute('aria-invalid', 'true')
  await expect(areaDialog.getByText(/is not a valid LDAP filter: expected "\)"/)).toBeVisible()
  await filter.fill('(department=Contractors)')
  await expect(filter).not.toHaveAttribute('aria-invalid')

  const mask = areaDialog.getByRole('textbox', { name: 'Mask' })
  await expect(mask).toBeDisabled()
  await areaDialog
    .getByRole('checkbox', { name: 'Apply mask to LDAP synchronized telephone numbers' })
    .check()
  await expect(mask).toBeEnabled()
  await mask.fill('1+XX')
  await expect(areaDialog.getByText(/may appear only at the start/)).toBeVisible()
  // The block alone: every contractor gets a number of the block, whatever the directory says.
  await areaDialog
    .getByRole('checkbox', { name: 'Apply mask to LDAP synchronized telephone numbers' })
    .uncheck()
  await expect(mask).toBeDisabled()
  await areaDialog.getByRole('checkbox', { name: 'Assign new line from the extension block' }).check()
  await areaDialog.getByRole('button', { name: 'Save' }).click()
  await expect(areaDialog).toBeHidden()

  const area = page.getByRole('region', { name: 'Contractors' })
  await area.getByRole('button', { name: 'Add DN Block' }).click()
  const blockDialog = page.getByRole('dialog', { name: 'Add DN Block to Contractors' })
  await blockDialog.getByLabel('Prefix').fill('777')
  await blockDialog.getByLabel('First').fill('0')
  await blockDialog.getByLabel('Last').fill('99')
  await blockDialog.getByLabel('Minimum length').fill('2')
  await blockDialog.getByRole('button', { name: 'Save' }).click()
  await expect(blockDialog).toBeHidden()

  await area.getByRole('button', { name: 'Edit service area Contractors' }).click()
  const editDialog = page.getByRole('dialog', { name: 'Edit service area Contractors' })
  await expect(editDialog.getByRole('textbox', { name: 'LDAP Filter' })).toHaveValue(
    '(department=Contractors)'
  )
  await expect(
    editDialog.getByRole('checkbox', { name: 'Assign new line from the extension block' })
  ).toBeChecked()
  await editDialog.getByRole('button', { name: 'Cancel' }).click()

  await directory.getByRole('button', { name: 'Start LDAP Synchronization' }).click()
  await expect(directory).toContainText(/users created.*have a planned line/, { timeout: 30_000 })

  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Users' }).click()
  await page.getByLabel('Domain').selectOption('Contractors Domain')
  await page.getByRole('search').getByRole('button', { name: 'Search' }).click()
  const users = page.getByRole('table', { name: 'Users' })
  await users
    .locator('tbody tr')
    .filter({ has: page.getByRole('cell', { name: 'Contractors', exact: true }) })
    .first()
    .click()
  const user = page.getByRole('complementary').filter({ hasText: 'Planned line' })
  await expect(user).toContainText(/Service area \(LDAP\)\s*Contractors/)
  await expect(user).toContainText(
    /Planned line\s*777\d\d on Lab CUCM 1 \(from a DN block\), not ordered yet/
  )
})
