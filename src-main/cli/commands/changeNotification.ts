import type { ChangeNotificationStatus, RunSummary } from '../../../src-preload/contract'
import type { Core } from '../../core'
import { int, onePositional, parse, UsageError } from '../args'
import { EXIT_FAILED, EXIT_OK, exitCodeFor } from '../exitCodes'
import { printError, printValue, type Io } from '../io'

export const changeNotificationHelp = `Usage: switchboard change-notification status DEVICE
       switchboard change-notification enable DEVICE [--interval MINUTES]
       switchboard change-notification disable DEVICE
       switchboard change-notification poll DEVICE

Change notification (Unified CM 10.0 and later) keeps a Call Processor's inventory current between
full synchronizations: the running app (or \`switchboard serve\`) polls the change queue every
MINUTES (1-15, default 5). Enabling takes the queue position and runs a full user synchronization.
poll applies the queued changes now and waits for the result.`

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
  const parsed = parse(rest, sub === 'enable' ? { interval: { type: 'string' } } : {}, changeNotificationHelp)
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
  switch (sub) {
    case 'status':
      return show(await core.dispatch('cn:status', { device }, ctx))
    case 'enable': {
      const interval = int(parsed, 'interval')
      return show(
        await core.dispatch(
          'cn:set',
          { device, enabled: true, ...(interval !== undefined ? { intervalMinutes: interval } : {}) },
          ctx
        )
      )
    }
    case 'disable':
      return show(await core.dispatch('cn:set', { device, enabled: false }, ctx))
    case 'poll': {
      let runId = -1
      const finished = new Promise<RunSummary>((resolve) => {
        const off = core.events.subscribe((event, payload) => {
          if (event === 'sync:finished' && (payload as RunSummary).id === runId) {
            off()
            resolve(payload as RunSummary)
          }
        })
      })
      const started = await core.dispatch('cn:poll', { device }, ctx)
      if (!started.ok) {
        printError(io, started.error)
        return exitCodeFor(started.error.code)
      }
      runId = started.value.runId
      const run = await finished
      printValue(io, run, () => `Run ${run.id}: ${run.status}. ${run.summary ?? ''}`)
      return run.status === 'succeeded' ? EXIT_OK : EXIT_FAILED
    }
    default:
      throw new UsageError(
        sub === undefined
          ? 'missing change-notification command'
          : `unknown change-notification command "${sub}"`,
        changeNotificationHelp
      )
  }
}
