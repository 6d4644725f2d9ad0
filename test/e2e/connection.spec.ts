// Issue 25 item 27 e2e: the page and its host. A wrong or missing token shows only why; a host that
// goes away leaves a banner, every control off and the demo lab not claimed to run; after a restart,
// the lab's devices are not shown as tested.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { serve } from './host'
import { expectNoOverflow } from './overflow'

test('a page without the right token shows why, and nothing of the app', async ({ page }) => {
  const app = await serve()
  try {
    const wrong = new URL(app.url)
    wrong.searchParams.set('token', 'not-the-token')
    const missing = new URL(app.url)
    missing.search = ''
    for (const url of [wrong.href, missing.href]) {
      await page.goto(url)
      await expect(page.getByRole('alert')).toContainText('the access token in the URL is missing or wrong')
      await expect(page.getByRole('navigation', { name: 'Main' })).toHaveCount(0)
      await expect(page.getByRole('button')).toHaveCount(0)
    }
  } finally {
    await app.stop()
  }
})

test('a host that goes away: a banner, every control off, the demo lab not shown as running', async ({
  page
}, testInfo) => {
  await page.setViewportSize({ width: 1280, height: 720 })
  const app = await serve()
  let stopped = false
  try {
    await page.goto(app.url)
    await page.getByRole('button', { name: 'Start demo lab' }).click()
    await expect(page.getByText('Demo lab running', { exact: true })).toBeVisible({ timeout: 30_000 })
    await expect(page.getByRole('button', { name: 'Add device' })).toBeEnabled()

    await app.stop()
    stopped = true
    const banner = page.getByRole('alert', { name: 'Connection lost' })
    await expect(banner).toContainText('Connection to the Switchboard host lost.')
    await expect(page.getByRole('button', { name: 'Add device' })).toBeDisabled()
    await expect(
      page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Logs' })
    ).toBeDisabled()
    await expect(page.getByText('Demo lab running', { exact: true })).toHaveCount(0)
    await expect(page.getByText('Demo lab: not known')).toBeVisible()
    await page.screenshot({ path: testInfo.outputPath('connection-lost-1280.png') })
    await expectNoOverflow(page)

    // Reconnect tries again; with the host still gone the banner stays and the controls stay off.
    await banner.getByRole('button', { name: 'Reconnect' }).click()
    await expect(banner).toBeVisible()
    await expect(page.getByRole('button', { name: 'Add device' })).toBeDisabled()
  } finally {
    if (!stopped) await app.stop()
  }
})

test('after a restart, the devices of a lab that is gone are not shown as tested', async ({ page }) => {
  test.setTimeout(90_000)
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-e2e-restart-'))
  try {
    const first = await serve(dataDir)
    try {
      await page.goto(first.url)
      await page.getByRole('button', { name: 'Start demo lab' }).click()
      await expect(page.getByRole('row', { name: /Lab CUCM 1.*Success/ })).toBeVisible({ timeout: 30_000 })
    } finally {
      await first.stop()
    }

    // A new host on the same data directory: the lab went with the old one.
    const second = await serve(dataDir)
    try {
      await page.goto(second.url)
      const row = page.getByRole('row', { name: /Lab CUCM 1/ })
      await expect(row).toContainText('Not tested since restart')
      await expect(row).not.toContainText('Success')
      await expect(page.getByText('Demo lab running', { exact: true })).toHaveCount(0)
      await row.click()
      const lastTest = page.getByRole('complementary', { name: 'Quick View' }).getByRole('region', {
        name: 'Last test'
      })
      await expect(lastTest).toContainText(
        /Not tested since restart · before the restart: Success · .*\((just now|\d+ min ago)\)/
      )
      await page
        .getByRole('complementary', { name: 'Quick View' })
        .getByRole('button', { name: 'Test Connection' })
        .click()
      await expect(row).toContainText('Failure', { timeout: 20_000 })
    } finally {
      await second.stop()
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
})
