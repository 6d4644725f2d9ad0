// Issue 6 items 3 and 4: what a user LDAP synchronization creates gets — the service area and roles
// the LDAP filters pick (LDAP-28, -30 … -32) and the line number its service area's options decide
// (LDAP-33 … -39) — with the validation of those options, checked on a Core without a directory.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { DirectoryEntry } from '../../src-main/connectors/ldap/client'
import { BlockAllocator, type BlockSpec } from '../../src-main/domains/numbering'
import type { DomainRow } from '../../src-main/store/domains'
import type { StoredLdapSettings } from '../../src-main/store/ldapSettings'
import type { LogSink } from '../../src-main/sync/domain/engine'
import { AutoProvisioning } from '../../src-main/sync/directory/autoProvisioning'
import { decideLine, type LineOptions } from '../../src-main/sync/directory/linePlanning'
import { cliFor } from './helpers/cli'
import { addOfflineCallProcessor, addOfflineDirectory, testCore, type TestCore } from './helpers/core'

let c: TestCore

async function error(channel: Parameters<TestCore['dispatch']>[0], input: unknown) {
  const result = await c.dispatch(channel, input, { origin: 'test' })
  if (result.ok) throw new Error(`${channel} should have failed`)
  return result.error
}

interface Logged {
  severity: string
  code: string
  message: string
  hint?: string
}

/** A run's provisioning over the stored domain, its log kept for the test to read. */
function provisioning(domain = 'West'): { auto: AutoProvisioning; log: Logged[] } {
  const row = c.store.domains.byName(domain) as DomainRow
  const settings = c.store.ldapSettings.get(row.id)?.settings as StoredLdapSettings
  const log: Logged[] = []
  const sink: LogSink = {
    add: (severity, code, message, about) => log.push({ severity, code, message, hint: about?.hint })
  }
  return { auto: new AutoProvisioning(c.store, row, settings, sink), log }
}

function person(uid: string, attributes: Record<string, string | string[]> = {}): DirectoryEntry {
  const lower = Object.fromEntries(
    Object.entries({ uid, ...attributes }).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v : [v]])
  )
  return { dn: `uid=${uid},ou=people,dc=lab,dc=example`, attributes: lower }
}

const callProcessorId = (): number => c.store.devices.all().find((d) => d.name === 'CUCM West')?.id ?? 0

/** Lines on the Call Processor, as its synchronized inventory has them. */
function linesInUse(...patterns: string[]): void {
  c.store.inventory.applyChanges(callProcessorId(), 0, {
    upserts: patterns.map((pattern) => ({
      scope: 'infrastructure' as const,
      type: 'Line',
      key: `${pattern}/PT`,
      name: pattern,
      data: JSON.stringify({ pattern, routePartitionName: 'PT' })
    })),
    deletes: [],
    deleteByPrefix: []
  })
}

beforeEach(async () => {
  c = testCore()
  await addOfflineCallProcessor(c, 'CUCM West')
  await addOfflineDirectory(c, 'Lab OpenLDAP')
  await c.value('domains:add', { name: 'West', callProcessors: ['CUCM West'], rules: { syncAllUsers: true } })
  await c.value('ldap:set', { domain: 'West', changes: { directory: 'Lab OpenLDAP' } })
})
afterEach(async () => {
  await c.dispose()
})

