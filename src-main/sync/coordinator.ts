import type { SyncProgress } from '../../src-preload/contract'
import { UserError } from '../core/errors'

interface ActiveRun {
  label: string
  controller: AbortController
  progress: SyncProgress
  /** The job run that started this one, if any. */
  parentRunId?: number
  /** When the run last reported progress (the stuck-run monitor reads it). */
  lastProgressAt: number
}

/**
 * The seeds' rule that only one synchronization runs at a time: a second start is refused with the
 * name of the running one. A job run is the one exception's owner: the synchronizations it starts
 * (startChild) run under it, side by side when the job says so. Also the place to find and cancel
 * what runs.
 */
export class SyncCoordinator {
  private readonly active = new Map<number, ActiveRun>()
  /** Who waits for a run to be released (runFinished), by run id. */
  private readonly finishWaiters = new Map<number, (() => void)[]>()
  /** Who waits for nothing to run (whenIdle). */
  private idleWaiters: (() => void)[] = []
  /** Set only while a job run synchronously starts one of its synchronizations. */
  private adoptingParent: number | undefined

  constructor(
    private readonly now: () => number = Date.now,
    /** Told when each run starts and ends (the store keeps its WAL checkpoints between runs). */
    private readonly runBoundaries: { hold(): void; release(): void } = { hold() {}, release() {} }
  ) {}

  /** Throws BUSY naming the running synchronization, if any (a job's own runs do not count for it). */
  assertIdle(): void {
    const parent = this.adoptingParent
    const running = [...this.active.entries()].find(
      ([runId, run]) => parent === undefined || (runId !== parent && run.parentRunId !== parent)
    )?.[1]
    if (running)
      throw new UserError(
        'BUSY',
        `Another synchronization is running: ${running.label}. Wait for it to finish or cancel it.`
      )
  }

  isIdle(): boolean {
    return this.active.size === 0
  }

  /**
   * Starts a synchronization that belongs to a job run: `start` is a service's synchronous start,
   * which checks assertIdle and registers within this call.
   */
  startChild<T>(parentRunId: number, start: () => T): T {
    this.adoptingParent = parentRunId
    try {
      return start()
    } finally {
      this.adoptingParent = undefined
    }
  }

  register(runId: number, label: string, progress: SyncProgress): AbortController {
    const controller = new AbortController()
    if (!this.active.has(runId)) this.runBoundaries.hold()
    this.active.set(runId, {
      label,
      controller,
      progress,
      lastProgressAt: this.now(),
      ...(this.adoptingParent !== undefined ? { parentRunId: this.adoptingParent } : {})
    })
    return controller
  }

  update(progress: SyncProgress): void {
    const run = this.active.get(progress.runId)
    if (run) {
      run.progress = progress
      run.lastProgressAt = this.now()
    }
  }

  release(runId: number): void {
    if (!this.active.delete(runId)) return
    this.runBoundaries.release()
    const waiting = this.finishWaiters.get(runId) ?? []
    this.finishWaiters.delete(runId)
    for (const resolve of waiting) resolve()
    if (this.active.size === 0) {
      const idle = this.idleWaiters
      this.idleWaiters = []
      for (const resolve of idle) resolve()
    }
  }

  /**
   * Resolves once the run is released: its final status, summary and log are stored by then (every
   * service finishes a run before it releases it). At once for a run that is not running.
   */
  runFinished(runId: number): Promise<void> {
    if (!this.active.has(runId)) return Promise.resolve()
    return new Promise((resolve) => {
      const waiting = this.finishWaiters.get(runId)
      if (waiting) waiting.push(resolve)
      else this.finishWaiters.set(runId, [resolve])
    })
  }

  /**
   * Resolves when nothing runs (at once if nothing does). A job that queues its next synchronization
   * as the last one finishes can start it after this resolved: wait for that one by its id.
   */
  whenIdle(): Promise<void> {
    if (this.active.size === 0) return Promise.resolve()
    return new Promise((resolve) => this.idleWaiters.push(resolve))
  }

  /** Cancels a run and, for a job run, every synchronization it started. */
  cancel(runId: number): boolean {
    const run = this.active.get(runId)
    run?.controller.abort()
    for (const child of this.active.values()) if (child.parentRunId === runId) child.controller.abort()
    return run !== undefined
  }

  progress(): SyncProgress[] {
    return [...this.active.values()].map((r) => r.progress)
  }

  /**
   * Runs that reported nothing for `quietMs`; not job runs, nor a run while synchronizations it started
   * run (a change notification run's full synchronizations): those wait on theirs, which report.
   */
  quietSince(quietMs: number): { runId: number; label: string; lastProgressAt: number }[] {
    const limit = this.now() - quietMs
    const waiting = new Set([...this.active.values()].map((run) => run.parentRunId))
    return [...this.active.entries()]
      .filter(
        ([runId, run]) => run.progress.kind !== 'job' && !waiting.has(runId) && run.lastProgressAt <= limit
      )
      .map(([runId, run]) => ({ runId, label: run.label, lastProgressAt: run.lastProgressAt }))
  }

  /** Cancels everything (the app is closing) and resolves when nothing runs any more. */
  async cancelAll(): Promise<void> {
    for (const run of this.active.values()) run.controller.abort()
    await this.whenIdle()
  }
}
