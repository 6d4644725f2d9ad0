// Issue 8 item 4 e2e: synchronize a lab Call Processor, export a review bundle, open it with
// `serve --review` and browse a run's detailed log, with every action that would reach a server off.
// Issue 25 item 19: the banner names the bundle's signer, loudly when this machine does not know it.
import { execFile, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { promisify } from 'node:util'
import { expect, test } from '@playwright/test'
import { serveReview, type ServedReview } from './host'

interface LabServer {
  name: string
  kind: string
  product: string
  host: string
  port: number
  username: string
  password: string
  fingerprint?: string
}

let workDir: string
let bundle: string
let cucm: string
let review: ServedReview

/** Runs the built `switchboard` CLI on the test's data directory. */
async function switchboard(args: string[], env: Record<string, string> = {}): Promise<string> {
  const dataDir = join(workDir, 'data')
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['bin/switchboard.js', '--data-dir', dataDir, ...args],
    { env: { ...process.env, ...env } }
  )
  return stdout
}

test.beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'switchboard-e2e-review-'))
  bundle = join(workDir, 'site.swreview')
  const lab = spawn(
    process.execPath,
    ['bin/switchboard.js', 'lab', 'start', '--users', '40', '--seed', '3'],
    {
      stdio: ['ignore', 'pipe', 'ignore']
    }
  )
  try {
    const firstLine = await new Promise<string>((resolve) =>
      createInterface({ input: lab.stdout }).once('line', resolve)
    )
    const server = (JSON.parse(firstLine) as { servers: LabServer[] }).servers.find(
      (s) => s.kind === 'call-processor'
    )!
    cucm = server.name
    await switchboard(
      [
        'devices',
        'add',
        ...['--kind', server.kind, '--product', server.product, '--name', server.name],
        ...['--host', server.host, '--port', String(server.port), '--username', server.username],
        ...['--password-env', 'LAB_PASSWORD']
      ],
      { LAB_PASSWORD: server.password }
    )
    await switchboard(['devices', 'trust', server.name, '--fingerprint', server.fingerprint!])
    await switchboard(['sync', 'device', server.name, '--user'])
    await switchboard(['review', 'export', '--device', server.name, '--out', bundle])
  } finally {
    const stopped = new Promise((resolve) => lab.once('exit', resolve))
    lab.kill('SIGTERM')
    await stopped
  }
  // The lab is gone: the bundle is all there is, as on a laptop away from the site.
  review = await serveReview(bundle, join(workDir, 'data'))
})

test.afterAll(async () => {
  await review?.stop()
  rmSync(workDir, { recursive: true, force: true })
})

test('browses a run of a review bundle read-only', async ({ page }) => {
  await page.goto(review.url)
  const banner = page.getByRole('region', { name: 'Review bundle' })
  await expect(banner).toContainText(`Review bundle — read-only: created`)
  await expect(banner).toContainText(`from ${cucm}`)
  await expect(banner).toContainText('site.swreview · device')
  const signer = banner.locator('.review-signer')
  await expect(signer).toHaveText(
    /^Signed by this installation: with its own key ([0-9A-F]{2}:){31}[0-9A-F]{2}\.$/
  )
  await expect(signer).not.toHaveClass(/warning/)

  const readOnly = /^Read-only review bundle: /
  await expect(page.getByRole('button', { name: 'Add device' })).toBeDisabled()
  await expect(page.getByRole('button', { name: 'Start demo lab' })).toBeDisabled()
  await page.getByRole('row', { name: new RegExp(cucm) }).click()
  const quickView = page.getByRole('complementary', { name: 'Quick View' })
  const sync = quickView.getByRole('button', { name: 'Start User Synchronization' })
  await expect(sync).toBeDisabled()
  await expect(sync).toHaveAttribute(
    'title',
    `Read-only review bundle: this would contact ${cucm}, which this machine may not reach.`
  )
  await expect(quickView.getByRole('button', { name: 'Test Connection' })).toBeDisabled()
  await expect(quickView.getByRole('button', { name: 'Edit' })).toHaveAttribute('title', readOnly)

  await expect(quickView.locator('.runs li').first()).toContainText('Succeeded')
  await quickView.getByRole('button', { name: 'View Detailed Log' }).first().click()
  const dialog = page.getByRole('dialog')
  await expect(dialog.getByText(/^\d+ entries$/)).toBeVisible()
  const log = dialog.getByRole('log', { name: 'Log entries' })
  await expect(log).toContainText('SYNC_STARTED')
  await dialog.getByLabel('Code').fill('SYNC_USER_RESTRICTED')
  await expect(log).not.toContainText('SYNC_STARTED')
  await page.keyboard.press('Escape')

  await page.getByRole('button', { name: 'Provisioning Setup' }).click()
  await expect(page.getByRole('button', { name: 'Add Domain' })).toHaveAttribute('title', readOnly)
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Logs' }).click()
  await expect(page.getByRole('button', { name: 'Export Review Bundle…' })).toHaveAttribute(
    'title',
    /^Read-only review bundle: this already is an export/
  )
})

test("says loudly that a bundle's signer is unknown on a machine that does not trust its key", async ({
  page
}) => {
  const elsewhere = await serveReview(bundle, join(workDir, 'colleague-data'))
  try {
    await page.goto(elsewhere.url)
    const signer = page.getByRole('region', { name: 'Review bundle' }).locator('.review-signer')
    await expect(signer).toContainText('UNKNOWN SIGNER: signed with key')
    await expect(signer).toContainText('anyone could have written or changed this bundle')
    await expect(signer).toHaveClass(/warning/)
  } finally {
    await elsewhere.stop()
  }
})