describe('service-area and role LDAP options: validation', () => {
  it('refuses a bad filter or mask and names the field and the rule (LDAP-30, -34)', async () => {
    const area = { domain: 'West', name: 'San Jose', callProcessor: 'CUCM West' }
    const filter = await error('service-areas:add', { ...area, ldapFilter: '(l=San Jose' })
    expect(filter.field).toBe('ldapFilter')
    expect(filter.message).toMatch(/ldapFilter.*not a valid LDAP filter: expected "\)"/)
    const unsupported = await error('service-areas:add', { ...area, ldapFilter: '(cn:dn:=x)' })
    expect(unsupported.message).toMatch(/cannot be evaluated by Switchboard/)
    const mask = await error('service-areas:add', { ...area, maskLdapNumbers: true, ldapNumberMask: '12+XX' })
    expect(mask.field).toBe('ldapNumberMask')
    expect(mask.message).toMatch(/\+ \(or \\\+\) may appear only at the start/)
    const missing = await error('service-areas:add', { ...area, maskLdapNumbers: true })
    expect(missing).toMatchObject({
      field: 'ldapNumberMask',
      message: expect.stringMatching(/is required/) as unknown
    })
    const unticked = await error('service-areas:add', { ...area, ldapNumberMask: '12XXX' })
    expect(unticked.message).toMatch(/only while maskLdapNumbers is on/)

    await c.value('service-areas:add', { ...area, maskLdapNumbers: true, ldapNumberMask: '\\+1408XXXXXXX' })
    const edit = await error('service-areas:edit', {
      domain: 'West',
      name: 'San Jose',
      changes: { ldapFilter: '(&)' }
    })
    expect(edit.field).toBe('changes.ldapFilter')
    const role = await error('roles:add', { domain: 'West', name: 'Sales', ldapFilter: 'department=Sales' })
    expect(role.field).toBe('ldapFilter')
    expect(role.message).toMatch(/expected "\("/)
  })

  it('keeps the mask with its box: unticking clears it, the box alone keeps the stored mask', async () => {
    const area = await c.value('service-areas:add', {
      domain: 'West',
      name: 'San Jose',
      callProcessor: 'CUCM West',
      ldapFilter: '(l=San Jose)',
      assignLineFromBlock: true,
      maskLdapNumbers: true,
      ldapNumberMask: '+1408555XXXX'
    })
    expect(area).toMatchObject({
      ldapFilter: '(l=San Jose)',
      assignLineFromBlock: true,
      maskLdapNumbers: true,
      ldapNumberMask: '+1408555XXXX'
    })
    const edit = (changes: object) =>
      c.value('service-areas:edit', { domain: 'West', name: 'San Jose', changes })
    expect(await edit({ assignLineFromBlock: false })).toMatchObject({
      assignLineFromBlock: false,
      ldapNumberMask: '+1408555XXXX'
    })
    expect(await edit({ maskLdapNumbers: false })).toMatchObject({
      maskLdapNumbers: false,
      ldapNumberMask: null
    })
    expect(await edit({ ldapFilter: null })).toMatchObject({ ldapFilter: null })
  })

  it('refuses service-area and role filters unless the domain synchronizes users from LDAP (LDAP-32)', async () => {
    await c.value('domains:add', {
      name: 'East',
      callProcessors: ['CUCM West'],
      rules: { syncAllUsers: true }
    })
    const area = { domain: 'East', name: 'Boston', callProcessor: 'CUCM West' }
    expect((await error('service-areas:add', { ...area, ldapFilter: '(l=Boston)' })).message).toMatch(
      /service-area LDAP filters need the domain's LDAP settings, and East has none yet/
    )
    await c.value('ldap:set', { domain: 'East', changes: { directory: 'Lab OpenLDAP', mode: 'auth-only' } })
    const refused = await error('service-areas:add', { ...area, ldapFilter: '(l=Boston)' })
    expect(refused).toMatchObject({ code: 'VALIDATION', field: 'ldapFilter' })
    expect(refused.message).toMatch(/authentication only, where service-area LDAP filters are disabled/)
    expect(
      (
        await error('roles:edit', {
          domain: 'East',
          name: 'Executive',
          changes: { ldapFilter: '(title=VP*)' }
        })
      ).message
    ).toMatch(/user-role LDAP filters are disabled/)
    // The number options and clearing a filter do not depend on the mode.
    expect(
      await c.value('service-areas:add', { ...area, assignLineFromBlock: true, ldapFilter: null })
    ).toMatchObject({ assignLineFromBlock: true, ldapFilter: null })
    await c.value('ldap:set', { domain: 'East', changes: { mode: 'auth-sync' } })
    expect(
      await c.value('service-areas:edit', {
        domain: 'East',
        name: 'Boston',
        changes: { ldapFilter: '(l=Boston)' }
      })
    ).toMatchObject({ ldapFilter: '(l=Boston)' })
  })
})

