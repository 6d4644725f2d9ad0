// Issue 9 resilience: the bad-input corpus. Every request channel gets garbage the way the headless
// host and Electron IPC would deliver it (parsed JSON, structured-clone values), every user-facing
// rule gets the values that break it, the command line gets bad arguments, and review bundles get
// bytes that are no bundle. Each must end in a clear error value — a code, and a message naming the
// field and the rule — without a crash, and without changing anything in the store (every table's
// row count and content checksum, see helpers/storeDigest.ts).
import { generateKeyPairSync } from 'node:crypto'
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync, gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { requestChannels, type RequestChannel } from '../../src-preload/contract/channels'
import { requests, type AppError, type Result } from '../../src-preload/contract'
import {
  BUNDLE_SIGNATURE,
  encodeBundle,
  manifestSigner,
  readBundleFile,
  sha256,
  type ReviewManifest
} from '../../src-main/review/format'
import { cliFor } from './helpers/cli'
import { tempDir, testCore, type TestCore } from './helpers/core'
import { finishedRun } from './helpers/runs'
import { storeDigest } from './helpers/storeDigest'

let c: TestCore

/** A fingerprint any SHA-256 certificate could have. */
const FINGERPRINT = Array.from({ length: 32 }, () => 'AB').join(':')
const CUCM = 'CUCM Pub'

beforeAll(async () => {
  c = testCore()
  // Devices on ports where nothing listens: a synchronization fails at once, which gives runs.
  await c.value('devices:add', {
    name: CUCM,
    kind: 'call-processor',
    product: 'cucm',
    host: '127.0.0.1',
    port: 9,
    username: 'axladmin',
    password: 'secret-axl'
  })
  await c.value('devices:add', {
    name: 'Unity',
    kind: 'message-processor',
    product: 'unity-connection',
    host: '127.0.0.1',
    port: 9,
    username: 'cucadmin',
    password: 'secret-cuc'
  })
  await c.value('devices:add', {
    name: 'IMP',
    kind: 'presence-processor',
    product: 'imp',
    host: '127.0.0.1',
    port: 9,
    username: 'axladmin',
    password: 'secret-imp',
    callProcessor: CUCM
  })
  await c.value('devices:add', {
    name: 'Corp AD',
    kind: 'directory',
    product: 'ad',
    host: '127.0.0.1',
    port: 389,
    adminDn: 'CN=svc-sync,OU=Service,DC=example,DC=com',
    password: 'secret-ad',
    searchBase: 'OU=Staff,DC=example,DC=com'
  })
  for (let i = 0; i < 2; i++) {
    await finishedRun(c, (await c.value('sync:start', { device: CUCM, kind: 'infrastructure' })).runId)
  }
  await c.value('domains:add', {
    name: 'West',
    callProcessors: [CUCM],
    messageProcessors: ['Unity'],
    rules: { syncAllUsers: true }
  })
  await c.value('ldap:set', {
    domain: 'West',
    changes: { directory: 'Corp AD', mode: 'auth-sync', searchBase: 'OU=Staff,DC=example,DC=com' }
  })
  await c.value('service-areas:add', { domain: 'West', name: 'San Jose', callProcessor: CUCM })
  await c.value('dn-blocks:add', {
    domain: 'West',
    serviceArea: 'San Jose',
    prefix: '408',
    first: 0,
    last: 100,
    minLength: 4
  })
  await c.value('roles:add', { domain: 'West', name: 'Managers', services: ['Voicemail'] })
  await c.value('jobs:add', { name: 'Nightly', startAt: '2099-01-01T02:30:00Z' })
}, 60_000)
afterAll(async () => {
  await c?.dispose()
})

interface Refusal {
  code: AppError['code']
  message: string
  field?: string
  fields: string[]
}

/** Dispatches as the headless host does and returns the refusal; a success fails the test. */
async function refusal(channel: string, input: unknown): Promise<Refusal> {
  const result = (await c.dispatch(channel as RequestChannel, input, {
    origin: 'headless'
  })) as Result<unknown>
  if (result.ok) throw new Error(`${channel} accepted ${shown(input)}`)
  const { code, message, field, issues } = result.error
  return { code, message, field, fields: issues?.map((i) => i.field) ?? (field ? [field] : []) }
}

/** An input as a short text for failure messages (BigInt and huge strings included). */
function shown(value: unknown): string {
  const text =
    JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)) ?? String(value)
  return text.length > 200 ? `${text.slice(0, 200)}… (${text.length} characters)` : text
}

// ---------- every request channel gets garbage ----------

const RUN = 1
const ISO = '2026-01-01T00:00:00Z'

/**
 * One well-formed input per channel, touching the objects of the store above; the garbage below is
 * made by breaking one part of it at a time. A channel without an entry fails the coverage test.
 */
/** A well-formed order of two steps, one depending on the other. */
const ORDER = {
  title: 'New hire',
  steps: [
    { action: { type: 'add-line', device: 'CUCM Pub', line: { pattern: '4100', partition: 'PT-Internal' } } },
    {
      action: {
        type: 'update-line',
        device: 'CUCM Pub',
        line: { pattern: '4100', partition: 'PT-Internal' },
        changes: { description: 'New hire' }
      },
      dependsOn: [1]
    }
  ]
}

