import type { Migration } from './migration'

export const m002Sync: Migration = {
  name: 'synchronization runs, structured logs, device inventory with staging',
  up(db) {
    db.exec(`
      CREATE TABLE sync_runs (
        id INTEGER PRIMARY KEY,
        device_id INTEGER REFERENCES devices(id) ON DELETE CASCADE,
        device_name TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('infrastructure','user','change-notification')),
        status TEXT NOT NULL CHECK (status IN ('running','succeeded','partial','failed','cancelled','interrupted')),
        started_at TEXT NOT NULL,
        finished_at TEXT,
        summary TEXT,
        counts TEXT NOT NULL DEFAULT '{}',
        failed_types TEXT NOT NULL DEFAULT '[]'
      );
      CREATE INDEX sync_runs_device ON sync_runs(device_id, id DESC);

      CREATE TABLE sync_log (
        run_id INTEGER NOT NULL REFERENCES sync_runs(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        at TEXT NOT NULL,
        severity TEXT NOT NULL CHECK (severity IN ('info','warning','error')),
        code TEXT NOT NULL,
        object_type TEXT,
        object_name TEXT,
        message TEXT NOT NULL,
        hint TEXT,
        PRIMARY KEY (run_id, seq)
      ) WITHOUT ROWID;
      CREATE INDEX sync_log_severity ON sync_log(run_id, severity, seq);
      CREATE INDEX sync_log_code ON sync_log(run_id, code, seq);
      CREATE INDEX sync_log_type ON sync_log(run_id, object_type, seq);

      -- The good inventory of each device; a run fills inventory_staging and swaps at its end.
      CREATE TABLE inventory (
        device_id INTEGER NOT NULL REFERENCES devices(id) ON DELETE CASCADE,
        scope TEXT NOT NULL CHECK (scope IN ('infrastructure','user')),
        type TEXT NOT NULL,
        key TEXT NOT NULL,
        name TEXT NOT NULL,
        data TEXT NOT NULL,
        run_id INTEGER NOT NULL,
        PRIMARY KEY (device_id, type, key)
      ) WITHOUT ROWID;
      CREATE INDEX inventory_name ON inventory(device_id, type, name);

      CREATE TABLE inventory_staging (
        run_id INTEGER NOT NULL REFERENCES sync_runs(id) ON DELETE CASCADE,
        type TEXT NOT NULL,
        key TEXT NOT NULL,
        name TEXT NOT NULL,
        data TEXT NOT NULL,
        PRIMARY KEY (run_id, type, key)
      ) WITHOUT ROWID;
    `)
  }
}
