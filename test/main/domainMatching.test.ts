// Issue 5: directory number block arithmetic (SETUP-15) and service-area matching per seed 001
// table 5-3 (DOM-24 … DOM-30, DOM-39, DOM-42, DOM-18).
import { describe, expect, it } from 'vitest'
import { NO_RULES } from '../../src-preload/contract'
import { blockContains, blockNumber, blocksOverlap } from '../../src-main/domains/numbering'
import type { ServiceAreaRow } from '../../src-main/store/serviceAreas'
import { computeDomainSync, type InventoryObject } from '../../src-main/sync/domain/engine'

describe('directory number blocks', () => {
  const block = { prefix: '408', first: 0, last: 100, minLength: 4 }
  it('pads the number part to the minimum length after the prefix', () => {
    expect([blockNumber(block, 0), blockNumber(block, 100)]).toEqual(['4080000', '4080100'])
    expect(blockNumber({ prefix: '', first: 5, last: 5, minLength: 0 }, 5)).toBe('5')
  })
  it('detects shared numbers across prefixes, paddings and lengths', () => {
    expect(blocksOverlap(block, { prefix: '4080', first: 50, last: 60, minLength: 3 })).toBe(true)
    expect(blocksOverlap(block, { prefix: '408', first: 101, last: 200, minLength: 4 })).toBe(false)
    expect(blocksOverlap(block, { prefix: '40801', first: 0, last: 0, minLength: 2 })).toBe(true) // 4080100
    expect(blocksOverlap(block, { prefix: '408', first: 0, last: 100, minLength: 5 })).toBe(false) // 40800000…
    expect(
      blocksOverlap(
        { prefix: '', first: 9990, last: 10010, minLength: 0 },
        { prefix: '1000', first: 0, last: 9, minLength: 1 }
      )
    ).toBe(true)
  })
  it('tells whether a directory number belongs to a block', () => {
    expect(blockContains(block, '4080042')).toBe(true)
    expect(blockContains(block, '4080101')).toBe(false)
    expect(blockContains(block, '408042')).toBe(false)
    expect(blockContains({ prefix: '5', first: 0, last: 20, minLength: 0 }, '507')).toBe(false)
  })
})

function area(
  id: number,
  name: string,
  attributes: ServiceAreaRow['attributes'],
  cpId = 1,
  mpId: number | null = null
): ServiceAreaRow {
  return {
    id,
    domain_id: 1,
    name,
    position: id,
    call_processor_id: cpId,
    message_processor_id: mpId,
    presence_processor_id: null,
    attributes,
    user_roles: [],
    ldap_filter: null,
    assign_line_from_block: false,
    mask_ldap_numbers: false,
    ldap_number_mask: null
  }
}

const inventory: Record<string, InventoryObject[]> = {
  User: [{ key: 'u', name: 'ann', data: { userid: 'ann', lastName: 'Lee', imAndPresenceEnable: 'true' } }],
  Phone: [
    {
      key: 'p',
      name: 'SEP0011AABBCCDD',
      data: {
        name: 'SEP0011AABBCCDD',
        product: 'Cisco 8845',
        protocol: 'SIP',
        devicePoolName: 'DP-SJC',
        commonDeviceConfigName: 'CDC-SJC',
        callingSearchSpaceName: 'CSS-Device',
        locationName: 'LOC-SJC',
        ownerUserName: 'ann'
      }
    },
    {
      key: 'j',
      name: 'CSFANN',
      data: { name: 'CSFANN', product: 'Cisco Unified Client Services Framework', ownerUserName: 'ann' }
    }
  ],
  Line: [
    {
      key: 'l',
      name: '1000',
      data: {
        pattern: '1000',
        routePartitionName: 'PT-Internal',
        shareLineAppearanceCssName: 'CSS-Line',
        voiceMailProfileName: 'VM'
      }
    }
  ],
  LineAppearance: [
    {
      key: 'a',
      name: 'a',
      data: { device: 'SEP0011AABBCCDD', pattern: '1000', partition: 'PT-Internal', position: '1' }
    },
    {
      key: 'b',
      name: 'b',
      data: { device: 'CSFANN', pattern: '1000', partition: 'PT-Internal', position: '1' }
    },
    { key: 'c', name: 'c', data: { device: 'UDP-ann', pattern: '2000', partition: 'PT-EM', position: '1' } }
  ],
  DeviceProfile: [
    { key: 'd', name: 'UDP-ann', data: { name: 'UDP-ann', loginUserId: 'ann' } },
    { key: 'e', name: 'UDP-ann-2', data: { name: 'UDP-ann-2', loginUserId: 'ann' } }
  ],
  DeviceProfileService: [
    { key: 's', name: 's', data: { device: 'UDP-ann', service: 'Extension Mobility', url: 'http://em' } }
  ]
}