const wellFormed: Record<string, Record<string, unknown>> = {
  'app:info': {},
  'devices:list': {},
  'devices:get': { name: CUCM },
  'devices:add': {
    name: 'CUCM Two',
    kind: 'call-processor',
    product: 'cucm',
    host: 'cucm2.example.test',
    port: 8443,
    username: 'axladmin',
    password: 'pw'
  },
  'devices:edit': { name: CUCM, changes: { host: 'cucm.example.test', port: 8443, useSsl: true } },
  'devices:delete': { name: CUCM },
  'devices:test': { name: CUCM },
  'devices:trust': { name: CUCM, fingerprint: FINGERPRINT, backup: false },
  'demo:status': {},
  'demo:start': {},
  'sync:start': { device: CUCM, kind: 'user', options: { specialDns: true } },
  'sync:cancel': { runId: RUN },
  'sync:runs': { device: CUCM, limit: 10 },
  'sync:run': { runId: RUN },
  'sync:active': {},
  'settings:get': {},
  'settings:set': { runsKeptPerDevice: 20, retention: { user: { count: 50, days: 90 } } },
  'cn:status': { device: CUCM },
  'cn:set': { device: CUCM, enabled: true, intervalMinutes: 5 },
  'cn:poll': { device: CUCM },
  'logs:entries': {
    runId: RUN,
    severity: 'error',
    code: 'SYNC_FAILED',
    objectType: 'Phone',
    search: 'refused',
    offset: 0,
    limit: 10
  },
  'logs:export': { runId: RUN, severity: 'error', search: 'refused', format: 'csv' },
  'runs:list': {
    device: CUCM,
    kinds: ['infrastructure'],
    statuses: ['failed'],
    from: ISO,
    to: '2099-01-01T00:00:00Z',
    offset: 0,
    limit: 10
  },
  'runs:compare': { older: RUN, newer: RUN + 1, limit: 10 },
  'runs:stats': { device: CUCM, kinds: ['infrastructure'], limit: 10 },
  'audit:list': { action: 'devices:', target: 'CUCM', from: ISO, offset: 0, limit: 10 },
  'audit:export': { action: 'devices:', format: 'json' },
  'review:export': { selection: { kind: 'devices', devices: [CUCM] } },
  'review:signers': {},
  'review:trust': { fingerprint: FINGERPRINT, name: 'Ana Ruiz', trustedFrom: 'west.swreview' },
  'review:untrust': { fingerprint: FINGERPRINT },
  'inventory:list': { device: CUCM, type: 'Phone', search: 'SEP', offset: 0, limit: 10 },
  'domains:list': {},
  'domains:get': { name: 'West' },
  'domains:add': {
    name: 'East',
    description: 'East coast',
    callProcessors: [CUCM],
    messageProcessors: ['Unity'],
    rules: { syncAllUsers: true, matchDepartment: 'Sales;Support' }
  },
  'domains:edit': { name: 'West', changes: { description: 'West coast', rules: { syncAllUsers: true } } },
  'domains:delete': { name: 'West' },
  'domains:sync': { name: 'West' },
  'domains:preview': { name: 'West' },
  'service-areas:list': { domain: 'West' },
  'service-areas:add': {
    domain: 'West',
    name: 'Austin',
    callProcessor: CUCM,
    attributes: { devicePool: 'DP-AUS', protocol: 'SIP', voiceGateways: ['VG-AUS'] },
    userRoles: ['Employee'],
    ldapFilter: '(l=Austin)',
    assignLineFromBlock: true,
    maskLdapNumbers: true,
    ldapNumberMask: '+1512555XXXX'
  },
  'service-areas:edit': {
    domain: 'West',
    name: 'San Jose',
    changes: { attributes: { location: 'LOC-SJC' }, ldapFilter: '(l=San Jose)' }
  },
  'service-areas:delete': { domain: 'West', name: 'San Jose' },
  'service-areas:move': { domain: 'West', name: 'San Jose', position: 1 },
  'service-areas:choices': { callProcessor: CUCM },
  'dn-blocks:add': {
    domain: 'West',
    serviceArea: 'San Jose',
    prefix: '512',
    first: 0,
    last: 99,
    minLength: 4
  },
  'dn-blocks:edit': { id: 1, prefix: '408', first: 0, last: 99, minLength: 4 },
  'dn-blocks:delete': { id: 1 },
  'numbers:list': {
    serviceArea: 'San Jose',
    domain: 'West',
    state: 'available',
    search: '408',
    offset: 0,
    limit: 10
  },
  'numbers:reservations': { serviceArea: 'San Jose', domain: 'West', userid: 'jdoe' },
  'numbers:next': { serviceArea: 'San Jose', domain: 'West' },
  'numbers:reserve': { number: '4080001', userid: 'jdoe', serviceArea: 'San Jose', domain: 'West' },
  'numbers:release': { number: '4080001', serviceArea: 'San Jose', domain: 'West' },
  'roles:list': { domain: 'West' },
  'roles:add': {
    domain: 'West',
    name: 'Contractors',
    endpoints: ['Cisco 6921'],
    lines: ['Line'],
    services: ['Voicemail'],
    bundles: ['Endpoint Service'],
    ldapFilter: '(title=Contractor*)'
  },
  'roles:edit': { domain: 'West', name: 'Managers', changes: { services: ['Jabber'] } },
  'roles:delete': { domain: 'West', name: 'Managers' },
  'ldap:get': { domain: 'West' },
  'ldap:set': {
    domain: 'West',
    changes: {
      mode: 'auth-sync',
      staleAction: 'keep',
      mappings: { userId: 'sAMAccountName' },
      filter: {
        kind: 'simple',
        conditions: [{ field: 'Department', operator: 'in', value: 'Sales, Support' }]
      },
      guard: { maxRemovals: 100, maxPercent: 20 },
      fieldRules: { title: { create: true, update: false } },
      provisioningRule: { role: 'Employee', serviceArea: null },
      writeBack: { attribute: 'telephoneNumber', mask: '+1408555XXXX' },
      intervalHours: 24,
      startAt: ISO
    }
  },
  'ldap:sync': { domain: 'West', approve: ['jsmith'] },
  'ldap:preview': { domain: 'West' },
  'ldap:write-back': { domain: 'West' },
  'jobs:list': {},
  'jobs:get': { name: 'Nightly' },
  'jobs:add': {
    name: 'Weekly',
    frequency: { every: 'weeks', count: 1 },
    startAt: '2099-01-01T02:30:00+01:00',
    timeZone: 'Europe/Berlin',
    selection: { kind: 'granular', text: 'cp.all: both\ndomain.West:' },
    options: { forceDomainSync: true, parallel: false, abortOnFailure: false }
  },
  'jobs:edit': { name: 'Nightly', changes: { frequency: { every: 'days', count: 2 }, timeZone: 'UTC' } },
  'jobs:delete': { names: ['Nightly'] },
  'jobs:run': { names: ['Nightly'] },
  'jobs:cancel': { names: ['Nightly'] },
  'jobs:preview': { selection: { kind: 'builder', choice: 'all' } },
  'jobs:runs': { name: 'Nightly', limit: 5 },
  'jobs:queue': {},
  'jobs:run-unsaved': {
    label: 'Now',
    selection: { kind: 'builder', choice: 'domains' },
    options: { abortOnFailure: true }
  },
  'users:list': { domain: 'West', search: { by: 'user', text: 'smi*' }, offset: 0, limit: 10 },
  'users:get': { userid: 'jsmith' },
  'orders:list': { device: 'CUCM Pub', statuses: ['failed', 'interrupted'], limit: 20 },
  'orders:get': { id: 12 },
  'orders:dry-run': ORDER,
  'orders:submit': ORDER,
  'orders:retry': { id: 12 },
  'orders:rollback': { id: 12 },
  'orders:cancel': { id: 12 }
}

const HUGE = 'x'.repeat(200_000)

/** Values of the wrong type for a place holding `value`, as JSON or structured clone can carry them. */
function wrongValues(value: unknown): [string, unknown][] {
  if (typeof value === 'string')
    return [
      ['a number', 42],
      ['NaN', NaN],
      ['a boolean', true],
      ['an object', {}],
      ['an array', []],
      ['a BigInt', 10n],
      ['a Date', new Date(0)],
      ['a 200,000-character string', HUGE]
    ]
  if (typeof value === 'number')
    return [
      ['a string', '7'],
      ['NaN', NaN],
      ['Infinity', Infinity],
      ['-1', -1],
      ['1e300', 1e300],
      ['a boolean', true],
      ['an object', {}],
      ['a BigInt', 7n]
    ]
  if (typeof value === 'boolean')
    return [
      ['a string', 'true'],
      ['a number', 1],
      ['an object', {}]
    ]
  if (value === null)
    return [
      ['a number', 42],
      ['a boolean', true],
      ['an array', []]
    ]
  if (Array.isArray(value))
    return [
      ['a string', 'x'],
      ['a number', 42],
      ['an object', {}]
    ]
  return [
    ['a string', 'x'],
    ['a number', 42],
    ['an array', []],
    ['a boolean', true]
  ]
}

type Path = (string | number)[]

interface Garbage {
  what: string
  /** Where the garbage is, as error values name fields (dotted; '' for the whole input). */
  field: string
  input: unknown
  /** The field an error must name: the place itself, or the unknown key added there. */
  expectField: (field: string) => boolean
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date)

/** Every place of a well-formed input: objects' keys and arrays' first element, depth first. */
function places(value: unknown, path: Path = []): Path[] {
  const here = [path]
  if (isRecord(value)) return here.concat(...Object.entries(value).map(([k, v]) => places(v, [...path, k])))
  if (Array.isArray(value) && value.length > 0) return here.concat(places(value[0], [...path, 0]))
  return here
}

function get(value: unknown, path: Path): unknown {
  return path.reduce<unknown>((v, key) => (v as Record<string | number, unknown>)[key], value)
}

/** A copy with `change` applied to the place at `path` (its parent and the key within it). */
function changed(
  value: unknown,
  path: Path,
  change: (parent: Record<string | number, unknown>, key: string | number) => void
): unknown {
  const copy = structuredClone(value)
  if (path.length === 0) return copy
  change(get(copy, path.slice(0, -1)) as Record<string | number, unknown>, path[path.length - 1])
  return copy
}

