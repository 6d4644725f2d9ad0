// Issue 25 item 23 e2e: change notification is turned on, polled and turned off from a Call Processor's
// Quick View, and a domain's LDAP synchronization is previewed from its Quick View, at 1280×720.
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

test('turns change notification on, polls and turns it off from the Quick View', async ({
  page
}, testInfo) => {
  test.setTimeout(90_000)
  await page.setViewportSize({ width: 1280, height: 720 })
  await page.goto(app.url)
  await page.getByRole('button', { name: 'Start demo lab' }).click()
  await expect(page.getByText('Demo lab running', { exact: true })).toBeVisible({ timeout: 30_000 })
  await page.getByRole('row', { name: /Lab CUCM 1/ }).click()
  const quickView = page.getByRole('complementary', { name: 'Quick View' })
  const panel = quickView.getByRole('region', { name: 'Change Notification' })
  await expect(panel).toContainText('Off:')
  await expect(panel.getByRole('button', { name: 'Poll Now' })).toBeDisabled()

  // The interval is checked as typed, with the field named as it reads.
  const interval = panel.getByLabel('Poll every (minutes)')
  await panel.getByRole('checkbox', { name: 'Keep the inventory current between synchronizations' }).check()
  await interval.fill('20')
  await expect(panel.getByRole('alert')).toHaveText('Poll every (minutes): must be between 1 and 15 minutes')
  await expect(panel.getByRole('button', { name: 'Apply' })).toBeDisabled()
  await interval.fill('2')
  await panel.getByRole('button', { name: 'Apply' }).click()
  await expect(panel).toContainText('On: the change queue is polled every 2 min')
  // Turning it on runs a full user synchronization first.
  const runs = quickView.locator('.runs li')
  await expect(runs.first()).toContainText(/Succeeded · user/, { timeout: 30_000 })

  await panel.getByRole('button', { name: 'Poll Now' }).click()
  await expect(runs.first()).toContainText(/Succeeded · change-notification/, { timeout: 30_000 })
  await expect(panel).toContainText('Last poll')
  await panel.scrollIntoViewIfNeeded()
  await page.screenshot({ path: testInfo.outputPath('change-notification-1280.png') })
  await expectNoOverflow(page, 'main')

  await panel.getByRole('checkbox', { name: 'Keep the inventory current between synchronizations' }).uncheck()
  await panel.getByRole('button', { name: 'Apply' }).click()
  await expect(panel).toContainText('Off:')
  await expect(panel.getByRole('button', { name: 'Poll Now' })).toBeDisabled()

  // Not offered for the other kinds of device.
  await page.getByRole('row', { name: /Lab Unity 1/ }).click()
  await expect(quickView.getByRole('heading', { name: 'Lab Unity 1' })).toBeVisible()
  await expect(quickView.getByRole('region', { name: 'Change Notification' })).toHaveCount(0)
})

test('previews a domain’s LDAP synchronization from its Quick View', async ({ page }, testInfo) => {
  test.setTimeout(90_000)
  await page.setViewportSize({ width: 1280, height: 720 })
  await page.goto(app.url)
  await page.getByRole('button', { name: 'Start demo lab' }).click()
  await expect(page.getByText('Demo lab running', { exact: true })).toBeVisible({ timeout: 30_000 })
  await addDirectoryDomain(page, 'West')
  const directory = page
    .getByRole('complementary', { name: 'Quick View' })
    .getByRole('region', { name: 'Directory Synchronization' })
  await directory.getByRole('button', { name: 'Use Default LDAP Settings' }).click()
  await directory.getByRole('button', { name: 'Preview' }).click()

  const dialog = page.getByRole('dialog', { name: 'Preview: LDAP synchronization of West' })
  await expect(dialog).toContainText('Nothing has been changed')
  const created = dialog.locator('dt', { hasText: 'Users to create' }).locator('xpath=following-sibling::dd')
  await expect(created).toHaveText(/^[1-9]\d*$/)
  const count = Number(await created.textContent())
  await expect(
    dialog.getByRole('table', { name: 'New users and what they would get' }).locator('tbody tr')
  ).toHaveCount(count)
  await page.screenshot({ path: testInfo.outputPath('ldap-preview-1280.png') })
  await expectNoOverflow(page, '[role="dialog"]')
  await dialog.getByRole('button', { name: 'Close' }).click()

  // The preview wrote nothing: the synchronization still creates all of them.
  await directory.getByRole('button', { name: 'Start LDAP Synchronization' }).click()
  await expect(directory).toContainText(`${count} users created`, { timeout: 30_000 })
  await directory.getByRole('button', { name: 'Preview' }).click()
  await expect(created).toHaveText('0')
})
