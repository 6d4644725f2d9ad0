// Issue 7 e2e: Administration → Schedule Synchronization against the demo lab: a custom granular job
// previewed with a malformed line, fixed, saved and run; its job log with the synchronization it
// started; then a job canceled while it waits in the queue and one canceled while it runs.
import { createServer, type AddressInfo, type Socket } from 'node:net'
import { expect, test, type Locator, type Page } from '@playwright/test'
import { serve, type ServedApp } from './host'

let app: ServedApp
let silent: SilentServer
test.beforeEach(async () => {
  app = await serve()
  silent = await silentServer()
})
test.afterEach(async () => {
  await silent.close()
  await app.stop()
})

interface SilentServer {
  port: number
  /** From now on, connections are held open and never answered. */
  arm(): void
  close(): Promise<void>
}

/** A loopback server that refuses connections until armed, then holds them without a word. */
async function silentServer(): Promise<SilentServer> {
  let armed = false
  const held = new Set<Socket>()
  const server = createServer((socket) => {
    if (!armed) return socket.destroy()
    held.add(socket)
    socket.on('close', () => held.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    port: (server.address() as AddressInfo).port,
    arm: () => (armed = true),
    close: async () => {
      for (const socket of held) socket.destroy()
      await new Promise((resolve) => server.close(resolve))
    }
  }
}

/** Adds a Custom Granular job through the Create New Synchronization Schedule dialog. */
async function addGranularJob(
  page: Page,
  name: string,
  lines: string,
  save: 'Save and Run Now' | 'Save and Close',
  { startAt }: { startAt?: string } = {}
): Promise<void> {
  await page
    .getByRole('region', { name: 'Schedule Synchronization' })
    .getByRole('button', { name: 'Add', exact: true })
    .click()
  const dialog = page.getByRole('dialog', { name: 'Create New Synchronization Schedule' })
  await dialog.getByLabel('Job Name').fill(name)
  if (startAt) await dialog.getByLabel('Start Date').fill(startAt)
  await dialog.getByRole('radio', { name: 'Custom Granular Synchronization' }).check()
  await dialog.getByLabel('Granular Synchronization Data').fill(lines)
  await dialog.getByRole('button', { name: save }).click()
  await expect(dialog).toBeHidden()
}

const jobColumns = [
  'Select',
  'Job Name',
  'Start Time',
  'Frequency',
  'Job Status',
  'Synchronization Status',
  'Next Run',
  'Logs'
]

/** A cell of the job's row in the jobs table, by column name. */
function cell(page: Page, job: string, column: string): Locator {
  return page
    .getByRole('table', { name: 'Synchronization jobs' })
    .locator('tbody tr', { has: page.getByRole('checkbox', { name: `Select job ${job}`, exact: true }) })
    .getByRole('cell')
    .nth(jobColumns.indexOf(column))
}

/** A datetime-local value one day from now (in the browser's zone, as the form reads it). */
function tomorrow(): string {
  const date = new Date(Date.now() + 24 * 3600_000)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`
}

test('creates, previews, runs and reviews a granular job, and cancels queued and running jobs', async ({
  page
}) => {
  test.setTimeout(180_000)
  await page.goto(app.url)
  await page.getByRole('button', { name: 'Start demo lab' }).click()
  await expect(page.getByText('Demo lab running', { exact: true })).toBeVisible({ timeout: 30_000 })

  const nav = page.getByRole('navigation', { name: 'Main' })
  await nav
    .getByRole('list', { name: 'Administration' })
    .getByRole('button', { name: 'Schedule Synchronization' })
    .click()
  const schedule = page.getByRole('region', { name: 'Schedule Synchronization' })
  await expect(schedule.getByText(/No synchronization jobs yet/)).toBeVisible()

  // A granular job with a malformed line and an unknown device: the preview names both by line.
  await schedule.getByRole('button', { name: 'Add', exact: true }).click()
  const dialog = page.getByRole('dialog', { name: 'Create New Synchronization Schedule' })
  await dialog.getByLabel('Job Name').fill('CUCM infrastructure')
  await expect(dialog.getByLabel('Synchronize Every')).toHaveValue('once')
  await expect(dialog.getByLabel('Number of hours, days or weeks')).toBeDisabled()
  await expect(dialog.getByRole('radio', { name: 'All', exact: true })).toBeChecked()
  await dialog.getByRole('radio', { name: 'Custom Granular Synchronization' }).check()
  const granular = dialog.getByLabel('Granular Synchronization Data')
  await expect(granular).toHaveAttribute('placeholder', /cp\.Test-UCM: infra/)
  await granular.fill('cp.Lab CUCM 1: infra\nxx.Lab CUCM 1: infra\ncp.No Such UCM: infra')
  // The parser's problems show while typing; the unknown device needs the Core.
  await expect(dialog.getByText(/^Line 2 \(xx\.Lab CUCM 1: infra\): unknown class "xx"/)).toBeVisible()
  await dialog.getByRole('button', { name: 'Synchronization Preview' }).click()
  const previewLog = dialog.getByRole('region', { name: 'Preview Synchronization Log' })
  await expect(
    previewLog.getByRole('listitem').filter({ hasText: /^Line 2 .*unknown class "xx"/ })
  ).toBeVisible()
  await expect(
    previewLog
      .getByRole('listitem')
      .filter({ hasText: /^Line 3 \(cp\.No Such UCM\): there is no device named/ })
  ).toBeVisible()
  await expect(previewLog).toContainText('Lab CUCM 1: infrastructure synchronization')

  // Saving is refused with the field and the rule; the input stays.
  await dialog.getByRole('button', { name: 'Save and Close' }).click()
  await expect(dialog.getByRole('alert')).toContainText('Custom Granular Synchronization: line 2')
  await expect(dialog.getByLabel('Job Name')).toHaveValue('CUCM infrastructure')

  await granular.fill('cp.Lab CUCM 1: infra')
  await expect(previewLog).toContainText('run Synchronization Preview again')
  await dialog.getByRole('button', { name: 'Synchronization Preview' }).click()
  await expect(previewLog.getByRole('listitem')).toHaveText(['Lab CUCM 1: infrastructure synchronization'])
  await dialog.getByRole('button', { name: 'Save and Run Now' }).click()
  await expect(dialog).toBeHidden()

  await expect(cell(page, 'CUCM infrastructure', 'Frequency')).toHaveText('One Time')
  await expect(cell(page, 'CUCM infrastructure', 'Synchronization Status')).toHaveText('Succeeded', {
    timeout: 60_000
  })
  await expect(cell(page, 'CUCM infrastructure', 'Job Status')).toHaveText('Completed')

  // The job's log: its run and the synchronization it started, each with a detailed log.
  await schedule.getByRole('button', { name: 'View logs of job CUCM infrastructure' }).click()
  const jobLog = page.getByRole('dialog', { name: 'Job log: CUCM infrastructure' })
  await expect(jobLog.getByRole('table', { name: 'Job runs' }).getByRole('row')).toHaveCount(2)
  const started = jobLog.getByRole('table', { name: /^Synchronizations started by run/ })
  const child = started.locator('tbody tr', { hasText: 'Lab CUCM 1' })
  await expect(child).toContainText('infrastructure')
  await expect(child).toContainText('Succeeded')
  await child.getByRole('button', { name: /^View Detailed Log of run/ }).click()
  const childLog = page.getByRole('dialog', {
    name: /^Detailed log: run \d+, infrastructure synchronization of Lab CUCM 1/
  })
  await expect(childLog.getByRole('log', { name: 'Log entries' })).toContainText('SYNC_')
  await childLog.getByRole('button', { name: 'Close' }).click()
  await jobLog.getByRole('button', { name: /^View Detailed Log of job run \d+$/ }).click()
  const runLog = page.getByRole('dialog', {
    name: /^Detailed log: run \d+, job synchronization of CUCM infrastructure/
  })
  await expect(runLog.getByRole('log', { name: 'Log entries' })).toContainText('JOB_SYNC_STARTED')
  await runLog.getByRole('button', { name: 'Close' }).click()
  await jobLog.getByRole('button', { name: 'Close' }).click()

  // A call processor that accepts connections and never answers keeps a job running until it is
  // canceled. It refuses connections until armed, so its connection test on save fails at once
  // instead of holding the device.
  await nav.getByRole('button', { name: 'Device Setup' }).click()
  await page.getByRole('button', { name: 'Add device' }).click()
  const deviceDialog = page.getByRole('dialog')
  await deviceDialog.getByLabel('Device type').selectOption({ label: 'Call Processor' })
  await deviceDialog.getByLabel('Name', { exact: true }).fill('Silent UCM')
  await deviceDialog.getByLabel('Host', { exact: true }).fill('127.0.0.1')
  await deviceDialog.getByLabel('Port', { exact: true }).fill(String(silent.port))
  await deviceDialog.getByLabel('User name', { exact: true }).fill('axladmin')
  await deviceDialog.getByLabel('Password', { exact: true }).fill('secret')
  await deviceDialog.getByRole('button', { name: 'Save' }).click()
  await expect(deviceDialog).toBeHidden()
  await expect(page.getByRole('row', { name: /Silent UCM/ })).toContainText('Failure', { timeout: 30_000 })
  silent.arm()

  await nav.getByRole('button', { name: 'Schedule Synchronization' }).click()
  await addGranularJob(page, 'Silent', 'cp.Silent UCM: infra', 'Save and Run Now')
  await expect(cell(page, 'Silent', 'Job Status')).toHaveText('Running')
  await expect(cell(page, 'Silent', 'Synchronization Status')).toHaveText('Running')

  // The second job, due tomorrow, is run now: it waits in the queue behind the running one.
  await addGranularJob(
    page,
    'CUCM and Unity',
    'cp.Lab CUCM 1: both\nmp.Lab Unity 1: both',
    'Save and Run Now',
    {
      startAt: tomorrow()
    }
  )
  await expect(page.getByRole('status')).toContainText('CUCM and Unity queued')
  await expect(cell(page, 'CUCM and Unity', 'Job Status')).toHaveText('Queued')
  const queue = schedule.getByRole('region', { name: 'Queue' })
  await expect(queue).toContainText('job CUCM and Unity')

  // Cancel while queued: canceled at once, no synchronization status, no next run.
  await schedule.getByRole('checkbox', { name: 'Select job CUCM and Unity' }).check()
  await schedule.getByRole('button', { name: 'Cancel', exact: true }).click()
  await expect(page.getByRole('status')).toContainText('Cancel: CUCM and Unity canceled')
  await expect(cell(page, 'CUCM and Unity', 'Job Status')).toHaveText('Canceled')
  await expect(cell(page, 'CUCM and Unity', 'Synchronization Status')).toHaveText('')
  await expect(cell(page, 'CUCM and Unity', 'Next Run')).toHaveText('')
  await expect(queue).toBeHidden()

  // Cancel while running: canceling, then canceled, and its synchronization status goes.
  await schedule.getByRole('checkbox', { name: 'Select job CUCM and Unity' }).uncheck()
  await schedule.getByRole('checkbox', { name: 'Select job Silent' }).check()
  await schedule.getByRole('button', { name: 'Cancel', exact: true }).click()
  await expect(page.getByRole('status')).toContainText('Cancel: Silent canceling')
  await expect(cell(page, 'Silent', 'Job Status')).toHaveText('Canceled', { timeout: 30_000 })
  await expect(cell(page, 'Silent', 'Synchronization Status')).toHaveText('')
})