async function run(areas: ServiceAreaRow[], nonRestricted = false, withUnity = false) {
  const entries: { code: string; message: string }[] = []
  const unity = {
    id: 7,
    name: 'CUC',
    objects: (type: string): InventoryObject[] =>
      type === 'UnityUser'
        ? [
            {
              key: 'm',
              name: 'ann',
              data: { Alias: 'ann', DtmfAccessId: '1000', UnifiedMessagingAccount: 'true' }
            }
          ]
        : []
  }
  const outcome = await computeDomainSync(
    {
      name: 'Cisco',
      rules: { ...NO_RULES, syncAllUsers: true, nonRestricted },
      defaultRole: 'Employee',
      callProcessors: [{ id: 1, name: 'TestCCM', objects: (type) => inventory[type] ?? [] }],
      messageProcessors: withUnity ? [unity] : [],
      serviceAreas: areas,
      existingUsers: [],
      otherDomains: new Map()
    },
    { add: (_s, code, message) => entries.push({ code, message }) },
    () => Promise.resolve()
  )
  const services = outcome.users[0].services
  const areaOf = (kind: string) =>
    services
      .filter((s) => s.kind === kind)
      .map((s) => areas.find((a) => a.id === s.serviceAreaId)?.name ?? null)
  return { services, areaOf, entries, counts: outcome.counts }
}

