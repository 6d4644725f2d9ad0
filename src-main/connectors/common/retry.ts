export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number
  baseDelayMs: number
  maxDelayMs: number
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 6, baseDelayMs: 500, maxDelayMs: 15_000 }

/** Raised when an operation was cancelled through its AbortSignal. */
export class CancelledError extends Error {
  constructor() {
    super('Cancelled')
    this.name = 'CancelledError'
  }
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError()
}

/** Sleeps, waking early (with CancelledError) when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new CancelledError())
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    const onAbort = (): void => {
      clearTimeout(timer)
      reject(new CancelledError())
    }
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

/**
 * Runs `attempt` until it succeeds, it fails with an error `retryable` rejects, or the attempts run
 * out; waits with exponential back-off and random jitter in between (so many clients do not retry in
 * step against a throttling server). `onRetry` hears about each retry, for the run's log.
 */
export async function withRetry<T>(
  attempt: () => Promise<T>,
  options: {
    policy?: RetryPolicy
    signal?: AbortSignal
    retryable: (error: unknown) => boolean
    onRetry?: (error: unknown, delayMs: number, attempt: number) => void
    random?: () => number
    /** The wait before the next try, from the back-off's: a caller whose pacer waits instead says 0. */
    delayMs?: (error: unknown, backOffMs: number) => number
  }
): Promise<T> {
  const policy = options.policy ?? DEFAULT_RETRY
  const random = options.random ?? Math.random
  for (let n = 1; ; n++) {
    throwIfAborted(options.signal)
    try {
      return await attempt()
    } catch (error) {
      if (error instanceof CancelledError || options.signal?.aborted) throw new CancelledError()
      if (n >= policy.attempts || !options.retryable(error)) throw error
      const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (n - 1))
      const backOffMs = Math.round(ceiling / 2 + (random() * ceiling) / 2)
      const delayMs = options.delayMs ? options.delayMs(error, backOffMs) : backOffMs
      options.onRetry?.(error, delayMs, n)
      await sleep(delayMs, options.signal)
    }
  }
}

/** Runs `worker` over `items` with at most `limit` at a time, in order of start. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  worker: (item: T, index: number) => Promise<R>
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length)
  let next = 0
  // Once one item fails the whole call has failed: the other lanes finish their item, take no more.
  let failed = false
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (!failed && next < items.length) {
      const index = next++
      try {
        results[index] = await worker(items[index], index)
      } catch (error) {
        failed = true
        throw error
      }
    }
  })
  await Promise.all(lanes)
  return results
}
