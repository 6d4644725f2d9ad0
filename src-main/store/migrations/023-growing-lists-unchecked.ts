import type { Migration } from './migration'

/**
 * Issue 27 item 4: the lists that grow with the product — device kinds (the cloud directory is next),
 * secret purposes, job states, log severities — lose their CHECK, as run kinds and statuses did in
 * migration 019: each new value cost a rebuild of its table. The store modules check them on write
 * against the contract's lists instead (store/vocabulary.ts). A CHECK goes only by rebuilding the
 * table: rows are copied as they are, with the same keys, references, defaults and indexes. Closed
 * sets keep theirs (a connection test's outcome, an inventory scope, a change's add/change/remove,
 * booleans, ranges, and the planned line's source, whose CHECK also ties it to the planned number).
 */
export const m023GrowingListsUnchecked: Migration = {
  name: 'devices.kind, device_secrets.purpose, jobs.state and sync_log.severity without CHECK lists',
  rebuildsTables: true,
  up(db) {
    db.exec(`
      CREATE TABLE devices_next (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        kind TEXT NOT NULL,
        product TEXT NOT NULL,
        host TEXT NOT NULL,
        port INTEGER NOT NULL CHECK (port BETWEEN 1 AND 65535),
        use_ssl INTEGER NOT NULL DEFAULT 0,
        username TEXT,
        os_username TEXT,
        backup_host TEXT,
        backup_port INTEGER,
        admin_dn TEXT,
        search_base TEXT,
        call_processor_id INTEGER REFERENCES devices(id) ON DELETE RESTRICT,
        em_service_name TEXT,
        em_service_url TEXT,
        version TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        start_tls INTEGER NOT NULL DEFAULT 0 CHECK (start_tls IN (0, 1)),
        analog_phones INTEGER NOT NULL DEFAULT 0,
        allow_changes INTEGER NOT NULL DEFAULT 0 CHECK (allow_changes IN (0, 1))
      );
      INSERT INTO devices_next (id, name, kind, product, host, port, use_ssl, username, os_username, backup_host, backup_port, admin_dn, search_base, call_processor_id, em_service_name, em_service_url, version, created_at, updated_at, start_tls, analog_phones, allow_changes)
        SELECT id, name, kind, product, host, port, use_ssl, username, os_username, backup_host, backup_port, admin_dn, search_base, call_processor_id, em_service_name, em_service_url, version, created_at, updated_at, start_tls, analog_phones, allow_changes FROM devices;
      DROP TABLE devices;
      ALTER TABLE devices_next RENAME TO devices;
      CREATE UNIQUE INDEX devices_name ON devices(name COLLATE NOCASE);

      CREATE TABLE device_secrets_next (
        device_id INTEGER NOT NULL REFERENCES devices(id) ON DELETE CASCADE,
        purpose TEXT NOT NULL,
        ciphertext TEXT NOT NULL,
        PRIMARY KEY (device_id, purpose)
      );
      INSERT INTO device_secrets_next (device_id, purpose, ciphertext)
        SELECT device_id, purpose, ciphertext FROM device_secrets;
      DROP TABLE device_secrets;
      ALTER TABLE device_secrets_next RENAME TO device_secrets;

      CREATE TABLE jobs_next (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        frequency TEXT NOT NULL,
        start_at TEXT NOT NULL,
        time_zone TEXT NOT NULL,
        selection TEXT NOT NULL,
        options TEXT NOT NULL,
        state TEXT NOT NULL,
        next_run_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      INSERT INTO jobs_next (id, name, frequency, start_at, time_zone, selection, options, state, next_run_at, created_at, updated_at)
        SELECT id, name, frequency, start_at, time_zone, selection, options, state, next_run_at, created_at, updated_at FROM jobs;
      DROP TABLE jobs;
      ALTER TABLE jobs_next RENAME TO jobs;
      CREATE INDEX jobs_due ON jobs(next_run_at) WHERE next_run_at IS NOT NULL;

      CREATE TABLE sync_log_next (
        run_id INTEGER NOT NULL REFERENCES sync_runs(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        at TEXT NOT NULL,
        severity TEXT NOT NULL,
        code TEXT NOT NULL,
        object_type TEXT,
        object_name TEXT,
        message TEXT NOT NULL,
        hint TEXT,
        PRIMARY KEY (run_id, seq)
      ) WITHOUT ROWID;
      INSERT INTO sync_log_next (run_id, seq, at, severity, code, object_type, object_name, message, hint)
        SELECT run_id, seq, at, severity, code, object_type, object_name, message, hint FROM sync_log;
      DROP TABLE sync_log;
      ALTER TABLE sync_log_next RENAME TO sync_log;
      CREATE INDEX sync_log_severity ON sync_log(run_id, severity, seq);
      CREATE INDEX sync_log_code ON sync_log(run_id, code, seq);
      CREATE INDEX sync_log_type ON sync_log(run_id, object_type, seq);
    `)
  }
}
