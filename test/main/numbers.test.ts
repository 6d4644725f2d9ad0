// Issue 21 item 4: the directory-number chooser and reservations against the lab's Unified CM, through
// the Core and through `switchboard numbers`. The lab's lines are <k mod 9 + 1><k, 6 digits>, most in
// PT-Internal, intercom lines in PT-Intercom.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { NumberList, NumberReservation } from '../../src-preload/contract'
import { startLab, type RunningLab } from '../../src-main/lab'
import { cliFor, type CliResult } from './helpers/cli'
import { addTrustedLabDevice, testCore, type TestCore } from './helpers/core'
import { finishedRun } from './helpers/runs'

let lab: RunningLab
let c: TestCore
let cp = ''
/** Numbers of PT-Internal lines in the first block (1000000–1000099), as the lab's Line objects say. */
let inUse: string[] = []
/** A number the lab uses only in PT-Intercom. */
let intercomOnly = ''

async function error(channel: Parameters<TestCore['dispatch']>[0], input: unknown) {
  const result = await c.dispatch(channel, input, { origin: 'test' })
  if (result.ok) throw new Error(`${channel} should have failed`)
  return result.error
}

beforeAll(async () => {
  lab = await startLab({ users: 200, clusters: 1, seed: 21, faults: {} })
  c = testCore()
  const server = lab.servers.find((s) => s.kind === 'call-processor')!
  cp = server.name
  await addTrustedLabDevice(c, server)
  for (const kind of ['infrastructure', 'user'] as const)
    expect((await finishedRun(c, (await c.value('sync:start', { device: cp, kind })).runId)).status).toBe(
      'succeeded'
    )
  const lines = c.store.inventory
    .objects(c.store.devices.byName(cp)!.id, 'Line')
    .map((o) => ({ pattern: String(o.data.pattern), partition: o.data.routePartitionName }))
  const internal = new Set(lines.filter((l) => l.partition === 'PT-Internal').map((l) => l.pattern))
  inUse = [...internal].filter((p) => /^10000\d\d$/.test(p)).sort()
  intercomOnly =
    lines.find((l) => l.partition === 'PT-Intercom' && !internal.has(l.pattern) && /^\d{7}$/.test(l.pattern))
      ?.pattern ?? ''
  expect(inUse.length).toBeGreaterThan(5)
  expect(inUse).toContain('1000000')
  expect(intercomOnly).not.toBe('')

  await c.value('domains:add', { name: 'Numbers', callProcessors: [cp] })
  await c.value('service-areas:add', {
    domain: 'Numbers',
    name: 'SJC',
    callProcessor: cp,
    attributes: { routePartition: 'PT-Internal' }
  })
  // Prefix 1, six digits padded: 1000000 … 1000099.
  await c.value('dn-blocks:add', {
    domain: 'Numbers',
    serviceArea: 'SJC',
    prefix: '1',
    first: 0,
    last: 99,
    minLength: 6
  })
}, 120_000)
afterAll(async () => {
  await c.dispose()
  await lab.stop()
})

const lowestNotIn = (taken: string[]): string => {
  for (let n = 0; n <= 99; n++) {
    const number = `1${String(n).padStart(6, '0')}`
    if (!taken.includes(number)) return number
  }
  throw new Error('no free number')
}

