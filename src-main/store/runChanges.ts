import type { Db } from './db'

/** One key's change by one run; `filled` (key '') marks a type the run filled from empty. */
export interface RunChange {
  runId: number
  type: string
  key: string
  change: 'added' | 'changed' | 'removed' | 'filled'
  name: string
  /** The object's data JSON before the run (changed, removed). */
  before: string | null
  /** The object's data JSON after the run (added, changed). */
  after: string | null
}

/**
 * What synchronizations changed, per run and key: devices' inventory (written by InventoryTable in
 * the commit's transaction) and domains' users (DomainUsersTable.replaceDomain); read back to compare
 * two runs.
 */
export class RunChangesTable {
  constructor(private readonly db: Db) {}

  /**
   * The changes recorded by a device's (or a domain's) runs after `afterRunId` up to and including
   * `uptoRunId`, oldest first.
   */
  *between(
    subject: { deviceId: number } | { domainId: number },
    afterRunId: number,
    uptoRunId: number
  ): Generator<RunChange> {
    const column = 'deviceId' in subject ? 'device_id' : 'domain_id'
    const rows = this.db
      .prepare(
        `SELECT c.run_id AS runId, c.type, c.key, c.change, c.name, c.before, c.after
         FROM sync_runs r JOIN run_changes c ON c.run_id = r.id
         WHERE r.${column} = @subjectId AND r.id > @afterRunId AND r.id <= @uptoRunId
         ORDER BY r.id`
      )
      .iterate({
        subjectId: 'deviceId' in subject ? subject.deviceId : subject.domainId,
        afterRunId,
        uptoRunId
      }) as IterableIterator<RunChange>
    yield* rows
  }

  /** Deletes up to `limit` changes of a run (retention deletes big runs a step at a time). */
  deleteSome(runId: number, limit: number): number {
    return this.db
      .prepare(
        `DELETE FROM run_changes WHERE run_id = @runId AND (type, key) IN
           (SELECT type, key FROM run_changes WHERE run_id = @runId LIMIT @limit)`
      )
      .run({ runId, limit }).changes
  }
}
