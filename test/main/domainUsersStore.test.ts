// The domain users table (migrations 012, 014): global search by MAC address and directory number over the
// users' key columns (MACD-47..49), service counts per service area rewritten by each write, LDAP
// provisioning kept on the user's row, and new users staged by an LDAP synchronization while it reads.
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openStore, type Store } from '../../src-main/store'
import type {
  DomainUserRecord,
  NewDomainUser,
  StoredUserService
} from '../../src-main/store/domainUserRecords'
import type { StagedUsers } from '../../src-main/store/stagedUsers'
import { tempDir } from './helpers/core'

const service = (
  kind: string,
  name: string,
  serviceAreaId?: number,
  searchKey?: string
): StoredUserService => ({
  kind,
  name,
  processorId: 1,
  ...(serviceAreaId !== undefined ? { serviceAreaId } : {}),
  details: {},
  ...(searchKey ? { searchKey } : {})
})

const user = (userid: string, services: StoredUserService[]): DomainUserRecord => ({
  userid,
  role: 'Employee',
  source: 'CUCM',
  data: { firstName: '', lastName: userid },
  services
})

describe('domain users: search columns and service usage', () => {
  let store: Store
  const nextRun = (): number => store.syncRuns.startForDomain(1, 'D', 'domain', new Date().toISOString())

  beforeEach(() => {
    store = openStore(join(tempDir(), 'store.sqlite3'))
    store.db.exec(`
      INSERT INTO devices (id, name, kind, product, host, port, created_at, updated_at)
        VALUES (1, 'CUCM', 'call-processor', 'cucm', 'h', 8443, 'now', 'now');
      INSERT INTO domains (id, name, rules, created_at, updated_at) VALUES (1, 'D', '{}', 'now', 'now');
      INSERT INTO service_areas (id, domain_id, name, position, call_processor_id, attributes) VALUES
        (1, 1, 'North', 1, 1, '{}'), (2, 1, 'South', 2, 1, '{}');
    `)
    store.domainUsers.replaceDomain(1, nextRun(), [
      user('Ann', [
        service('Phone', 'SEPAABBCCDDEE00', 1, 'mac:AABBCCDDEE00'),
        service('Line', '1000', 1, 'dn:1000'),
        service('Line', '21001', undefined, 'dn:21001')
      ]),
      user('Bob', [
        service('Phone', 'SEP1122334455AA', 2, 'mac:1122334455AA'),
        service('Line', '2000', 2, 'dn:2000'),
        service('Voicemail', 'bob', 2, 'dn:2000')
      ]),
      user('Cy', [service('Enable Mobility Support', 'Cy', 1)])
    ])
  })
  afterEach(() => store.close())

  const found = (by: 'mac' | 'dn', text: string): string[] =>
    store.domainUsers.search({ search: { by, text }, offset: 0, limit: 10 }).users.map((u) => u.userid)

  it('finds a whole key, a prefix, a suffix and a part, in any letter case for MAC addresses', () => {
    expect(found('mac', 'aabbccddee00')).toEqual(['Ann'])
    expect(found('mac', '1122*')).toEqual(['Bob'])
    expect(found('mac', '*55aa')).toEqual(['Bob'])
    expect(found('mac', '*CCDD*')).toEqual(['Ann'])
    expect(found('dn', '1000')).toEqual(['Ann'])
    expect(found('dn', '2*')).toEqual(['Ann', 'Bob'])
    expect(found('dn', '*001')).toEqual(['Ann'])
  })

  it('never matches across two keys or a key of the other kind', () => {
    // Ann has 1000 and 21001: "*0 2*" spans them, and no key of hers is "00021" or ends in "0021".
    expect(found('dn', '100021001')).toEqual([])
    expect(found('dn', '*0021')).toEqual([])
    expect(found('dn', '1000*')).toEqual(['Ann'])
    // Bob's MAC address ends in AA; no directory number does.
    expect(found('dn', '*55')).toEqual([])
    expect(found('mac', '2000')).toEqual([])
  })

  it('counts services per service area and kind, and rewrites the counts with each write', () => {
    expect(store.serviceAreaUsage.servicesPerKind(1)).toEqual({
      'Enable Mobility Support': 1,
      Line: 1,
      Phone: 1
    })
    expect(store.serviceAreaUsage.servicesPerKind(2)).toEqual({ Line: 1, Phone: 1, Voicemail: 1 })
    store.domainUsers.replaceDomain(1, nextRun(), [
      user('Ann', [service('Phone', 'SEPAABBCCDDEE00', 2, 'mac:AABBCCDDEE00')])
    ])
    expect(store.serviceAreaUsage.servicesPerKind(1)).toEqual({})
    expect(store.serviceAreaUsage.servicesPerKind(2)).toEqual({ Phone: 1 })
    expect(found('dn', '1000')).toEqual([])
    expect(found('mac', 'AABBCCDDEE00')).toEqual(['Ann'])
  })

  it('counts no update where only the order of fields or services differs, and tells of each real one', () => {
    const [ann, bob, cy] = store.domainUsers.ofDomain(1).sort((a, b) => a.userid.localeCompare(b.userid))
    const updates: string[] = []
    const onUpdated = (before: DomainUserRecord, after: DomainUserRecord) =>
      updates.push(`${before.userid}: ${before.data.lastName} → ${after.data.lastName}`)
    const reordered = {
      ...ann,
      data: { lastName: 'Ann', firstName: '' },
      services: [...ann.services].reverse()
    }
    const renamed = { ...bob, data: { ...bob.data, lastName: 'Robert' } }
    expect(
      store.domainUsers.replaceDomain(1, nextRun(), [reordered, renamed, cy], undefined, onUpdated)
    ).toEqual({ created: 0, updated: 1, unchanged: 2 })
    expect(updates).toEqual(['Bob: Bob → Robert'])
    expect(store.domainUsers.compare(1, [reordered, renamed, cy])).toEqual({
      created: 0,
      updated: 0,
      unchanged: 3
    })
  })

  it('leaves out services of a service area deleted since the synchronization read it', () => {
    store.db.prepare('DELETE FROM service_areas WHERE id = 2').run()
    store.domainUsers.replaceDomain(1, nextRun(), [
      user('Bob', [service('Phone', 'SEP1122334455AA', 2), service('Line', '2000', 1)])
    ])
    expect(store.serviceAreaUsage.servicesPerKind(1)).toEqual({ Line: 1 })
    expect(store.serviceAreaUsage.servicesPerKind(2)).toEqual({})
  })

  const stagedFor = (runId: number, users: NewDomainUser[]): StagedUsers => {
    const staged = store.domainUsers.stage(runId)
    staged.add(users)
    return staged
  }
  const changesOf = (runId: number): { key: string; change: string; after: string | null }[] =>
    store.db
      .prepare('SELECT key, change, after FROM run_changes WHERE run_id = ? ORDER BY key')
      .all(runId) as { key: string; change: string; after: string | null }[]
  const stagingTables = (): string[] =>
    store.db
      .prepare("SELECT name FROM sqlite_temp_master WHERE type = 'table' AND name LIKE 'staged_users_%'")
      .pluck()
      .all() as string[]

  it('keeps LDAP provisioning of a staged user through later writes, and drops it with the row (migration 014)', () => {
    const planned = {
      roles: ['Sales', 'Employee'],
      serviceAreaId: 2,
      line: { dn: '4080001', source: 'block' as const, callProcessorId: 1 }
    }
    const everyone = [user('Ann', []), user('Bob', []), user('Cy', [])]
    const runId = nextRun()
    const staged = stagedFor(runId, [{ user: user('Dee', []), provisioning: planned }])
    expect(store.domainUsers.replaceDomain(1, runId, everyone, staged)).toEqual({
      created: 1,
      updated: 3,
      unchanged: 0
    })
    staged.discard()
    const provisioning = () => store.domainUsers.provisioningOf(['ann', 'dee'])
    const expected = new Map([['dee', planned]])
    expect(provisioning()).toEqual(expected)
    // A domain synchronization rewrites Dee without a word about provisioning: it stays.
    store.domainUsers.replaceDomain(1, nextRun(), [...everyone, user('Dee', [service('Line', '4080001', 2)])])
    expect(provisioning()).toEqual(expected)
    expect(store.domainUsers.plannedNumbers(1)).toEqual(['4080001'])
    // Dee leaves the domain and takes the planned number along.
    store.domainUsers.replaceDomain(1, nextRun(), everyone)
    expect(provisioning().size).toBe(0)
    expect(store.domainUsers.plannedNumbers(1)).toEqual([])
  })

  it('moves staged users into the domain in key order, counted, recorded and with their services counted', () => {
    const everyone = [
      user('Ann', [service('Phone', 'SEPAABBCCDDEE00', 1, 'mac:AABBCCDDEE00')]),
      user('Bob', []),
      user('Cy', [])
    ]
    const runId = nextRun()
    const staged = stagedFor(runId, [
      { user: user('Zed', [service('Line', '3000', 1, 'dn:3000')]) },
      { user: user('Dee', []) }
    ])
    expect(staged.size).toBe(2)
    expect(store.domainUsers.replaceDomain(1, runId, everyone, staged).created).toBe(2)
    const inserted = store.db.prepare('SELECT userid FROM domain_users ORDER BY rowid').pluck().all()
    expect(inserted.slice(-2)).toEqual(['Dee', 'Zed'])
    // The domain had users: each new one gets its own record with what it looks like.
    const added = changesOf(runId).filter((c) => c.change === 'added')
    expect(added.map((c) => c.key)).toEqual(['dee', 'zed'])
    expect(JSON.parse(added[1].after ?? '')).toMatchObject({ userid: 'Zed', services: { 'Line 3000': {} } })
    expect(store.serviceAreaUsage.servicesPerKind(1)).toEqual({ Line: 1, Phone: 1 })
    expect(found('dn', '3000')).toEqual(['Zed'])

    // A domain without users is filled: one record for the whole write.
    store.db.exec(
      "INSERT INTO domains (id, name, rules, created_at, updated_at) VALUES (2, 'E', '{}', 'now', 'now')"
    )
    const fill = nextRun()
    store.domainUsers.replaceDomain(2, fill, [], stagedFor(fill, [{ user: user('Eve', []) }]))
    expect(changesOf(fill)).toEqual([{ key: '', change: 'filled', after: null }])
    expect(store.domainUsers.countByDomain(2)).toBe(1)
  })

  it('copies users staged in key order as they lie, and sorts them when a later page breaks the order', () => {
    store.db.exec(
      "INSERT INTO domains (id, name, rules, created_at, updated_at) VALUES (2, 'E', '{}', 'now', 'now')"
    )
    const inserted = (): unknown[] =>
      store.db.prepare('SELECT userid FROM domain_users WHERE domain_id = 2 ORDER BY rowid').pluck().all()
    const write = (pages: string[][]): void => {
      const runId = nextRun()
      const staged = store.domainUsers.stage(runId)
      for (const page of pages) staged.add(page.map((userid) => ({ user: user(userid, []) })))
      store.domainUsers.replaceDomain(2, runId, [], staged)
      staged.discard()
    }
    write([['Dee', 'Eve'], ['Fay']])
    expect(inserted()).toEqual(['Dee', 'Eve', 'Fay'])
    store.domainUsers.replaceDomain(2, nextRun(), [])
    write([['Dee', 'Fay'], ['Eve']])
    expect(inserted()).toEqual(['Dee', 'Eve', 'Fay'])
  })

  it('fails the whole write, naming the user, when a staged user joined a domain meanwhile', () => {
    store.db.exec(
      "INSERT INTO domains (id, name, rules, created_at, updated_at) VALUES (2, 'E', '{}', 'now', 'now')"
    )
    const runId = nextRun()
    const staged = stagedFor(runId, [{ user: user('Fay', []) }, { user: user('ann', []) }])
    expect(stagingTables()).toEqual([`staged_users_${runId}`])
    expect(() => store.domainUsers.replaceDomain(2, runId, [user('Gus', [])], staged)).toThrow(
      'ann joined D while this synchronization read the directory; nothing was written. Run the synchronization again.'
    )
    expect(store.domainUsers.countByDomain(2)).toBe(0)
    expect(changesOf(runId)).toEqual([])
    expect(store.domainUsers.get('Ann')?.domainId).toBe(1)
    // The run discards what it staged, whatever its outcome; nothing more can be staged.
    staged.discard()
    expect(stagingTables()).toEqual([])
    expect(() => staged.add([{ user: user('Hal', []) }])).toThrow(/already discarded/)
  })
})