describe('service-area matching (table 5-3)', () => {
  it('matches phones on device pool, common device config, device CSS, location and protocol', async () => {
    const { areaOf } = await run([
      area(1, 'Wrong protocol', { devicePool: 'DP-SJC', protocol: 'SCCP' }),
      area(2, 'San Jose', {
        devicePool: 'dp-sjc',
        commonDeviceConfig: 'CDC-SJC',
        deviceCss: 'CSS-Device',
        location: 'LOC-SJC',
        protocol: 'SIP'
      })
    ])
    expect(areaOf('Phone')).toEqual(['San Jose'])
    // Soft phones, EM access and user-level products match no attribute: first area of the processor (DOM-29).
    expect(areaOf('Soft Phone')).toEqual(['Wrong protocol'])
    expect(areaOf('User Services')).toEqual(['Wrong protocol'])
    expect(areaOf('Enable Softphone Support')).toEqual(['Wrong protocol'])
  })

  it('matches lines on their CSS and partition plus the device’s attributes, and one shared line is one product', async () => {
    const { areaOf } = await run([
      area(1, 'Other partition', { routePartition: 'PT-Other' }),
      area(2, 'Internal', { routePartition: 'PT-Internal', lineCss: 'CSS-Line', devicePool: 'DP-SJC' })
    ])
    expect(areaOf('Line')).toEqual(['Internal'])
  })

  it('adds a device profile as Extension Mobility Access only when it subscribes to the EM service (DOM-31)', async () => {
    const { services, entries } = await run([area(1, 'Any', {})])
    expect(services.filter((s) => s.kind === 'Extension Mobility Access').map((s) => s.name)).toEqual([
      'UDP-ann'
    ])
    expect(entries.find((e) => e.code === 'DOMAIN_PROFILE_NOT_EXTENSION_MOBILITY')?.message).toMatch(
      /UDP-ann-2/
    )
    expect(services.find((s) => s.kind === 'Extension Mobility Access Line')?.name).toBe(
      'UDP-ann line 1: 2000 / PT-EM'
    )
  })

  it('reports what fits no service area with the properties searched, or places it under Non-RestrictedDomainSync', async () => {
    const strict = await run([area(1, 'Elsewhere', { devicePool: 'DP-RTP', routePartition: 'PT-Other' })])
    const phone = strict.entries.find((e) => e.code === 'DOMAIN_PHONE_NO_SERVICE_AREA')
    expect(phone?.message).toMatch(
      /Phone SEP0011AABBCCDD of ann could not be placed in a service area of Cisco: none has these properties: Call Processor: TestCCM, Device Pool: DP-SJC, Common Device Config: CDC-SJC, Calling Search Space \(Device\): CSS-Device, Location: LOC-SJC, Protocol: SIP/
    )
    expect(strict.entries.find((e) => e.code === 'DOMAIN_PROFILE_LINE_NO_SERVICE_AREA')?.message).toMatch(
      /Call Processor: TestCCM, Calling Search Space \(Line\): none, Route Partition: PT-EM/
    )
    expect(strict.areaOf('Phone')).toEqual([null])
    expect(strict.counts.servicesWithoutArea).toBeGreaterThan(0)
    const relaxed = await run(
      [area(1, 'Elsewhere', { devicePool: 'DP-RTP', routePartition: 'PT-Other' })],
      true
    )
    expect(relaxed.areaOf('Phone')).toEqual(['Elsewhere'])
    expect(relaxed.entries.some((e) => e.code === 'DOMAIN_PLACED_NON_RESTRICTED')).toBe(true)
  })

  it('puts voicemail and unified messaging where the line is, which needs the mailbox’s Message Processor', async () => {
    const { areaOf, entries } = await run(
      [
        area(1, 'No voicemail', { routePartition: 'PT-Internal' }),
        area(2, 'With CUC', { routePartition: 'PT-Internal' }, 1, 7)
      ],
      false,
      true
    )
    expect(areaOf('Line')).toEqual(['With CUC'])
    expect(areaOf('Voicemail')).toEqual(['With CUC'])
    expect(areaOf('Unified Messaging')).toEqual(['With CUC'])
    expect(entries.some((e) => e.code === 'DOMAIN_NO_VOICEMAIL')).toBe(false)
  })

  it('warns when a line expecting voicemail has no mailbox (DOM-41)', async () => {
    const { entries } = await run([area(1, 'Any', {})], false, false)
    expect(entries.some((e) => e.code === 'DOMAIN_NO_VOICEMAIL')).toBe(false) // no Message Processor in the domain
    const unityWithout = await computeDomainSync(
      {
        name: 'Cisco',
        rules: { ...NO_RULES, syncAllUsers: true },
        defaultRole: 'Employee',
        callProcessors: [{ id: 1, name: 'TestCCM', objects: (type) => inventory[type] ?? [] }],
        messageProcessors: [{ id: 7, name: 'CUC', objects: () => [] }],
        serviceAreas: [],
        existingUsers: [],
        otherDomains: new Map()
      },
      { add: (_s, code, message) => entries.push({ code, message }) },
      () => Promise.resolve()
    )
    expect(unityWithout.users).toHaveLength(1)
    expect(entries.find((e) => e.code === 'DOMAIN_NO_VOICEMAIL')?.message).toMatch(
      /No matching voicemail found for directory number 1000 of ann/
    )
  })
})

describe('warnings for products without a service area', () => {
  it('name a line’s mailbox only for the line that has one, when lines share their attributes (DOM-42)', async () => {
    const objects: Record<string, InventoryObject[]> = {
      User: [{ data: { userid: 'ann', lastName: 'Lee' } }],
      DeviceProfile: [{ data: { name: 'UDP-ann', loginUserId: 'ann' } }],
      DeviceProfileService: [
        { data: { device: 'UDP-ann', service: 'Extension Mobility', url: 'http://em' } }
      ],
      Line: ['3000', '3001'].map((pattern) => ({ data: { pattern, routePartitionName: 'PT-EM' } })),
      LineAppearance: ['3000', '3001'].map((pattern, i) => ({
        data: { device: 'UDP-ann', pattern, partition: 'PT-EM', position: String(i + 1) }
      }))
    }
    const entries: { code: string; message: string }[] = []
    await computeDomainSync(
      {
        name: 'Cisco',
        rules: { ...NO_RULES, syncAllUsers: true },
        defaultRole: 'Employee',
        callProcessors: [{ id: 1, name: 'TestCCM', objects: (type) => objects[type] ?? [] }],
        messageProcessors: [
          {
            id: 7,
            name: 'CUC',
            objects: (type) =>
              type === 'UnityUser' ? [{ data: { Alias: 'ann', DtmfAccessId: '3000' } }] : []
          }
        ],
        serviceAreas: [area(1, 'Elsewhere', { routePartition: 'PT-Other' })],
        existingUsers: [],
        otherDomains: new Map()
      },
      { add: (_s, code, message) => entries.push({ code, message }) },
      () => Promise.resolve()
    )
    const unplaced = entries.filter((e) => e.code === 'DOMAIN_PROFILE_LINE_NO_SERVICE_AREA')
    expect(unplaced.map((e) => e.message.includes('Unified Message Processor (Voicemail): CUC'))).toEqual([
      true,
      false
    ])
    expect(unplaced[0].message).toMatch(/line 1: 3000 \/ PT-EM/)
    expect(unplaced[1].message).toMatch(/line 2: 3001 \/ PT-EM/)
  })
})