/** An object with one more own key, delivered as JSON.parse delivers it (so `__proto__` is an own key). */
function withKey(value: unknown, path: Path, key: string, extra: unknown): unknown {
  const marker = '\u0000extra\u0000'
  const copy = changed(value, path, () => undefined) as Record<string, unknown>
  const target = (path.length === 0 ? copy : get(copy, path)) as Record<string, unknown>
  target[marker] = extra
  return JSON.parse(JSON.stringify(copy).replace(JSON.stringify(marker), JSON.stringify(key)))
}

const dotted = (path: Path): string => path.map(String).join('.')
const sameOrWithin = (place: string) => (field: string) =>
  place === '' ||
  (field !== '' && (field === place || field.startsWith(`${place}.`) || place.startsWith(`${field}.`)))

function garbageFor(channel: string, input: Record<string, unknown>): Garbage[] {
  const schema = requests[channel as RequestChannel].input
  const all: Garbage[] = [42, 'text', true, NaN, [], [input]].map((whole) => ({
    what: `the whole input replaced by ${shown(whole)}`,
    field: '',
    input: whole,
    expectField: () => true
  }))
  for (const path of places(input)) {
    const field = dotted(path)
    const value = path.length === 0 ? input : get(input, path)
    if (path.length > 0)
      for (const [label, wrong] of wrongValues(value))
        all.push({
          what: `${field} replaced by ${label}`,
          field,
          input: changed(input, path, (parent, key) => (parent[key] = wrong)),
          expectField: sameOrWithin(field)
        })
    if (isRecord(value)) {
      const prefix = field === '' ? '' : `${field}.`
      for (const [key, extra] of [
        ['bogus', 1],
        ['__proto__', { polluted: 'yes' }],
        ['constructor', { prototype: { polluted: 'yes' } }]
      ] as const)
        all.push({
          what: `an unknown key ${key} in ${field || 'the input'}`,
          field: `${prefix}${key}`,
          input: withKey(input, path, key, extra),
          expectField: (f) => f === `${prefix}${key}`
        })
    }
    const last = path[path.length - 1]
    if (typeof last === 'string') {
      const without = changed(input, path, (parent, key) => delete parent[key])
      // Only required keys: leaving out an optional one is a well-formed request.
      if (!schema.safeParse(without).success)
        all.push({ what: `${field} left out`, field, input: without, expectField: sameOrWithin(field) })
    }
  }
  return all
}

