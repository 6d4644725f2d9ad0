import type {
  DeletionHold,
  RunStatus,
  RunSummary,
  RunTraffic,
  Severity,
  SyncProgress
} from '../../src-preload/contract'
import type { Clock } from '../core/clock'
import type { EventBus } from '../core/events'
import type { Store } from '../store'
import type { RunLog } from './runLog'

/** How a run ended, as stored in the run history. */
export interface RunEnding {
  status: Exclude<RunStatus, 'running'>
  summary: string
  counts?: RunSummary['counts']
  failedTypes?: RunSummary['failedTypes']
  held?: DeletionHold
  /** What the run sent and received, where it counted that. */
  traffic?: RunTraffic
}

/** The closing entry's severity for most runs: any end but success or failure is a warning. */
export function closingSeverity(status: RunEnding['status']): Severity {
  return status === 'succeeded' ? 'info' : status === 'failed' ? 'error' : 'warning'
}

/**
 * The bookkeeping every kind of run ends with: its closing log entry (`code`, with the summary as
 * message), the log written out, its stored result, the history trimmed to the configured length,
 * and the events the UI and CLI wait for (progress to 100 % only for runs that report progress).
 */
export function endRun(
  deps: { store: Store; events: EventBus; clock: Clock },
  run: { runId: number; log: RunLog; progress?: SyncProgress },
  closing: { severity: Severity; code: string },
  ending: RunEnding
): RunSummary {
  const { store, events, clock } = deps
  run.log.add(closing.severity, closing.code, ending.summary)
  run.log.flush()
  store.syncRuns.finish(run.runId, {
    status: ending.status,
    at: clock.now().toISOString(),
    summary: ending.summary,
    counts: ending.counts ?? {},
    failedTypes: ending.failedTypes ?? [],
    ...(ending.held ? { held: ending.held } : {}),
    ...(ending.traffic ? { traffic: ending.traffic } : {})
  })
  store.retention.afterRun(run.runId, clock.now())
  const result = store.syncRuns.get(run.runId) as RunSummary
  if (run.progress) events.emit('sync:progress', { ...run.progress, percent: 100 })
  events.emit('sync:finished', result)
  return result
}
