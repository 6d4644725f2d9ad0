// Client-side pacing of writes to a device whose write throttle answers HTTP 503 above some rate
// (Unified CM, Unity Connection). The throttle's rate is documented nowhere and its 503 carries no
// Retry-After, so the pacer learns it: until the first 503 it lets writes through as they come; a 503
// tells it how many writes the server accepted in the window before the refused one, which becomes
// the limit; after a long enough run of accepted writes it probes one write per window higher, and
// after each probe the server refused it waits twice as long before the next (up to MAX_PROBE_SCALE).
// One pacer per device (host:port) is shared by every writer of that device in the process: an
// order's writers connect and close per execution, and what one learned the next must not relearn.
import { CancelledError, sleep } from './retry'

export interface PacerClock {
  /** Milliseconds on a monotonic clock. */
  now(): number
  sleep(ms: number, signal?: AbortSignal): Promise<void>
}

const REAL_CLOCK: PacerClock = { now: () => performance.now(), sleep }

export interface PacerSettings {
  /** The throttle's window: "writes per second". */
  windowMs: number
  /**
   * Added to the window before a write may take the place of one it counted: the server sees each
   * write a little earlier or later than the client sent it, and a write arriving early is refused.
   */
  guardMs: number
  /** Accepted writes per window of the limit before one more per window is tried (about 30 s at the limit). */
  probeAfterWindows: number
}

/** A probe refused again and again is tried at most this many times less often. */
const MAX_PROBE_SCALE = 8

export const DEFAULT_PACER: PacerSettings = { windowMs: 1000, guardMs: 20, probeAfterWindows: 30 }

/** A write let through: report how the server answered it. */
export interface PacedWrite {
  /** The server acted on it (or answered anything but its throttle's 503). */
  accepted(): void
  /**
   * The server's write throttle refused it (HTTP 503). True when the pacer learned a limit from it
   * and waits before the next write; false when no write was accepted in the window before it (a
   * server refusing everything tells no rate), and the caller backs off on its own.
   */
  throttled(): boolean
}

interface Grant {
  at: number
  refused: boolean
}

export class WritePacer {
  /** Writes per window the server accepts, as learned; undefined until a first 503. */
  private learned: number | undefined
  private acceptedSinceChange = 0
  /** The limit was last raised by a probe that no 503 has answered yet. */
  private probing = false
  /** How many times longer than probeAfterWindows to wait before the next probe. */
  private probeScale = 1
  /** Grants of the recent past (a few windows), oldest first. */
  private grants: Grant[] = []
  /** Writers waiting for a slot take it in turn. */
  private queue: Promise<void> = Promise.resolve()

  constructor(
    private readonly settings: PacerSettings = DEFAULT_PACER,
    private readonly clock: PacerClock = REAL_CLOCK
  ) {}

  /** The learned limit (writes per window), undefined while the server has not throttled. */
  get limit(): number | undefined {
    return this.learned
  }

  /** Waits until a write may be sent without exceeding the learned limit, then lets it through. */
  acquire(signal?: AbortSignal): Promise<PacedWrite> {
    const turn = this.queue.then(() => this.waitForSlot(signal))
    // A cancelled writer gives up its turn; the next one still gets its own.
    this.queue = turn.then(
      () => undefined,
      () => undefined
    )
    return turn
  }

  private async waitForSlot(signal: AbortSignal | undefined): Promise<PacedWrite> {
    for (;;) {
      if (signal?.aborted) throw new CancelledError()
      const wait = this.waitMs()
      if (wait <= 0) break
      await this.clock.sleep(wait, signal)
    }
    const grant: Grant = { at: this.clock.now(), refused: false }
    this.grants.push(grant)
    let reported = false
    return {
      accepted: () => {
        if (reported) return
        reported = true
        this.onAccepted()
      },
      throttled: () => {
        if (reported) return this.learned !== undefined
        reported = true
        grant.refused = true
        return this.onThrottled(grant)
      }
    }
  }

  /** How long until the next write may go: the limit-th latest counted write must leave the window. */
  private waitMs(): number {
    const now = this.clock.now()
    const { windowMs, guardMs } = this.settings
    this.grants = this.grants.filter((g) => g.at > now - 4 * (windowMs + guardMs))
    if (this.learned === undefined) return 0
    const counted = this.grants.filter((g) => !g.refused && g.at > now - windowMs - guardMs)
    if (counted.length < this.learned) return 0
    return counted[counted.length - this.learned].at + windowMs + guardMs - now
  }

  private onAccepted(): void {
    if (this.learned === undefined) return
    this.acceptedSinceChange += 1
    const period = this.learned * this.settings.probeAfterWindows
    // A probe that held for a whole period is the new limit: the next is tried as soon again.
    if (this.probing && this.acceptedSinceChange >= period) this.probeScale = 1
    if (this.acceptedSinceChange >= period * this.probeScale) {
      this.learned += 1
      this.acceptedSinceChange = 0
      this.probing = true
    }
  }

  /**
   * The writes the server accepted in the window before the refused one are what it allows. Never
   * more than one below what was allowed before (the server's limit fell, or a write arrived early),
   * and never below one write per window. A refusal after none accepted teaches nothing.
   */
  private onThrottled(refused: Grant): boolean {
    const { windowMs } = this.settings
    const observed = this.grants.filter(
      (g) => g !== refused && !g.refused && g.at > refused.at - windowMs && g.at <= refused.at
    ).length
    if (observed === 0) return false
    this.learned = this.learned === undefined ? observed : Math.max(1, Math.min(observed, this.learned - 1))
    if (this.probing) this.probeScale = Math.min(MAX_PROBE_SCALE, this.probeScale * 2)
    this.probing = false
    this.acceptedSinceChange = 0
    return true
  }
}

const pacers = new Map<string, WritePacer>()

/** The pacer of the device at `endpoint` (host:port), shared by every writer of it in this process. */
export function writePacerOf(endpoint: string): WritePacer {
  let pacer = pacers.get(endpoint)
  if (!pacer) {
    pacer = new WritePacer()
    pacers.set(endpoint, pacer)
  }
  return pacer
}