describe('voicemail across clusters (issue 25 item 8)', () => {
  /** A cluster with one user whose phone has line 2000001 (expecting voicemail) in PT-Internal. */
  const cluster = (id: number, name: string, userid: string) => {
    const objects: Record<string, InventoryObject[]> = {
      User: [{ data: { userid, lastName: userid } }],
      Phone: [{ data: { name: `SEP${id}`, ownerUserName: userid, protocol: 'SIP' } }],
      Line: [{ data: { pattern: '2000001', routePartitionName: 'PT-Internal', voiceMailProfileName: 'VM' } }],
      LineAppearance: [
        { data: { device: `SEP${id}`, pattern: '2000001', partition: 'PT-Internal', position: '1' } }
      ]
    }
    return { id, name, objects: (type: string) => objects[type] ?? [] }
  }
  const jolsensMailbox = (type: string): InventoryObject[] =>
    type === 'UnityUser' ? [{ data: { Alias: 'jolsen0002', DtmfAccessId: '2000001' } }] : []

  async function sync(callProcessorId: number | undefined) {
    const entries: { code: string; message: string }[] = []
    const outcome = await computeDomainSync(
      {
        name: 'Two',
        rules: { ...NO_RULES, syncAllUsers: true },
        defaultRole: 'Employee',
        callProcessors: [cluster(1, 'CCM1', 'jolsen0002'), cluster(2, 'CCM2', 'skim0002')],
        messageProcessors: [
          { id: 7, name: 'CUC1', ...(callProcessorId ? { callProcessorId } : {}), objects: jolsensMailbox }
        ],
        // CCM2's area has no Message Processor: a line that wants CUC1 fits none of CCM2's areas.
        serviceAreas: [
          area(1, 'CCM1 with CUC1', { routePartition: 'PT-Internal' }, 1, 7),
          area(2, 'CCM2', { routePartition: 'PT-Internal' }, 2)
        ],
        existingUsers: [],
        otherDomains: new Map()
      },
      { add: (_s, code, message) => entries.push({ code, message }) },
      () => Promise.resolve()
    )
    const user = (userid: string) => outcome.users.find((u) => u.userid === userid)!
    const areaOf = (userid: string, kind: string) =>
      user(userid)
        .services.filter((s) => s.kind === kind)
        .map((s) => s.serviceAreaId)
    return { user, areaOf, entries }
  }

  it('links a mailbox to the line with its extension on the Call Processor its Message Processor serves only', async () => {
    const { areaOf, entries } = await sync(1)
    expect(areaOf('jolsen0002', 'Line')).toEqual([1])
    expect(areaOf('jolsen0002', 'Voicemail')).toEqual([1])
    // CCM2's line 2000001 is another line with the same number: it has no mailbox, so it fits CCM2's area.
    expect(areaOf('skim0002', 'Line')).toEqual([2])
    expect(areaOf('skim0002', 'Voicemail')).toEqual([])
    expect(entries.filter((e) => e.code === 'DOMAIN_NO_VOICEMAIL').map((e) => e.message)).toEqual([
      'No matching voicemail found for directory number 2000001 of skim0002: no mailbox on any Message Processor serving CCM2 has this extension.'
    ])
    expect(entries.some((e) => e.code === 'DOMAIN_LINE_NO_SERVICE_AREA')).toBe(false)
  })

  it('links no line to the mailboxes of a Message Processor that names no Call Processor, and says how to link it', async () => {
    const { areaOf, entries } = await sync(undefined)
    expect(areaOf('skim0002', 'Line')).toEqual([2])
    expect(areaOf('jolsen0002', 'Voicemail')).toEqual([1])
    expect(entries.find((e) => e.code === 'DOMAIN_MESSAGE_PROCESSOR_NOT_LINKED')?.message).toMatch(
      /CUC1 names no Call Processor, and Two has several: its mailboxes were linked to no line/
    )
  })
})
