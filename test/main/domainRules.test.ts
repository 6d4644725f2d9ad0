// Issue 5: rule evaluation of domain synchronization (DOM-10 … DOM-23), including seed 001's
// CCM1/CCM2/CCM3 example, over synthetic inventories.
import { describe, expect, it } from 'vitest'
import { NO_RULES, type DomainRules } from '../../src-preload/contract'
import type { StoredDomainUser } from '../../src-main/store/domainUserRecords'
import {
  computeDomainSync,
  type CallProcessorSnapshot,
  type DomainSnapshot,
  type InventoryObject
} from '../../src-main/sync/domain/engine'
import { describeEffectiveRule, effectiveRule } from '../../src-main/sync/domain/rules'

interface Person {
  userid: string
  department: string
  devicePool: string
  location: string
  rdpDevicePool?: string
}

function processor(id: number, name: string, people: Person[]): CallProcessorSnapshot {
  const types: Record<string, InventoryObject[]> = {
    User: people.map((p) => ({
      key: p.userid,
      name: p.userid,
      data: { userid: p.userid, department: p.department, lastName: p.userid }
    })),
    Phone: people.map((p) => ({
      key: `SEP${p.userid}`,
      name: `SEP${p.userid}`,
      data: {
        name: `SEP${p.userid}`,
        product: 'Cisco 8845',
        protocol: 'SIP',
        devicePoolName: p.devicePool,
        locationName: p.location,
        ownerUserName: p.userid
      }
    })),
    RemoteDestinationProfile: people
      .filter((p) => p.rdpDevicePool)
      .map((p) => ({
        key: `RDP-${p.userid}`,
        name: `RDP-${p.userid}`,
        data: { name: `RDP-${p.userid}`, devicePoolName: p.rdpDevicePool, userId: p.userid }
      }))
  }
  return { id, name, objects: (type) => types[type] ?? [] }
}

// Seed 001's example: each processor has users in every combination of department, pool and location.
const combos = (prefix: string, pools: string[], locations: string[]): Person[] =>
  ['Dept1', 'Dept2'].flatMap((department) =>
    pools.flatMap((devicePool) =>
      locations.map((location) => ({
        userid: `${prefix}-${department}-${devicePool}-${location}`,
        department,
        devicePool,
        location
      }))
    )
  )

const CCM1 = processor(1, 'CCM1', combos('c1', ['DevicePool1', 'DevicePool2'], ['Location1', 'Location3']))
const CCM2 = processor(2, 'CCM2', combos('c2', ['DevicePool2', 'DevicePool3'], ['Location2', 'Location3']))
const CCM3 = processor(3, 'CCM3', combos('c3', ['DevicePool2', 'DevicePool3'], ['Location1', 'Location3']))

function snapshot(rules: Partial<DomainRules>, options: Partial<DomainSnapshot> = {}): DomainSnapshot {
  return {
    name: 'Example',
    rules: { ...NO_RULES, ...rules },
    defaultRole: 'Employee',
    callProcessors: [CCM1, CCM2, CCM3],
    messageProcessors: [],
    serviceAreas: [],
    existingUsers: [],
    otherDomains: new Map(),
    ...options
  }
}

async function joined(rules: Partial<DomainRules>, options: Partial<DomainSnapshot> = {}): Promise<string[]> {
  const entries: string[] = []
  const outcome = await computeDomainSync(
    snapshot(rules, options),
    { add: (_s, code) => entries.push(code) },
    () => Promise.resolve()
  )
  return outcome.users.map((u) => u.userid).sort()
}

const existing = (userid: string): StoredDomainUser => ({
  userid,
  domainId: 1,
  role: 'Executive',
  source: 'CCM1',
  data: { firstName: '', lastName: userid }
})

