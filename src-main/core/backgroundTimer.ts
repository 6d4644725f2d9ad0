/**
 * What calls the background tick (due change-notification polls, jobs, stuck runs): an interval in the
 * hosts; tests pass a timer they drive by hand, so they decide when a tick happens instead of sleeping.
 */
export interface BackgroundTimer {
  /** Starts calling `tick`; returns what stops it. */
  start(tick: () => void): () => void
}

/**
 * Every `everyMs`, and once soon after start (within a second) so what came due while the host was
 * closed starts right away. Unreferenced: it never keeps a process alive on its own.
 */
export function intervalTimer(everyMs: number): BackgroundTimer {
  return {
    start(tick) {
      const first = setTimeout(tick, Math.min(1000, everyMs))
      const interval = setInterval(tick, everyMs)
      first.unref()
      interval.unref()
      return () => {
        clearTimeout(first)
        clearInterval(interval)
      }
    }
  }
}
