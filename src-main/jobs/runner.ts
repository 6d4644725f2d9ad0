// Runs a job's plan under one job run (SCHED-15, SCHED-19): device synchronizations (side by side
// when the job says so), then the LDAP synchronization of domains, then domain synchronizations. A
// domain is skipped when a device or directory it uses failed in this run, unless Force Domain
// Synchronization; Abort on failure stops at the first failure. A partial run is no failure: it read
// what it could and kept the previous inventory of the rest (issue 25 item 4). Every synchronization
// started is a run of its own, linked to the job run, whose log lists them with their run ids.
import type {
  GranularProblem,
  JobOptions,
  PlanStep,
  RunStatus,
  RunSummary,
  SyncProgress
} from '../../src-preload/contract'
import { mapLimit } from '../connectors/common/retry'
import type { Clock } from '../core/clock'
import { UserError } from '../core/errors'
import type { EventBus } from '../core/events'
import type { Store } from '../store'
import type { SyncCoordinator } from '../sync/coordinator'
import { DEFAULT_RUN_OPTIONS } from '../sync/device/objects'
import { allowsUserSync, type DeviceSyncService } from '../sync/device/service'
import type { DirectorySyncService } from '../sync/directory/service'
import type { DomainSyncService } from '../sync/domain/service'
import { closingSeverity, endRun } from '../sync/runEnd'
import { RunLog } from '../sync/runLog'

/** How many device synchronizations a parallel job runs at once (each is throttled per device too). */
export const PARALLEL_DEVICE_SYNCS = 4

export interface JobRunnerDeps {
  store: Store
  events: EventBus
  clock: Clock
  coordinator: SyncCoordinator
  deviceSync: DeviceSyncService
  domainSync: DomainSyncService
  directorySync: DirectorySyncService
}

type Started = { runId: number; done: Promise<RunSummary> }

/** A synchronization a job asked for and what became of it. */
interface Outcome {
  label: string
  /** How its run ended; `not-started` when it was refused, `skipped` when the job did not start it. */
  status: Exclude<RunStatus, 'running'> | 'not-started' | 'skipped'
  runId?: number
  /** Why it was not started or skipped. */
  reason?: string
  /** Devices and directories whose failure keeps their domains from synchronizing. */
  failedDevice?: string
}

/** What became of a synchronization the job started (or tried to). */
type ChildOutcome = Outcome & { status: Exclude<RunStatus, 'running'> | 'not-started' }

/**
 * The job's summary names this many synchronizations that did not succeed; its log has an entry for
 * every one (a mass synchronization of a large deployment can have hundreds).
 */
const SUMMARY_NAMED = 10

/** Whether what came after may build on it: a held run is no success, a partial run is (see above). */
function failed(outcome: Outcome): boolean {
  return outcome.status !== 'succeeded' && outcome.status !== 'partial'
}

const ENDED: Record<ChildOutcome['status'], string> = {
  succeeded: 'succeeded',
  partial: 'was partial',
  failed: 'failed',
  cancelled: 'was cancelled',
  interrupted: 'was interrupted',
  'needs-approval': 'needs approval',
  'not-started': 'could not start'
}

function describeOutcome(outcome: Outcome): string {
  if (outcome.status === 'skipped') return `${outcome.label} was skipped (${outcome.reason})`
  if (outcome.status === 'not-started') return `${outcome.label} could not start (${outcome.reason})`
  return `${outcome.label} (run ${outcome.runId}) ${ENDED[outcome.status]}`
}

/** What a plan asks for: one synchronization per device kind, LDAP synchronization and domain. */
function plannedSynchronizations(steps: PlanStep[]): number {
  return steps.reduce((n, step) => n + (step.kind === 'device' ? step.syncs.length : 1), 0)
}

export class JobRunner {
  constructor(private readonly deps: JobRunnerDeps) {}

  /**
   * Starts a job run for the plan and returns at once; `done` resolves with the job run's summary.
   * Refused (BUSY) while another synchronization runs.
   */
  start(
    job: { id?: number; name: string },
    steps: PlanStep[],
    options: JobOptions,
    notes: string[] = [],
    unresolved: GranularProblem[] = []
  ): Started {
    const { store, coordinator, clock } = this.deps
    coordinator.assertIdle()
    const runId = store.syncRuns.startJob(job.id, job.name, clock.now().toISOString())
    const progress: SyncProgress = {
      runId,
      device: job.name,
      kind: 'job',
      typesDone: 0,
      typesTotal: steps.length,
      objects: 0,
      percent: 0
    }
    const controller = coordinator.register(runId, `the job ${job.name} (run ${runId})`, progress)
    const done = this.execute(
      job,
      runId,
      { steps, unresolved },
      options,
      notes,
      progress,
      controller.signal
    ).finally(() => coordinator.release(runId))
    return { runId, done }
  }

