import type { RunSummary } from '../../src-preload/contract'
import type { Audit } from '../audit'
import type { Clock } from '../core/clock'
import type { EventBus } from '../core/events'
import type { Store } from '../store'
import type { SyncCoordinator } from './coordinator'

/** LDAP-48: a synchronization that reported no progress for an hour is stuck. */
export const STUCK_AFTER_MS = 60 * 60_000

/**
 * The automatic status check of long-running hosts: stops a stuck synchronization (its work rolls
 * back like any cancelled run), writes an audit entry, and notes the reason at the end of its log.
 */
export class StuckRunMonitor {
  private readonly stopping = new Set<number>()

  constructor(
    private readonly deps: {
      store: Store
      events: EventBus
      clock: Clock
      coordinator: SyncCoordinator
      audit: Audit
    }
  ) {
    deps.events.subscribe((event, payload) => {
      if (event === 'sync:finished') this.noteStopped(payload as RunSummary)
    })
  }

  check(): void {
    const { coordinator, audit } = this.deps
    for (const run of coordinator.quietSince(STUCK_AFTER_MS)) {
      if (this.stopping.has(run.runId)) continue
      this.stopping.add(run.runId)
      audit.record('run.stopped-stuck', run.label, {
        runId: run.runId,
        lastProgressAt: new Date(run.lastProgressAt).toISOString(),
        message:
          'The automatic status check failed: the synchronization reported no progress for an hour and was stopped.'
      })
      coordinator.cancel(run.runId)
    }
  }

  private noteStopped(run: RunSummary): void {
    if (!this.stopping.delete(run.id)) return
    this.deps.store.syncLog.appendLast(run.id, {
      at: this.deps.clock.now().toISOString(),
      severity: 'error',
      code: 'RUN_STOPPED_STUCK',
      message:
        'Stopped by the automatic status check: no progress for an hour. Nothing this run read was applied.',
      hint: 'Check the server is reachable and answering (Test Connection), then start the synchronization again.'
    })
  }
}
