// Issue 20 e2e: an order that failed at its second step is found on the Orders page with the step's
// error and its requests, rolled back after a confirmation that says what it undoes, and its run log
// opened, at the app's minimum window size.
import { expect, test, type Page } from '@playwright/test'
import { hostRequest, serve, type ServedApp } from './host'
import { expectNoOverflow } from './overflow'

let app: ServedApp
test.beforeEach(async () => {
  app = await serve()
})
test.afterEach(async () => {
  await app.stop()
})

const CUCM = 'Lab CUCM 1'

async function navigate(page: Page, item: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: item }).click()
}

test('a failed order is shown with its error, rolled back, and its run log opened', async ({ page }) => {
  test.setTimeout(120_000)
  // The desktop window's minimum size (src-main/shell/window.ts).
  await page.setViewportSize({ width: 960, height: 600 })
  await page.goto(app.url)
  await page.getByRole('button', { name: 'Start demo lab' }).click()
  await expect(page.getByText('Demo lab running', { exact: true })).toBeVisible({ timeout: 30_000 })

  // The lab's Unified CM accepts changes only once an admin allows them.
  await page.getByRole('row', { name: new RegExp(CUCM) }).click()
  const quickView = page.getByRole('complementary', { name: 'Quick View' })
  await quickView.getByRole('button', { name: 'Edit', exact: true }).click()
  await page.getByRole('dialog').getByLabel('Allow changes').check()
  await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click()
  await expect(page.getByRole('dialog')).toBeHidden()
  await expect(quickView).toContainText(/Changes\s*allowed/)

  // The second step changes a line that is not there: the first is done, the second fails.
  const submitted = await hostRequest(app, 'orders:submit', {
    title: 'Desk line for the lobby',
    steps: [
      {
        action: {
          type: 'add-line',
          device: CUCM,
          line: { pattern: '88001', partition: 'PT-Internal', description: 'Lobby' }
        }
      },
      {
        action: {
          type: 'update-line',
          device: CUCM,
          line: { pattern: '88999', partition: 'PT-Internal' },
          changes: { description: 'Lobby' }
        },
        dependsOn: [1]
      }
    ]
  })
  if (!submitted.ok) throw new Error(`the order was refused: ${submitted.error.message}`)
  const order = submitted.value
  expect(order.status).toBe('failed')
  const stepError = order.stepList[1].error ?? ''
  expect(stepError).toMatch(/^Step 2 /)

  await navigate(page, 'Orders')
  const orders = page.getByRole('table', { name: 'Orders', exact: true })
  const row = orders.getByRole('row', { name: new RegExp(`^${order.id} Failed Desk line for the lobby`) })
  await expect(row).toContainText('1/2')
  await expect(row).toContainText(CUCM)

  // Filtered by status: a failed one is listed under Failed, not under Done.
  const filters = page.getByRole('search', { name: 'Filter the orders' })
  await filters.getByLabel('Status').selectOption('Done')
  await expect(orders).toContainText('No order matches these filters.')
  await filters.getByLabel('Status').selectOption('Failed')
  await expect(row).toBeVisible()
  await filters.getByLabel('Device').selectOption(CUCM)
  await expect(row).toBeVisible()

  await row.click()
  const detail = page.getByRole('region', { name: `Order ${order.id}: Desk line for the lobby` })
  const steps = detail.getByRole('table', { name: `Steps of order ${order.id}` })
  const firstStep = steps.getByRole('row', { name: /^1 Lab CUCM 1 Add line 88001 in PT-Internal/ })
  const failedStep = steps.getByRole('row', { name: /^2 Lab CUCM 1 Change line 88999 in PT-Internal/ })
  await expect(firstStep).toContainText('Done')
  await expect(firstStep).toContainText('Remove line 88001 in PT-Internal')
  await expect(failedStep).toContainText('Failed')
  await expect(failedStep).toContainText(stepError)

  // The requests are there, collapsed until opened: AXL's envelope as it was sent.
  const request = detail.getByText('Step 1 request: AXL addLine to Lab CUCM 1')
  const envelope = detail.locator('pre').first()
  await expect(envelope).toBeHidden()
  await request.click()
  await expect(envelope).toContainText('<pattern>88001</pattern>')

  // Only what a failed order allows is offered.
  await expect(detail.getByRole('button', { name: 'Retry' })).toBeEnabled()
  await expect(detail.getByRole('button', { name: 'Cancel' })).toBeEnabled()
  await expectNoOverflow(page, 'main')

  await detail.getByRole('button', { name: 'Roll back' }).click()
  const confirm = page.getByRole('dialog', { name: `Roll back order ${order.id}` })
  await expect(confirm).toContainText(
    'Roll back undoes 1 done step on Lab CUCM 1, newest first (step 1), each read back from the device.'
  )
  await confirm.getByRole('button', { name: 'Roll back' }).click()
  await expect(confirm).toBeHidden({ timeout: 30_000 })

  await expect(detail.getByText('Rolled back', { exact: true })).toBeVisible()
  await expect(firstStep).toContainText('Undone')
  await expect(failedStep).toContainText('Failed')
  for (const action of ['Retry', 'Roll back', 'Cancel'])
    await expect(detail.getByRole('button', { name: action, exact: true })).toBeDisabled()
  // The list follows the order's change: under Failed it is gone, under Rolled back it is listed.
  await expect(orders).toContainText('No order matches these filters.')
  await filters.getByLabel('Status').selectOption('Rolled back')
  await expect(orders.getByRole('row', { name: new RegExp(`^${order.id} Rolled back`) })).toBeVisible()

  // Its run log: the roll back's run, in the log viewer the other pages use.
  const rolledBack = await hostRequest(app, 'orders:get', { id: order.id })
  if (!rolledBack.ok) throw new Error(rolledBack.error.message)
  const runId = rolledBack.value.lastRunId
  expect(runId).not.toBe(order.lastRunId)
  await detail.getByRole('button', { name: `View Detailed Log of run ${runId}` }).click()
  const log = page.getByRole('dialog', { name: `Detailed log: run ${runId}, order on ${CUCM}` })
  await expect(log).toContainText('ORDER_STEP_UNDONE')
  await expect(log).toContainText(
    'Step 1: Remove line 88001 in PT-Internal on Lab CUCM 1 (undo): confirmed by the device.'
  )
})
