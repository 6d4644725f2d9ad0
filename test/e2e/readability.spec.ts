// Issue 25 item 26 e2e at 1280×720: notices take one line under the page and an open dialog covers
// them; number columns have their headers over them; the audit entry fits its panel and names fields in
// words; LDAP runs' trends are in milliseconds without a line of zero objects; one date format.
import { expect, test, type Page } from '@playwright/test'
import { addDirectoryDomain } from './demoSteps'
import { serve, type ServedApp } from './host'
import { expectNoOverflow, isCovered, misalignedNumberHeaders } from './overflow'

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

/** A date in the browser's default short form (12/7/2026), which the pages no longer use. */
const NUMERIC_DATE = /\b\d{1,2}\/\d{1,2}\/\d{4}\b/

test('notices, tables, audit entries, trends and dates read well at 1280×720', async ({ page }, testInfo) => {
  test.setTimeout(120_000)
  await page.setViewportSize({ width: 1280, height: 720 })
  await page.goto(app.url)
  await page.getByRole('button', { name: 'Start demo lab' }).click()
  await expect(page.getByText('Demo lab running', { exact: true })).toBeVisible({ timeout: 30_000 })
  await page.getByRole('row', { name: /Lab CUCM 1/ }).click()
  const quickView = page.getByRole('complementary', { name: 'Quick View' })
  await quickView.getByRole('button', { name: 'Start User Synchronization' }).click()
  await expect(quickView.locator('.runs li').first()).toContainText('Succeeded', { timeout: 30_000 })

  // Several outcomes so far (demo starting, running, sync started, finished): one line shows the
  // newest. Notices fade after 10 s, so on a slow machine the first may be gone: read how many
  // earlier ones the button offers and expect exactly those when it is pressed.
  const notices = page.getByRole('status')
  await expect(notices.locator('.notice:visible')).toContainText(
    /^Run \d+ \(user synchronization of Lab CUCM 1\)/
  )
  await expect(notices.locator('.notice:visible')).toHaveCount(1)
  const earlier = notices.getByRole('button', { name: /^\d+ earlier/ })
  await expect(earlier).toBeVisible()
  expect((await notices.boundingBox())!.height).toBeLessThan(60)
  const offered = Number(/^(\d+)/.exec((await earlier.textContent()) ?? '')?.[1])
  expect(offered).toBeGreaterThanOrEqual(1)
  await earlier.click()
  await expect(notices.locator('.notice:visible')).toHaveCount(offered + 1)
  await notices.getByRole('button', { name: 'Show the latest only' }).click()
  await expect(quickView).not.toContainText(NUMERIC_DATE)

  // An open dialog covers the notices.
  await quickView.getByRole('button', { name: 'Edit', exact: true }).click()
  await expect(page.getByRole('dialog')).toBeVisible()
  expect(await isCovered(page, '.notices .notice:not(.earlier)')).toBe(true)
  await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click()

  // An LDAP run: quick, and counting users in its summary rather than objects per type.
  await addDirectoryDomain(page, 'West')
  const directory = page
    .getByRole('complementary', { name: 'Quick View' })
    .getByRole('region', { name: 'Directory Synchronization' })
  await directory.getByRole('button', { name: 'Use Default LDAP Settings' }).click()
  await directory.getByRole('button', { name: 'Start LDAP Synchronization' }).click()
  await expect(directory).toContainText('Succeeded', { timeout: 30_000 })

  await navigate(page, 'Logs')
  const runs = page.getByRole('table', { name: 'Runs' })
  await expect(runs.locator('tbody tr')).toHaveCount(2)
  expect(await misalignedNumberHeaders(page, 'main')).toEqual([])
  await expect(page.locator('main')).not.toContainText(NUMERIC_DATE)
  await runs.locator('tbody tr', { hasText: 'West' }).getByRole('cell').nth(2).click()
  await expect(page.getByRole('heading', { name: /^Run \d+: LDAP run of West$/ })).toBeVisible()
  await expect(page.getByRole('img', { name: /Duration \(milliseconds\): latest \d+/ })).toBeAttached()
  await expect(page.getByRole('figure', { name: /^Objects read over time/ })).toHaveCount(0)
  await expect(page.getByText('LDAP runs do not count objects per type')).toBeVisible()
  await expect(page.locator('main')).not.toContainText(NUMERIC_DATE)

  // The audit entry of the LDAP settings: in its panel, fields in words.
  await navigate(page, 'Audit Trail')
  const trail = page.getByRole('table', { name: 'Audit trail' })
  await trail.locator('tbody tr', { hasText: 'ldap:set' }).click()
  const entry = page.getByRole('complementary', { name: /^Audit entry \d+$/ })
  await expect(entry.getByRole('rowheader', { name: 'Mappings › User ID' })).toBeVisible()
  await expect(entry).not.toContainText('mappings.userId')
  await expect(page.locator('main')).not.toContainText(NUMERIC_DATE)
  await page.screenshot({ path: testInfo.outputPath('audit-1280.png') })
  await expectNoOverflow(page, 'main')
})
