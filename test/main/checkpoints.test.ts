// WAL checkpoints wait for the end of a synchronization (issue 9: a checkpoint inside a run cost a
// 40,000-user domain synchronization 0.3 s), and every run's end puts what it wrote into the database.
import { statSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openStore, type Store } from '../../src-main/store'
import { SyncCoordinator } from '../../src-main/sync/coordinator'
import type { SyncProgress } from '../../src-preload/contract'
import { tempDir } from './helpers/core'

const progress = (runId: number): SyncProgress => ({
  runId,
  device: 'CUCM',
  kind: 'user',
  typesDone: 0,
  typesTotal: 1,
  objects: 0,
  percent: 0
})

let store: Store | undefined
afterEach(() => store?.close())

function openTemp(): { store: Store; file: string } {
  const file = join(tempDir('switchboard-checkpoints-'), 'switchboard.sqlite3')
  store = openStore(file)
  store.db.exec('CREATE TABLE filler (text TEXT NOT NULL)')
  store.db.pragma('wal_checkpoint(TRUNCATE)')
  return { store, file }
}

/** Writes about 8 MB, past SQLite's 1,000-page checkpoint threshold, in one commit. */
function writeManyPages(s: Store): void {
  const insert = s.db.prepare('INSERT INTO filler (text) VALUES (?)')
  s.transaction(() => {
    for (let i = 0; i < 2000; i++) insert.run('x'.repeat(4000))
  })
}

const databaseBytes = (file: string): number => statSync(file).size
const walBytes = (file: string): number => statSync(`${file}-wal`).size

describe('WAL checkpoints at the ends of synchronizations', () => {
  it('without a run, SQLite checkpoints a large commit by itself', () => {
    const { store: s, file } = openTemp()
    const before = databaseBytes(file)
    writeManyPages(s)
    expect(databaseBytes(file)).toBeGreaterThan(before + 7_000_000)
  })

  it('wait while a run is registered, and happen when it is released', () => {
    const { store: s, file } = openTemp()
    const coordinator = new SyncCoordinator(Date.now, s.checkpoints)
    const before = databaseBytes(file)
    coordinator.register(1, 'the user synchronization of CUCM', progress(1))
    writeManyPages(s)
    expect(databaseBytes(file)).toBe(before)
    expect(walBytes(file)).toBeGreaterThan(7_000_000)
    coordinator.release(1)
    expect(databaseBytes(file)).toBeGreaterThan(before + 7_000_000)
  })

  it('wait for the last of runs side by side to turn automatic checkpoints back on', () => {
    const { store: s, file } = openTemp()
    const coordinator = new SyncCoordinator(Date.now, s.checkpoints)
    coordinator.register(1, 'job run', progress(1))
    coordinator.register(2, 'a synchronization of the job', progress(2))
    coordinator.register(2, 'the same run registered again', progress(2))
    coordinator.release(2)
    // Run 2's end checkpointed; run 1 still holds automatic checkpoints off.
    const afterFirst = databaseBytes(file)
    writeManyPages(s)
    expect(databaseBytes(file)).toBe(afterFirst)
    coordinator.release(1)
    coordinator.release(1)
    const afterLast = databaseBytes(file)
    expect(afterLast).toBeGreaterThan(afterFirst + 7_000_000)
    // Automatic again: the next large commit is checkpointed without any run ending.
    writeManyPages(s)
    expect(databaseBytes(file)).toBeGreaterThan(afterLast + 7_000_000)
  })
})
