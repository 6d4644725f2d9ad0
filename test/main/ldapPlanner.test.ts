// The LDAP synchronization's planner on a Core without a directory: entries without a user id,
// duplicate user ids (in any case, also of users that belong to another domain), the attribute each
// product field reads, and the per-field changes an update reports.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { DirectoryEntry } from '../../src-main/connectors/ldap/client'
import type { DeviceRow } from '../../src-main/store/devices'
import type { DomainRow } from '../../src-main/store/domains'
import type { StoredLdapSettings } from '../../src-main/store/ldapSettings'
import type { LogSink } from '../../src-main/sync/domain/engine'
import { AutoProvisioning } from '../../src-main/sync/directory/autoProvisioning'
import { DirectoryPlanner, type NewUser, type Plan } from '../../src-main/sync/directory/planner'
import { addOfflineCallProcessor, addOfflineDirectory, testCore, type TestCore } from './helpers/core'

let c: TestCore

interface Logged {
  code: string
  message: string
}

interface Planning {
  planner: DirectoryPlanner
  log: Logged[]
  /** The new users the planner handed on, page by page. */
  pages: NewUser[][]
}

function planner(domain = 'West'): Planning {
  const row = c.store.domains.byName(domain) as DomainRow
  const settings = c.store.ldapSettings.get(row.id)?.settings as StoredLdapSettings
  const directory = c.store.devices.all().find((d) => d.name === 'Lab OpenLDAP') as DeviceRow
  const log: Logged[] = []
  const sink: LogSink = { add: (_severity, code, message) => log.push({ code, message }) }
  const auto = new AutoProvisioning(c.store, row, settings, sink)
  const pages: NewUser[][] = []
  const onNewUsers = (users: NewUser[]): number => pages.push(users)
  return {
    planner: new DirectoryPlanner(c.store, row, directory, settings, auto, sink, onNewUsers),
    log,
    pages
  }
}

/** What a run of the planner decided, stored as the LDAP synchronization stores it. */
function store(domain: string, planning: Planning, plan: Plan): void {
  const row = c.store.domains.byName(domain) as DomainRow
  const runId = c.store.syncRuns.startForDomain(row.id, domain, 'ldap', new Date().toISOString())
  const staged = c.store.domainUsers.stage(runId)
  for (const page of planning.pages)
    staged.add(page.map((u) => ({ user: u.user, provisioning: u.provisioning.record })))
  c.store.transaction(() => c.store.domainUsers.replaceDomain(row.id, runId, plan.users, staged))
  staged.discard()
}

function person(dn: string, attributes: Record<string, string | string[]>): DirectoryEntry {
  const lower = Object.fromEntries(
    Object.entries(attributes).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v : [v]])
  )
  return { dn: `${dn},ou=people,dc=lab,dc=example`, attributes: lower }
}

beforeEach(async () => {
  c = testCore()
  await addOfflineCallProcessor(c, 'CUCM West')
  await addOfflineDirectory(c, 'Lab OpenLDAP')
  for (const domain of ['West', 'East'])
    await c.value('domains:add', {
      name: domain,
      callProcessors: ['CUCM West'],
      rules: { syncAllUsers: true }
    })
  await c.value('ldap:set', { domain: 'West', changes: { directory: 'Lab OpenLDAP' } })
  await c.value('ldap:set', { domain: 'East', changes: { directory: 'Lab OpenLDAP' } })
})
afterEach(async () => {
  await c.dispose()
})

describe('LDAP synchronization planner', () => {
  it('skips entries without a user id and duplicates of any user id it has met, in any case', () => {
    const east = planner('East')
    east.planner.add([person('uid=eve', { uid: 'eve', sn: 'East' })])
    store('East', east, east.planner.finish('all'))

    const { planner: west, log, pages } = planner()
    west.add([
      person('uid=ada', { uid: 'ada', givenName: 'Ada', sn: 'Lovelace' }),
      person('cn=nobody', { cn: 'Nobody' }),
      person('uid=eve', { uid: 'eve' })
    ])
    west.add([
      person('cn=Ada Again', { uid: 'ADA', sn: 'Again' }),
      person('cn=Eve Again', { uid: 'Eve' }),
      person('uid=bob', { uid: 'bob', sn: 'Builder', department: 'Works', departmentNumber: '42' }),
      person('uid=cy', { uid: 'cy', sn: 'Cyan', departmentNumber: '42' })
    ])
    const plan = west.finish('all')
    expect(plan.entries).toBe(7)
    expect(plan.created).toEqual(['ada', 'bob', 'cy'])
    // New users go on with their page; the plan keeps none of them.
    expect(
      pages.map((page) => page.map(({ user }) => [user.userid, user.data.lastName, user.data.department]))
    ).toEqual([
      [['ada', 'Lovelace', undefined]],
      [
        ['bob', 'Builder', 'Works'],
        ['cy', 'Cyan', '42']
      ]
    ])
    expect(plan.users).toEqual([])
    expect(log.map((l) => l.code)).toEqual([
      'LDAP_NO_USER_ID',
      'LDAP_DUPLICATE_USER_ID',
      'LDAP_DUPLICATE_USER_ID',
      'LDAP_USER_IN_OTHER_DOMAIN',
      'LDAP_NO_SERVICE_AREA'
    ])
    expect(log[1].message).toBe(
      'cn=Ada Again,ou=people,dc=lab,dc=example has the user id ADA of another entry; it was skipped.'
    )
    expect(log[3].message).toMatch(
      /^1 users were not created because they already belong to another domain: eve \(East\)/
    )
  })

  it('reports each changed field of an update once, fields gained and lost included', () => {
    const first = planner()
    first.planner.add([
      person('uid=ada', { uid: 'ada', givenName: 'Ada', sn: 'Lovelace', title: 'Countess' })
    ])
    store('West', first, first.planner.finish('all'))

    const { planner: again, log } = planner()
    again.add([person('uid=ada', { uid: 'ada', givenName: 'Ada', sn: 'Byron', mail: 'ada@lab.example' })])
    expect(again.finish('all').updated).toEqual(['ada'])
    expect(log.filter((l) => l.code === 'LDAP_USER_UPDATED').map((l) => l.message)).toEqual([
      'ada: lastName: Lovelace → Byron; title: Countess → (empty); email: (empty) → ada@lab.example; directoryUri: (empty) → ada@lab.example.'
    ])
  })
})