  private async execute(
    job: { id?: number; name: string },
    runId: number,
    { steps, unresolved }: { steps: PlanStep[]; unresolved: GranularProblem[] },
    options: JobOptions,
    notes: string[],
    initial: SyncProgress,
    signal: AbortSignal
  ): Promise<RunSummary> {
    const { store, events, clock, coordinator } = this.deps
    const log = new RunLog(store.syncLog, runId, clock)
    let progress = initial
    const stepDone = (target: string): void => {
      progress = {
        ...progress,
        objectType: target,
        typesDone: progress.typesDone + 1,
        percent: Math.floor((100 * (progress.typesDone + 1)) / Math.max(1, progress.typesTotal))
      }
      coordinator.update(progress)
      events.emit('sync:progress', progress)
      log.flush()
    }
    log.add(
      'info',
      'JOB_STARTED',
      `Job ${job.name} started: ${steps.length} step(s)${describeOptions(options)}.`
    )
    for (const note of notes) log.add('info', 'JOB_NOTE', note)
    // A line naming what no longer exists (a deleted device, say) is the run's failure, not a note:
    // the job promised that synchronization and did not do it.
    const outcomes: Outcome[] = unresolved.map((problem) => {
      const label = `line ${problem.line} (${problem.text})`
      log.add('error', 'JOB_LINE_UNRESOLVED', `Line ${problem.line} (${problem.text}): ${problem.problem}.`, {
        hint: 'Edit the job and name a device or domain that exists (Schedule Synchronization).'
      })
      return { label, status: 'not-started', reason: problem.problem }
    })
    log.flush()

    let aborted = false
    const shouldStop = (): boolean => signal.aborted || aborted
    const record = (outcome: Outcome): void => {
      outcomes.push(outcome)
      if (failed(outcome) && options.abortOnFailure && !aborted && !signal.aborted) {
        aborted = true
        log.add('error', 'JOB_ABORTED', `${outcome.label} failed: the job stops here (Abort on failure).`, {
          hint: 'Synchronizations not started yet are skipped; fix the failure and run the job again.'
        })
        // Siblings still running in parallel are stopped too.
        for (const child of store.syncRuns.children(runId))
          if (child.status === 'running') coordinator.cancel(child.id)
      }
    }

    const deviceSteps = steps.filter((s) => s.kind === 'device')
    await mapLimit(deviceSteps, options.parallel ? PARALLEL_DEVICE_SYNCS : 1, async (step) => {
      for (const note of step.note ? [step.note] : []) log.add('info', 'JOB_NOTE', `${step.target}: ${note}`)
      for (const kind of step.syncs) {
        if (shouldStop()) break
        const outcome = await this.child(
          runId,
          log,
          'device',
          step.target,
          `${kind} synchronization of ${step.target}`,
          () => this.deps.deviceSync.start(step.target, kind, DEFAULT_RUN_OPTIONS)
        )
        record({ ...outcome, ...(failed(outcome) ? { failedDevice: step.target } : {}) })
        // A user synchronization needs the infrastructure the failed one did not read or apply.
        if (
          kind === 'infrastructure' &&
          step.syncs.includes('user') &&
          !(outcome.status !== 'not-started' && allowsUserSync(outcome.status))
        ) {
          const reason = `its infrastructure synchronization ${ENDED[outcome.status]}`
          log.add(
            'warning',
            'JOB_SYNC_SKIPPED',
            `User synchronization of ${step.target} skipped: ${reason}.`,
            {
              objectType: 'device',
              objectName: step.target
            }
          )
          outcomes.push({ label: `user synchronization of ${step.target}`, status: 'skipped', reason })
          break
        }
      }
      stepDone(step.target)
    })

    const failedDevices = (): Set<string> =>
      new Set(outcomes.flatMap((o) => (o.failedDevice ? [o.failedDevice.toLowerCase()] : [])))
    for (const step of steps.filter((s) => s.kind !== 'device')) {
      if (shouldStop()) break
      if (step.kind === 'domain' && !options.forceDomainSync) {
        const failedHere = this.devicesOf(step.target).filter((d) => failedDevices().has(d.toLowerCase()))
        if (failedHere.length > 0) {
          log.add(
            'warning',
            'JOB_DOMAIN_SKIPPED',
            `Domain synchronization of ${step.target} skipped: ${failedHere.join(', ')} failed in this run.`,
            {
              objectType: 'domain',
              objectName: step.target,
              hint: 'Fix the failed synchronization, or run the job with Force Domain Synchronization.'
            }
          )
          outcomes.push({
            label: `domain synchronization of ${step.target}`,
            status: 'skipped',
            reason: `${failedHere.join(', ')} failed in this run`
          })
          stepDone(step.target)
          continue
        }
      }
      const [what, start]: [string, () => Started] =
        step.kind === 'ldap'
          ? [`LDAP synchronization of ${step.target}`, () => this.deps.directorySync.start(step.target)]
          : [`domain synchronization of ${step.target}`, () => this.deps.domainSync.start(step.target)]
      const outcome = await this.child(runId, log, 'domain', step.target, what, start)
      const directory = step.kind === 'ldap' ? this.directoryOf(step.target) : undefined
      record({ ...outcome, ...(failed(outcome) && directory ? { failedDevice: directory } : {}) })
      stepDone(step.target)
    }

    const planned = plannedSynchronizations(steps) + unresolved.length
    const succeeded = outcomes.filter((o) => o.status === 'succeeded').length
    const unsuccessful = outcomes.filter((o) => o.status !== 'succeeded').map(describeOutcome)
    if (unsuccessful.length > SUMMARY_NAMED)
      unsuccessful.splice(
        SUMMARY_NAMED,
        Infinity,
        `${unsuccessful.length - SUMMARY_NAMED} more (see the log)`
      )
    const notStarted = planned - outcomes.length
    const status: Exclude<RunStatus, 'running'> = signal.aborted
      ? 'cancelled'
      : succeeded === planned
        ? 'succeeded'
        : succeeded > 0
          ? 'partial'
          : 'failed'
    const summary =
      planned === 0
        ? 'Nothing to synchronize: the job matched no processor, directory or domain.'
        : [
            `${signal.aborted ? 'Cancelled: ' : ''}${succeeded} of ${planned} synchronization(s) succeeded${unsuccessful.length > 0 ? `; ${unsuccessful.join('; ')}` : ''}.`,
            notStarted > 0
              ? `${notStarted} not started: ${signal.aborted ? 'the job was cancelled' : 'the job stopped at the first failure (Abort on failure)'}.`
              : ''
          ]
            .filter(Boolean)
            .join(' ')
    const severity = closingSeverity(status)
    return endRun(
      this.deps,
      { runId, log, progress },
      { severity, code: `JOB_${status.toUpperCase()}` },
      { status, summary }
    )
  }

