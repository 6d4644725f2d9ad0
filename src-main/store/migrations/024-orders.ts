import type { Migration } from './migration'

/**
 * Issue 20 item 3: orders and their steps. An order is written before its first request and each
 * step's state before and after its request, so a crash leaves a record of what may have been sent.
 * A step whose request may or may not have landed (a crash, a lost connection) says so
 * (outcome_unknown): recovery reads the device for it. Steps keep their device's name: the record outlives a deleted device. Statuses and states are
 * checked by the store module (lists that may grow).
 */
export const m024Orders: Migration = {
  name: 'orders and order_steps',
  up(db) {
    db.exec(`
      CREATE TABLE orders (
        id INTEGER PRIMARY KEY,
        title TEXT NOT NULL,
        requested_by TEXT NOT NULL,
        status TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        last_run_id INTEGER REFERENCES sync_runs(id) ON DELETE SET NULL,
        error TEXT
      );
      CREATE INDEX orders_status ON orders (status);
      CREATE TABLE order_steps (
        order_id INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL CHECK (seq >= 1),
        device_id INTEGER REFERENCES devices(id) ON DELETE SET NULL,
        device_name TEXT NOT NULL,
        action TEXT NOT NULL,
        depends_on TEXT NOT NULL DEFAULT '[]',
        state TEXT NOT NULL,
        request TEXT,
        undo TEXT,
        answer TEXT,
        error TEXT,
        outcome_unknown INTEGER NOT NULL DEFAULT 0 CHECK (outcome_unknown IN (0, 1)),
        started_at TEXT,
        finished_at TEXT,
        duration_ms INTEGER,
        PRIMARY KEY (order_id, seq)
      ) WITHOUT ROWID;
      CREATE INDEX order_steps_device ON order_steps (device_id);
    `)
  }
}
