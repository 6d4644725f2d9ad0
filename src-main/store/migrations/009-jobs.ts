import type { Migration } from './migration'

/**
 * Scheduled synchronization jobs (issue 7). Job runs join the run history as kind "job"; the
 * synchronizations a job run starts point to it (parent_run_id), so its log links to theirs. The audit
 * trail starts here with what the scheduler and the stuck-run monitor do.
 */
export const m009Jobs: Migration = {
  name: 'jobs',
  rebuildsTables: true,
  up(db) {
    db.exec(`
      CREATE TABLE jobs (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        frequency TEXT NOT NULL,
        start_at TEXT NOT NULL,
        time_zone TEXT NOT NULL,
        selection TEXT NOT NULL,
        options TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('scheduled','queued','running','canceling','canceled','completed')),
        next_run_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX jobs_due ON jobs(next_run_at) WHERE next_run_at IS NOT NULL;

      CREATE TABLE sync_runs_next (
        id INTEGER PRIMARY KEY,
        device_id INTEGER REFERENCES devices(id) ON DELETE CASCADE,
        domain_id INTEGER REFERENCES domains(id) ON DELETE CASCADE,
        job_id INTEGER REFERENCES jobs(id) ON DELETE SET NULL,
        parent_run_id INTEGER REFERENCES sync_runs(id) ON DELETE SET NULL,
        device_name TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('infrastructure','user','change-notification','domain','ldap','write-back','job')),
        status TEXT NOT NULL CHECK (status IN ('running','succeeded','partial','failed','cancelled','interrupted')),
        started_at TEXT NOT NULL,
        finished_at TEXT,
        summary TEXT,
        counts TEXT NOT NULL DEFAULT '{}',
        failed_types TEXT NOT NULL DEFAULT '[]'
      );
      INSERT INTO sync_runs_next (id, device_id, domain_id, device_name, kind, status, started_at, finished_at, summary, counts, failed_types)
        SELECT id, device_id, domain_id, device_name, kind, status, started_at, finished_at, summary, counts, failed_types FROM sync_runs;
      DROP TABLE sync_runs;
      ALTER TABLE sync_runs_next RENAME TO sync_runs;
      CREATE INDEX sync_runs_device ON sync_runs(device_id, id DESC);
      CREATE INDEX sync_runs_domain ON sync_runs(domain_id, kind, id DESC);
      CREATE INDEX sync_runs_job ON sync_runs(job_id, id DESC);
      CREATE INDEX sync_runs_parent ON sync_runs(parent_run_id);

      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT,
        details TEXT NOT NULL DEFAULT '{}'
      );
      CREATE INDEX audit_log_at ON audit_log(at);
    `)
  }
}
