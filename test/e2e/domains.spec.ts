// Provisioning Setup e2e: synchronize a lab Call Processor, add a domain whose synchronization is
// refused until a rule is on, give it a service area and a number block (then edit the block),
// synchronize it, review its log, and find its users.
import { expect, test, type Locator, type Page } from '@playwright/test'
import { serve, type ServedApp } from './host'

let app: ServedApp
test.beforeEach(async () => {
  app = await serve()
})
test.afterEach(async () => {
  await app.stop()
})

async function synchronizeDevice(quickView: Locator, kind: 'Infrastructure' | 'User'): Promise<void> {
  await quickView.getByRole('button', { name: `Start ${kind} Synchronization` }).click()
  await expect(quickView.locator('.runs li').first()).toContainText(
    new RegExp(`Succeeded · ${kind.toLowerCase()}`),
    { timeout: 60_000 }
  )
}

async function openPage(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name }).click()
}

test('sets up and synchronizes a domain, then finds its users', async ({ page }) => {
  test.setTimeout(240_000)
  await page.goto(app.url)
  await page.getByRole('button', { name: 'Start demo lab' }).click()
  await expect(page.getByText('Demo lab running', { exact: true })).toBeVisible({ timeout: 30_000 })
  await page.getByRole('row', { name: /Lab CUCM 1/ }).click()
  const deviceQuickView = page.getByRole('complementary', { name: 'Quick View' })
  await synchronizeDevice(deviceQuickView, 'Infrastructure')
  await synchronizeDevice(deviceQuickView, 'User')

  // A domain without rules cannot be synchronized; the refusal leads to the rules.
  await openPage(page, 'Provisioning Setup')
  await page.getByRole('button', { name: 'Add Domain' }).click()
  const addDialog = page.getByRole('dialog', { name: 'Add Domain' })
  await addDialog.getByLabel('Name').fill('Demo Domain')
  await addDialog
    .getByRole('group', { name: 'Call Processors' })
    .getByRole('checkbox', { name: 'Lab CUCM 1' })
    .check()
  await addDialog.getByRole('button', { name: 'Save' }).click()
  await expect(addDialog).toBeHidden()
  await page.getByRole('row', { name: /Demo Domain/ }).click()
  const quickView = page.getByRole('complementary', { name: 'Quick View' })
  await quickView.getByRole('button', { name: 'Start Domain Synchronization' }).click()
  const refusal = quickView.getByRole('alert')
  await expect(refusal).toContainText(/rule/i)
  await refusal.getByRole('button', { name: 'Configure Synchronization Rules' }).click()
  const editDialog = page.getByRole('dialog', { name: 'Edit domain Demo Domain' })
  const syncAllUsers = editDialog.getByRole('checkbox', { name: 'Sync All Users (Unified CM)', exact: true })
  await expect(syncAllUsers).toBeFocused()
  await syncAllUsers.check()
  await editDialog.getByRole('button', { name: 'Save' }).click()
  await expect(editDialog).toBeHidden()
  await expect(refusal).toBeHidden()

  // A service area on one of the lab's device pools.
  await page.getByRole('button', { name: 'Add Service Area' }).click()
  const areaDialog = page.getByRole('dialog', { name: 'Add Service Area' })
  await areaDialog.getByLabel('Name').fill('San Jose')
  await expect(areaDialog.getByLabel('Call Processor')).toHaveValue('Lab CUCM 1')
  const devicePool = areaDialog.getByLabel('Device Pool')
  // The choices load from the synchronized inventory: more than "(any)".
  await expect.poll(() => devicePool.locator('option').count()).toBeGreaterThan(1)
  const pools = await devicePool.locator('option').allTextContents()
  const pool =
    pools.find((label) => label.includes('DP-SJC-Phones')) ?? pools.find((label) => label !== '(any)')
  await devicePool.selectOption({ label: pool! })
  await areaDialog.getByRole('button', { name: 'Save' }).click()
  await expect(areaDialog).toBeHidden()

  const sanJose = page.getByRole('region', { name: 'San Jose' })
  await sanJose.getByRole('button', { name: 'Add DN Block' }).click()
  const blockDialog = page.getByRole('dialog', { name: 'Add DN Block to San Jose' })
  await blockDialog.getByLabel('Prefix').fill('408')
  await blockDialog.getByLabel('First').fill('0')
  await blockDialog.getByLabel('Last').fill('100')
  await blockDialog.getByLabel('Minimum length').fill('4')
  await blockDialog.getByRole('button', { name: 'Save' }).click()
  await expect(blockDialog).toBeHidden()
  await expect(sanJose.getByText(/4080000/)).toBeVisible()
  await expect(sanJose.getByText(/4080100/)).toBeVisible()
  await sanJose.getByRole('button', { name: 'Edit block 4080000–4080100' }).click()
  const editBlockDialog = page.getByRole('dialog', { name: 'Edit DN Block 4080000–4080100' })
  await expect(editBlockDialog.getByLabel('Prefix')).toHaveValue('408')
  await editBlockDialog.getByLabel('Last').fill('199')
  await editBlockDialog.getByRole('button', { name: 'Save' }).click()
  await expect(editBlockDialog).toBeHidden()
  await expect(sanJose.getByText(/4080199/)).toBeVisible()

  // Services without a service area only warn, so the run succeeds or completes with warnings.
  await quickView.getByRole('button', { name: 'Start Domain Synchronization' }).click()
  const lastSync = quickView.getByRole('region', { name: 'Last Synchronization' })
  await expect(lastSync).toContainText(/Succeeded|Completed with errors/, { timeout: 60_000 })
  await quickView.getByRole('button', { name: 'View Detailed Log' }).first().click()
  const logDialog = page.getByRole('dialog', { name: /Detailed log/ })
  await expect(logDialog.getByRole('log', { name: 'Log entries' })).toContainText('DOMAIN_SYNC_STARTED')
  await logDialog.getByRole('button', { name: 'Close' }).click()

  await openPage(page, 'Users')
  const search = page.getByRole('search')
  await search.getByLabel('Search by').selectOption({ label: 'User ID or last name' })
  await search.getByRole('searchbox', { name: 'Search' }).fill('a*')
  await search.getByRole('button', { name: 'Search' }).click()
  const users = page.getByRole('table', { name: 'Users' })
  await expect(users.locator('tbody tr').first()).toBeVisible()
  await expect(page.getByText(/Users 1–\d+ of \d+/)).toBeVisible()
})
