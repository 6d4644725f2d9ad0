// Issue 6: LDAP synchronization of a domain against a real OpenLDAP slapd — settings checked per
// directory product (LDAP-12, -19, -20), filters (LDAP-21 … -27), create/update (LDAP-05), stale
// users (LDAP-07, -54), users of other domains (LDAP-51), the deletion guard, and a failed read
// that changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunSummary } from '../../src-preload/contract'
import {
  addSlapdDomain,
  PEOPLE,
  READER_DN,
  READER_PASSWORD,
  WRITER_DN,
  WRITER_PASSWORD,
  personDn,
  slapdUnavailable,
  startSlapd,
  type LdapPerson,
  type RunningSlapd
} from './helpers/slapd'
import { DirectoryClient } from '../../src-main/connectors/ldap/client'
import { cliFor } from './helpers/cli'
import { testCore, type TestCore } from './helpers/core'
import { finishedRun } from './helpers/runs'

const unavailable = slapdUnavailable()
const people: LdapPerson[] = Array.from({ length: 600 }, (_, k) => {
  const i = k + 1
  return {
    uid: `person${String(i).padStart(4, '0')}`,
    givenName: i === 7 ? 'Zoë' : `Given${i}`,
    sn: `Family${i}`,
    mail: `person${i}@lab.example`,
    telephoneNumber: `+1 408 555 ${String(i).padStart(4, '0')}`,
    departmentNumber: i % 3 === 0 ? 'Sales' : 'Engineering',
    title: i % 10 === 0 ? 'Manager' : 'Engineer'
  }
})

let slapd: RunningSlapd
let c: TestCore

async function error(channel: Parameters<TestCore['dispatch']>[0], input: unknown) {
  const result = await c.dispatch(channel, input, { origin: 'test' })
  if (result.ok) throw new Error(`${channel} should have failed`)
  return result.error
}

async function ldapSync(domain: string, approve?: unknown): Promise<RunSummary> {
  const { runId } = await c.value('ldap:sync', { domain, ...(approve !== undefined ? { approve } : {}) })
  return finishedRun(c, runId)
}

const users = async (domain: string) => (await c.value('users:list', { domain, limit: 1000 })).users

