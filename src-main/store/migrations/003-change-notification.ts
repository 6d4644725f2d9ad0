import type { Migration } from './migration'

export const m003ChangeNotification: Migration = {
  name: 'change notification state per call processor',
  up(db) {
    db.exec(`
      CREATE TABLE change_notification (
        device_id INTEGER PRIMARY KEY REFERENCES devices(id) ON DELETE CASCADE,
        enabled INTEGER NOT NULL DEFAULT 0,
        interval_minutes INTEGER NOT NULL DEFAULT 5 CHECK (interval_minutes BETWEEN 1 AND 15),
        queue_id TEXT,
        next_start_change_id INTEGER,
        last_poll_at TEXT,
        last_status TEXT
      );
    `)
  }
}
