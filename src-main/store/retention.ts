import { effectiveRetention } from '../../src-preload/contract'
import type { Db } from './db'
import type { RunChangesTable } from './runChanges'
import type { SettingsTable } from './settings'
import type { SyncLogTable } from './syncLog'
import type { SyncRunsTable } from './syncRuns'

/**
 * Rows deleted per step. Deleting 20,000 log entries takes about 45 ms, so the main process answers
 * the window between steps; a run with 500,000 entries goes in about 25 steps instead of one 1.2 s stall.
 */
const ROWS_PER_STEP = 20_000

/** VACUUM when at least this share of the file's pages is free (deleted runs leave free pages). */
const VACUUM_FREE_SHARE = 0.25

/**
 * Applies the retention settings to the run history (issue 8 item 7): after each run for its device,
 * domain or job and kind, and for everything at start. Expired runs are deleted a step at a time
 * between other work; once none is left, the file is compacted when that is worth it and no
 * synchronization is running.
 */
export class RunRetention {
  private readonly queue = new Set<number>()
  private pending: NodeJS.Immediate | undefined
  private waiters: (() => void)[] = []

  constructor(
    private readonly db: Db,
    private readonly runs: SyncRunsTable,
    private readonly log: SyncLogTable,
    private readonly changes: RunChangesTable,
    private readonly settings: SettingsTable
  ) {}

  /** Deletes the runs of the finished run's device, domain or job and kind that are past retention. */
  afterRun(runId: number, now: Date): void {
    const subject = this.runs.subjectOf(runId)
    if (subject) this.enqueue(this.runs.expired(this.retentionOf(), now, subject))
  }

  /** Deletes every run past retention (at start). */
  sweep(now: Date): void {
    this.enqueue(this.runs.expired(this.retentionOf(), now))
  }

  /** Resolves once every queued deletion (and the compaction it made worthwhile) is done. */
  idle(): Promise<void> {
    if (this.pending === undefined) return Promise.resolve()
    return new Promise((resolve) => this.waiters.push(resolve))
  }

  /**
   * Stops between steps when the store closes (a one-shot CLI command does not wait for the steps);
   * what is left is found again by the next run's or start's retention.
   */
  stop(): void {
    if (this.pending !== undefined) clearImmediate(this.pending)
    this.pending = undefined
    this.queue.clear()
    this.settle()
  }

  /** Share of the file's pages that are free. */
  freeShare(): number {
    const pages = this.db.pragma('page_count', { simple: true }) as number
    const free = this.db.pragma('freelist_count', { simple: true }) as number
    return pages === 0 ? 0 : free / pages
  }

  private retentionOf(): Parameters<SyncRunsTable['expired']>[0] {
    const settings = this.settings.read()
    return (kind) => effectiveRetention(settings, kind)
  }

  /** Deletes one step's worth now (the usual expired run is small and goes at once), the rest later. */
  private enqueue(ids: number[]): void {
    for (const id of ids) this.queue.add(id)
    if (this.queue.size > 0 && this.pending === undefined) this.step()
  }

  private schedule(work: () => void): void {
    this.pending = setImmediate(() => {
      this.pending = undefined
      work()
    })
  }

  /**
   * One bounded piece of work: up to ROWS_PER_STEP log entries and changes of the oldest queued runs,
   * each run deleted once nothing of it is left. Then the next step; after the last, compaction, on
   * its own turn so it never runs inside a caller's work (VACUUM cannot run in a transaction).
   */
  private step(): void {
    let budget = ROWS_PER_STEP
    for (const runId of this.queue) {
      budget -= this.log.deleteSome(runId, budget)
      if (budget > 0) budget -= this.changes.deleteSome(runId, budget)
      if (budget <= 0) break
      this.runs.delete(runId)
      this.queue.delete(runId)
    }
    this.schedule(() => {
      if (this.queue.size > 0) return this.step()
      this.compact()
      this.settle()
    })
  }

  /** VACUUM rewrites the whole file: only when a quarter of it is free, and never during a run. */
  private compact(): void {
    if (this.freeShare() <= VACUUM_FREE_SHARE) return
    const running = this.db.prepare("SELECT 1 FROM sync_runs WHERE status = 'running' LIMIT 1").get()
    if (running !== undefined) return
    this.db.exec('VACUUM')
    // VACUUM goes through the WAL; give the space back to the disk too.
    this.db.pragma('wal_checkpoint(TRUNCATE)')
  }

  private settle(): void {
    const waiters = this.waiters
    this.waiters = []
    for (const resolve of waiters) resolve()
  }
}
