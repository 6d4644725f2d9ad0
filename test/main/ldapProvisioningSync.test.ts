// Issue 6 items 3 and 4 against a real OpenLDAP slapd: LDAP synchronization places the users it
// creates in the service area and roles the LDAP filters pick (LDAP-30, -31), plans their lines by the
// service area's number options (LDAP-36 … -39), writes that with the users or not at all, shows it in
// the preview, and tells that a domain synchronization must follow (LDAP-49).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunSummary } from '../../src-preload/contract'
import {
  addSlapdDomain,
  PEOPLE,
  slapdUnavailable,
  startSlapd,
  type LdapPerson,
  type RunningSlapd
} from './helpers/slapd'
import { testCore, type TestCore } from './helpers/core'
import { finishedRun } from './helpers/runs'

const unavailable = slapdUnavailable()
const people: LdapPerson[] = [
  // San Jose: numbers masked, else from the block.
  {
    uid: 'ann',
    givenName: 'Ann',
    sn: 'Lee',
    ou: 'San Jose',
    title: 'Engineer',
    telephoneNumber: '+1 (408) 555-0101'
  },
  { uid: 'dan', givenName: 'Dan', sn: 'Ruiz', ou: 'San Jose', title: 'Director of Sales' },
  // Paris: masked numbers only, so no line without one.
  {
    uid: 'zoe',
    givenName: 'Zoë',
    sn: 'Ñúñez',
    ou: 'Paris',
    title: 'Engineer',
    telephoneNumber: ['01 42 68 53 00', '01 42 68 53 99']
  },
  { uid: 'luc', givenName: 'Luc', sn: 'Roy', ou: 'Paris', title: 'Engineer' },
  // No service area's filter matches: the provisioning rule has none either.
  { uid: 'bo', givenName: 'Bo', sn: 'Berg', ou: 'Berlin', title: 'Engineer', telephoneNumber: '+49 30 1234' }
]

let slapd: RunningSlapd
let c: TestCore

async function run(start: () => Promise<{ runId: number }>): Promise<RunSummary> {
  const { runId } = await start()
  return finishedRun(c, runId)
}
const ldapSync = () => run(() => c.value('ldap:sync', { domain: 'West' }))
const user = (userid: string) => c.value('users:get', { userid })

