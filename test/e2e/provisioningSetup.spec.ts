// Issue 25 item 28 e2e: Provisioning Setup at 1280×720. The selected domain is still selected after
// visiting another page and after a reload; the domain and role tables fit beside the Quick View; Delete
// is off for the roles the Core would refuse to delete; no rule is shown as an identifier.
import { expect, test, type Page } from '@playwright/test'
import { addDirectoryDomain } from './demoSteps'
import { serve, type ServedApp } from './host'
import { expectNoOverflow, misalignedNumberHeaders } from './overflow'

let app: ServedApp
test.beforeEach(async () => {
  app = await serve()
})
test.afterEach(async () => {
  await app.stop()
})

async function navigate(page: Page, item: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: item }).click()
}

test('Provisioning Setup keeps its domain, fits at 1280×720 and offers only what works', async ({
  page
}, testInfo) => {
  test.setTimeout(90_000)
  await page.setViewportSize({ width: 1280, height: 720 })
  await page.goto(app.url)
  await page.getByRole('button', { name: 'Start demo lab' }).click()
  await expect(page.getByText('Demo lab running', { exact: true })).toBeVisible({ timeout: 30_000 })
  await addDirectoryDomain(page, 'West')
  const quickView = page.getByRole('complementary', { name: 'Quick View' })
  await expect(quickView.getByRole('heading', { name: 'West' })).toBeVisible()

  // Delete follows the Core: not the Pseudo role, not the default role; Executive (unused) may go.
  const roles = page.getByRole('table', { name: 'User roles of West' })
  await expect(roles.getByRole('button', { name: 'Delete user role Pseudo' })).toBeDisabled()
  const employee = roles.getByRole('button', { name: 'Delete user role Employee' })
  await expect(employee).toBeDisabled()
  await expect(employee).toHaveAttribute('title', /default role/)
  await expect(roles.getByRole('button', { name: 'Delete user role Executive' })).toBeEnabled()

  // The rule reads as words, in the form and in the Quick View.
  await quickView.getByRole('button', { name: 'Edit', exact: true }).click()
  const edit = page.getByRole('dialog', { name: 'Edit domain West' })
  await edit.getByRole('checkbox', { name: 'Sync All Users (Unified CM)' }).check()
  await edit.getByRole('checkbox', { name: 'Non-Restricted Domain Sync' }).check()
  await edit.getByRole('button', { name: 'Save' }).click()
  await expect(edit).toBeHidden()
  await expect(quickView).toContainText('Non-Restricted Domain Sync')
  await expect(page.locator('main')).not.toContainText('RestrictedDomainSync')

  await page.screenshot({ path: testInfo.outputPath('provisioning-1280.png') })
  await expectNoOverflow(page, 'main')
  expect(await misalignedNumberHeaders(page, 'main')).toEqual([])

  // Coming back, by the menu and by a reload, finds West still selected.
  await navigate(page, 'Users')
  await navigate(page, 'Provisioning Setup')
  await expect(quickView.getByRole('heading', { name: 'West' })).toBeVisible()
  await page.reload()
  await expect(page.getByRole('heading', { name: 'Provisioning Setup' })).toBeVisible()
  await expect(quickView.getByRole('heading', { name: 'West' })).toBeVisible()
  await expect(page.getByRole('row', { name: /West/ })).toHaveAttribute('aria-selected', 'true')

  // A new browser (nothing stored) starts at Device Setup with nothing selected: the tables take the
  // whole width instead of leaving the Quick View's column empty beside them.
  await page.evaluate('localStorage.clear()')
  await page.reload()
  await navigate(page, 'Provisioning Setup')
  await expect(page.getByRole('row', { name: /West/ })).toHaveAttribute('aria-selected', 'false')
  await expect(quickView).toHaveCount(0)
  const split = (await page.locator('main .split').boundingBox())!
  const table = (await page.getByRole('table', { name: 'Domains' }).boundingBox())!
  expect(table.width).toBeGreaterThan(split.width - 2)
  await expectNoOverflow(page, 'main')
})
