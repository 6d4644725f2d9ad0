import type { Migration } from './migration'

export const m006Ldap: Migration = {
  name: 'domain LDAP settings; directory synchronization runs',
  rebuildsTables: true,
  up(db) {
    db.exec(`
      CREATE TABLE domain_ldap_settings (
        domain_id INTEGER PRIMARY KEY REFERENCES domains(id) ON DELETE CASCADE,
        settings TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );

      CREATE TABLE sync_runs_next (
        id INTEGER PRIMARY KEY,
        device_id INTEGER REFERENCES devices(id) ON DELETE CASCADE,
        domain_id INTEGER REFERENCES domains(id) ON DELETE CASCADE,
        device_name TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('infrastructure','user','change-notification','domain','ldap')),
        status TEXT NOT NULL CHECK (status IN ('running','succeeded','partial','failed','cancelled','interrupted')),
        started_at TEXT NOT NULL,
        finished_at TEXT,
        summary TEXT,
        counts TEXT NOT NULL DEFAULT '{}',
        failed_types TEXT NOT NULL DEFAULT '[]'
      );
      INSERT INTO sync_runs_next SELECT id, device_id, domain_id, device_name, kind, status, started_at, finished_at, summary, counts, failed_types FROM sync_runs;
      DROP TABLE sync_runs;
      ALTER TABLE sync_runs_next RENAME TO sync_runs;
      CREATE INDEX sync_runs_device ON sync_runs(device_id, id DESC);
      CREATE INDEX sync_runs_domain ON sync_runs(domain_id, kind, id DESC);
    `)
  }
}
