// Issue 25 item 22 e2e: a synchronized Call Processor's inventory browsed from its Quick View at
// 1280×720: by type, by name, a page at a time, and one object's fields.
import { expect, test } from '@playwright/test'
import { serve, type ServedApp } from './host'
import { expectNoOverflow } from './overflow'

let app: ServedApp
test.beforeEach(async () => {
  app = await serve()
})
test.afterEach(async () => {
  await app.stop()
})

test('browses a device’s phones, lines and users from the Quick View', async ({ page }, testInfo) => {
  test.setTimeout(90_000)
  await page.setViewportSize({ width: 1280, height: 720 })
  await page.goto(app.url)
  await page.getByRole('button', { name: 'Start demo lab' }).click()
  await expect(page.getByText('Demo lab running', { exact: true })).toBeVisible({ timeout: 30_000 })
  await page.getByRole('row', { name: /Lab CUCM 1/ }).click()
  const quickView = page.getByRole('complementary', { name: 'Quick View' })
  const inventory = quickView.getByRole('region', { name: 'Inventory' })
  await expect(inventory).toContainText('Nothing yet')
  await expect(inventory.getByRole('button', { name: 'Browse Inventory' })).toBeDisabled()

  await quickView.getByRole('button', { name: 'Start User Synchronization' }).click()
  await expect(quickView.locator('.runs li').first()).toContainText('Succeeded', { timeout: 30_000 })
  const summary = (await quickView.locator('.runs li').first().textContent()) ?? ''
  const objects = Number(/Completed: (\d+) objects/.exec(summary)?.[1])
  await expect(inventory).toContainText(`${objects.toLocaleString('en-US')} objects of`)
  // The longer Quick View scrolls on its own, never taller than the page area beside the table.
  const pageArea = (await page.locator('main').boundingBox())!
  expect((await quickView.boundingBox())!.height).toBeLessThanOrEqual(pageArea.height)
  await inventory.getByRole('button', { name: 'Browse Inventory' }).click()

  const dialog = page.getByRole('dialog', { name: 'Inventory of Lab CUCM 1' })
  const table = dialog.getByRole('table', { name: 'Objects of Lab CUCM 1' })
  await expect(dialog.getByText(`Objects 1–50 of ${objects}`)).toBeVisible()
  await expect(table.locator('tbody tr')).toHaveCount(50)
  await dialog.getByRole('button', { name: 'Next' }).click()
  await expect(dialog.getByText(`Objects 51–100 of ${objects}`)).toBeVisible()

  // By type: the choice names its count, and the list starts again at its first page.
  const filters = dialog.getByRole('search', { name: 'Filter the inventory' })
  const phoneChoice = filters.getByRole('option', { name: /^Phone \(\d+\)$/ })
  const phones = Number(/\((\d+)\)/.exec((await phoneChoice.textContent()) ?? '')?.[1])
  await filters.getByLabel('Type').selectOption('Phone')
  await expect(dialog.getByText(`Objects 1–${Math.min(50, phones)} of ${phones}`)).toBeVisible()
  await expect(table.locator('tbody tr').first().getByRole('cell').first()).toHaveText('Phone')

  // By name: one phone, and its fields.
  const first = table.locator('tbody tr').first()
  const name = ((await first.getByRole('cell').nth(1).textContent()) ?? '').trim()
  await filters.getByLabel('Name contains').fill(name)
  await expect(dialog.getByText('Objects 1–1 of 1')).toBeVisible()
  await table.locator('tbody tr').first().click()
  const detail = dialog.getByRole('region', { name: `Phone ${name}` })
  await expect(detail).toContainText('Key')
  await expect(detail).toContainText('Device pool name')

  await filters.getByLabel('Name contains').fill('no such object')
  await expect(dialog.getByText('No object matches these filters.')).toBeVisible()
  await filters.getByLabel('Name contains').fill(name)
  await expect(dialog.getByText('Objects 1–1 of 1')).toBeVisible()

  await page.screenshot({ path: testInfo.outputPath('inventory-1280.png') })
  await expectNoOverflow(page, '[role="dialog"]')
  await dialog.getByRole('button', { name: 'Close' }).click()
  await expectNoOverflow(page, 'main')
})
