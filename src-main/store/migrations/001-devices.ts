import type { Migration } from './migration'

export const m001Devices: Migration = {
  name: 'devices, secrets, pinned certificates, connection tests',
  up(db) {
    db.exec(`
      CREATE TABLE devices (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('call-processor','message-processor','presence-processor','directory')),
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
        updated_at TEXT NOT NULL
      );
      CREATE UNIQUE INDEX devices_name ON devices(name COLLATE NOCASE);

      CREATE TABLE device_secrets (
        device_id INTEGER NOT NULL REFERENCES devices(id) ON DELETE CASCADE,
        purpose TEXT NOT NULL CHECK (purpose IN ('password','os-password')),
        ciphertext TEXT NOT NULL,
        PRIMARY KEY (device_id, purpose)
      );

      CREATE TABLE pinned_certificates (
        device_id INTEGER NOT NULL REFERENCES devices(id) ON DELETE CASCADE,
        endpoint TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        anchor_pem TEXT NOT NULL,
        trusted_at TEXT NOT NULL,
        PRIMARY KEY (device_id, endpoint)
      );

      CREATE TABLE connection_tests (
        id INTEGER PRIMARY KEY,
        device_id INTEGER NOT NULL REFERENCES devices(id) ON DELETE CASCADE,
        status TEXT NOT NULL CHECK (status IN ('in-progress','success','failure')),
        started_at TEXT NOT NULL,
        finished_at TEXT,
        duration_ms INTEGER,
        reason TEXT,
        message TEXT,
        version TEXT,
        fingerprint TEXT,
        endpoint TEXT
      );
      CREATE INDEX connection_tests_device ON connection_tests(device_id, id DESC);
    `)
  }
}
