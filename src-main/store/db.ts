import Database from 'better-sqlite3'
import { chmodSync, closeSync, existsSync, openSync, statSync } from 'node:fs'
import { migrations } from './migrations'

export type Db = Database.Database

/**
 * Opens (creating if needed) the store with WAL, foreign keys and every migration applied.
 * `nativeBinding` points Electron at a better-sqlite3 build for its own ABI. With `readOnly` (a review
 * bundle, checked before it gets here) the file is opened as it is: nothing is migrated or written,
 * and nothing its schema holds may call a function with side effects.
 */
export function openDatabase(file: string, nativeBinding?: string, options: { readOnly?: boolean } = {}): Db {
  if (options.readOnly) return openReadOnly(file, nativeBinding)
  if (file !== ':memory:' && file !== '') keepPrivate(file)
  const db = new Database(file, nativeBinding ? { nativeBinding } : {})
  try {
    db.pragma('journal_mode = WAL')
    db.pragma('foreign_keys = ON')
    db.pragma('busy_timeout = 5000')
    migrate(db)
    return db
  } catch (error) {
    db.close()
    throw error
  }
}

/**
 * The store holds hosts, user names and encrypted secrets: it and its WAL are for their owner only,
 * whatever the umask or the data directory's mode. SQLite gives -wal and -shm the database file's
 * mode, so creating the database 0600 before SQLite does covers all three; files an older build or a
 * copy left wider are narrowed.
 */
function keepPrivate(file: string): void {
  if (process.platform === 'win32') return
  try {
    closeSync(openSync(file, 'wx', 0o600))
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
  }
  for (const path of [file, `${file}-wal`, `${file}-shm`])
    if (existsSync(path) && (statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600)
}

function openReadOnly(file: string, nativeBinding?: string): Db {
  const db = new Database(file, {
    readonly: true,
    fileMustExist: true,
    ...(nativeBinding ? { nativeBinding } : {})
  })
  try {
    db.pragma('trusted_schema = OFF')
    db.pragma('query_only = ON')
    // Pages are checked as they are read, so a damaged page is an error rather than undefined behaviour.
    db.pragma('cell_size_check = ON')
    const version = schemaVersion(db)
    if (version !== migrations.length)
      throw new Error(
        `A store opened read-only must be at schema ${migrations.length}, the one this build reads; it is at ${version}.`
      )
    return db
  } catch (error) {
    db.close()
    throw error
  }
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number
}

/**
 * Applies pending migrations in order, each in its own transaction together with its user_version
 * bump, so a failure leaves the store at the last complete version. A store newer than this build is
 * refused rather than guessed at.
 */
export function migrate(db: Db, upTo: number = migrations.length): void {
  const current = schemaVersion(db)
  if (current > migrations.length) {
    throw new Error(
      `The data directory was written by a newer Switchboard (schema ${current}; this build knows ${migrations.length}). Upgrade Switchboard.`
    )
  }
  for (let version = current + 1; version <= upTo; version++) {
    const migration = migrations[version - 1]
    // PRAGMA foreign_keys cannot change inside a transaction, so it is switched around it.
    if (migration.rebuildsTables) db.pragma('foreign_keys = OFF')
    try {
      db.transaction(() => {
        migration.up(db)
        if (migration.rebuildsTables) {
          const broken = db.pragma('foreign_key_check') as unknown[]
          if (broken.length > 0)
            throw new Error(`Migration ${version} would break ${broken.length} foreign key references.`)
        }
        db.pragma(`user_version = ${version}`)
      })()
    } finally {
      if (migration.rebuildsTables) db.pragma('foreign_keys = ON')
    }
  }
}
