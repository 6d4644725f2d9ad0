// Issue 2 e2e: through the headless host (same renderer, same contract), add a directory server and
// a call processor, run Test Connection against a closed port and see the reason, edit, delete.
import { expect, test, type Page } from '@playwright/test'
import { closedPort } from '../main/helpers/net'
import { serve, type ServedApp } from './host'

let app: ServedApp
test.beforeEach(async () => {
  app = await serve()
})
test.afterEach(async () => {
  await app.stop()
})

async function openAddDialog(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Add device' }).click()
  await expect(page.getByRole('dialog')).toBeVisible()
}

test('adds, tests, edits and deletes devices with clear errors', async ({ page }) => {
  await page.goto(app.url)
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible()
  // The headless host has no OS keychain: the top bar says where passwords are kept.
  await expect(page.getByTestId('secret-storage')).toHaveText('Passwords key file in the data directory')

  // A directory server, with a validation error first (3269 needs SSL), then fixed.
  await openAddDialog(page)
  const dialog = page.getByRole('dialog')
  await dialog.getByLabel('Device type').selectOption({ label: 'Directory Server (LDAP)' })
  await dialog.getByLabel('Product').selectOption({ label: 'OpenLDAP' })
  // Issue 28: without TLS the form says what that means, and stops saying it once TLS is chosen.
  const plainWarning = 'the bind password is sent in clear text'
  await expect(dialog.getByLabel('Connection security')).toHaveValue('none')
  await expect(dialog.locator('#security-warning')).toContainText(plainWarning)
  await dialog.getByLabel('Connection security').selectOption({ label: 'StartTLS' })
  await expect(dialog.locator('#security-warning')).toHaveCount(0)
  await dialog.getByLabel('Connection security').selectOption({ label: 'None (plain LDAP)' })
  await dialog.getByLabel('Name', { exact: true }).fill('Corp LDAP')
  await dialog.getByLabel('Host', { exact: true }).fill('127.0.0.1')
  await dialog.getByLabel('Port', { exact: true }).fill('3269')
  await dialog.getByLabel('Admin DN').fill('cn=admin,dc=example,dc=com')
  await dialog.getByLabel('Password', { exact: true }).fill('secret')
  await dialog.getByLabel('User search base').fill('ou=people,dc=example,dc=com')
  await dialog.getByRole('button', { name: 'Save' }).click()
  await expect(dialog.locator('#port-error')).toContainText('choose SSL (LDAPS)')
  await expect(dialog).toBeVisible()
  const ldapPort = await closedPort()
  await dialog.getByLabel('Port', { exact: true }).fill(String(ldapPort))
  await dialog.getByRole('button', { name: 'Save' }).click()
  await expect(page.getByRole('dialog')).toBeHidden()
  await expect(page.getByRole('row', { name: /Corp LDAP/ })).toBeVisible()

  // A call processor on a closed port: Test Connection reports "refused" with the endpoint.
  const axlPort = await closedPort()
  await openAddDialog(page)
  await page.getByRole('dialog').getByLabel('Device type').selectOption({ label: 'Call Processor' })
  await page.getByRole('dialog').getByLabel('Name', { exact: true }).fill('CUCM Pub')
  await page.getByRole('dialog').getByLabel('Host', { exact: true }).fill('127.0.0.1')
  await page.getByRole('dialog').getByLabel('Port', { exact: true }).fill(String(axlPort))
  await page.getByRole('dialog').getByLabel('User name', { exact: true }).fill('axladmin')
  await page.getByRole('dialog').getByLabel('Password', { exact: true }).fill('secret')
  // Analog phones are a setting of the Call Processor (issue 25 item 2).
  await page.getByRole('dialog').getByLabel('Manage analog phones').check()
  await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click()
  await expect(page.getByRole('dialog')).toBeHidden()

  const quickView = page.getByRole('complementary', { name: 'Quick View' })
  await expect(quickView.getByRole('heading', { name: 'CUCM Pub' })).toBeVisible()
  // Saving runs the connectivity test automatically (two outcomes: the add and the test).
  await expect(quickView).toContainText('refused', { timeout: 20_000 })
  await expect(quickView).toContainText(`127.0.0.1:${axlPort}`)
  await quickView.getByRole('button', { name: 'Test Connection' }).click()
  await expect(quickView).toContainText('refused', { timeout: 20_000 })

  // A new device is read only until an admin allows changes (issue 20 item 1).
  await expect(quickView).toContainText(/Changes\s*not allowed \(read only\)/)

  // Edit: rename the host and allow changes; the Quick View shows both.
  await quickView.getByRole('button', { name: 'Edit' }).click()
  await page.getByRole('dialog').getByLabel('Host', { exact: true }).fill('cucm-pub.example.test')
  await expect(page.getByRole('dialog').getByLabel('Allow changes')).not.toBeChecked()
  await page.getByRole('dialog').getByLabel('Allow changes').check()
  await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click()
  await expect(page.getByRole('dialog')).toBeHidden()
  await expect(quickView).toContainText('cucm-pub.example.test')
  await expect(quickView).toContainText(/Analog phones\s*managed/)
  await expect(quickView).toContainText(/Changes\s*allowed/)
  // A test of the old address says nothing of the new one (issue 25 item 5).
  await expect(quickView).toContainText('Never tested')

  // Delete with confirmation, which says the run history stays (issue 25 item 15).
  await quickView.getByRole('button', { name: 'Delete' }).click()
  await expect(page.getByRole('dialog')).toContainText(
    'Its synchronization runs and their logs are kept in Logs under the name CUCM Pub.'
  )
  await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click()
  await expect(page.getByRole('row', { name: /CUCM Pub/ })).toHaveCount(0)
  await expect(page.getByRole('row', { name: /Corp LDAP/ })).toBeVisible()
})
