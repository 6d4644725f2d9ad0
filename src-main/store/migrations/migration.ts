import type Database from 'better-sqlite3'

/** One numbered step of the schema; the list in index.ts gives its number. */
export interface Migration {
  name: string
  up(db: Database.Database): void
  /**
   * Rebuilds a table other tables refer to (SQLite's way to change a constraint): foreign keys are off
   * while it runs, and checked before its transaction commits.
   */
  rebuildsTables?: boolean
}