describe('required rules and their priority (DOM-13, DOM-14)', () => {
  it('needs one required rule; attribute rules need a value', () => {
    expect(effectiveRule(NO_RULES)).toBeUndefined()
    expect(
      effectiveRule({ ...NO_RULES, syncAllUmUsers: true, primaryFromUm: true, nonRestricted: true })
    ).toBeUndefined()
    expect(effectiveRule({ ...NO_RULES, matchDepartment: 'Dept1' })?.kind).toBe('attributes')
  })

  it('Sync All Users (Unified CM) takes every user of every Call Processor and overrides the rest', async () => {
    const all = await joined({ syncAllUsers: true })
    expect(all).toHaveLength(24)
    expect(await joined({ syncAllUsers: true, syncOnlyExisting: true, matchDepartment: 'Dept1' })).toEqual(
      all
    )
    expect(describeEffectiveRule({ ...NO_RULES, syncAllUsers: true, matchDepartment: 'Dept1' })).toMatch(
      /Sync All Users \(Unified CM\) is in effect \(Match Department ignored/
    )
  })

  it('Sync Only Existing Users creates nobody and overrides the attribute rules', async () => {
    expect(await joined({ syncOnlyExisting: true })).toEqual([])
    const kept = await joined(
      { syncOnlyExisting: true, matchDepartment: 'Dept2' },
      {
        existingUsers: [
          existing('c1-Dept1-DevicePool1-Location1'),
          existing('c3-Dept1-DevicePool3-Location3')
        ]
      }
    )
    expect(kept).toEqual(['c1-Dept1-DevicePool1-Location1', 'c3-Dept1-DevicePool3-Location3'])
  })

  it('users already in the domain keep their role; new users get the default role', async () => {
    const outcome = await computeDomainSync(
      snapshot({ syncAllUsers: true }, { existingUsers: [existing('c1-Dept1-DevicePool1-Location1')] }),
      { add: () => undefined },
      () => Promise.resolve()
    )
    const role = (id: string) => outcome.users.find((u) => u.userid === id)?.role
    expect(role('c1-Dept1-DevicePool1-Location1')).toBe('Executive')
    expect(role('c1-Dept2-DevicePool1-Location1')).toBe('Employee')
  })
})

describe('attribute rules add up (DOM-12, DOM-14, DOM-22)', () => {
  it('Match Department alone', async () => {
    const users = await joined({ matchDepartment: 'Dept1' })
    expect(users).toHaveLength(12)
    expect(users.every((u) => u.includes('-Dept1-'))).toBe(true)
  })

  it('Match Location and Match Device Pool look at the user’s phones (and remote destination profiles)', async () => {
    expect((await joined({ matchLocation: 'Location3' })).every((u) => u.endsWith('-Location3'))).toBe(true)
    expect(await joined({ matchDevicePool: 'DevicePool1' })).toHaveLength(4)
    const rdpOnly = processor(4, 'CCM4', [
      {
        userid: 'mobile',
        department: 'Dept1',
        devicePool: 'DevicePool9',
        location: 'L',
        rdpDevicePool: 'DevicePool1'
      }
    ])
    expect(await joined({ matchDevicePool: 'DevicePool1' }, { callProcessors: [rdpOnly] })).toEqual([
      'mobile'
    ])
  })

  it('two or three rules: only users satisfying each', async () => {
    const both = await joined({ matchDepartment: 'Dept1', matchLocation: 'Location3' })
    expect(both.every((u) => u.includes('-Dept1-') && u.endsWith('-Location3'))).toBe(true)
    expect(both).toHaveLength(6)
    const three = await joined({
      matchDepartment: 'Dept2',
      matchLocation: 'Location3',
      matchDevicePool: 'DevicePool2'
    })
    expect(three).toEqual([
      'c1-Dept2-DevicePool2-Location3',
      'c2-Dept2-DevicePool2-Location3',
      'c3-Dept2-DevicePool2-Location3'
    ])
  })

  it('lists compare without regard to case and accept several values', async () => {
    expect(await joined({ matchDepartment: 'dept1;DEPT2' })).toHaveLength(24)
  })

  it("seed 001's example: CCM1 by department; CCM2 also by DevicePool2; CCM3 also by DevicePool3 and Location3", async () => {
    const users = await joined({
      matchDepartment: 'Dept1',
      matchDevicePool: 'CCM2:DevicePool2;CCM3:DevicePool3',
      matchLocation: 'CCM3:Location3'
    })
    expect(users).toEqual([
      'c1-Dept1-DevicePool1-Location1',
      'c1-Dept1-DevicePool1-Location3',
      'c1-Dept1-DevicePool2-Location1',
      'c1-Dept1-DevicePool2-Location3',
      'c2-Dept1-DevicePool2-Location2',
      'c2-Dept1-DevicePool2-Location3',
      'c3-Dept1-DevicePool3-Location3'
    ])
  })
})

describe('user ids (DOM-40) and coresident rules (DOM-16, DOM-17)', () => {
  it('skips a user id differing only in case, naming the Call Processor, and merges the same id', async () => {
    const a = processor(1, 'CCM-A', [{ userid: 'JSmith', department: 'D', devicePool: 'P', location: 'L' }])
    const b = processor(2, 'CCM-B', [{ userid: 'jsmith', department: 'D', devicePool: 'P', location: 'L' }])
    const c = processor(3, 'CCM-C', [{ userid: 'JSmith', department: 'D', devicePool: 'Q', location: 'L' }])
    const messages: string[] = []
    const outcome = await computeDomainSync(
      snapshot({ syncAllUsers: true }, { callProcessors: [a, b, c] }),
      { add: (_s, code, message) => messages.push(`${code} ${message}`) },
      () => Promise.resolve()
    )
    expect(outcome.users.map((u) => u.userid)).toEqual(['JSmith'])
    expect(outcome.users[0].services.filter((s) => s.kind === 'Phone')).toHaveLength(2)
    expect(messages.find((m) => m.startsWith('DOMAIN_DUPLICATE_USER'))).toMatch(
      /skipped jsmith from the Call Processor CCM-B.*JSmith \(from CCM-A\)/
    )
    expect(outcome.counts.usersSkipped).toBe(1)
  })

  it('mailboxes join only with a matching user, unless Sync All Users (Unity Connection); names from Unity when asked', async () => {
    const person = processor(1, 'CCM1', [{ userid: 'ann', department: 'D', devicePool: 'P', location: 'L' }])
    const mailboxes: InventoryObject[] = [
      {
        key: '1',
        name: 'ann',
        data: { Alias: 'ann', FirstName: 'Ann', LastName: 'Unity', DtmfAccessId: '1000' }
      },
      { key: '2', name: 'lobby', data: { Alias: 'lobby', DisplayName: 'Lobby', DtmfAccessId: '1999' } }
    ]
    const unity = { id: 9, name: 'CUC', objects: (type: string) => (type === 'UnityUser' ? mailboxes : []) }
    const run = async (rules: Partial<DomainRules>) =>
      (
        await computeDomainSync(
          snapshot(
            { syncAllUsers: true, ...rules },
            { callProcessors: [person], messageProcessors: [unity] }
          ),
          { add: () => undefined },
          () => Promise.resolve()
        )
      ).users
    const off = await run({})
    expect(off.map((u) => u.userid)).toEqual(['ann'])
    expect(off[0].services.map((s) => s.kind)).toContain('Voicemail')
    expect(off[0].data.lastName).toBe('ann')
    expect((await run({ syncAllUmUsers: true })).map((u) => u.userid)).toEqual(['ann', 'lobby'])
    expect((await run({ primaryFromUm: true }))[0].data.lastName).toBe('Unity')
  })
})
