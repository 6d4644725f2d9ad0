import type { Migration } from './migration'

/**
 * Issue 25 item 15: a device's runs outlive the device. Deleting a device deleted its runs (ON DELETE
 * CASCADE) and their logs, while the logs of job runs still pointed at them; now they stay under the
 * device's name as it was, with device_id NULL. Issue 27: kind and status lose their CHECK — every new
 * kind or status cost a rebuild of this table — and are validated on write instead (store/syncRuns.ts).
 * Issue 25 item 2: analog phones are a setting of the Call Processor, read by every synchronization.
 */
export const m019RunHistoryOutlivesDevices: Migration = {
  name: 'sync_runs outlive their device, without kind and status checks; devices.analog_phones',
  rebuildsTables: true,
  up(db) {
    db.exec(`
      CREATE TABLE sync_runs_next (
        id INTEGER PRIMARY KEY,
        device_id INTEGER REFERENCES devices(id) ON DELETE SET NULL,
        domain_id INTEGER REFERENCES domains(id) ON DELETE CASCADE,
        job_id INTEGER REFERENCES jobs(id) ON DELETE SET NULL,
        parent_run_id INTEGER REFERENCES sync_runs(id) ON DELETE SET NULL,
        device_name TEXT NOT NULL,
        kind TEXT NOT NULL,
        status TEXT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        summary TEXT,
        counts TEXT NOT NULL DEFAULT '{}',
        failed_types TEXT NOT NULL DEFAULT '[]',
        held TEXT
      );
      INSERT INTO sync_runs_next (id, device_id, domain_id, job_id, parent_run_id, device_name, kind, status, started_at, finished_at, summary, counts, failed_types, held)
        SELECT id, device_id, domain_id, job_id, parent_run_id, device_name, kind, status, started_at, finished_at, summary, counts, failed_types, held FROM sync_runs;
      DROP TABLE sync_runs;
      ALTER TABLE sync_runs_next RENAME TO sync_runs;
      CREATE INDEX sync_runs_device ON sync_runs(device_id, id DESC);
      CREATE INDEX sync_runs_domain ON sync_runs(domain_id, kind, id DESC);
      CREATE INDEX sync_runs_job ON sync_runs(job_id, id DESC);
      CREATE INDEX sync_runs_parent ON sync_runs(parent_run_id);
      CREATE INDEX sync_runs_kind ON sync_runs(kind, started_at);
      CREATE INDEX sync_runs_started ON sync_runs(started_at);

      ALTER TABLE devices ADD COLUMN analog_phones INTEGER NOT NULL DEFAULT 0;
    `)
  }
}