describe('the directory-number chooser against a synchronized Unified CM', () => {
  it('never offers a number in use in the area partition, and auto-assign takes the lowest free', async () => {
    const available = await c.value('numbers:list', {
      serviceArea: 'SJC',
      state: 'available',
      limit: 5000
    })
    expect(available.partition).toBe('PT-Internal')
    expect(available.total).toBe(100 - inUse.length)
    expect(available.numbers.filter((n) => inUse.includes(n.number))).toEqual([])
    const used = await c.value('numbers:list', { serviceArea: 'SJC', state: 'in-use', limit: 5000 })
    expect(used.numbers.map((n) => n.number)).toEqual(inUse)
    expect(available.blocks).toEqual([
      {
        firstNumber: '1000000',
        lastNumber: '1000099',
        size: 100,
        available: 100 - inUse.length,
        inUse: inUse.length,
        reserved: 0
      }
    ])
    expect((await c.value('numbers:next', { serviceArea: 'SJC' })).number).toBe(lowestNotIn(inUse))
    // Paging and searching: the second page starts where the first ended.
    const first = await c.value('numbers:list', { serviceArea: 'SJC', state: 'available', limit: 3 })
    const second = await c.value('numbers:list', {
      serviceArea: 'SJC',
      state: 'available',
      offset: 3,
      limit: 3
    })
    expect([...first.numbers, ...second.numbers].map((n) => n.number)).toEqual(
      available.numbers.slice(0, 6).map((n) => n.number)
    )
    const searched = await c.value('numbers:list', { serviceArea: 'SJC', search: '00009' })
    const containing = ['1000009', ...Array.from({ length: 10 }, (_, i) => `100009${i}`)]
    expect(searched.numbers).toEqual(
      containing.map((number) => ({ number, state: inUse.includes(number) ? 'in-use' : 'available' }))
    )
  })

  it('counts a number used only in another partition as available', async () => {
    const n = Number(intercomOnly)
    const block = await c.value('dn-blocks:add', {
      domain: 'Numbers',
      serviceArea: 'SJC',
      first: n,
      last: n
    })
    const list = await c.value('numbers:list', { serviceArea: 'SJC', search: intercomOnly })
    expect(list.numbers).toEqual([{ number: intercomOnly, state: 'available' }])
    await c.value('dn-blocks:delete', { id: block.id })
  })

  it('reserves a free number for a user, which auto-assign then skips, and releases it', async () => {
    const free = lowestNotIn(inUse)
    const changes: unknown[] = []
    const unsubscribe = c.events.subscribe((event, payload) => {
      if (event === 'numbers:changed') changes.push(payload)
    })
    const reservation = await c.value('numbers:reserve', {
      number: free,
      userid: 'jsmith',
      serviceArea: 'SJC',
      domain: 'Numbers'
    })
    expect(reservation).toMatchObject({
      number: free,
      userid: 'jsmith',
      serviceArea: 'SJC',
      domain: 'Numbers'
    })
    expect(reservation.reservedBy).not.toBe('')
    expect(Number.isNaN(Date.parse(reservation.reservedAt))).toBe(false)
    expect((await c.value('numbers:next', { serviceArea: 'SJC' })).number).toBe(lowestNotIn([...inUse, free]))
    const reserved = await c.value('numbers:list', { serviceArea: 'SJC', state: 'reserved' })
    expect(reserved.numbers).toEqual([{ number: free, state: 'reserved', reservation }])

    const taken = await error('numbers:reserve', { number: free, userid: 'other', serviceArea: 'SJC' })
    expect([taken.code, taken.field]).toEqual(['CONFLICT', 'number'])
    expect(taken.message).toMatch(new RegExp(`${free} is already reserved for jsmith in service area SJC`))
    const busy = await error('numbers:reserve', { number: inUse[0], userid: 'other', serviceArea: 'SJC' })
    expect(busy.message).toMatch(new RegExp(`${inUse[0]} is in use on ${cp} in partition PT-Internal`))
    const outside = await error('numbers:reserve', { number: '2000001', userid: 'other', serviceArea: 'SJC' })
    expect([outside.code, outside.field]).toEqual(['VALIDATION', 'number'])
    expect(outside.message).toMatch(
      /2000001 is not a number of service area SJC \(domain Numbers\): its blocks are 1000000–1000099/
    )
    // Padding counts: 100001 lacks the block's six digits after the prefix.
    expect(
      (await error('numbers:reserve', { number: '100001', userid: 'x', serviceArea: 'SJC' })).field
    ).toBe('number')

    expect(await c.value('numbers:reservations', { userid: 'JSMITH' })).toEqual([reservation])
    expect(await c.value('numbers:reservations', { serviceArea: 'SJC' })).toEqual([reservation])
    expect(await c.value('numbers:reservations', { serviceArea: 'SJC', userid: 'other' })).toEqual([])
    expect(await c.value('numbers:release', { number: free })).toEqual({ released: reservation })
    expect((await error('numbers:release', { number: free })).code).toBe('NOT_FOUND')
    unsubscribe()
    // Pages listing the area's numbers hear of each reservation and release, refused ones not.
    expect(changes).toEqual([
      { domain: 'Numbers', serviceArea: 'SJC' },
      { domain: 'Numbers', serviceArea: 'SJC' }
    ])
    expect((await c.value('numbers:next', { serviceArea: 'SJC' })).number).toBe(free)
  })

  it('refuses auto-assign when the blocks are exhausted, naming the service area and its blocks', async () => {
    await c.value('service-areas:add', {
      domain: 'Numbers',
      name: 'Tiny',
      callProcessor: cp,
      attributes: { routePartition: 'PT-Internal' }
    })
    // 2000001 is the lab's line 1 (PT-Internal); 2000002 is free until it is reserved.
    await c.value('dn-blocks:add', {
      domain: 'Numbers',
      serviceArea: 'Tiny',
      first: 2_000_001,
      last: 2_000_002
    })
    const tiny = await c.value('numbers:list', { serviceArea: 'Tiny' })
    expect(tiny.numbers).toEqual([
      { number: '2000001', state: 'in-use' },
      { number: '2000002', state: 'available' }
    ])
    await c.value('numbers:reserve', { number: '2000002', userid: 'hold', serviceArea: 'Tiny' })
    const refused = await error('numbers:next', { serviceArea: 'Tiny' })
    expect([refused.code, refused.field]).toEqual(['VALIDATION', 'serviceArea'])
    expect(refused.message).toMatch(
      /Service area Tiny \(domain Numbers\) has no free directory number: every number of its blocks 2000001–2000002 is in use or reserved/
    )
  })
})

