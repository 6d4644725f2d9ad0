import type { Migration } from './migration'

/**
 * Issue 9: each run now stages its objects in a temporary table of its own connection (appended in
 * arrival order, gone with the process after a crash), so the shared staging table, whose
 * key-ordered inserts cost 10.5 s of CPU in a 40,000-user sync, has no writer left. Rows that runs
 * of earlier builds left there belonged to runs that never finished; they go with it.
 */
export const m011DropInventoryStaging: Migration = {
  name: 'drop the shared inventory staging table',
  up(db) {
    db.exec('DROP TABLE IF EXISTS inventory_staging')
  }
}
