import type { Migration } from './migration'

export const m005Domains: Migration = {
  name: 'domains, service areas, directory number blocks, user roles, domain users; domain runs',
  // sync_runs is rebuilt to accept domain runs; its children (logs, staging) must not cascade meanwhile.
  rebuildsTables: true,
  up(db) {
    db.exec(`
      CREATE TABLE domains (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        description TEXT,
        directory_id INTEGER REFERENCES devices(id) ON DELETE RESTRICT,
        rules TEXT NOT NULL,
        default_role TEXT NOT NULL DEFAULT 'Employee',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );

      -- Call and Message Processors of a domain; a device in use by a domain cannot be deleted.
      CREATE TABLE domain_processors (
        domain_id INTEGER NOT NULL REFERENCES domains(id) ON DELETE CASCADE,
        device_id INTEGER NOT NULL REFERENCES devices(id) ON DELETE RESTRICT,
        position INTEGER NOT NULL,
        PRIMARY KEY (domain_id, device_id)
      ) WITHOUT ROWID;
      CREATE INDEX domain_processors_device ON domain_processors(device_id);

      CREATE TABLE service_areas (
        id INTEGER PRIMARY KEY,
        domain_id INTEGER NOT NULL REFERENCES domains(id) ON DELETE CASCADE,
        name TEXT NOT NULL COLLATE NOCASE,
        position INTEGER NOT NULL,
        call_processor_id INTEGER NOT NULL REFERENCES devices(id) ON DELETE RESTRICT,
        message_processor_id INTEGER REFERENCES devices(id) ON DELETE RESTRICT,
        presence_processor_id INTEGER REFERENCES devices(id) ON DELETE RESTRICT,
        attributes TEXT NOT NULL,
        user_roles TEXT NOT NULL DEFAULT '[]',
        UNIQUE (domain_id, name)
      );

      CREATE TABLE dn_blocks (
        id INTEGER PRIMARY KEY,
        service_area_id INTEGER NOT NULL REFERENCES service_areas(id) ON DELETE CASCADE,
        prefix TEXT NOT NULL,
        first INTEGER NOT NULL,
        last INTEGER NOT NULL,
        min_length INTEGER NOT NULL,
        CHECK (last >= first)
      );
      CREATE INDEX dn_blocks_area ON dn_blocks(service_area_id);

      CREATE TABLE user_roles (
        id INTEGER PRIMARY KEY,
        domain_id INTEGER NOT NULL REFERENCES domains(id) ON DELETE CASCADE,
        name TEXT NOT NULL COLLATE NOCASE,
        builtin INTEGER NOT NULL DEFAULT 0,
        endpoints TEXT NOT NULL DEFAULT '[]',
        lines TEXT NOT NULL DEFAULT '[]',
        services TEXT NOT NULL DEFAULT '[]',
        bundles TEXT NOT NULL DEFAULT '[]',
        UNIQUE (domain_id, name)
      );

      -- User ids are unique without regard to case across all domains (a user is in one domain).
      CREATE TABLE domain_users (
        userid_key TEXT PRIMARY KEY,
        userid TEXT NOT NULL,
        domain_id INTEGER NOT NULL REFERENCES domains(id) ON DELETE CASCADE,
        role TEXT NOT NULL,
        source TEXT NOT NULL,
        data TEXT NOT NULL,
        services TEXT NOT NULL,
        last_name_key TEXT NOT NULL,
        run_id INTEGER
      ) WITHOUT ROWID;
      CREATE INDEX domain_users_domain ON domain_users(domain_id, userid_key);
      CREATE INDEX domain_users_last_name ON domain_users(last_name_key);

      -- Search keys of users' services (MAC address, directory number) and their service areas.
      CREATE TABLE domain_user_services (
        domain_id INTEGER NOT NULL REFERENCES domains(id) ON DELETE CASCADE,
        userid_key TEXT NOT NULL REFERENCES domain_users(userid_key) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        search_key TEXT,
        service_area_id INTEGER REFERENCES service_areas(id) ON DELETE SET NULL
      );
      CREATE INDEX domain_user_services_user ON domain_user_services(userid_key);
      CREATE INDEX domain_user_services_search ON domain_user_services(search_key);
      CREATE INDEX domain_user_services_area ON domain_user_services(service_area_id, kind);

      CREATE TABLE sync_runs_next (
        id INTEGER PRIMARY KEY,
        device_id INTEGER REFERENCES devices(id) ON DELETE CASCADE,
        domain_id INTEGER REFERENCES domains(id) ON DELETE CASCADE,
        device_name TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('infrastructure','user','change-notification','domain')),
        status TEXT NOT NULL CHECK (status IN ('running','succeeded','partial','failed','cancelled','interrupted')),
        started_at TEXT NOT NULL,
        finished_at TEXT,
        summary TEXT,
        counts TEXT NOT NULL DEFAULT '{}',
        failed_types TEXT NOT NULL DEFAULT '[]'
      );
      INSERT INTO sync_runs_next (id, device_id, device_name, kind, status, started_at, finished_at, summary, counts, failed_types)
        SELECT id, device_id, device_name, kind, status, started_at, finished_at, summary, counts, failed_types FROM sync_runs;
      DROP TABLE sync_runs;
      ALTER TABLE sync_runs_next RENAME TO sync_runs;
      CREATE INDEX sync_runs_device ON sync_runs(device_id, id DESC);
      CREATE INDEX sync_runs_domain ON sync_runs(domain_id, id DESC);
    `)
  }
}