describe.skipIf(unavailable !== undefined)(
  `LDAP synchronization against real slapd${unavailable ? ` (skipped: ${unavailable})` : ''}`,
  () => {
    beforeAll(async () => {
      slapd = await startSlapd(people)
      c = testCore()
      await addSlapdDomain(c, slapd)
    }, 60_000)
    afterAll(async () => {
      await c?.dispose()
      await slapd?.stop()
    })

    it('checks settings against the directory product and the filter grammar', async () => {
      expect((await error('ldap:set', { domain: 'West', changes: {} })).field).toBe('directory')
      const ad = await error('ldap:set', {
        domain: 'West',
        changes: { directory: 'Lab OpenLDAP', mappings: { userId: 'sAMAccountName' } }
      })
      expect(ad.field).toBe('mappings.userId')
      expect(ad.message).toMatch(/sAMAccountName is not offered for Lab OpenLDAP.*use uid/)
      expect(
        (
          await error('ldap:set', {
            domain: 'West',
            changes: { directory: 'Lab OpenLDAP', syncDisabledUsers: true }
          })
        ).message
      ).toMatch(/only to Active Directory or AD LDS/)
      expect(
        (
          await error('ldap:set', {
            domain: 'West',
            changes: { directory: 'Lab OpenLDAP', staleAction: 'delete-with-device-services' }
          })
        ).message
      ).toMatch(/provisioning orders/)
      const filter = await error('ldap:set', {
        domain: 'West',
        changes: { directory: 'Lab OpenLDAP', filter: { kind: 'advanced', filter: '(&(uid=a)(sn=b)' } }
      })
      expect(filter.field).toBe('changes.filter.filter')
      expect(filter.message).toMatch(/not a valid LDAP filter: expected "\)"/)
      expect(
        (
          await error('ldap:set', {
            domain: 'West',
            changes: { directory: 'Lab OpenLDAP', searchBase: 'people' }
          })
        ).field
      ).toBe('searchBase')
      const saved = await c.value('ldap:set', { domain: 'West', changes: { directory: 'Lab OpenLDAP' } })
      expect(saved).toMatchObject({
        mode: 'auth-sync',
        staleAction: 'keep',
        searchBase: PEOPLE,
        mappings: { userId: 'uid' }
      })
      expect((await c.value('domains:get', { name: 'West' })).directory).toBe('Lab OpenLDAP')
    })

    it('creates users with the mapped fields, pages past the server limit, and a domain synchronization keeps them', async () => {
      const run = await ldapSync('West')
      expect(run).toMatchObject({ kind: 'ldap', status: 'succeeded' })
      expect(run.summary).toMatch(/Read 600 entries: 600 users created/)
      const zoe = await c.value('users:get', { userid: 'person0007' })
      expect(zoe).toMatchObject({
        domain: 'West',
        firstName: 'Zoë',
        lastName: 'Family7',
        email: 'person7@lab.example',
        source: 'Lab OpenLDAP'
      })
      // The Call Processor has no users: domain synchronization must not drop directory users.
      const domainRun = await c.value('domains:sync', { name: 'West' })
      await finishedRun(c, domainRun.runId)
      expect(await users('West')).toHaveLength(600)
    })

    it('updates changed entries and keeps stale users unless told otherwise', async () => {
      slapd.modify(`dn: ${personDn(people[1])}\nchangetype: modify\nreplace: sn\nsn: Renamed\n`)
      slapd.modify(
        `dn: ${personDn(people[2])}\nchangetype: delete\n\ndn: ${personDn(people[3])}\nchangetype: delete\n`
      )
      const run = await ldapSync('West')
      expect(run.summary).toMatch(/Read 598 entries: 0 users created, 1 updated, 0 removed, 2 stale kept/)
      expect((await c.value('users:get', { userid: 'person0002' })).lastName).toBe('Renamed')
      const change = await c.value('logs:entries', { runId: run.id, code: 'LDAP_USER_UPDATED' })
      expect(change.entries.map((e) => e.message)).toEqual(['person0002: lastName: Family2 → Renamed.'])
      const kept = await c.value('logs:entries', { runId: run.id, code: 'LDAP_STALE_KEPT' })
      expect(kept.entries[0].message).toMatch(/person0003, person0004/)

      await c.value('ldap:set', {
        domain: 'West',
        changes: { updateExisting: 'none', staleAction: 'delete' }
      })
      slapd.modify(`dn: ${personDn(people[4])}\nchangetype: modify\nreplace: sn\nsn: Ignored\n`)
      const second = await ldapSync('West')
      expect(second.summary).toMatch(/0 updated, 2 removed/)
      expect((await c.value('users:get', { userid: 'person0005' })).lastName).toBe('Family5')
      expect(await users('West')).toHaveLength(598)
      // Issue 8 item 2: the two runs compared on the users they left, field by field.
      const comparison = await c.value('runs:compare', { older: run.id, newer: second.id })
      expect(comparison.basis).toBe('users')
      expect(comparison.types.map((t) => [t.type, t.counts])).toEqual([
        ['User', { appeared: 0, disappeared: 2, changed: 0 }]
      ])
      expect(comparison.types[0].disappeared.map((u) => u.name)).toEqual(['person0003', 'person0004'])
      const first = (await c.value('runs:list', { domain: 'West', kinds: ['ldap'], limit: 10 })).runs.at(-1)!
      const renamed = await c.value('runs:compare', { older: first.id, newer: run.id })
      expect(renamed.types[0].changed).toEqual([
        {
          key: 'person0002',
          name: 'person0002',
          fields: [{ field: 'lastName', before: 'Family2', after: 'Renamed' }]
        }
      ])
    })

    it('holds mass removals behind the deletion guard until approved, some or all', async () => {
      // A filter that leaves out Sales (a third of the people) would remove ~200 users at once.
      await c.value('ldap:set', {
        domain: 'West',
        changes: {
          filter: {
            kind: 'simple',
            conditions: [{ field: 'Department', operator: '=', value: 'Engineering' }]
          }
        }
      })
      const held = await ldapSync('West')
      expect(held.status).toBe('partial')
      expect(held.summary).toMatch(/removals held by the deletion guard/)
      const settings = await c.value('ldap:get', { domain: 'West' })
      expect(settings.held?.users.length).toBeGreaterThan(150)
      expect(settings.held?.reason).toMatch(/exceed 20 %/)
      expect(await users('West')).toHaveLength(598)
      const preview = await c.value('ldap:preview', { domain: 'West' })
      expect(preview.guard).toMatch(/Deletion guard/)
      // The preview counts what the guard would hold among the stale users (issue 25 item 12).
      expect(preview.held).toHaveLength(settings.held!.users.length)
      expect(preview.stale).toEqual(expect.arrayContaining(preview.held))
      const typo = await error('ldap:sync', { domain: 'West', approve: ['nosuchuser'] })
      expect([typo.code, typo.field, typo.message]).toEqual([
        'VALIDATION',
        'approve',
        expect.stringMatching(/^approve: nosuchuser is not among the \d+ removals run \d+ held/)
      ])

      const some = settings.held?.users.slice(0, 2) ?? []
      const partly = await ldapSync('West', some)
      expect(partly.summary).toMatch(/2 removed/)
      expect(await users('West')).toHaveLength(596)
      const declined = await ldapSync('West', 'none')
      expect(declined.status).toBe('succeeded')
      expect(declined.summary).toMatch(/, 0 removed, .*, \d+ held removals declined \(kept\)\./)
      expect((await c.value('ldap:get', { domain: 'West' })).held).toBeUndefined()
      const all = await ldapSync('West', 'all')
      expect(all.status).toBe('succeeded')
      expect((await users('West')).every((u) => u.department === 'Engineering')).toBe(true)
    })

    it('changes nothing when the directory cannot be read, and refuses users of other domains', async () => {
      const before = (await users('West')).length
      await c.value('ldap:set', { domain: 'West', changes: { searchBase: 'ou=gone,dc=lab,dc=example' } })
      const failed = await ldapSync('West')
      expect(failed.status).toBe('failed')
      expect(failed.summary).toMatch(/does not exist/)
      // The preview says the same, as a clean error rather than INTERNAL (issue 25 item 12).
      const previewFailed = await error('ldap:preview', { domain: 'West' })
      expect([previewFailed.code, previewFailed.message]).toEqual([
        'DEVICE_ERROR',
        expect.stringMatching(/^Preview of West: .*does not exist/)
      ])
      expect(await users('West')).toHaveLength(before)

      await c.value('domains:add', {
        name: 'East',
        callProcessors: ['CUCM West'],
        rules: { syncAllUsers: true }
      })
      await c.value('ldap:set', { domain: 'East', changes: { directory: 'Lab OpenLDAP' } })
      const east = await ldapSync('East')
      const other = await c.value('logs:entries', { runId: east.id, code: 'LDAP_USER_IN_OTHER_DOMAIN' })
      expect(other.entries[0].message).toMatch(/already belong to another domain: person0001 \(West\)/)
      expect(east.summary).toMatch(/, \d+ not created \(they belong to another domain\)\./)
      await c.value('ldap:set', { domain: 'East', changes: { mode: 'auth-only' } })
      expect((await error('ldap:sync', { domain: 'East' })).message).toMatch(/authentication only/)
    })

    it('is set up and run from the command line', async () => {
      const cli = (args: string[]) => cliFor(c.dataDir)(args)
      const bad = await cli(['domains', 'ldap', 'set', 'East', '--filter', 'simple:Title = Eng*neer'])
      expect(bad.code).toBe(2)
      expect(bad.err).toMatch(/only start or end a value/)
      expect((await cli(['domains', 'ldap', 'set', 'East', '--filter', 'simple:Shoe size = 9'])).err).toMatch(
        /unknown field/
      )
      const set = await cli([
        'domains',
        'ldap',
        'set',
        'East',
        '--mode',
        'auth-sync',
        '--search-base',
        PEOPLE,
        '--guard-count',
        '10',
        '--filter',
        'simple:Title = Manager;User ID in person0010, person0020, person0030'
      ])
      expect(set.code).toBe(0)
      expect(set.out).toMatch(/Filter: simple Title = Manager; User ID in person0010, person0020, person0030/)
      expect(set.out).toMatch(/Deletion guard: 10 users or 20 %/)
      const matrix = await cli([
        'domains',
        'ldap',
        'set',
        'East',
        '--field',
        'title=update',
        '--field',
        'mobile=none'
      ])
      expect(matrix.out).toMatch(/title -U-.*mobile ---|mobile ---.*title -U-/)
      expect((await cli(['domains', 'ldap', 'set', 'East', '--field', 'title=sometimes'])).code).toBe(2)
      const preview = await cli(['sync', 'ldap', 'East', '--preview'])
      expect(preview.out).toMatch(
        /Preview of the LDAP synchronization of East \(nothing was written\): 3 entries/
      )
      expect((await cli(['--json', 'sync', 'ldap', 'East'])).code).toBe(0)
    })

    it('applies the field matrix (create, update, clear per field) and the provisioning rule for new users', async () => {
      await c.value('domains:delete', { name: 'East' }) // it holds the Sales people by now
      await c.value('domains:add', {
        name: 'Matrix',
        callProcessors: ['CUCM West'],
        rules: { syncAllUsers: true }
      })
      expect(
        (
          await error('ldap:set', {
            domain: 'Matrix',
            changes: { directory: 'Lab OpenLDAP', provisioningRule: { role: 'Boss' } }
          })
        ).field
      ).toBe('provisioningRule.role')
      await c.value('ldap:set', {
        domain: 'Matrix',
        changes: {
          directory: 'Lab OpenLDAP',
          filter: {
            kind: 'simple',
            conditions: [{ field: 'User ID', operator: 'in', value: 'person0033, person0036' }]
          },
          fieldRules: { title: { create: false }, email: { update: false }, phone: { clear: false } },
          provisioningRule: { role: 'executive' }
        }
      })
      const firstRun = await ldapSync('Matrix')
      expect(firstRun.summary).toMatch(/2 users created/)
      const created = await c.value('users:get', { userid: 'person0033' })
      expect(created).toMatchObject({ role: 'Executive', email: 'person33@lab.example' })
      expect(
        (await c.value('users:list', { domain: 'Matrix', search: { by: 'user', text: 'person0036' } }))
          .users[0].role
      ).toBe('Executive')

      slapd.modify(
        `dn: ${personDn(people[32])}\nchangetype: modify\ndelete: telephoneNumber\n-\nreplace: mail\nmail: moved@lab.example\n-\nreplace: sn\nsn: Moved\n`
      )
      const run = await ldapSync('Matrix')
      const changes = await c.value('logs:entries', { runId: run.id, code: 'LDAP_USER_UPDATED' })
      // The phone is not cleared and e-mail is not updated, although mail also feeds the directory URI,
      // which is; the title, not filled on creation, is on update.
      expect(changes.entries.map((e) => e.message)).toEqual([
        'person0033: lastName: Family33 → Moved; directoryUri: person33@lab.example → moved@lab.example; title: (empty) → Engineer.',
        'person0036: title: (empty) → Engineer.'
      ])
      await c.value('ldap:set', { domain: 'Matrix', changes: { fieldRules: { phone: { clear: true } } } })
      const cleared = await ldapSync('Matrix')
      expect(
        (await c.value('logs:entries', { runId: cleared.id, code: 'LDAP_USER_UPDATED' })).entries[0].message
      ).toBe('person0033: phone: +1 408 555 0033 → (empty).')
    })

    it('writes primary directory numbers back to the directory, masked, and reports what it could not write', async () => {
      // Two directory users also have a Unified CM account with a primary extension.
      const cp = c.store.devices.all().find((d) => d.name === 'CUCM West')
      const cucmUser = (userid: string, pattern: string) => ({
        scope: 'user' as const,
        type: 'User',
        key: userid,
        name: userid,
        data: JSON.stringify({
          userid,
          firstName: 'Given',
          lastName: userid,
          primaryExtension: { pattern, routePartitionName: 'PT-Internal' }
        })
      })
      c.store.inventory.applyChanges(cp?.id ?? 0, 0, {
        upserts: [cucmUser('person0001', '2001'), cucmUser('person0002', '2002')],
        deletes: [],
        deleteByPrefix: []
      })
      const domainRun = await c.value('domains:sync', { name: 'West' })
      await finishedRun(c, domainRun.runId)
      expect((await error('ldap:write-back', { domain: 'West' })).field).toBe('writeBack.attribute')
      expect(
        (
          await error('ldap:set', {
            domain: 'West',
            changes: { writeBack: { attribute: 'telephoneNumber', mask: '12+XX' } }
          })
        ).field
      ).toBe('changes.writeBack.mask')
      expect(
        (await error('ldap:set', { domain: 'West', changes: { writeBack: { attribute: 'ipPhone' } } }))
          .message
      ).toMatch(/ipPhone is not offered/)
      await c.value('ldap:set', {
        domain: 'West',
        changes: { writeBack: { attribute: 'telephoneNumber', mask: '+1408555XXXX' } }
      })

      const waitFor = (runId: number): Promise<RunSummary> => finishedRun(c, runId)
      // The directory's "Allow changes" is off: refused before a run starts or a byte is sent (issue 20 item 1).
      const runsBefore = (await c.value('runs:list', { domain: 'West', limit: 100 })).total
      const off = await error('ldap:write-back', { domain: 'West' })
      expect(off).toMatchObject({ code: 'CHANGES_NOT_ALLOWED', field: 'allowChanges' })
      expect(off.message).toMatch(
        /^Lab OpenLDAP does not allow changes, .*switchboard devices edit "Lab OpenLDAP" --allow-changes/
      )
      expect((await c.value('runs:list', { domain: 'West', limit: 100 })).total).toBe(runsBefore)
      await c.value('devices:edit', { name: 'Lab OpenLDAP', changes: { allowChanges: true } })
      const turnedOn = await c.value('audit:list', {
        action: 'devices:edit',
        target: 'Lab OpenLDAP',
        limit: 1
      })
      expect(JSON.stringify(turnedOn.entries[0].details)).toContain('allowChanges')

      // The reader account may not write: every attempt fails and says why.
      const refused = await waitFor((await c.value('ldap:write-back', { domain: 'West' })).runId)
      expect(refused.status).toBe('failed')
      const failures = await c.value('logs:entries', { runId: refused.id, code: 'LDAP_WRITE_BACK_REFUSED' })
      expect(failures.total).toBe(2)
      expect(failures.entries[0].message).toMatch(
        /person0001: telephoneNumber could not be written: insufficient access \(LDAP result 50\)/
      )

      await c.value('devices:edit', {
        name: 'Lab OpenLDAP',
        changes: { adminDn: WRITER_DN, password: WRITER_PASSWORD }
      })
      const written = await waitFor((await c.value('ldap:write-back', { domain: 'West' })).runId)
      expect(written.status).toBe('succeeded')
      expect(written.summary).toMatch(/Wrote telephoneNumber for 2 users; 0 failed/)
      const client = await DirectoryClient.connect({
        primary: { host: '127.0.0.1', port: slapd.port },
        security: 'none',
        bindDn: READER_DN,
        password: READER_PASSWORD,
        activeDirectory: false
      })
      try {
        const entries = []
        for await (const page of client.search(PEOPLE, '(|(uid=person0001)(uid=person0002))', [
          'uid',
          'telephoneNumber'
        ]))
          entries.push(...page)
        expect(entries.map((e) => [e.attributes.uid[0], e.attributes.telephonenumber])).toEqual(
          expect.arrayContaining([
            ['person0001', ['+14085552001']],
            ['person0002', ['+14085552002']]
          ])
        )
      } finally {
        await client.close()
      }
    })
  }
)

