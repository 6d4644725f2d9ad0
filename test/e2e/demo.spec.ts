// Issue 3 §8: the first-run "Start demo lab" action registers the lab's devices, trusts their
// certificates and tests them, so a new user sees working devices within seconds.
import { expect, test } from '@playwright/test'
import { serve, type ServedApp } from './host'

let app: ServedApp
test.beforeEach(async () => {
  app = await serve()
})
test.afterEach(async () => {
  await app.stop()
})

test('starts the demo lab from Device Setup and shows its tested devices', async ({ page }) => {
  await page.goto(app.url)
  await expect(page.getByText('No devices yet.')).toBeVisible()
  await page.getByRole('button', { name: 'Start demo lab' }).click()
  await expect(page.getByText('Demo lab running', { exact: true })).toBeVisible({ timeout: 30_000 })
  for (const name of ['Lab CUCM 1', 'Lab IMP 1', 'Lab Unity 1', 'Lab AD']) {
    await expect(page.getByRole('row', { name: new RegExp(`${name}.*Success`) })).toBeVisible()
  }
  await page.getByRole('row', { name: /Lab CUCM 1/ }).click()
  const quickView = page.getByRole('complementary', { name: 'Quick View' })
  await expect(quickView).toContainText('15.0.1.11900(23)')
  await expect(quickView.getByRole('heading', { name: 'Trusted certificates' })).toBeVisible()
})
