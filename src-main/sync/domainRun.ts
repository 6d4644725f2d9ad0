import type { RunStatus, RunSummary, SyncProgress } from '../../src-preload/contract'
import type { Clock } from '../core/clock'
import type { EventBus } from '../core/events'
import type { Store } from '../store'
import type { SyncCoordinator } from './coordinator'
import { closingSeverity, endRun } from './runEnd'
import { RunLog } from './runLog'

export interface DomainRun {
  runId: number
  domainId: number
  domainName: string
  kind: 'domain' | 'ldap' | 'write-back'
  log: RunLog
}

/** What the codes of a run's opening and closing log entries begin with. */
const CODE_PREFIX: Record<DomainRun['kind'], string> = {
  domain: 'DOMAIN_SYNC',
  ldap: 'LDAP_SYNC',
  'write-back': 'LDAP_WRITE_BACK'
}

/**
 * Starts a run that belongs to a domain: refused while any synchronization runs (SYNC-05), recorded,
 * registered for progress and cancellation, its log opened with `startedMessage` (DOMAIN_SYNC_STARTED,
 * LDAP_SYNC_STARTED…). `release` must be called when it ends.
 */
export function beginDomainRun(
  deps: { store: Store; coordinator: SyncCoordinator; clock: Clock },
  domain: { id: number; name: string },
  kind: DomainRun['kind'],
  label: string,
  startedMessage: string
): { run: DomainRun; progress: SyncProgress; signal: AbortSignal; release: () => void } {
  const { store, coordinator, clock } = deps
  coordinator.assertIdle()
  const runId = store.syncRuns.startForDomain(domain.id, domain.name, kind, clock.now().toISOString())
  const progress: SyncProgress = {
    runId,
    device: domain.name,
    kind,
    typesDone: 0,
    typesTotal: 1,
    objects: 0,
    percent: 0
  }
  const controller = coordinator.register(runId, `${label} (run ${runId})`, progress)
  const log = new RunLog(store.syncLog, runId, clock)
  log.add('info', `${CODE_PREFIX[kind]}_STARTED`, startedMessage)
  const run = { runId, domainId: domain.id, domainName: domain.name, kind, log }
  return { run, progress, signal: controller.signal, release: () => coordinator.release(runId) }
}

/**
 * Ends a run that belongs to a domain (domain or LDAP synchronization): its closing log entry
 * (DOMAIN_SYNC_… or LDAP_SYNC_…), its stored result, the history trimmed to the configured length,
 * and the events the UI and CLI wait for.
 */
export function finishDomainRun(
  deps: { store: Store; events: EventBus; clock: Clock },
  run: DomainRun,
  progress: SyncProgress,
  status: Exclude<RunStatus, 'running'>,
  summary: string
): RunSummary {
  const severity = closingSeverity(status)
  const code = `${CODE_PREFIX[run.kind]}_${status.toUpperCase()}`
  const result = endRun(deps, { ...run, progress }, { severity, code }, { status, summary })
  deps.events.emit('domains:changed', { name: run.domainName })
  return result
}