describe('service area and roles of a new directory user', () => {
  it('takes the first service area, in matching order, whose filter matches, else the provisioning rule (LDAP-30)', async () => {
    const add = (name: string, ldapFilter?: string) =>
      c.value('service-areas:add', {
        domain: 'West',
        name,
        callProcessor: 'CUCM West',
        ...(ldapFilter ? { ldapFilter } : {})
      })
    await add('Paris', '(l=Paris)')
    await add('Bay Area', '(l=San*)')
    await add('San Jose', '(&(l=San Jose)(title=Engineer))')
    await add('Anywhere')
    const engineer = person('ann', { l: 'San Jose', title: 'Engineer' })
    const stranger = person('bob', { l: 'Berlin' })
    expect(provisioning().auto.place('ann', engineer, undefined).view.serviceArea).toBe('Bay Area')
    await c.value('service-areas:move', { domain: 'West', name: 'San Jose', position: 1 })
    expect(provisioning().auto.place('ann', engineer, undefined).view.serviceArea).toBe('San Jose')

    const run = provisioning()
    expect(run.auto.place('bob', stranger, undefined).view).not.toHaveProperty('serviceArea')
    run.auto.finish()
    expect(run.log).toEqual([
      expect.objectContaining({
        code: 'LDAP_NO_SERVICE_AREA',
        message: expect.stringMatching(/1 new users .*: bob\./) as unknown
      })
    ])
    await c.value('ldap:set', { domain: 'West', changes: { provisioningRule: { serviceArea: 'anywhere' } } })
    expect(provisioning().auto.place('bob', stranger, undefined).record).toMatchObject({
      serviceAreaId: c.store.serviceAreas.byName(1, 'Anywhere')?.id
    })
  })

  it('gives the matched role and the default one, else the provisioning rule, else the default (LDAP-31)', async () => {
    await c.value('roles:edit', {
      domain: 'West',
      name: 'Executive',
      changes: { ldapFilter: '(title=Director*)' }
    })
    await c.value('roles:add', { domain: 'West', name: 'Sales', ldapFilter: '(departmentNumber=Sales)' })
    await c.value('roles:edit', {
      domain: 'West',
      name: 'Employee',
      changes: { ldapFilter: '(title=Intern)' }
    })
    const place = (entry: DirectoryEntry) =>
      provisioning().auto.place(entry.attributes.uid[0], entry, undefined)

    // Executive comes before Sales in the roles' order, so a sales director is an executive.
    const director = place(person('dan', { title: 'Director of Sales', departmentNumber: 'Sales' }))
    expect(director).toMatchObject({ role: 'Executive', record: { roles: ['Executive', 'Employee'] } })
    expect(place(person('sam', { departmentNumber: 'sales' })).record.roles).toEqual(['Sales', 'Employee'])
    // The default role matching its own filter is just the default role.
    expect(place(person('ivy', { title: 'Intern' })).record.roles).toEqual(['Employee'])
    expect(place(person('ed', { title: 'Engineer' }))).toMatchObject({
      role: 'Employee',
      record: { roles: ['Employee'] }
    })
    await c.value('ldap:set', { domain: 'West', changes: { provisioningRule: { role: 'Sales' } } })
    expect(place(person('ed', { title: 'Engineer' }))).toMatchObject({
      role: 'Sales',
      record: { roles: ['Sales'] }
    })
    expect(place(person('dan', { title: 'Director' })).record.roles).toEqual(['Executive', 'Employee'])
  })

  it('carries roles LDAP provisioning gave along a rename, and counts them as in use', async () => {
    await c.value('roles:add', { domain: 'West', name: 'Sales' })
    const run = () => c.store.syncRuns.startForDomain(1, 'West', 'ldap', new Date().toISOString())
    const runId = run()
    const staged = c.store.domainUsers.stage(runId)
    staged.add([
      {
        user: {
          userid: 'dan',
          role: 'Sales',
          source: 'Lab OpenLDAP',
          data: { firstName: '', lastName: 'dan' },
          services: []
        },
        provisioning: { roles: ['Sales', 'Employee'] }
      }
    ])
    c.store.domainUsers.replaceDomain(1, runId, [], staged)
    staged.discard()
    await c.value('roles:edit', { domain: 'West', name: 'Sales', changes: { name: 'Field Sales' } })
    expect((await c.value('users:get', { userid: 'dan' })).provisioning).toEqual({
      roles: ['Field Sales', 'Employee']
    })
    expect((await c.value('roles:list', { domain: 'West' })).find((r) => r.name === 'Employee')?.users).toBe(
      1
    )
    // A user who leaves the domain takes its provisioning along.
    c.store.domainUsers.replaceDomain(1, run(), [])
    expect(c.store.domainUsers.provisioningOf(['dan']).size).toBe(0)
  })
})