describe('every request channel refuses garbage with a VALIDATION error naming the field', () => {
  it('has a well-formed input for every channel, and each is accepted by the contract', () => {
    expect(requestChannels.filter((channel) => !(channel in wellFormed))).toEqual([])
    for (const [channel, input] of Object.entries(wellFormed)) {
      const parsed = requests[channel as RequestChannel].input.safeParse(input)
      expect(parsed.success ? '' : `${channel}: ${parsed.error.message}`).toBe('')
    }
  })

  it.each(requestChannels)('%s', async (channel) => {
    const before = storeDigest(c.store.db)
    const problems: string[] = []
    for (const garbage of garbageFor(channel, wellFormed[channel])) {
      const result = (await c.dispatch(channel, garbage.input, { origin: 'headless' })) as Result<unknown>
      if (result.ok) {
        problems.push(`${garbage.what}: accepted`)
        continue
      }
      const { code, message, field } = result.error
      const issues = result.error.issues ?? (field ? [{ field, message }] : [])
      const named = issues.filter((i) => garbage.expectField(i.field))
      if (code !== 'VALIDATION') problems.push(`${garbage.what}: ${code} ${message.slice(0, 200)}`)
      else if (named.length === 0)
        problems.push(`${garbage.what}: names ${shown(issues.map((i) => i.field))}, not ${garbage.field}`)
      else if (
        named.some(
          (i) =>
            // zod's bare "Invalid input" (a union none of whose options fit) names no rule.
            /^(Invalid input)?$/.test(i.message.trim()) ||
            (i.field !== '' && !message.includes(`${i.field}: ${i.message}`))
        )
      )
        problems.push(
          `${garbage.what}: the message does not give the field and the rule: ${message.slice(0, 200)}`
        )
    }
    expect(problems).toEqual([])
    expect(storeDigest(c.store.db)).toEqual(before)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('answers names that are no channel, including prototype names, with UNKNOWN_CHANNEL', async () => {
    for (const channel of [
      '__proto__',
      'constructor',
      'toString',
      'hasOwnProperty',
      'devices:list ',
      'DEVICES:LIST',
      ''
    ])
      expect((await refusal(channel, {})).code, channel).toBe('UNKNOWN_CHANNEL')
  })
})

// ---------- every user-facing rule gets the values that break it ----------

/** A value that breaks a rule, sent where a form sends it. */
interface BadValue {
  /** The rule, with its requirement id. */
  rule: string
  channel: RequestChannel
  input: Record<string, unknown>
  /** The field the error must name, as the form shows it. */
  field: string
  /** What the message must say about the rule. */
  says: RegExp
  code?: AppError['code']
}

const cucmDevice = {
  name: 'CUCM Two',
  kind: 'call-processor',
  product: 'cucm',
  host: '127.0.0.1',
  username: 'axl',
  password: 'pw'
}
const directoryDevice = {
  name: 'Spare AD',
  kind: 'directory',
  product: 'ad',
  host: 'dc2.example.test',
  adminDn: 'CN=svc,DC=example,DC=test',
  password: 'pw',
  searchBase: 'OU=Staff,DC=example,DC=test'
}
const namedDevice = (name: unknown): Record<string, unknown> => ({ ...cucmDevice, name })
const namedDomain = (name: unknown): Record<string, unknown> => ({ name, callProcessors: [CUCM] })
const job = (fields: Record<string, unknown>): Record<string, unknown> => ({ name: 'Weekly', ...fields })
const granular = (text: string): Record<string, unknown> => job({ selection: { kind: 'granular', text } })
const advancedFilter = (filter: string): Record<string, unknown> => ({
  domain: 'West',
  changes: { filter: { kind: 'advanced', filter } }
})
const simpleCondition = (condition: Record<string, unknown>): Record<string, unknown> => ({
  domain: 'West',
  changes: {
    filter: {
      kind: 'simple',
      conditions: [{ field: 'Title', operator: '=', value: 'Manager', ...condition }]
    }
  }
})
const areaFilter = (ldapFilter: string): Record<string, unknown> => ({
  domain: 'West',
  name: 'San Jose',
  changes: { ldapFilter }
})
const block = (values: Record<string, unknown>): Record<string, unknown> => ({
  domain: 'West',
  serviceArea: 'San Jose',
  prefix: '650',
  first: 0,
  last: 99,
  minLength: 4,
  ...values
})
const retention = (rule: unknown): Record<string, unknown> => ({ retention: { user: rule } })
const search = (by: string, text: string): Record<string, unknown> => ({
  domain: 'West',
  search: { by, text }
})
const ruleList = (matchDepartment: string): Record<string, unknown> => ({
  name: 'North',
  callProcessors: [CUCM],
  rules: { matchDepartment }
})

const ONLY_DEVICE_CHARACTERS =
  /may contain only letters A-Z a-z, digits 0-9, space, underscore, hyphen, period and @/
const ONLY_PROVISIONING_CHARACTERS = /may contain only letters, digits, space and/
const ONLY_JOB_CHARACTERS = /may contain only letters A-Z a-z, digits 0-9, space, underscore and hyphen/
const ISO_WITH_ZONE = /must be an ISO 8601 date and time with a time zone/
const JOB_START = /must be an ISO 8601 date and time, such as 2027-01-04T02:00 \(in the job’s time zone\)/

// Covered with the schemas alone, not repeated here: validation.test.ts (device names, hosts, ports,
// LDAP ports and SSL, DNs, processor credentials), granular.test.ts (every malformed line),
// ldapFilter.test.ts and ldapMatcher.test.ts (filter grammar), numberMask.test.ts (masks). This
// corpus sends the values through the forms' channels, where the store is, and checks nothing changes.
const badValues: BadValue[] = [
  // names
  {
    rule: 'DEV-03 device name',
    channel: 'devices:add',
    input: namedDevice(''),
    field: 'name',
    says: /is required/
  },
  {
    rule: 'DEV-03 device name',
    channel: 'devices:add',
    input: namedDevice('   '),
    field: 'name',
    says: /is required/
  },
  {
    rule: 'DEV-03 device name',
    channel: 'devices:add',
    input: namedDevice('CUCM#2'),
    field: 'name',
    says: ONLY_DEVICE_CHARACTERS
  },
  {
    rule: 'DEV-03 device name',
    channel: 'devices:add',
    input: namedDevice('Zürich'),
    field: 'name',
    says: ONLY_DEVICE_CHARACTERS
  },
  {
    rule: 'DEV-03 device name',
    channel: 'devices:add',
    input: namedDevice('two\nlines'),
    field: 'name',
    says: ONLY_DEVICE_CHARACTERS
  },
  {
    rule: 'DEV-03 device name',
    channel: 'devices:add',
    input: namedDevice('<script>'),
    field: 'name',
    says: ONLY_DEVICE_CHARACTERS
  },
  {
    rule: 'DEV-03 device name',
    channel: 'devices:add',
    input: namedDevice('a'.repeat(65)),
    field: 'name',
    says: /at most 64 characters/
  },
  {
    rule: 'DEV-03 device name',
    channel: 'devices:edit',
    input: { name: CUCM, changes: { name: 'CUCM/Pub' } },
    field: 'changes.name',
    says: ONLY_DEVICE_CHARACTERS
  },
  {
    rule: 'SETUP-01 domain name',
    channel: 'domains:add',
    input: namedDomain(''),
    field: 'name',
    says: /is required/
  },
  {
    rule: 'SETUP-01 domain name',
    channel: 'domains:add',
    input: namedDomain('West#2'),
    field: 'name',
    says: ONLY_PROVISIONING_CHARACTERS
  },
  {
    rule: 'SETUP-01 domain name',
    channel: 'domains:add',
    input: namedDomain('Back\\slash'),
    field: 'name',
    says: ONLY_PROVISIONING_CHARACTERS
  },
  {
    rule: 'SETUP-01 domain name',
    channel: 'domains:add',
    input: namedDomain('"Quoted"'),
    field: 'name',
    says: ONLY_PROVISIONING_CHARACTERS
  },
  {
    rule: 'SETUP-01 domain name',
    channel: 'domains:add',
    input: namedDomain('Mündchen'),
    field: 'name',
    says: ONLY_PROVISIONING_CHARACTERS
  },
  {
    rule: 'SETUP-01 domain name',
    channel: 'domains:add',
    input: namedDomain('d'.repeat(65)),
    field: 'name',
    says: /at most 64 characters/
  },
  {
    rule: 'SETUP-01 domain name, unique',
    channel: 'domains:add',
    input: namedDomain('west'),
    field: 'name',
    says: /already/,
    code: 'CONFLICT'
  },
  {
    rule: 'SETUP-04 service area name',
    channel: 'service-areas:add',
    input: { domain: 'West', name: 'San Jose (HQ)', callProcessor: CUCM },
    field: 'name',
    says: ONLY_PROVISIONING_CHARACTERS
  },
  {
    rule: 'SETUP-04 service area name, unique',
    channel: 'service-areas:add',
    input: { domain: 'West', name: 'SAN JOSE', callProcessor: CUCM },
    field: 'name',
    says: /already/,
    code: 'CONFLICT'
  },
  {
    rule: 'SETUP-18 role name',
    channel: 'roles:add',
    input: { domain: 'West', name: 'Man<agers>' },
    field: 'name',
    says: ONLY_PROVISIONING_CHARACTERS
  },
  {
    rule: 'SETUP-18 role name, unique',
    channel: 'roles:add',
    input: { domain: 'West', name: 'employee' },
    field: 'name',
    says: /already/,
    code: 'CONFLICT'
  },
  {
    rule: 'SCHED-08 job name',
    channel: 'jobs:add',
    input: { name: 'Night.ly' },
    field: 'name',
    says: ONLY_JOB_CHARACTERS
  },
  {
    rule: 'SCHED-08 job name',
    channel: 'jobs:add',
    input: { name: 'Night:ly' },
    field: 'name',
    says: ONLY_JOB_CHARACTERS
  },
  {
    rule: 'SCHED-08 job name',
    channel: 'jobs:add',
    input: { name: 'Nächtlich' },
    field: 'name',
    says: ONLY_JOB_CHARACTERS
  },
  {
    rule: 'SCHED-08 job name',
    channel: 'jobs:add',
    input: { name: 'j'.repeat(65) },
    field: 'name',
    says: /at most 64 characters/
  },
  {
    rule: 'SCHED-08 job name, unique',
    channel: 'jobs:add',
    input: { name: 'NIGHTLY' },
    field: 'name',
    says: /already/,
    code: 'CONFLICT'
  },
  // the granular synchronization language
  {
    rule: 'SCHED-13 granular class',
    channel: 'jobs:add',
    input: granular('xx.all: both'),
    field: 'selection.text',
    says: /line 1 \(xx\.all: both\): unknown class "xx"/
  },
  {
    rule: 'SCHED-13 granular colon',
    channel: 'jobs:add',
    input: granular('cp.all: both\ncp.all'),
    field: 'selection.text',
    says: /line 2 \(cp\.all\): missing ":" after the name/
  },
  {
    rule: 'SCHED-13 granular type',
    channel: 'jobs:add',
    input: granular('mp.all: full'),
    field: 'selection.text',
    says: /unknown type "full"; types are infra, sub and both/
  },
  {
    rule: 'SCHED-13 granular type for ad',
    channel: 'jobs:add',
    input: granular('ad.all: infra'),
    field: 'selection.text',
    says: /a directory takes no type/
  },
  {
    rule: 'SCHED-13 granular empty',
    channel: 'jobs:add',
    input: granular('# only a comment\n\n'),
    field: 'selection.text',
    says: /needs at least one line such as cp\.all: both/
  },
  {
    rule: 'SCHED-13 granular size',
    channel: 'jobs:add',
    input: granular('cp.all: both\n'.repeat(1600)),
    field: 'selection.text',
    says: /at most 20000 characters/
  },
  {
    rule: 'SCHED-13 granular unknown device',
    channel: 'jobs:add',
    input: granular('cp.Nope: infra'),
    field: 'selection.text',
    says: /there is no device named "Nope"/
  },
  {
    rule: 'SCHED-13 granular wrong class',
    channel: 'jobs:add',
    input: granular('cp.Unity: both'),
    field: 'selection.text',
    says: /Unity is not a call processor/
  },
  {
    rule: 'SCHED-13 granular unknown domain',
    channel: 'jobs:run-unsaved',
    input: { label: 'Now', selection: { kind: 'granular', text: 'domain.North:' } },
    field: 'selection.text',
    says: /there is no domain named "North"/
  },
  // LDAP filters
  {
    rule: 'LDAP-21 advanced filter',
    channel: 'ldap:set',
    input: advancedFilter('uid=jdoe'),
    field: 'changes.filter.filter',
    says: /not a valid LDAP filter: expected "\(" at position 1/
  },
  {
    rule: 'LDAP-21 advanced filter',
    channel: 'ldap:set',
    input: advancedFilter('(uid=jdoe))'),
    field: 'changes.filter.filter',
    says: /not a valid LDAP filter: unexpected text after the filter/
  },
  {
    rule: 'LDAP-21 advanced filter',
    channel: 'ldap:set',
    input: advancedFilter('(uid=j\\zz)'),
    field: 'changes.filter.filter',
    says: /two hexadecimal digits/
  },
  {
    rule: 'LDAP-21 advanced filter',
    channel: 'ldap:set',
    input: advancedFilter('(&(uid=a)'),
    field: 'changes.filter.filter',
    says: /expected "\)"/
  },
  {
    rule: 'LDAP-21 advanced filter, nested without end',
    channel: 'ldap:set',
    input: advancedFilter('(&'.repeat(1999)),
    field: 'changes.filter.filter',
    says: /not a valid LDAP filter/
  },
  {
    rule: 'LDAP-21 advanced filter size',
    channel: 'ldap:set',
    input: advancedFilter(`(description=${'x'.repeat(4000)})`),
    field: 'changes.filter.filter',
    says: /at most 4000 characters/
  },
  {
    rule: 'LDAP-22 simple field',
    channel: 'ldap:set',
    input: simpleCondition({ field: 'Shoe size' }),
    field: 'changes.filter.conditions.0.field',
    says: /must be one of/
  },
  {
    rule: 'LDAP-24 wildcard inside a value',
    channel: 'ldap:set',
    input: simpleCondition({ value: 'Eng*neer' }),
    field: 'changes.filter.conditions.0.value',
    says: /\* may only start or end a value/
  },
  {
    rule: 'LDAP-24 wildcard alone',
    channel: 'ldap:set',
    input: simpleCondition({ value: '*' }),
    field: 'changes.filter.conditions.0.value',
    says: /a value cannot be only \*/
  },
  {
    rule: 'LDAP-25 operator',
    channel: 'ldap:set',
    input: simpleCondition({ operator: '>' }),
    field: 'changes.filter.conditions.0.operator',
    says: /=|in/
  },
  {
    rule: 'LDAP-26 several values need in',
    channel: 'ldap:set',
    input: simpleCondition({ value: 'Manager, Director' }),
    field: 'changes.filter.conditions.0.value',
    says: /several values need the "in" operator/
  },
  {
    rule: 'LDAP-26 empty value',
    channel: 'ldap:set',
    input: simpleCondition({ operator: 'in', value: ' , ;' }),
    field: 'changes.filter.conditions.0.value',
    says: /needs a value/
  },
  {
    rule: 'LDAP-30 service-area filter',
    channel: 'service-areas:edit',
    input: areaFilter('(l=San Jose'),
    field: 'changes.ldapFilter',
    says: /not a valid LDAP filter/
  },
  {
    rule: 'LDAP-30 service-area filter, rule Switchboard cannot evaluate',
    channel: 'service-areas:edit',
    input: areaFilter('(title:1.2.3.4:=x)'),
    field: 'changes.ldapFilter',
    says: /cannot be evaluated by Switchboard: the matching rule 1\.2\.3\.4 is not supported here/
  },
  {
    rule: 'LDAP-30 service-area filter, :dn',
    channel: 'service-areas:edit',
    input: areaFilter('(:dn:2.5.13.2:=x)'),
    field: 'changes.ldapFilter',
    says: /the :dn form of an extensible match is not supported here/
  },
  {
    rule: 'LDAP-31 role filter',
    channel: 'roles:edit',
    input: { domain: 'West', name: 'Managers', changes: { ldapFilter: '(|(title=a)(title=b)' } },
    field: 'changes.ldapFilter',
    says: /not a valid LDAP filter/
  },
  // number masks
  {
    rule: 'LDAP-34 mask: + only first',
    channel: 'ldap:set',
    input: { domain: 'West', changes: { writeBack: { attribute: 'telephoneNumber', mask: '12+XX' } } },
    field: 'changes.writeBack.mask',
    says: /\+ \(or \\\+\) may appear only at the start/
  },
  {
    rule: 'LDAP-34 mask: characters',
    channel: 'ldap:set',
    input: { domain: 'West', changes: { writeBack: { attribute: 'telephoneNumber', mask: '1408xxxx' } } },
    field: 'changes.writeBack.mask',
    says: /may contain only digits 0-9, upper-case X and a leading \+ or \\\+/
  },
  {
    rule: 'LDAP-34 mask: empty',
    channel: 'ldap:set',
    input: { domain: 'West', changes: { writeBack: { attribute: 'telephoneNumber', mask: '' } } },
    field: 'changes.writeBack.mask',
    says: /is empty/
  },
  {
    rule: 'LDAP-34 mask: size',
    channel: 'ldap:set',
    input: { domain: 'West', changes: { writeBack: { attribute: 'telephoneNumber', mask: 'X'.repeat(33) } } },
    field: 'changes.writeBack.mask',
    says: /at most 32 characters/
  },
  {
    rule: 'LDAP-33 service-area mask',
    channel: 'service-areas:edit',
    input: {
      domain: 'West',
      name: 'San Jose',
      changes: { maskLdapNumbers: true, ldapNumberMask: '1-408-XXX' }
    },
    field: 'changes.ldapNumberMask',
    says: /may contain only digits 0-9/
  },
  // directory number blocks
  {
    rule: 'SETUP-14 block prefix',
    channel: 'dn-blocks:add',
    input: block({ prefix: '65a' }),
    field: 'prefix',
    says: /may contain only digits 0-9/
  },
  {
    rule: 'SETUP-14 block prefix',
    channel: 'dn-blocks:add',
    input: block({ prefix: '1'.repeat(17) }),
    field: 'prefix',
    says: /at most 16 digits/
  },
  {
    rule: 'SETUP-14 block first',
    channel: 'dn-blocks:add',
    input: block({ first: -1 }),
    field: 'first',
    says: /must be 0 or more/
  },
  {
    rule: 'SETUP-14 block first',
    channel: 'dn-blocks:add',
    input: block({ first: 1.5 }),
    field: 'first',
    says: /must be a whole number/
  },
  {
    rule: 'SETUP-14 block range',
    channel: 'dn-blocks:add',
    input: block({ first: 50, last: 10 }),
    field: 'last',
    says: /must be at least the first number \(50\)/
  },
  {
    rule: 'SETUP-14 block size',
    channel: 'dn-blocks:add',
    input: block({ first: 0, last: 1_000_000 }),
    field: 'last',
    says: /a block holds at most 1,000,000 numbers/
  },
  {
    rule: 'SETUP-15 minimum length',
    channel: 'dn-blocks:add',
    input: block({ minLength: 17 }),
    field: 'minLength',
    says: /must be between 0 and 16/
  },
  {
    rule: 'SETUP-15 number length',
    channel: 'dn-blocks:add',
    input: block({ prefix: '1'.repeat(16), minLength: 9 }),
    field: 'minLength',
    says: /directory numbers are at most 24 digits/
  },
  {
    rule: 'SETUP-14 block overlap on one Call Processor',
    channel: 'dn-blocks:add',
    input: block({ prefix: '408', first: 50, last: 150 }),
    field: 'first',
    says: /overlap/,
    code: 'CONFLICT'
  },
  {
    rule: 'SETUP-14 unknown block',
    channel: 'dn-blocks:edit',
    input: { id: 999, prefix: '408', first: 0, last: 9, minLength: 4 },
    field: 'id',
    says: /999/,
    code: 'NOT_FOUND'
  },
  // recurrence
  {
    rule: 'SCHED-09 count required',
    channel: 'jobs:add',
    input: job({ frequency: { every: 'hours' } }),
    field: 'frequency.count',
    says: /is required for hours, days and weeks/
  },
  {
    rule: 'SCHED-09 no count for once',
    channel: 'jobs:add',
    input: job({ frequency: { every: 'once', count: 2 } }),
    field: 'frequency.count',
    says: /is not a known field/
  },
  {
    rule: 'SCHED-09 units',
    channel: 'jobs:add',
    input: job({ frequency: { every: 'months', count: 1 } }),
    field: 'frequency.every',
    says: /every must be once, hours, days or weeks/
  },
  {
    rule: 'SCHED-09 count range',
    channel: 'jobs:add',
    input: job({ frequency: { every: 'days', count: 0 } }),
    field: 'frequency.count',
    says: /must be at least 1/
  },
  {
    rule: 'SCHED-09 count range',
    channel: 'jobs:add',
    input: job({ frequency: { every: 'weeks', count: 1001 } }),
    field: 'frequency.count',
    says: /must be at most 1000/
  },
  {
    rule: 'SCHED-09 whole count',
    channel: 'jobs:edit',
    input: { name: 'Nightly', changes: { frequency: { every: 'days', count: 1.5 } } },
    field: 'changes.frequency.count',
    says: /must be a whole number/
  },
  {
    rule: 'SCHED-10 start date',
    channel: 'jobs:add',
    input: job({ startAt: '2026-13-01T00:00:00Z' }),
    field: 'startAt',
    says: JOB_START
  },
  {
    rule: 'SCHED-10 start date',
    channel: 'jobs:add',
    input: job({ startAt: '2026-12-01 02:30' }),
    field: 'startAt',
    says: JOB_START
  },
  {
    rule: 'SCHED-10 time zone',
    channel: 'jobs:add',
    input: job({ timeZone: 'Mars/Olympus_Mons' }),
    field: 'timeZone',
    says: /must be an IANA time zone such as Europe\/Berlin or UTC/
  },
  {
    rule: 'LDAP-47 synchronization interval',
    channel: 'ldap:set',
    input: { domain: 'West', changes: { intervalHours: 0 } },
    field: 'changes.intervalHours',
    says: /must be between 1 and 8760/
  },
  {
    rule: 'LDAP-47 synchronization interval',
    channel: 'ldap:set',
    input: { domain: 'West', changes: { intervalHours: 2.5 } },
    field: 'changes.intervalHours',
    says: /whole number of hours/
  },
  {
    rule: 'LDAP-47 synchronization start date',
    channel: 'ldap:set',
    input: { domain: 'West', changes: { startAt: 'tomorrow noon' } },
    field: 'changes.startAt',
    says: ISO_WITH_ZONE
  },
  {
    rule: 'CN-03 poll interval',
    channel: 'cn:set',
    input: { device: CUCM, enabled: true, intervalMinutes: 16 },
    field: 'intervalMinutes',
    says: /must be between 1 and 15 minutes/
  },
  // retention (retention.test.ts covers the CLI form and the same ranges)
  {
    rule: 'retention runs kept',
    channel: 'settings:set',
    input: { runsKeptPerDevice: 0 },
    field: 'runsKeptPerDevice',
    says: /must be between 1 and 1000/
  },
  {
    rule: 'retention count',
    channel: 'settings:set',
    input: retention({ count: 1001, days: null }),
    field: 'retention.user.count',
    says: /must be between 1 and 1000/
  },
  {
    rule: 'retention age',
    channel: 'settings:set',
    input: retention({ count: 5, days: 0 }),
    field: 'retention.user.days',
    says: /must be between 1 and 3650/
  },
  {
    rule: 'HTTPS proxy URL',
    channel: 'settings:set',
    input: { proxy: 'http://user:secret@proxy.example.test:3128' },
    field: 'proxy',
    says: /must be the URL of an HTTP proxy, http:\/\/HOST:PORT or https:\/\/HOST:PORT, without user name/
  },
  {
    rule: 'retention age required',
    channel: 'settings:set',
    input: retention({ count: 5 }),
    field: 'retention.user.days',
    says: /must be a number of days or null/
  },
  {
    rule: 'retention kind',
    channel: 'settings:set',
    input: { retention: { everything: { count: 5, days: null } } },
    field: 'retention.everything',
    says: /is not a known field/
  },
  {
    rule: 'device deletion guard share',
    channel: 'settings:set',
    input: { deletionGuardPercent: 101 },
    field: 'deletionGuardPercent',
    says: /must be between 1 and 100/
  },
  {
    rule: 'approval of a held run',
    channel: 'sync:start',
    input: { device: CUCM, kind: 'user', approve: 0 },
    field: 'approve',
    says: /must be the id of the run that needs approval/
  },
  // global search (MACD-47 … -49)
  {
    rule: 'MACD-47 user search',
    channel: 'users:list',
    input: search('user', 'smi*th'),
    field: 'search.text',
    says: /may use \* only at the start or the end/
  },
  {
    rule: 'MACD-47 user search',
    channel: 'users:list',
    input: search('user', 'smith!'),
    field: 'search.text',
    says: /may contain only letters, digits/
  },
  {
    rule: 'MACD-48 MAC search',
    channel: 'users:list',
    input: search('mac', '0011'),
    field: 'search.text',
    says: /must be a MAC address: 12 hexadecimal digits/
  },
  {
    rule: 'MACD-49 number search',
    channel: 'users:list',
    input: search('dn', '40a8'),
    field: 'search.text',
    says: /may contain only digits and/
  },
  // domain rules
  {
    rule: 'DOM-22 rule list',
    channel: 'domains:add',
    input: ruleList(' ; '),
    field: 'rules.matchDepartment',
    says: /needs at least one value/
  },
  {
    rule: 'DOM-22 rule list',
    channel: 'domains:add',
    input: ruleList('Sales;;Support'),
    field: 'rules.matchDepartment',
    says: /entry 2 is empty \(two ";" in a row\)/
  },
  {
    rule: 'DOM-22 rule list',
    channel: 'domains:add',
    input: ruleList(':Sales'),
    field: 'rules.matchDepartment',
    says: /has nothing before ":"/
  },
  {
    rule: 'DOM-22 rule list',
    channel: 'domains:add',
    input: ruleList('CUCM Pub:'),
    field: 'rules.matchDepartment',
    says: /has no value after ":"/
  },
  {
    rule: 'DOM-22 rule list',
    channel: 'domains:add',
    input: ruleList('s'.repeat(101)),
    field: 'rules.matchDepartment',
    says: /longer than 100 characters/
  },
  // devices (validation.test.ts holds the full set)
  {
    rule: 'DEV-13 bind DN',
    channel: 'devices:add',
    input: { ...directoryDevice, adminDn: 'svc-sync' },
    field: 'adminDn',
    says: /must be a distinguished name, user@realm or DOMAIN\\user: "svc-sync" is none of these/
  },
  {
    rule: 'DEV-13 bind DN',
    channel: 'devices:add',
    input: { ...directoryDevice, adminDn: 'CN=svc,' },
    field: 'adminDn',
    says: /ends with a separator/
  },
  {
    rule: 'DEV-14 search base',
    channel: 'devices:add',
    input: { ...directoryDevice, searchBase: 'CN=Users\\' },
    field: 'searchBase',
    says: /unfinished escape/
  },
  {
    rule: 'DEV-11 Global Catalog SSL port',
    channel: 'devices:add',
    input: { ...directoryDevice, port: 3269 },
    field: 'port',
    says: /3269 is an SSL port: choose SSL \(LDAPS\)/
  },
  {
    rule: 'DEV-02 host',
    channel: 'devices:add',
    input: { ...cucmDevice, host: 'https://cucm.example.test' },
    field: 'host',
    says: /must be a host name, an IPv4 address or an IPv6 address/
  },
  {
    rule: 'certificate fingerprint',
    channel: 'devices:trust',
    input: { name: CUCM, fingerprint: 'AB:CD:EF' },
    field: 'fingerprint',
    says: /must be a SHA-256 fingerprint: 64 hexadecimal digits/
  },
  // history
  {
    rule: 'run list time range',
    channel: 'runs:list',
    input: { from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' },
    field: 'to',
    says: /must not be before from/
  },
  {
    rule: 'run comparison',
    channel: 'runs:compare',
    input: { older: RUN, newer: RUN },
    field: 'newer',
    says: /must be another run than older/
  },
  {
    rule: 'log severity',
    channel: 'logs:entries',
    input: { runId: RUN, severity: 'fatal' },
    field: 'severity',
    says: /must be one of info, warning, error/
  }
]

describe('every user-facing rule refuses the values that break it, naming the field and the rule', () => {
  it.each(badValues)('$rule: $channel refuses $field', async (bad) => {
    const before = storeDigest(c.store.db)
    const refused = await refusal(bad.channel, bad.input)
    expect(refused.code).toBe(bad.code ?? 'VALIDATION')
    expect(refused.fields).toContain(bad.field)
    expect(refused.message).toMatch(bad.says)
    if (refused.code === 'VALIDATION') expect(refused.message).toContain(`${bad.field}: `)
    expect(storeDigest(c.store.db)).toEqual(before)
  })
})

// ---------- command-line arguments ----------

/** Bad arguments: each is refused with exit code 2 and a message on stderr, and changes nothing. */
interface BadArguments {
  what: string
  args: string[]
  says: RegExp
}

// cli.test.ts covers --password on the command line, unknown options, a missing environment
// variable, a non-numeric --port and a --data-dir without value; deviceSync.test.ts the sync device
// kind options; ldapSync.test.ts the simple-filter wildcard and unknown fields.
function badArguments(files: { granular: string }): BadArguments[] {
  const block = ['dn-blocks', 'add', '--domain', 'West', '--service-area', 'San Jose']
  return [
    { what: 'an unknown command', args: ['frobnicate'], says: /unknown command "frobnicate"/ },
    {
      what: 'an unknown subcommand',
      args: ['devices', 'explode'],
      says: /unknown devices command "explode"/
    },
    {
      what: 'a device name of 100,000 characters',
      args: ['devices', 'show', 'n'.repeat(100_000)],
      says: /error: NAME: must be at most 64 characters/
    },
    {
      what: 'a device name with a NUL byte',
      args: ['devices', 'show', 'CUCM\u0000Pub'],
      says: /error: NAME: may contain only letters/
    },
    {
      what: 'a port out of range',
      args: ['devices', 'edit', CUCM, '--port', '70000'],
      says: /port: must be between 1 and 65535/
    },
    {
      what: 'a negative port',
      args: ['devices', 'edit', CUCM, '--port', '-1'],
      says: /Option '--port' argument is ambiguous/
    },
    {
      what: 'a short fingerprint',
      args: ['devices', 'trust', CUCM, '--fingerprint', 'AB:CD'],
      says: /fingerprint: must be a SHA-256 fingerprint/
    },
    {
      what: 'a granular file that does not exist',
      args: ['sync', '-g', '/nonexistent/nightly.txt'],
      says: /-g: cannot read \/nonexistent\/nightly\.txt: ENOENT/
    },
    {
      // Read with a cap: an endless file fails at once instead of growing to gigabytes first.
      what: 'an endless granular file',
      args: ['sync', '-g', '/dev/zero'],
      says: /-g \/dev\/zero: must be at most 20000 characters/
    },
    {
      what: 'an endless granular file for a job',
      args: ['jobs', 'add', 'Nightly', '--granular', '/dev/zero'],
      says: /--granular \/dev\/zero: must be at most 20000 characters/
    },
    {
      what: 'a granular file with a bad line',
      args: ['sync', '-g', files.granular],
      says: /line 2 \(xx\.all: both\): unknown class "xx"/
    },
    {
      what: 'a mass synchronization of an unknown class',
      args: ['sync', 'everything'],
      says: /unknown sync command "everything"/
    },
    {
      what: 'a job name with a period (SCHED-08)',
      args: ['jobs', 'add', 'Night.ly'],
      says: /error: NAME: may contain only letters A-Z a-z, digits 0-9, space, underscore and hyphen/
    },
    {
      what: 'a frequency of zero days (SCHED-09)',
      args: ['jobs', 'add', 'Weekly', '--every', '0d'],
      says: /error: --every: must be at least 1/
    },
    {
      what: 'a frequency in fortnights (SCHED-09)',
      args: ['jobs', 'add', 'Weekly', '--every', '2f'],
      says: /--every must be once or a count and unit such as 6h, 1d or 2w, got "2f"/
    },
    {
      what: 'a start that is no date (SCHED-10)',
      args: ['jobs', 'add', 'Weekly', '--start', 'yesterday'],
      says: /error: --start: must be an ISO 8601 date and time, such as 2027-01-04T02:00/
    },
    {
      what: 'a time zone that does not exist',
      args: ['jobs', 'add', 'Weekly', '--time-zone', 'Mars/Base'],
      says: /error: --time-zone: must be an IANA time zone/
    },
    {
      what: 'a retention count of 0',
      args: ['settings', 'set', '--retention', 'user=0'],
      says: /error: --retention user=COUNT: must be between 1 and 1000/
    },
    {
      what: 'a retention age of 0 days',
      args: ['settings', 'set', '--retention', 'user=5,0'],
      says: /error: --retention user=COUNT,DAYS: must be between 1 and 3650/
    },
    {
      what: 'a retention of an unknown kind',
      args: ['settings', 'set', '--retention', 'everything=5'],
      says: /--retention: "everything" is not a run kind/
    },
    {
      what: 'a retention without a count',
      args: ['settings', 'set', '--retention', 'user'],
      says: /--retention must be KIND=COUNT\[,DAYS\] or KIND=default, got "user"/
    },
    {
      what: 'runs kept that are no number',
      args: ['settings', 'set', '--runs-kept', 'lots'],
      says: /--runs-kept must be a whole number, got "lots"/
    },
    {
      what: 'an advanced filter without its end (LDAP-21)',
      args: ['domains', 'ldap', 'set', 'West', '--filter', 'advanced:(uid=a'],
      says: /not a valid LDAP filter: expected "\)"/
    },
    {
      what: 'a write-back mask with + inside (LDAP-34)',
      args: ['domains', 'ldap', 'set', 'West', '--write-back-mask', '12+XX'],
      says: /\+ \(or \\\+\) may appear only at the start/
    },
    {
      what: 'a deletion guard over 100 %',
      args: ['domains', 'ldap', 'set', 'West', '--guard-percent', '150'],
      says: /error: --guard-percent: must be between 0 and 100/
    },
    {
      what: 'approving a user id of 200 characters',
      args: ['sync', 'ldap', 'West', '--approve', 'u'.repeat(200)],
      says: /error: --approve: must be at most 128 characters/
    },
    {
      what: 'a block prefix with a letter (SETUP-14)',
      args: [...block, '--prefix', '40a', '--first', '0', '--last', '10'],
      says: /prefix: may contain only digits 0-9/
    },
    {
      what: 'a block ending before it starts (SETUP-14)',
      args: [...block, '--first', '50', '--last', '10'],
      says: /last: must be at least the first number \(50\)/
    },
    {
      what: 'a domain name with # (SETUP-01)',
      args: ['domains', 'add', 'West#2', '--call-processors', CUCM],
      says: /error: NAME: may contain only letters, digits, space and/
    },
    {
      what: 'a rule list with an empty entry (DOM-22)',
      args: [
        'domains',
        'add',
        'North',
        '--call-processors',
        CUCM,
        '--rule',
        'match-department=Sales;;Support'
      ],
      says: /entry 2 is empty/
    },
    {
      what: 'a run id that is no number',
      args: ['logs', 'show', '1e3'],
      says: /RUN_ID must be a run number, got "1e3"/
    },
    {
      what: 'a run id beyond any number',
      args: ['logs', 'show', '9'.repeat(30)],
      says: /error: RUN_ID: Too big/
    },
    {
      what: 'an export format that does not exist',
      args: ['logs', 'export', String(RUN), '--format', 'xml'],
      says: /--format must be csv or json, got "xml"/
    },
    {
      what: 'a search with * in the middle (MACD-47)',
      args: ['users', 'list', '--search', 'smi*th'],
      says: /may use \* only at the start or the end/
    },
    {
      what: 'a MAC address of four digits (MACD-48)',
      args: ['users', 'list', '--by', 'mac', '--search', '0011'],
      says: /must be a MAC address/
    },
    {
      what: 'a review bundle that does not exist',
      args: ['review', 'open', '/nonexistent/west.swreview'],
      says: /there is no such file/
    }
  ]
}

describe('the command line refuses bad arguments with exit code 2 and changes nothing', () => {
  const dir = tempDir('switchboard-bad-args-')
  const granularFile = join(dir, 'nightly.txt')
  writeFileSync(granularFile, 'cp.all: both\nxx.all: both\n')
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it.each(badArguments({ granular: granularFile }))('$what', async ({ args, says }) => {
    const before = storeDigest(c.store.db)
    const run = await cliFor(c.dataDir)(args)
    expect(run.err).toMatch(says)
    expect(run.code).toBe(2)
    expect(storeDigest(c.store.db)).toEqual(before)
  })
})

// ---------- review bundles ----------

/** Bytes from a fixed seed (xorshift), so a failure can be reproduced. */
function seededBytes(length: number, seed: number): Buffer {
  const bytes = Buffer.alloc(length)
  let state = seed >>> 0 || 1
  for (let i = 0; i < length; i++) {
    state ^= state << 13
    state ^= state >>> 17
    state ^= state << 5
    state >>>= 0
    bytes[i] = state & 0xff
  }
  return bytes
}

// reviewBundle.test.ts covers a text file, a bundle cut short by 100 bytes or with a byte appended,
// a missing file, a flipped content byte, an edited manifest, manifests that are no JSON, of another
// format, newer or with a bad field, and databases that fail the integrity check or are newer. Here:
// no bytes or random bytes, cuts at every part of the layout, impossible lengths, and payloads whose
// checksums hold but that are no gzip or no database.
describe('review open refuses bytes that are no intact bundle, extracting nothing', () => {
  const dir = tempDir('switchboard-bad-bundles-')
  const extractions = join(dir, 'tmp')
  const previousTmp = process.env.TMPDIR
  let good: Buffer
  let manifest: ReviewManifest
  let payload: Buffer
  beforeAll(async () => {
    mkdirSync(extractions)
    const file = join(dir, 'good.swreview')
    await c.exportReviewBundle({ selection: { kind: 'devices', devices: [CUCM] }, outFile: file })
    good = readFileSync(file)
    const layout = await readBundleFile(file)
    manifest = layout.manifest
    payload = good.subarray(layout.payloadStart, layout.payloadStart + layout.payloadBytes)
    // Opening extracts into the temporary directory: this one, so it can be checked to stay empty.
    process.env.TMPDIR = extractions
  })
  afterAll(() => {
    process.env.TMPDIR = previousTmp
    rmSync(dir, { recursive: true, force: true })
  })

  const manifestLengthAt = BUNDLE_SIGNATURE.length
  const manifestAt = manifestLengthAt + 4
  const manifestEnd = (): number => manifestAt + good.readUInt32BE(manifestLengthAt)
  /** Edited and re-signed with another key: consistent, from an unknown signer. */
  const forger = generateKeyPairSync('ed25519').privateKey
  const resigned = (edited: ReviewManifest, content: Buffer): Buffer =>
    encodeBundle({ ...edited, signer: manifestSigner(forger) }, content, forger)
  /** A bundle whose every checksum and signature matches its (bad) payload: only opening it can tell. */
  const consistent = (content: Buffer, database: Buffer): Buffer =>
    resigned(
      {
        ...manifest,
        database: { bytes: database.length, sha256: sha256(database) },
        payload: { encoding: 'gzip', bytes: content.length, sha256: sha256(content) }
      },
      content
    )
  const withUInt = (bytes: Buffer, at: number, write: (b: Buffer) => void): Buffer => {
    const copy = Buffer.from(bytes)
    write(copy.subarray(at))
    return copy
  }

  const NOT_A_BUNDLE = /it is not a Switchboard review bundle/
  const TRUNCATED = /it is truncated: its header announces at least \d+ bytes, the file has \d+/
  const variants: { what: string; bytes: () => Buffer; says: RegExp }[] = [
    { what: 'an empty file', bytes: () => Buffer.alloc(0), says: NOT_A_BUNDLE },
    { what: 'one byte', bytes: () => seededBytes(1, 1), says: NOT_A_BUNDLE },
    { what: '4 KB of random bytes', bytes: () => seededBytes(4096, 2), says: NOT_A_BUNDLE },
    {
      what: 'a bundle with its first byte changed (wrong magic)',
      bytes: () => withUInt(good, 0, (b) => (b[0] ^= 0xff)),
      says: NOT_A_BUNDLE
    },
    { what: 'the signature alone', bytes: () => Buffer.from(BUNDLE_SIGNATURE), says: TRUNCATED },
    {
      what: 'the signature and half a length',
      bytes: () => good.subarray(0, manifestAt - 2),
      says: TRUNCATED
    },
    {
      what: 'a manifest length of 4 GB',
      bytes: () => Buffer.concat([BUNDLE_SIGNATURE, Buffer.from([0xff, 0xff, 0xff, 0xff])]),
      says: /announces a 4294967295-byte manifest, more than a bundle ever has/
    },
    {
      what: 'random bytes after the signature',
      bytes: () => Buffer.concat([BUNDLE_SIGNATURE, seededBytes(4096, 3)]),
      says: /more than a bundle ever has|truncated/
    },
    {
      what: 'a cut in the middle of the manifest',
      bytes: () => good.subarray(0, manifestAt + 10),
      says: TRUNCATED
    },
    { what: 'a cut right after the manifest', bytes: () => good.subarray(0, manifestEnd()), says: TRUNCATED },
    {
      what: 'a cut in the middle of the payload',
      bytes: () => good.subarray(0, manifestEnd() + 8 + Math.floor(payload.length / 2)),
      says: TRUNCATED
    },
    { what: 'a cut of the last byte', bytes: () => good.subarray(0, good.length - 1), says: TRUNCATED },
    {
      what: 'a payload length of 2^64 - 1',
      bytes: () => withUInt(good, manifestEnd(), (b) => b.writeBigUInt64BE(2n ** 64n - 1n)),
      says: TRUNCATED
    },
    {
      what: 'a payload length of zero',
      bytes: () => withUInt(good, manifestEnd(), (b) => b.writeBigUInt64BE(0n)),
      says: /unexpected bytes after its end/
    },
    {
      what: 'the payload replaced by random bytes',
      bytes: () =>
        Buffer.concat([
          good.subarray(0, manifestEnd() + 8),
          seededBytes(payload.length, 4),
          // The digest and the signature.
          good.subarray(good.length - 32 - 64)
        ]),
      says: /its content is damaged or was changed/
    },
    {
      what: 'a consistent bundle whose payload is no gzip',
      bytes: () => consistent(seededBytes(2048, 5), Buffer.alloc(0)),
      says: /its content cannot be decompressed/
    },
    {
      what: 'a consistent bundle whose database is random bytes',
      bytes: () => {
        const database = seededBytes(8192, 6)
        return consistent(gzipSync(database), database)
      },
      says: /its database (cannot be read|fails SQLite's integrity check)/
    },
    {
      what: 'a consistent bundle whose database is not the one its manifest names',
      bytes: () => {
        const database = gunzipSync(payload)
        return resigned(
          { ...manifest, database: { bytes: database.length - 1, sha256: manifest.database.sha256 } },
          payload
        )
      },
      says: /its content inflates beyond the \d+ bytes of database its manifest declares/
    }
  ]

  it.each(variants)('$what', async ({ bytes, says }) => {
    const file = join(dir, 'bad.swreview')
    writeFileSync(file, bytes())
    const before = storeDigest(c.store.db)
    const run = await cliFor(c.dataDir)(['review', 'open', file])
    expect(run.err).toMatch(/bad\.swreview cannot be opened as a review bundle: /)
    expect(run.err).toMatch(says)
    expect(run.code).toBe(2)
    expect(readdirSync(extractions)).toEqual([])
    expect(storeDigest(c.store.db)).toEqual(before)
  })
})
