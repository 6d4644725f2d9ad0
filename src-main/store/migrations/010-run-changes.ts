import type { Migration } from './migration'

/**
 * Issue 8: what each device synchronization changed, so two runs can be compared after the inventory
 * has moved on. `commit` (and change notification) record per type the keys added, changed (with the
 * data before and after) and removed (with the data before); the data lets a comparison fold several
 * runs and diff fields. A type a run filled from empty gets one `filled` row instead of an `added` row
 * per object: comparisons never need a first synchronization's objects, and large first runs stay fast.
 * Rows go with their run (retention, device deletion).
 */
export const m010RunChanges: Migration = {
  name: 'run changes, run history and audit filters',
  up(db) {
    db.exec(`
      CREATE TABLE run_changes (
        run_id INTEGER NOT NULL REFERENCES sync_runs(id) ON DELETE CASCADE,
        type TEXT NOT NULL,
        key TEXT NOT NULL,
        change TEXT NOT NULL CHECK (change IN ('added','changed','removed','filled')),
        name TEXT NOT NULL,
        before TEXT,
        after TEXT,
        PRIMARY KEY (run_id, type, key)
      ) WITHOUT ROWID;

      -- The Logs page filters every run by kind and time; retention finds runs past their age per kind.
      CREATE INDEX sync_runs_kind ON sync_runs(kind, started_at);
      CREATE INDEX sync_runs_started ON sync_runs(started_at);
      CREATE INDEX audit_log_action ON audit_log(action, id);
    `)
  }
}
