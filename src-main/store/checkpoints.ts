import type { Db } from './db'

/** SQLite's own threshold (pages in the WAL) for checkpointing after a commit. */
const AUTOCHECKPOINT_PAGES = 1000

/**
 * WAL checkpoints at the ends of synchronizations. Left to SQLite, a checkpoint runs in whichever
 * commit takes the WAL past 1,000 pages: inside the run that wrote them, copying every page back into
 * the database (0.3 s of a 40,000-user domain synchronization). While any synchronization runs,
 * automatic checkpoints wait; each run's end checkpoints what was written, once its result is
 * recorded. A run is already durable in the WAL when it commits; the checkpoint only moves it.
 */
export class Checkpoints {
  private running = 0

  constructor(private readonly db: Db) {}

  /** A synchronization starts: no checkpoint until it ends. */
  hold(): void {
    if (this.running++ === 0) this.db.pragma('wal_autocheckpoint = 0')
  }

  /** A synchronization ended: checkpoint now (readers are never blocked), automatic again once none runs. */
  release(): void {
    if (this.running === 0) return
    this.running -= 1
    if (!this.db.open) return
    this.db.pragma('wal_checkpoint(PASSIVE)')
    if (this.running === 0) this.db.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`)
  }
}
