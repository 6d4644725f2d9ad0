// A device synchronization's commit: the inventory of each committed type becomes exactly what the
// run staged (added, changed, renamed and removed objects; unchanged ones left as they were), with the
// counts and run changes that say so; types not committed keep their inventory.
import { afterEach, beforeEach, expect, it } from 'vitest'
import type { StagedObject } from '../../src-main/store/inventory'
import { stagedObject } from '../../src-main/sync/device/objects'
import { domainFieldsOf } from '../../src-main/store/inventoryFields'
import { testCore, type TestCore } from './helpers/core'

let core: TestCore
let deviceId: number

beforeEach(async () => {
  core = testCore()
  await core.value('devices:add', {
    name: 'CUCM',
    kind: 'call-processor',
    product: 'cucm',
    host: '127.0.0.1',
    port: 8443,
    username: 'axl',
    password: 'pw'
  })
  deviceId = (await core.value('devices:get', { name: 'CUCM' })).id
})
afterEach(() => core.dispose())

const phone = (key: string, model: string): StagedObject =>
  stagedObject('Phone', key, `SEP${key}`, { name: `SEP${key}`, model })

function sync(objects: StagedObject[], types: string[]) {
  const { syncRuns, inventory } = core.store
  const runId = syncRuns.start(deviceId, 'CUCM', 'user', new Date().toISOString())
  inventory.stage(runId, objects.slice(0, 2))
  inventory.stage(runId, objects.slice(2))
  return { runId, counts: inventory.commit(runId, deviceId, 'user', types).counts }
}

function stored(type: string): { key: string; name: string; data: string; run_id: number }[] {
  return core.store.db
    .prepare('SELECT key, name, data, run_id FROM inventory WHERE device_id = ? AND type = ? ORDER BY key')
    .all(deviceId, type) as { key: string; name: string; data: string; run_id: number }[]
}

it('fills an empty type with what was staged, recorded as one filled change', () => {
  const { runId, counts } = sync([phone('B', '8845'), phone('A', '8851'), phone('C', '7841')], ['Phone'])
  expect(counts.Phone).toEqual({ added: 3, changed: 0, removed: 0, unchanged: 0 })
  expect(stored('Phone').map((r) => [r.key, r.run_id])).toEqual([
    ['A', runId],
    ['B', runId],
    ['C', runId]
  ])
  expect(core.store.db.prepare('SELECT change FROM run_changes WHERE run_id = ?').pluck().all(runId)).toEqual(
    ['filled']
  )
})

it('writes only what changed: added, changed, renamed and removed objects; the rest stays as it was', () => {
  const first = sync(
    [phone('A', '8845'), phone('B', '8845'), phone('C', '8845'), phone('D', '8845')],
    ['Phone']
  )
  const second = sync(
    [
      phone('A', '8845'),
      phone('B', '8851'),
      { ...phone('C', '8845'), name: 'C renamed' },
      phone('E', '7841')
    ],
    ['Phone']
  )
  expect(second.counts.Phone).toEqual({ added: 1, changed: 1, removed: 1, unchanged: 2 })
  expect(stored('Phone')).toEqual([
    { key: 'A', name: 'SEPA', data: phone('A', '8845').data, run_id: first.runId },
    { key: 'B', name: 'SEPB', data: phone('B', '8851').data, run_id: second.runId },
    { key: 'C', name: 'C renamed', data: phone('C', '8845').data, run_id: second.runId },
    { key: 'E', name: 'SEPE', data: phone('E', '7841').data, run_id: second.runId }
  ])
  const changes = core.store.db
    .prepare('SELECT key, change FROM run_changes WHERE run_id = ? ORDER BY key')
    .all(second.runId)
  expect(changes).toEqual([
    { key: 'B', change: 'changed' },
    { key: 'D', change: 'removed' },
    { key: 'E', change: 'added' }
  ])
})

it('leaves types that were not committed (they failed) as they were, and drops the staging', () => {
  sync([phone('A', '8845'), phone('B', '8845')], ['Phone'])
  const before = stored('Phone')
  const { runId } = sync([phone('A', '7841')], [])
  expect(stored('Phone')).toEqual(before)
  expect(() => core.store.db.prepare(`SELECT * FROM temp.staged_objects_${runId}`).all()).toThrow(
    /no such table/
  )
})

it('stores the fields domain synchronization reads, and gives them to rows stored without them (migration 015)', () => {
  const first = sync([phone('A', '8845'), phone('B', '8845')], ['Phone'])
  const fields = () =>
    core.store.db
      .prepare("SELECT key, fields FROM inventory WHERE device_id = ? AND type = 'Phone' ORDER BY key")
      .all(deviceId)
  expect(fields()).toEqual([
    { key: 'A', fields: domainFieldsOf('Phone', { name: 'SEPA', model: '8845' }) },
    { key: 'B', fields: domainFieldsOf('Phone', { name: 'SEPB', model: '8845' }) }
  ])
  // As an earlier build stored B: the next synchronization fills its fields in, and counts it unchanged.
  core.store.db.prepare("UPDATE inventory SET fields = NULL WHERE key = 'B'").run()
  const second = sync([phone('A', '8845'), phone('B', '8845')], ['Phone'])
  expect(second.counts.Phone).toEqual({ added: 0, changed: 0, removed: 0, unchanged: 2 })
  expect(fields()).toEqual([
    { key: 'A', fields: domainFieldsOf('Phone', { name: 'SEPA', model: '8845' }) },
    { key: 'B', fields: domainFieldsOf('Phone', { name: 'SEPB', model: '8845' }) }
  ])
  expect(stored('Phone').map((r) => r.run_id)).toEqual([first.runId, second.runId])
})
