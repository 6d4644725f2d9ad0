import type { Migration } from './migration'

export const m004Settings: Migration = {
  name: 'application settings',
  up(db) {
    db.exec(`CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;`)
  }
}
