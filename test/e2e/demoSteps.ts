// Steps several e2e specs share on the demo lab.
import { expect, type Page } from '@playwright/test'

/** The demo Active Directory's people (seed 000's single search base per domain). */
export const DEMO_STAFF_SEARCH_BASE = 'OU=Staff,DC=example,DC=test'

/** Provisioning Setup → Add Domain on Lab CUCM 1 with the demo's Lab AD, then opens its Quick View. */
export async function addDirectoryDomain(page: Page, name: string): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('button', { name: 'Provisioning Setup' })
    .click()
  await page.getByRole('button', { name: 'Add Domain' }).click()
  const dialog = page.getByRole('dialog', { name: 'Add Domain' })
  await dialog.getByLabel('Name').fill(name)
  await dialog
    .getByRole('group', { name: 'Call Processors' })
    .getByRole('checkbox', { name: 'Lab CUCM 1' })
    .check()
  await dialog.getByLabel('Directory').selectOption('Lab AD')
  await dialog.getByRole('button', { name: 'Save' }).click()
  await expect(dialog).toBeHidden()
  await page.getByRole('row', { name: new RegExp(name) }).click()
}