describe.skipIf(unavailable !== undefined)(
  `LDAP synchronization cut off while it stages new users${unavailable ? ` (skipped: ${unavailable})` : ''}`,
  () => {
    const many: LdapPerson[] = Array.from({ length: 3000 }, (_, k) => ({
      uid: `new${String(k + 1).padStart(4, '0')}`,
      givenName: `Given${k + 1}`,
      sn: `Family${k + 1}`
    }))
    let server: RunningSlapd | undefined
    let core: TestCore | undefined
    afterAll(async () => {
      await core?.dispose()
      await server?.stop()
    })

    it('creates nobody and keeps nothing staged when the directory dies mid-read', async () => {
      server = await startSlapd(many)
      core = testCore()
      await addSlapdDomain(core, server)
      await core.value('ldap:set', { domain: 'West', changes: { directory: 'Lab OpenLDAP' } })
      const staging = (): { name: string; rows: number }[] =>
        (
          core!.store.db
            .prepare(
              "SELECT name FROM sqlite_temp_master WHERE type = 'table' AND name LIKE 'staged_users_%'"
            )
            .pluck()
            .all() as string[]
        ).map((name) => ({
          name,
          rows: core!.store.db.prepare(`SELECT COUNT(*) FROM temp.${name}`).pluck().get() as number
        }))
      // Six pages of 500: once the second is handed on, the first is staged; the client asks for at
      // most two more, so the last pages are never read.
      let seen: { name: string; rows: number }[] = []
      const off = core.events.subscribe((event, payload) => {
        if (event !== 'sync:progress' || (payload as { objects: number }).objects < 1000) return
        off()
        seen = staging()
        process.kill(server!.pid, 'SIGKILL')
      })
      const { runId } = await core.value('ldap:sync', { domain: 'West' })
      const run = await finishedRun(core, runId)
      expect(seen).toEqual([{ name: `staged_users_${runId}`, rows: 500 }])
      expect(run.status).toBe('failed')
      expect(run.summary).toMatch(/^Failed; West was left as it was\. The search on .* was interrupted/)
      expect((await core.value('users:list', { domain: 'West', limit: 10 })).users).toEqual([])
      expect(staging()).toEqual([])
    })
  }
)
