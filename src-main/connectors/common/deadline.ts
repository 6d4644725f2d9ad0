// Overall deadlines for connector requests and runs, kept apart from any transport: an idle timeout
// alone never ends a server that sends one byte just before it would fire.

/** A signal that aborts when any of `signals` does or `ms` have passed, and whether the time ran out. */
export interface Deadline {
  signal: AbortSignal
  /** Whether this deadline's own time ran out (rather than one of the signals aborting). */
  expired(): boolean
  /** Stops the timer and the listening; call once the work is over. */
  dispose(): void
}

export function deadline(ms: number, ...signals: (AbortSignal | undefined)[]): Deadline {
  const controller = new AbortController()
  let expired = false
  const timer = setTimeout(() => {
    if (controller.signal.aborted) return
    expired = true
    controller.abort(
      Object.assign(new Error(`The deadline of ${duration(ms)} passed.`), { code: 'ETIMEDOUT' })
    )
  }, ms)
  // A deadline never keeps the process alive by itself.
  timer.unref()
  const listening: AbortSignal[] = []
  const forward = (event: Event): void => controller.abort((event.target as AbortSignal).reason)
  for (const signal of signals) {
    if (!signal) continue
    if (signal.aborted) controller.abort(signal.reason)
    else {
      signal.addEventListener('abort', forward, { once: true })
      listening.push(signal)
    }
  }
  return {
    signal: controller.signal,
    expired: () => expired,
    dispose: () => {
      clearTimeout(timer)
      for (const signal of listening) signal.removeEventListener('abort', forward)
    }
  }
}

/** A duration as people read it: 300 ms, 45 s, 5 min, 2 h. */
export function duration(ms: number): string {
  if (ms < 1000) return `${ms} ms`
  if (ms < 120_000) return `${Math.round(ms / 1000)} s`
  if (ms < 2 * 3_600_000) return `${Math.round(ms / 60_000)} min`
  return `${Math.round(ms / 3_600_000)} h`
}