describe.skipIf(unavailable !== undefined)(
  `LDAP auto-provisioning against real slapd${unavailable ? ` (skipped: ${unavailable})` : ''}`,
  () => {
    beforeAll(async () => {
      slapd = await startSlapd(people)
      c = testCore()
      await addSlapdDomain(c, slapd)
      await c.value('ldap:set', { domain: 'West', changes: { directory: 'Lab OpenLDAP' } })
      await c.value('service-areas:add', {
        domain: 'West',
        name: 'San Jose',
        callProcessor: 'CUCM West',
        ldapFilter: '(ou=San Jose)',
        assignLineFromBlock: true,
        maskLdapNumbers: true,
        ldapNumberMask: '\\+1408555XXXX'
      })
      await c.value('dn-blocks:add', {
        domain: 'West',
        serviceArea: 'San Jose',
        prefix: '408',
        first: 0,
        last: 9,
        minLength: 4
      })
      await c.value('service-areas:add', {
        domain: 'West',
        name: 'Paris',
        callProcessor: 'CUCM West',
        ldapFilter: '(&(ou=Paris)(!(title=Director*)))',
        maskLdapNumbers: true,
        ldapNumberMask: '+33XXXXXXXXX'
      })
      await c.value('roles:edit', {
        domain: 'West',
        name: 'Executive',
        changes: { ldapFilter: '(title=Director*)' }
      })
      // 4080000 is some phone's line already.
      const cp = c.store.devices.all().find((d) => d.name === 'CUCM West')?.id ?? 0
      c.store.inventory.applyChanges(cp, 0, {
        upserts: [
          {
            scope: 'infrastructure',
            type: 'Line',
            key: '4080000/PT',
            name: '4080000',
            data: JSON.stringify({ pattern: '4080000', routePartitionName: 'PT' })
          }
        ],
        deletes: [],
        deleteByPrefix: []
      })
    }, 60_000)
    afterAll(async () => {
      await c?.dispose()
      await slapd?.stop()
    })

    it('previews the service areas, roles and planned lines of the users to create, writing nothing', async () => {
      const preview = await c.value('ldap:preview', { domain: 'West' })
      expect(preview.create).toHaveLength(5)
      expect(Object.fromEntries(preview.provisioning.map((p) => [p.userid, p]))).toEqual({
        ann: {
          userid: 'ann',
          serviceArea: 'San Jose',
          roles: ['Employee'],
          plannedLine: { dn: '+14085550101', source: 'masked', callProcessor: 'CUCM West' }
        },
        dan: {
          userid: 'dan',
          serviceArea: 'San Jose',
          roles: ['Executive', 'Employee'],
          plannedLine: { dn: '4080001', source: 'block', callProcessor: 'CUCM West' }
        },
        zoe: {
          userid: 'zoe',
          serviceArea: 'Paris',
          roles: ['Employee'],
          plannedLine: { dn: '+33142685300', source: 'masked', callProcessor: 'CUCM West' }
        },
        luc: {
          userid: 'luc',
          serviceArea: 'Paris',
          roles: ['Employee'],
          noLine:
            'the directory has no telephoneNumber for the user and the service area only masks directory numbers'
        },
        bo: { userid: 'bo', roles: ['Employee'] }
      })
      expect(await c.value('users:list', { domain: 'West' })).toMatchObject({ total: 0 })
    })

    it('creates the users with their service area, roles and planned line (LDAP-30, -31, -36 … -38, -49)', async () => {
      const sync = await ldapSync()
      expect(sync.status).toBe('succeeded')
      expect(sync.summary).toBe(
        "Read 5 entries: 5 users created, 0 updated, 0 removed, 0 stale kept. 3 of the new users have a planned line. Run a domain synchronization of West next to attach the new users' services."
      )
      expect(await user('dan')).toMatchObject({
        role: 'Executive',
        provisioning: {
          serviceArea: 'San Jose',
          roles: ['Executive', 'Employee'],
          plannedLine: { dn: '4080001', source: 'block', callProcessor: 'CUCM West' }
        }
      })
      expect((await user('zoe')).provisioning?.plannedLine?.dn).toBe('+33142685300')
      expect((await user('luc')).provisioning).toEqual({ serviceArea: 'Paris', roles: ['Employee'] })
      expect((await user('bo')).provisioning).toEqual({ roles: ['Employee'] })
      const entries = async (code: string) =>
        (await c.value('logs:entries', { runId: sync.id, code })).entries.map((e) => e.message)
      expect(await entries('LDAP_LINE_PLANNED')).toEqual(
        expect.arrayContaining([
          'dan: service area San Jose (its LDAP filter matched), roles Executive (its LDAP filter matched) and Employee (the default); line 4080001 planned on CUCM West, from a DN block 4080000–4080009.'
        ])
      )
      expect(await entries('LDAP_LINE_NOT_PLANNED')).toEqual([
        expect.stringMatching(/^luc: service area Paris/)
      ])
      expect(await entries('LDAP_NO_SERVICE_AREA')).toEqual([expect.stringMatching(/1 new users .*: bo\./)])
    })

    it('keeps planned numbers across runs and through a domain synchronization; a failed run plans nothing', async () => {
      slapd.modify(
        `dn: uid=eve,${PEOPLE}\nchangetype: add\nobjectClass: inetOrgPerson\nuid: eve\ncn: Eve Park\nsn: Park\ngivenName: Eve\nou: San Jose\n`
      )
      const domainSync = await run(() => c.value('domains:sync', { name: 'West' }))
      expect(domainSync.status).not.toBe('failed')
      expect((await user('dan')).provisioning?.plannedLine?.dn).toBe('4080001')

      await c.value('ldap:set', { domain: 'West', changes: { searchBase: 'ou=gone,dc=lab,dc=example' } })
      expect((await ldapSync()).status).toBe('failed')
      await expect(user('eve')).rejects.toThrow(/NOT_FOUND/)
      await c.value('ldap:set', { domain: 'West', changes: { searchBase: PEOPLE } })

      const second = await ldapSync()
      expect(second.summary).toMatch(/1 users created.*1 of the new users have a planned line/)
      // 4080000 is in use on the Call Processor and 4080001 was planned for dan by the first run.
      expect((await user('eve')).provisioning?.plannedLine).toEqual({
        dn: '4080002',
        source: 'block',
        callProcessor: 'CUCM West'
      })
      // Users already created keep what they were given.
      expect((await user('dan')).provisioning?.plannedLine?.dn).toBe('4080001')
    })
  }
)
