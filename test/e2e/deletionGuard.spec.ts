// Issue 28 e2e: a user synchronization of a Call Processor that lost a third of its phones is held in
// the Quick View with what it would remove; Approve synchronizes again and applies the removals.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { createCore } from '../../src-main/core'
import { labDeviceFields, startLab, type RunningLab } from '../../src-main/lab'
import type { RunSummary } from '../../src-preload/contract'
import { serve, type ServedApp } from './host'

const CUCM = 'Lab CUCM 1'
let lab: RunningLab
let dataDir: string
let app: ServedApp

/** The lab's Call Processor as a device, synchronized once: the inventory the guard protects. */
async function prepare(): Promise<void> {
  const core = createCore({ dataDir, host: 'cli' })
  try {
    const call = async (channel: 'devices:add' | 'devices:trust' | 'sync:start', input: unknown) => {
      const result = await core.dispatch(channel, input, { origin: 'test' })
      if (!result.ok) throw new Error(`${channel}: ${result.error.message}`)
      return result.value
    }
    const server = lab.servers.find((s) => s.name === CUCM)!
    await call('devices:add', labDeviceFields(server))
    await call('devices:trust', { name: CUCM, fingerprint: server.fingerprint })
    const finished = new Promise<RunSummary>((resolve) =>
      core.events.subscribe((event, payload) => {
        if (event === 'sync:finished') resolve(payload as RunSummary)
      })
    )
    await call('sync:start', { device: CUCM, kind: 'user' })
    expect((await finished).status).toBe('succeeded')
  } finally {
    await core.close()
  }
}

test.beforeEach(async () => {
  lab = await startLab({ users: 30, clusters: 1, seed: 28, faults: {} })
  dataDir = mkdtempSync(join(tmpdir(), 'switchboard-e2e-'))
  await prepare()
  app = await serve(dataDir)
})
test.afterEach(async () => {
  await app?.stop()
  await lab?.stop()
  rmSync(dataDir, { recursive: true, force: true })
})

test('holds a synchronization that would remove a third of the phones until approved', async ({ page }) => {
  const k = lab.clusters[0]
  const phones = k.collection('Phone')!
  const inInventory = [...Array(phones.size()).keys()].filter((j) => !k.isAnalog(j))
  const gone = inInventory.slice(0, Math.ceil(inInventory.length / 3))
  for (const j of gone) k.remove('Phone', j)

  await page.goto(app.url)
  await page.getByRole('row', { name: new RegExp(CUCM) }).click()
  const quickView = page.getByRole('complementary', { name: 'Quick View' })
  await quickView.getByRole('button', { name: 'Start User Synchronization' }).click()
  const held = quickView.getByRole('region', { name: 'User synchronization needs approval' })
  await expect(held).toContainText(`Phone: ${gone.length} of ${inInventory.length} objects`, {
    timeout: 30_000
  })
  await expect(held).toContainText('more than the deletion guard allows (20 % of a type, or all of it)')
  await expect(quickView.locator('.runs li').first()).toContainText('Needs approval')

  await held.getByRole('button', { name: 'Approve and Synchronize' }).click()
  await expect(quickView.locator('.runs li').first()).toContainText('Succeeded', { timeout: 30_000 })
  await expect(held).toBeHidden()
  await quickView.getByRole('button', { name: 'View Detailed Log' }).first().click()
  const log = page.getByRole('dialog').getByRole('log', { name: 'Log entries' })
  await expect(log).toContainText('SYNC_GUARD_APPROVED')
})
