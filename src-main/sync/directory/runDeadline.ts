import { describeDuration } from '../../connectors/ldap/limits'

/**
 * The deadline of one LDAP run, besides the deadlines of its requests: `signal` aborts when the run
 * is cancelled or when the deadline passes, and `passed` tells the two apart, so a run stopped by its
 * deadline fails with words that name the limit instead of reading as cancelled.
 */
export class RunDeadline {
  readonly signal: AbortSignal
  private expired = false
  private readonly timer: NodeJS.Timeout
  private readonly onCancel: () => void

  constructor(
    private readonly cancel: AbortSignal,
    private readonly ms: number
  ) {
    const controller = new AbortController()
    this.signal = controller.signal
    this.onCancel = () => controller.abort()
    cancel.addEventListener('abort', this.onCancel)
    if (cancel.aborted) controller.abort()
    this.timer = setTimeout(() => {
      this.expired = true
      controller.abort()
    }, ms)
  }

  get passed(): boolean {
    return this.expired
  }

  /** "… did not finish within 60 minutes, the deadline for one run", for `what` ("The LDAP synchronization of West"). */
  describe(what: string): string {
    return `${what} did not finish within ${describeDuration(this.ms)}, the deadline for one run, and was stopped.`
  }

  clear(): void {
    clearTimeout(this.timer)
    this.cancel.removeEventListener('abort', this.onCancel)
  }
}
