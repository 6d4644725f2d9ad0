import type { Severity } from '../../src-preload/contract'
import type { Clock } from '../core/clock'
import type { NewLogEntry, SyncLogTable } from '../store/syncLog'

const FLUSH_EVERY = 500

/** A run's structured log: entries are buffered and written in batches (one transaction each). */
export class RunLog {
  private buffer: NewLogEntry[] = []
  private nextSeq = 1
  /** The last entry's time, as a number and as written (entries come thousands per millisecond). */
  private lastMs = Number.NaN
  private lastAt = ''
  readonly counts: Record<Severity, number> = { info: 0, warning: 0, error: 0 }

  constructor(
    private readonly table: SyncLogTable,
    private readonly runId: number,
    private readonly clock: Clock
  ) {}

  add(
    severity: Severity,
    code: string,
    message: string,
    about: { objectType?: string; objectName?: string; hint?: string } = {}
  ): void {
    const now = this.clock.now()
    if (now.getTime() !== this.lastMs) {
      this.lastMs = now.getTime()
      this.lastAt = now.toISOString()
    }
    this.buffer.push({ at: this.lastAt, severity, code, message, ...about })
    this.counts[severity] += 1
    if (this.buffer.length >= FLUSH_EVERY) this.flush()
  }

  flush(): void {
    if (this.buffer.length === 0) return
    this.table.append(this.runId, this.nextSeq, this.buffer)
    this.nextSeq += this.buffer.length
    this.buffer = []
  }
}