describe('line numbers of new directory users (LDAP-35 … -39)', () => {
  const block: BlockSpec = { prefix: '408', first: 0, last: 3, minLength: 4 }
  const options = (assignLineFromBlock: boolean, mask: string | null): LineOptions => ({
    assignLineFromBlock,
    maskLdapNumbers: mask !== null,
    ldapNumberMask: mask
  })
  const decide = (o: LineOptions, number: string | undefined, blocks: BlockSpec[] = [block]) =>
    decideLine(o, number, new BlockAllocator(blocks, new Set()))

  it.each([
    [
      'block only, even with a directory number (LDAP-36)',
      options(true, null),
      '+1 408 555 0142',
      { dn: '4080000', source: 'block' }
    ],
    ['block only, without one (LDAP-36)', options(true, null), undefined, { dn: '4080000', source: 'block' }],
    [
      'mask only, masked after stripping non-digits (LDAP-37, -35)',
      options(false, '+1408555XXXX'),
      '(408) 555-0142',
      { dn: '+14085550142', source: 'masked' }
    ],
    [
      'mask only, escaped plus',
      options(false, '\\+1408XXXXXXX'),
      '408.555.0142',
      { dn: '+14085550142', source: 'masked' }
    ],
    [
      'both, with a number: masked (LDAP-38)',
      options(true, '7XXXX'),
      '+1 408 555 0142',
      { dn: '70142', source: 'masked' }
    ],
    [
      'both, without a number: from the block (LDAP-38)',
      options(true, '7XXXX'),
      undefined,
      { dn: '4080000', source: 'block' }
    ],
    [
      'neither: the directory number unchanged but for separators (LDAP-39)',
      options(false, null),
      '+1 408-555-0142',
      { dn: '+14085550142', source: 'directory' }
    ]
  ])('%s', (_, o, number, expected) => {
    expect(decide(o, number)).toMatchObject({ planned: true, ...expected })
  })

  it.each([
    [
      'mask only without a directory number: no line (LDAP-37)',
      options(false, '7XXXX'),
      undefined,
      'no-directory-number'
    ],
    ['mask only with a number without digits', options(false, '7XXXX'), 'n/a', 'no-directory-number'],
    ['neither without a directory number', options(false, null), undefined, 'no-directory-number'],
    ['neither with a number a line cannot have', options(false, null), '555-CALL-NOW', 'not-dialable'],
    ['block without blocks', options(true, null), '5550142', 'no-blocks']
  ])('%s', (_, o, number, reason) => {
    expect(decide(o, number, reason === 'no-blocks' ? [] : [block])).toEqual({ planned: false, reason })
  })

  it('takes block numbers in use on the Call Processor, planned earlier or planned in the run for no one else; logs exhaustion', async () => {
    await c.value('service-areas:add', {
      domain: 'West',
      name: 'San Jose',
      callProcessor: 'CUCM West',
      ldapFilter: '(l=San Jose)',
      assignLineFromBlock: true
    })
    await c.value('service-areas:add', {
      domain: 'West',
      name: 'Campus',
      callProcessor: 'CUCM West',
      ldapFilter: '(l=Campus)',
      maskLdapNumbers: true,
      ldapNumberMask: '40800XX'
    })
    await c.value('dn-blocks:add', {
      domain: 'West',
      serviceArea: 'San Jose',
      prefix: '408',
      first: 0,
      last: 4,
      minLength: 4
    })
    linesInUse('4080000', '4080002')
    // An earlier run planned 4080001 for a user of another domain on the same Call Processor.
    await c.value('domains:add', {
      name: 'East',
      callProcessors: ['CUCM West'],
      rules: { syncAllUsers: true }
    })
    const eastRun = c.store.syncRuns.startForDomain(2, 'East', 'ldap', new Date().toISOString())
    const staged = c.store.domainUsers.stage(eastRun)
    staged.add([
      {
        user: {
          userid: 'earlier',
          role: 'Employee',
          source: 'Lab OpenLDAP',
          data: { firstName: '', lastName: 'earlier' },
          services: []
        },
        provisioning: {
          roles: ['Employee'],
          line: { dn: '4080001', source: 'block', callProcessorId: callProcessorId() }
        }
      }
    ])
    c.store.domainUsers.replaceDomain(2, eastRun, [], staged)
    staged.discard()

    const { auto, log } = provisioning()
    const sanJose = (uid: string, phone?: string) =>
      auto.place(uid, person(uid, { l: 'San Jose', ...(phone ? { telephoneNumber: phone } : {}) }), phone)
    expect(sanJose('u1', '+1 408 555 0100').view.plannedLine).toEqual({
      dn: '4080003',
      source: 'block',
      callProcessor: 'CUCM West'
    })
    // Masked in another service area, 4080004 is then no longer free for the block.
    const campus = auto.place('u2', person('u2', { l: 'Campus' }), '555-0104')
    expect(campus.record.line).toEqual({
      dn: '4080004',
      source: 'masked',
      callProcessorId: callProcessorId()
    })
    const exhausted = sanJose('u3')
    expect(exhausted.record).not.toHaveProperty('line')
    expect(exhausted.view.noLine).toMatch(/every number of the DN blocks of San Jose is in use/)
    // A masked number someone already has is planned, with a warning.
    auto.place('u4', person('u4', { l: 'Campus' }), '00')
    expect(log.map((e) => [e.code, e.severity])).toEqual([
      ['LDAP_LINE_PLANNED', 'info'],
      ['LDAP_LINE_PLANNED', 'info'],
      ['LDAP_BLOCK_EXHAUSTED', 'warning'],
      ['LDAP_LINE_NUMBER_IN_USE', 'warning']
    ])
    expect(log[0].message).toBe(
      'u1: service area San Jose (its LDAP filter matched), role Employee; line 4080003 planned on CUCM West, from a DN block 4080000–4080004.'
    )
    expect(log[1].message).toMatch(
      /line 4080004 planned on CUCM West, the directory number masked: 555-0104 under 40800XX\./
    )
    expect(log[2].hint).toMatch(/Add a DN block to San Jose or widen one/)
    expect(log[3].message).toMatch(/4080000 is already in use, planned or reserved there/)
  })

  it('never hands a new directory user a number reserved for someone (issue 21 item 4)', async () => {
    await c.value('service-areas:add', {
      domain: 'West',
      name: 'San Jose',
      callProcessor: 'CUCM West',
      ldapFilter: '(l=San Jose)',
      assignLineFromBlock: true
    })
    await c.value('dn-blocks:add', {
      domain: 'West',
      serviceArea: 'San Jose',
      prefix: '408',
      first: 0,
      last: 2,
      minLength: 4
    })
    await c.value('numbers:reserve', { number: '4080000', userid: 'newhire', serviceArea: 'San Jose' })
    const { auto } = provisioning()
    const placed = auto.place('u1', person('u1', { l: 'San Jose' }), undefined)
    expect(placed.view.plannedLine?.dn).toBe('4080001')
  })

  it('finds the numbers planned on a Call Processor by index', () => {
    const plan = c.store.db
      .prepare(
        'EXPLAIN QUERY PLAN SELECT planned_line_dn FROM domain_users WHERE planned_line_processor_id = ? AND planned_line_dn IS NOT NULL'
      )
      .all(1) as { detail: string }[]
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING INDEX domain_users_(block|planned)_line/)
  })

  it('says why no line is planned, with a hint (LDAP-37)', async () => {
    await c.value('service-areas:add', {
      domain: 'West',
      name: 'Paris',
      callProcessor: 'CUCM West',
      ldapFilter: '(l=Paris)',
      maskLdapNumbers: true,
      ldapNumberMask: '+33XXXXXXXXX'
    })
    const { auto, log } = provisioning()
    const placed = auto.place('amelie', person('amelie', { l: 'Paris' }), undefined)
    expect(placed.view).toEqual({
      userid: 'amelie',
      serviceArea: 'Paris',
      roles: ['Employee'],
      noLine:
        'the directory has no telephoneNumber for the user and the service area only masks directory numbers'
    })
    expect(log).toEqual([
      {
        severity: 'warning',
        code: 'LDAP_LINE_NOT_PLANNED',
        message: expect.stringMatching(
          /^amelie: service area Paris .*; no line planned: the directory has no telephoneNumber/
        ) as unknown,
        hint: 'Give the entry a telephoneNumber, or tick "Assign new line from the extension block" on Paris (with a DN block).'
      }
    ])
  })
})