describe('switchboard numbers', () => {
  let cli: (args: string[]) => Promise<CliResult>
  let other: TestCore

  beforeAll(async () => {
    other = testCore()
    await addTrustedLabDevice(
      other,
      lab.servers.find((s) => s.kind === 'call-processor')!
    )
    for (const kind of ['infrastructure', 'user'] as const)
      await finishedRun(other, (await other.value('sync:start', { device: cp, kind })).runId)
    await other.close()
    cli = cliFor(other.dataDir)
    for (const args of [
      ['domains', 'add', 'Cli', '--call-processors', cp],
      [
        'service-areas',
        'add',
        'HQ',
        '--domain',
        'Cli',
        '--call-processor',
        cp,
        '--route-partition',
        'PT-Internal'
      ],
      [
        'dn-blocks',
        'add',
        '--domain',
        'Cli',
        '--service-area',
        'HQ',
        '--prefix',
        '1',
        '--first',
        '0',
        '--last',
        '99',
        '--min-length',
        '6'
      ]
    ])
      expect(await cli(args)).toMatchObject({ code: 0 })
  }, 60_000)
  afterAll(async () => {
    await other.dispose()
  })

  const json = async <T>(args: string[]): Promise<T> => {
    const result = await cli(['--json', ...args])
    expect(result.code, result.out + result.err).toBe(0)
    return JSON.parse(result.out) as T
  }

  it('lists available numbers, shows the next, reserves and releases, with exit 0', async () => {
    const free = lowestNotIn(inUse)
    const list = await json<NumberList>([
      'numbers',
      'list',
      '--service-area',
      'HQ',
      '--available',
      '--limit',
      '2'
    ])
    expect(list.total).toBe(100 - inUse.length)
    expect(list.numbers.map((n) => n.number)).toEqual([free, lowestNotIn([...inUse, free])])
    expect((await cli(['numbers', 'next', '--service-area', 'HQ'])).out.trim()).toBe(free)

    const reserved = await cli(['numbers', 'reserve', free, '--user', 'ajones', '--service-area', 'HQ'])
    expect(reserved.code).toBe(0)
    expect(reserved.out).toMatch(new RegExp(`Reserved ${free} for ajones in HQ \\(domain Cli\\)`))
    expect((await cli(['numbers', 'next', '--service-area', 'HQ', '--domain', 'Cli'])).out.trim()).toBe(
      lowestNotIn([...inUse, free])
    )
    const mine = await json<NumberReservation[]>(['numbers', 'list', '--reserved', '--user', 'ajones'])
    expect(mine.map((r) => [r.number, r.serviceArea])).toEqual([[free, 'HQ']])
    const text = await cli(['numbers', 'list', '--service-area', 'HQ', '--search', free])
    expect(text.out).toMatch(new RegExp(`${free}\\s+reserved\\s+ajones`))
    expect(await cli(['numbers', 'release', free])).toMatchObject({ code: 0 })
    expect(
      await json<NumberReservation[]>(['numbers', 'list', '--reserved', '--service-area', 'HQ'])
    ).toEqual([])
  })

  it('exits 2 naming the option as typed when the input is wrong or the number is taken', async () => {
    const noUser = await cli(['numbers', 'reserve', '1000050', '--service-area', 'HQ'])
    expect(noUser.code).toBe(2)
    expect(noUser.err).toMatch(/missing --user/)
    const dashes = await cli(['numbers', 'reserve', '100-0050', '--user', 'a', '--service-area', 'HQ'])
    expect(dashes.code).toBe(2)
    expect(dashes.err).toMatch(/NUMBER: may contain only digits 0-9 \(no dashes or spaces\)/)
    const busy = await cli(['numbers', 'reserve', inUse[0], '--user', 'a', '--service-area', 'HQ'])
    expect(busy.code).toBe(2)
    expect(busy.err).toMatch(new RegExp(`NUMBER: ${inUse[0]} is in use on ${cp} in partition PT-Internal`))
    const unknown = await cli(['numbers', 'next', '--service-area', 'Nowhere'])
    expect(unknown.code).toBe(2)
    expect(unknown.err).toMatch(/--service-area: there is no service area named "Nowhere"/)
    const both = await cli(['numbers', 'list', '--service-area', 'HQ', '--available', '--reserved'])
    expect(both.code).toBe(2)
    const badSearch = await cli(['--json', 'numbers', 'list', '--service-area', 'HQ', '--search', '40-8'])
    expect(badSearch.code).toBe(2)
    expect(JSON.parse(badSearch.out)).toMatchObject({ error: { field: 'search', option: '--search' } })
  })
})
