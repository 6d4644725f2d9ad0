import type { ChangeNotificationStatus, RunSummary } from '../../../src-preload/contract'
import type { Core } from '../../core'
import { int, onePositional, parse, UsageError } from '../args'
import { valueOptions } from '../options'
import { EXIT_FAILED, EXIT_OK, exitCodeFor } from '../exitCodes'
import { printError, printValue, type Io } from '../io'
import { describeRun, runAndWait } from './sync'

export const changeNotificationHelp = `Usage: switchboard change-notification status DEVICE
       switchboard change-notification enable DEVICE [--interval MINUTES]
       switchboard change-notification disable DEVICE
       switchboard change-notification poll DEVICE

Change notification (Unified CM 10.0 and later) keeps a Call Processor's inventory current between
full synchronizations: the running app (or \`switchboard serve\`) polls the change queue every
MINUTES (1-15, default 5). enable takes the queue position and synchronizes the device fully
(infrastructure, then users), and waits for that; already enabled, it changes the interval only.
poll applies the queued changes now and waits for the result; when the queue was lost (the AXL
service restarted, or the queue overflowed) it synchronizes the device fully in the same run.
Exit 1 when that run did not succeed.`

function describe(status: ChangeNotificationStatus): string {
  return [
    `${status.device}: change notification ${status.enabled ? `on, every ${status.intervalMinutes} min` : 'off'}`,
    status.supported ? '' : `Not available: ${status.reason ?? ''}`,
    status.queueId ? `Queue ${status.queueId}, next change ${status.nextStartChangeId ?? '?'}` : '',
    status.lastPollAt ? `Last poll ${status.lastPollAt}: ${status.lastStatus ?? ''}` : ''
  ]
    .filter(Boolean)
    .join('\n')
}

export async function changeNotificationCommand(core: Core, argv: string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv
  const parsed = parse(rest, sub === 'enable' ? valueOptions('interval') : {}, changeNotificationHelp)
  const device = onePositional(parsed, 'DEVICE', changeNotificationHelp)
  const ctx = { origin: 'cli' } as const
  const show = (result: Awaited<ReturnType<Core['dispatch']>>): number => {
    if (!result.ok) {
      printError(io, result.error)
      return exitCodeFor(result.error.code)
    }
    printValue(io, result.value, () => describe(result.value as ChangeNotificationStatus))
    return EXIT_OK
  }
  /** A change notification run and the full synchronizations it ran, with the status after it. */
  const report = async (run: RunSummary): Promise<number> => {
    const children = await core.dispatch('sync:runs', { parentRunId: run.id }, ctx)
    const synchronizations = children.ok ? children.value : []
    const status = await core.dispatch('cn:status', { device }, ctx)
    printValue(io, { run, synchronizations, ...(status.ok ? { status: status.value } : {}) }, () =>
      [
        ...synchronizations.map(describeRun),
        `Run ${run.id}: change notification of ${run.device}: ${run.status}. ${run.summary ?? ''}`,
        status.ok ? describe(status.value) : ''
      ]
        .filter(Boolean)
        .join('\n\n')
    )
    return run.status === 'succeeded' ? EXIT_OK : EXIT_FAILED
  }
  switch (sub) {
    case 'status':
      return show(await core.dispatch('cn:status', { device }, ctx))
    case 'enable': {
      const interval = int(parsed, 'interval')
      const input = {
        device,
        enabled: true,
        ...(interval !== undefined ? { intervalMinutes: interval } : {})
      }
      // A one-shot command waits for the full synchronization: ending it would cancel the run.
      let enabled: ChangeNotificationStatus | undefined
      const run = await runAndWait(core, io, async () => {
        const result = await core.dispatch('cn:set', input, ctx)
        if (result.ok) enabled = result.value
        return result
      })
      if (typeof run !== 'number') return report(run)
      if (run === EXIT_OK && enabled)
        printValue(io, enabled, () => describe(enabled as ChangeNotificationStatus))
      return run
    }
    case 'disable':
      return show(await core.dispatch('cn:set', { device, enabled: false }, ctx))
    case 'poll': {
      const run = await runAndWait(core, io, () => core.dispatch('cn:poll', { device }, ctx))
      return typeof run === 'number' ? run : report(run)
    }
    default:
      throw UsageError.unknownCommand('change-notification', sub, changeNotificationHelp)
  }
}
