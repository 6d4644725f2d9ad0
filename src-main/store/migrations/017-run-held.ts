import type { Migration } from './migration'

/**
 * Issue 28: a device synchronization the deletion guard holds ends "needs-approval" and keeps what it
 * held (types, inventory and removal counts, the guard's share) in `held`, which its approval is
 * measured against. A CHECK changes only by rebuilding the table: runs are copied as they are.
 */
export const m017RunHeld: Migration = {
  name: 'sync_runs: needs-approval status and held removals',
  rebuildsTables: true,
  up(db) {
    db.exec(`
      CREATE TABLE sync_runs_next (
        id INTEGER PRIMARY KEY,
        device_id INTEGER REFERENCES devices(id) ON DELETE CASCADE,
        domain_id INTEGER REFERENCES domains(id) ON DELETE CASCADE,
        job_id INTEGER REFERENCES jobs(id) ON DELETE SET NULL,
        parent_run_id INTEGER REFERENCES sync_runs(id) ON DELETE SET NULL,
        device_name TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('infrastructure','user','change-notification','domain','ldap','write-back','job')),
        status TEXT NOT NULL CHECK (status IN ('running','succeeded','partial','failed','cancelled','interrupted','needs-approval')),
        started_at TEXT NOT NULL,
        finished_at TEXT,
        summary TEXT,
        counts TEXT NOT NULL DEFAULT '{}',
        failed_types TEXT NOT NULL DEFAULT '[]',
        held TEXT
      );
      INSERT INTO sync_runs_next (id, device_id, domain_id, job_id, parent_run_id, device_name, kind, status, started_at, finished_at, summary, counts, failed_types)
        SELECT id, device_id, domain_id, job_id, parent_run_id, device_name, kind, status, started_at, finished_at, summary, counts, failed_types FROM sync_runs;
      DROP TABLE sync_runs;
      ALTER TABLE sync_runs_next RENAME TO sync_runs;
      CREATE INDEX sync_runs_device ON sync_runs(device_id, id DESC);
      CREATE INDEX sync_runs_domain ON sync_runs(domain_id, kind, id DESC);
      CREATE INDEX sync_runs_job ON sync_runs(job_id, id DESC);
      CREATE INDEX sync_runs_parent ON sync_runs(parent_run_id);
      CREATE INDEX sync_runs_kind ON sync_runs(kind, started_at);
      CREATE INDEX sync_runs_started ON sync_runs(started_at);
    `)
  }
}
