import type { SyncProgress } from '../../src-preload/contract'
import { UserError } from '../core/errors'

interface ActiveRun {
  label: string
  controller: AbortController
  progress: SyncProgress
}

/**
 * The seeds' rule that only one synchronization runs at a time: a second start is refused with the
 * name of the running one. Also the place to find and cancel what runs.
 */
export class SyncCoordinator {
  private readonly active = new Map<number, ActiveRun>()

  /** Throws BUSY naming the running synchronization, if any. */
  assertIdle(): void {
    const running = [...this.active.values()][0]
    if (running)
      throw new UserError(
        'BUSY',
        `Another synchronization is running: ${running.label}. Wait for it to finish or cancel it.`
      )
  }

  register(runId: number, label: string, progress: SyncProgress): AbortController {
    const controller = new AbortController()
    this.active.set(runId, { label, controller, progress })
    return controller
  }

  update(progress: SyncProgress): void {
    const run = this.active.get(progress.runId)
    if (run) run.progress = progress
  }

  release(runId: number): void {
    this.active.delete(runId)
  }

  cancel(runId: number): boolean {
    const run = this.active.get(runId)
    run?.controller.abort()
    return run !== undefined
  }

  progress(): SyncProgress[] {
    return [...this.active.values()].map((r) => r.progress)
  }

  /** Cancels everything (the app is closing) and resolves when nothing runs any more. */
  async cancelAll(): Promise<void> {
    for (const run of this.active.values()) run.controller.abort()
    while (this.active.size > 0) await new Promise((resolve) => setTimeout(resolve, 20))
  }
}
