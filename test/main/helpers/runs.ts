// Waiting for runs without polling: the Core says when a run is released, and events say what happened.
import type { EventChannel } from '../../../src-preload/contract/channels'
import type { EventPayloads, RunSummary } from '../../../src-preload/contract'
import type { Core } from '../../../src-main/core'
import type { BackgroundTimer } from '../../../src-main/core/backgroundTimer'
import type { EventBus } from '../../../src-main/core/events'

/** The run as stored once it has ended and let go of its device (no polling: the Core says when). */
export async function finishedRun(core: Pick<Core, 'runs' | 'dispatch'>, runId: number): Promise<RunSummary> {
  await core.runs.runFinished(runId)
  const result = await core.dispatch('sync:run', { runId }, { origin: 'test' })
  if (!result.ok) throw new Error(`sync:run ${runId} failed: ${result.error.message}`)
  return result.value
}

/** Starts a run through `start` and resolves with it once it has ended. */
export async function runToEnd(
  core: Pick<Core, 'runs' | 'dispatch'>,
  start: () => Promise<{ runId: number }>
): Promise<RunSummary> {
  return finishedRun(core, (await start()).runId)
}

/** The payload of the next event on `channel` that matches; subscribe before causing it. */
export function nextEvent<C extends EventChannel>(
  events: EventBus,
  channel: C,
  match: (payload: EventPayloads[C]) => boolean = () => true
): Promise<EventPayloads[C]> {
  return new Promise((resolve) => {
    const off = events.subscribe((event: EventChannel, payload: unknown) => {
      if (event !== channel) return
      const typed = payload as EventPayloads[C]
      if (!match(typed)) return
      off()
      resolve(typed)
    })
  })
}

/**
 * The next run to end that matches, once it has let go of its device (its sync:finished listeners,
 * e.g. the job queue's, have run by then). Subscribe before causing it.
 */
export async function nextFinished(
  core: Pick<Core, 'runs' | 'events'>,
  match: (run: RunSummary) => boolean = () => true
): Promise<RunSummary> {
  const run = await nextEvent(core.events, 'sync:finished', match)
  await core.runs.runFinished(run.id)
  return run
}

/** A background timer the test ticks by hand (CoreOptions.backgroundTimer). */
export class ManualTimer implements BackgroundTimer {
  private onTick: (() => void) | undefined

  start(tick: () => void): () => void {
    this.onTick = tick
    return () => (this.onTick = undefined)
  }

  /** One background tick, now; it starts what is due synchronously. */
  tick(): void {
    if (!this.onTick)
      throw new Error('The background timer was not started (is the Core in background mode?)')
    this.onTick()
  }
}