  /** Starts one synchronization under the job run and waits for it; a refusal is a failure, logged. */
  private async child(
    parentRunId: number,
    log: RunLog,
    objectType: 'device' | 'domain',
    objectName: string,
    label: string,
    start: () => Started
  ): Promise<ChildOutcome> {
    const { store, coordinator } = this.deps
    let started: Started
    try {
      started = coordinator.startChild(parentRunId, start)
    } catch (error) {
      if (!(error instanceof UserError)) throw error
      log.add('error', 'JOB_SYNC_NOT_STARTED', `${capitalize(label)} could not start: ${error.message}`, {
        objectType,
        objectName
      })
      log.flush()
      return { label, status: 'not-started', reason: error.message.replace(/\.$/, '') }
    }
    store.syncRuns.setParent(started.runId, parentRunId)
    log.add('info', 'JOB_SYNC_STARTED', `${capitalize(label)} started as run ${started.runId}.`, {
      objectType,
      objectName
    })
    log.flush()
    const result = await started.done
    const ok = result.status === 'succeeded'
    const held = result.status === 'needs-approval'
    log.add(
      ok ? 'info' : result.status === 'failed' || result.status === 'interrupted' ? 'error' : 'warning',
      'JOB_SYNC_FINISHED',
      `Run ${result.id}, ${label}: ${result.status}. ${result.summary ?? ''}`.trim(),
      {
        objectType,
        objectName,
        ...(ok
          ? {}
          : {
              hint: held
                ? `Review run ${result.id}'s SYNC_GUARD_HELD entries, then approve it (switchboard sync device "${objectName}" --${result.kind === 'infrastructure' ? 'infra' : 'user'} --approve) or check the device.`
                : `Open run ${result.id}'s detailed log for the cause.`
            })
      }
    )
    return { label, status: result.status as ChildOutcome['status'], runId: result.id }
  }

  /** The devices a domain's synchronization depends on: its processors, their presence servers, its directory. */
  private devicesOf(domainName: string): string[] {
    const { store } = this.deps
    const domain = store.domains.byName(domainName)
    if (!domain) return []
    const ids = new Set(store.domains.processorIds(domain.id))
    const devices = store.devices.all()
    return devices
      .filter(
        (d) =>
          ids.has(d.id) ||
          d.id === domain.directory_id ||
          (d.kind === 'presence-processor' && d.call_processor_id !== null && ids.has(d.call_processor_id))
      )
      .map((d) => d.name)
  }

  private directoryOf(domainName: string): string | undefined {
    const { store } = this.deps
    const domain = store.domains.byName(domainName)
    return store.devices.all().find((d) => d.id === domain?.directory_id)?.name
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

function describeOptions(options: JobOptions): string {
  const chosen = [
    options.forceDomainSync ? 'Force Domain Synchronization' : '',
    options.parallel ? `device synchronizations in parallel (${PARALLEL_DEVICE_SYNCS} at a time)` : '',
    options.abortOnFailure ? 'Abort on failure' : ''
  ].filter(Boolean)
  return chosen.length > 0 ? ` with ${chosen.join(', ')}` : ''
}
