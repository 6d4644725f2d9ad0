// Runs a job's plan under one job run (SCHED-15, SCHED-19): device synchronizations (side by side
// when the job says so), then the LDAP synchronization of domains, then domain synchronizations. A
// domain is skipped when a device or directory it uses failed in this run, unless Force Domain
// Synchronization; Abort on failure stops at the first failure. Every synchronization started is a
// run of its own, linked to the job run, whose log lists them with their run ids.
import type { JobOptions, PlanStep, RunStatus, RunSummary, SyncProgress } from '../../src-preload/contract'
import { mapLimit } from '../connectors/common/retry'
import type { Clock } from '../core/clock'
import { UserError } from '../core/errors'
import type { EventBus } from '../core/events'
import type { Store } from '../store'
import type { SyncCoordinator } from '../sync/coordinator'
import { DEFAULT_RUN_OPTIONS } from '../sync/device/objects'
import type { DeviceSyncService } from '../sync/device/service'
import type { DirectorySyncService } from '../sync/directory/service'
import type { DomainSyncService } from '../sync/domain/service'
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
  ok: boolean
  /** Not ok because the deletion guard held it: nothing failed, an administrator must approve. */
  held?: boolean
  /** Devices and directories whose failure keeps their domains from synchronizing. */
  failedDevice?: string
}

/**
 * A held run is no success: its device's inventory is the previous one, and the domains that use it
 * are skipped like those of a failed device (unless Force Domain Synchronization).
 */
const FAILED: readonly RunStatus[] = ['failed', 'partial', 'cancelled', 'interrupted', 'needs-approval']

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
    notes: string[] = []
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
    const done = this.execute(job, runId, steps, options, notes, progress, controller.signal).finally(() =>
      coordinator.release(runId)
    )
    return { runId, done }
  }

  private async execute(
    job: { id?: number; name: string },
    runId: number,
    steps: PlanStep[],
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
    log.flush()

    const outcomes: Outcome[] = []
    let aborted = false
    const shouldStop = (): boolean => signal.aborted || aborted
    const record = (outcome: Outcome): void => {
      outcomes.push(outcome)
      if (!outcome.ok && options.abortOnFailure && !aborted && !signal.aborted) {
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
        record({ ...outcome, ...(outcome.ok ? {} : { failedDevice: step.target }) })
        // A user synchronization needs the infrastructure it failed to read.
        if (!outcome.ok && kind === 'infrastructure' && step.syncs.includes('user')) {
          log.add(
            'warning',
            'JOB_SYNC_SKIPPED',
            `User synchronization of ${step.target} skipped: its infrastructure synchronization ${outcome.held ? 'needs approval' : 'failed'}.`,
            { objectType: 'device', objectName: step.target }
          )
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
        const failed = this.devicesOf(step.target).filter((d) => failedDevices().has(d.toLowerCase()))
        if (failed.length > 0) {
          log.add(
            'warning',
            'JOB_DOMAIN_SKIPPED',
            `Domain synchronization of ${step.target} skipped: ${failed.join(', ')} failed in this run.`,
            {
              objectType: 'domain',
              objectName: step.target,
              hint: 'Fix the failed synchronization, or run the job with Force Domain Synchronization.'
            }
          )
          outcomes.push({ label: `domain synchronization of ${step.target}`, ok: false })
          stepDone(step.target)
          continue
        }
      }
      const outcome =
        step.kind === 'ldap'
          ? await this.child(
              runId,
              log,
              'domain',
              step.target,
              `LDAP synchronization of ${step.target}`,
              () => this.deps.directorySync.start(step.target)
            )
          : await this.child(
              runId,
              log,
              'domain',
              step.target,
              `domain synchronization of ${step.target}`,
              () => this.deps.domainSync.start(step.target)
            )
      const directory = step.kind === 'ldap' ? this.directoryOf(step.target) : undefined
      record({ ...outcome, ...(!outcome.ok && directory ? { failedDevice: directory } : {}) })
      stepDone(step.target)
    }

    const failed = outcomes.filter((o) => !o.ok).length
    const held = outcomes.filter((o) => o.held).length
    const succeeded = outcomes.length - failed
    const notRun = signal.aborted || aborted ? ' Steps not started were skipped.' : ''
    const status: Exclude<RunStatus, 'running'> = signal.aborted
      ? 'cancelled'
      : failed === 0
        ? 'succeeded'
        : succeeded > 0
          ? 'partial'
          : 'failed'
    const summary =
      status === 'cancelled'
        ? `Cancelled after ${outcomes.length} synchronization(s) (${succeeded} succeeded).${notRun}`
        : outcomes.length === 0
          ? 'Nothing to synchronize: the job matched no processor, directory or domain.'
          : `${succeeded} of ${outcomes.length} synchronization(s) succeeded${failed > held ? `, ${failed - held} failed or skipped` : ''}${held > 0 ? `, ${held} held by the deletion guard (needs approval)` : ''}.${notRun}`
    log.add(
      status === 'succeeded' ? 'info' : status === 'failed' ? 'error' : 'warning',
      `JOB_${status.toUpperCase()}`,
      summary
    )
    log.flush()
    store.syncRuns.finish(runId, {
      status,
      at: clock.now().toISOString(),
      summary,
      counts: {},
      failedTypes: []
    })
    store.retention.afterRun(runId, clock.now())
    const result = store.syncRuns.get(runId) as RunSummary
    events.emit('sync:progress', { ...progress, percent: 100 })
    events.emit('sync:finished', result)
    return result
  }

  /** Starts one synchronization under the job run and waits for it; a refusal is a failure, logged. */
  private async child(
    parentRunId: number,
    log: RunLog,
    objectType: 'device' | 'domain',
    objectName: string,
    label: string,
    start: () => Started
  ): Promise<Outcome> {
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
      return { label, ok: false }
    }
    store.syncRuns.setParent(started.runId, parentRunId)
    log.add('info', 'JOB_SYNC_STARTED', `${capitalize(label)} started as run ${started.runId}.`, {
      objectType,
      objectName
    })
    log.flush()
    const result = await started.done
    const ok = !FAILED.includes(result.status)
    const held = result.status === 'needs-approval'
    log.add(
      ok ? 'info' : result.status === 'cancelled' || held ? 'warning' : 'error',
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
    return { label, ok, ...(held ? { held } : {}) }
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
