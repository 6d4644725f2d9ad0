// One Switchboard process per data directory: the desktop app, the headless host and the command line
// (cron, Task Scheduler) all take this lock before touching the store, so two of them never write the
// same state (each would, for example, mark the other's running synchronizations interrupted). The
// lock is an exclusive SQLite lock on a small file: the operating system drops it when the holder
// exits, even on SIGKILL or power loss, so there is never a stale lock to clean up.
import { readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import type { AppInfo } from '../../src-preload/contract'
import { UserError } from './errors'

export const LOCK_FILE = 'switchboard.lock'
/** Who holds the lock, for the refused process's message; informational only. */
const OWNER_FILE = 'switchboard.lock.json'

interface Owner {
  pid: number
  host: string
  process: AppInfo['host']
  since: string
}

const PROCESS_WORDS: Record<AppInfo['host'], string> = {
  electron: 'the desktop app',
  headless: 'the headless host (switchboard serve)',
  cli: 'a switchboard command'
}

/** Locks held by this process; a second Core here (tests, a CLI call inside the host) shares one. */
const held = new Map<string, { db: Database.Database; users: number }>()

/** Takes the data directory's lock or throws BUSY naming the process that has it. Returns the release. */
export function lockDataDir(dataDir: string, me: AppInfo['host'], nativeBinding?: string): () => void {
  const key = realpathSync(dataDir)
  const mine = held.get(key)
  if (mine) {
    mine.users += 1
    return once(() => release(key))
  }
  const db = new Database(join(dataDir, LOCK_FILE), nativeBinding ? { nativeBinding } : {})
  try {
    db.pragma('busy_timeout = 0')
    db.pragma('journal_mode = MEMORY')
    db.pragma('locking_mode = EXCLUSIVE')
    // A write in exclusive locking mode keeps the lock until the connection closes.
    db.exec(
      'BEGIN EXCLUSIVE; CREATE TABLE IF NOT EXISTS lock (taken_at TEXT); DELETE FROM lock; INSERT INTO lock VALUES (datetime()); COMMIT'
    )
  } catch (error) {
    db.close()
    if ((error as { code?: string }).code === 'SQLITE_BUSY') throw busyError(dataDir)
    throw error
  }
  const owner: Owner = { pid: process.pid, host: hostname(), process: me, since: new Date().toISOString() }
  writeFileSync(join(dataDir, OWNER_FILE), JSON.stringify(owner), { mode: 0o600 })
  held.set(key, { db, users: 1 })
  return once(() => release(key))
}

function release(key: string): void {
  const lock = held.get(key)
  if (!lock) return
  lock.users -= 1
  if (lock.users > 0) return
  held.delete(key)
  rmSync(join(key, OWNER_FILE), { force: true })
  lock.db.close()
}

function busyError(dataDir: string): UserError {
  let who = 'another Switchboard process'
  try {
    const owner = JSON.parse(readFileSync(join(dataDir, OWNER_FILE), 'utf8')) as Owner
    who = `${PROCESS_WORDS[owner.process] ?? 'another Switchboard process'} (process ${owner.pid} on ${owner.host}, since ${owner.since})`
  } catch {
    // The holder may not have written its note yet; the generic wording is still true.
  }
  return new UserError(
    'BUSY',
    `The data directory ${dataDir} is in use by ${who}. Only one Switchboard process may use a data directory at a time: close it, wait for it to finish, or use another --data-dir.`
  )
}

function once(fn: () => void): () => void {
  let done = false
  return () => {
    if (done) return
    done = true
    fn()
  }
}
