// Issue 25 item 7: domain synchronization and LDAP synchronization of the same users, against the lab's
// Unified CM and its directory. For a directory user the directory owns the fields LDAP synchronization
// maps and updates, the Call Processor the rest: neither run undoes the other, a run that changes
// nothing reports nothing, and every user a run does change is logged field by field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunSummary } from '../../src-preload/contract'
import { startLab, type RunningLab } from '../../src-main/lab'
import { addTrustedLabDevice, testCore, type TestCore } from './helpers/core'
import { finishedRun } from './helpers/runs'

let lab: RunningLab
let c: TestCore
const finished = (runId: number): Promise<RunSummary> => finishedRun(c, runId)

const deviceSync = async (device: string, kind: 'infrastructure' | 'user') =>
  finished((await c.value('sync:start', { device, kind })).runId)
const domainSync = async () => finished((await c.value('domains:sync', { name: 'Both' })).runId)
const ldapSync = async () => finished((await c.value('ldap:sync', { domain: 'Both' })).runId)
const messages = async (run: RunSummary, code: string) =>
  (await c.value('logs:entries', { runId: run.id, code })).entries.map((e) => e.message)
const stored = (userid: string) => c.store.domainUsers.get(userid)!.data

const CUCM = 'Lab CUCM 1'

beforeAll(async () => {
  lab = await startLab({ users: 60, clusters: 1, seed: 25, faults: {} })
  c = testCore()
  for (const server of lab.servers)
    if (server.kind !== 'presence-processor') await addTrustedLabDevice(c, server)
  for (const kind of ['infrastructure', 'user'] as const)
    expect((await deviceSync(CUCM, kind)).status).toBe('succeeded')
  await c.value('domains:add', {
    name: 'Both',
    callProcessors: [CUCM],
    directory: 'Lab AD',
    rules: { syncAllUsers: true }
  })
  await c.value('ldap:set', { domain: 'Both', changes: { directory: 'Lab AD' } })
}, 120_000)
afterAll(async () => {
  await c?.dispose()
  await lab?.stop()
})

describe('domain and LDAP synchronization of the same users', () => {
  let directoryUser = ''
  let callProcessorOnlyUser = ''

  it('leave each other’s fields alone and report no update that changes nothing', async () => {
    const first = await domainSync()
    expect(first.summary).toMatch(/\(60 created, 0 updated/)
    const ldap = await ldapSync()
    expect(ldap.status).toBe('succeeded')
    // The directory adds what Unified CM's record lacked (phone, title, directory URI): real updates, each logged.
    const ldapUpdates = await messages(ldap, 'LDAP_USER_UPDATED')
    const updated = Number(/(\d+) updated/.exec(ldap.summary ?? '')?.[1])
    expect(updated).toBeGreaterThan(40)
    expect(ldapUpdates).toHaveLength(updated)

    const users = c.store.domainUsers.ofDomain(c.store.domains.byName('Both')!.id)
    const fromDirectory = users.filter((u) => u.data.ldapDn && u.data.primaryDn)
    directoryUser = fromDirectory[0].userid
    callProcessorOnlyUser = users.find((u) => !u.data.ldapDn)!.userid
    const before = new Map(fromDirectory.map((u) => [u.userid, u.data]))
    expect(before.get(directoryUser)?.phone).toMatch(/^\+\d+$/)
    expect(before.get(directoryUser)?.title).not.toBe(undefined)

    const second = await domainSync()
    expect(second.summary).toMatch(/\(0 created, 0 updated, 6\d unchanged/)
    expect(await messages(second, 'DOMAIN_USER_UPDATED')).toEqual([])
    for (const [userid, data] of before) expect(stored(userid)).toEqual(data)

    const again = await ldapSync()
    expect(again.summary).toMatch(/0 users created, 0 updated/)
    expect(await messages(again, 'LDAP_USER_UPDATED')).toEqual([])
  })

  it('takes a directory user’s directory-owned fields from the directory only, and logs each real update', async () => {
    const cluster = lab.clusters[0]
    const users = cluster.collection('User')!
    const indexOf = (userid: string) => users.indexOf(userid)!
    const directoryBefore = stored(directoryUser)
    const otherBefore = stored(callProcessorOnlyUser)
    // Unified CM changes a field the directory owns for one user and that Unified CM owns for the other.
    cluster.update('User', indexOf(directoryUser), { department: 'Renamed on CUCM' })
    cluster.update('User', indexOf(callProcessorOnlyUser), { department: 'Renamed on CUCM' })
    expect((await deviceSync(CUCM, 'user')).status).toBe('succeeded')

    const run = await domainSync()
    expect(run.summary).toMatch(/0 created, 1 updated/)
    expect(await messages(run, 'DOMAIN_USER_UPDATED')).toEqual([
      `${callProcessorOnlyUser}: department: ${otherBefore.department} → Renamed on CUCM.`
    ])
    expect(stored(directoryUser)).toEqual(directoryBefore)
    expect(stored(callProcessorOnlyUser).department).toBe('Renamed on CUCM')
  })
})
