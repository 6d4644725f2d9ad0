import type { Migration } from './migration'

/**
 * Issue 21 item 4: directory numbers reserved for a user (MACD-37 "Reserved DNs"). A number is
 * reserved once per Call Processor (its blocks never overlap there); the Call Processor is the service
 * area's, which never changes (SETUP-07), kept here so the database enforces that uniqueness.
 */
export const m025NumberReservations: Migration = {
  name: 'number_reservations',
  up(db) {
    db.exec(`
      CREATE TABLE number_reservations (
        id INTEGER PRIMARY KEY,
        service_area_id INTEGER NOT NULL REFERENCES service_areas(id) ON DELETE CASCADE,
        call_processor_id INTEGER NOT NULL REFERENCES devices(id) ON DELETE CASCADE,
        number TEXT NOT NULL,
        userid TEXT NOT NULL,
        userid_key TEXT NOT NULL,
        reserved_by TEXT NOT NULL,
        reserved_at TEXT NOT NULL,
        UNIQUE (call_processor_id, number)
      );
      CREATE INDEX number_reservations_area ON number_reservations (service_area_id, number);
      CREATE INDEX number_reservations_user ON number_reservations (userid_key);
    `)
  }
}