describe('command line', () => {
  it('sets, shows and clears the LDAP options of service areas and roles', async () => {
    const cli = cliFor(c.dataDir)
    const added = await cli([
      'service-areas',
      'add',
      '--domain',
      'West',
      'San Jose',
      '--call-processor',
      'CUCM West',
      '--ldap-filter',
      '(l=San Jose)',
      '--line-from-block',
      '--mask-ldap-numbers',
      '+1408555XXXX'
    ])
    expect(added.code).toBe(0)
    expect(added.out).toMatch(/LDAP filter: \(l=San Jose\)/)
    expect(added.out).toMatch(
      /Lines of new directory users: the directory number masked with \+1408555XXXX, else from a DN block/
    )
    const bad = await cli([
      'service-areas',
      'edit',
      '--domain',
      'West',
      'San Jose',
      '--mask-ldap-numbers',
      '1+2'
    ])
    expect(bad.code).toBe(2)
    expect(bad.err).toMatch(/^error: --mask-ldap-numbers: /m)
    expect(
      (
        await cli([
          'service-areas',
          'edit',
          '--domain',
          'West',
          'San Jose',
          '--line-from-block',
          '--no-line-from-block'
        ])
      ).code
    ).toBe(2)
    const edited = await cli([
      'service-areas',
      'edit',
      '--domain',
      'West',
      'San Jose',
      '--ldap-filter',
      'none',
      '--no-line-from-block',
      '--mask-ldap-numbers',
      'none'
    ])
    expect(edited.out).toMatch(/LDAP filter: none/)
    expect(edited.out).toMatch(/Lines of new directory users: the directory number as it is/)
    const listed = JSON.parse(
      (await cli(['--json', 'service-areas', 'list', '--domain', 'West'])).out
    ) as unknown[]
    expect(listed[0]).toMatchObject({
      ldapFilter: null,
      assignLineFromBlock: false,
      maskLdapNumbers: false,
      ldapNumberMask: null
    })

    const role = await cli([
      'roles',
      'add',
      '--domain',
      'West',
      'Sales',
      '--ldap-filter',
      '(departmentNumber=Sales)'
    ])
    expect(role.out).toMatch(/LDAP filter: \(departmentNumber=Sales\)/)
    expect(
      (await cli(['roles', 'edit', '--domain', 'West', 'Sales', '--ldap-filter', '(departmentNumber=Sales']))
        .err
    ).toMatch(/^error: --ldap-filter: is not a valid LDAP filter/m)
    const cleared = await cli([
      '--json',
      'roles',
      'edit',
      '--domain',
      'West',
      'Sales',
      '--ldap-filter',
      'none'
    ])
    expect(JSON.parse(cleared.out)).toMatchObject({ name: 'Sales', ldapFilter: null })
  })
})
