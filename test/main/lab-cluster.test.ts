// The lab's data generator: deterministic per seed, realistic relations, lazy at scale (issue 3 §2, §6).
import { describe, expect, it } from 'vitest'
import { LabCluster } from '../../src-main/lab/cluster'
import { applyChanges } from '../../src-main/lab/changeFeed'
import { text } from '../../src-main/lab/model'

describe('LabCluster', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const a = new LabCluster({ name: 'A', seed: 5, users: 300 })
    const b = new LabCluster({ name: 'B', seed: 5, users: 300 })
    const c = new LabCluster({ name: 'C', seed: 6, users: 300 })
    for (const i of [0, 17, 299]) {
      expect(a.collection('User')?.at(i)).toEqual(b.collection('User')?.at(i))
      expect(a.collection('Phone')?.at(i)).toEqual(b.collection('Phone')?.at(i))
    }
    expect(a.collection('Phone')?.at(0)?.fields.name).not.toEqual(c.collection('Phone')?.at(0)?.fields.name)
  })

  it('has the documented scale: phones 1.5x, lines 2x, device profiles 1/8, plus admin and globaladmin', () => {
    const cluster = new LabCluster({ name: 'X', seed: 1, users: 800 })
    expect(cluster.collection('User')?.size()).toBe(802)
    expect(cluster.collection('Phone')?.size()).toBe(1200)
    expect(cluster.collection('Line')?.size()).toBe(1600)
    expect(cluster.collection('DeviceProfile')?.size()).toBe(100)
    expect(cluster.collection('User')?.indexOf('admin')).toBe(800)
    expect(cluster.collection('User')?.indexOf('globaladmin')).toBe(801)
  })

  it('relates users, phones, lines and profiles consistently', () => {
    const cluster = new LabCluster({ name: 'X', seed: 3, users: 400 })
    const users = cluster.collection('User')!
    const phones = cluster.collection('Phone')!
    const lines = cluster.collection('Line')!
    const ownerOf = (j: number): string => text(phones.at(j)?.fields.ownerUserName)
    // Desk phone j belongs to user j unless it is a common-area phone; Jabber phones belong to even users.
    const desk = [...Array(400).keys()].find((j) => !cluster.isCommonAreaPhone(j))!
    expect(ownerOf(desk)).toBe(text(users.at(desk)?.fields.userid))
    expect(ownerOf(400)).toBe(text(users.at(0)?.fields.userid))
    expect(text(phones.at(400)?.fields.name)).toMatch(/^CSF/)
    // The owner's primary line is the first appearance on the desk phone and shared with Jabber.
    const primary = cluster.appearances('Phone', desk)[0]
    expect(primary.lineIndex).toBe(desk)
    expect(cluster.appearances('Phone', 400)[0].lineIndex).toBe(0)
    const user = users.at(desk)!
    expect(user.fields.primaryExtension).toEqual({
      children: { pattern: text(lines.at(desk)?.fields.pattern), routePartitionName: 'PT-Internal' }
    })
    // Special DNs exist: intercom lines and orphan lines on no device.
    const kinds = new Set([...Array(800).keys()].map((k) => cluster.lineKind(k)))
    expect([...kinds].sort()).toEqual(['device-profile', 'intercom', 'orphan', 'primary', 'secondary'])
    // Some analog (VG) endpoints and some departments for domain rules.
    expect([...Array(400).keys()].some((j) => cluster.isAnalog(j))).toBe(true)
    expect(new Set([...Array(50).keys()].map((i) => users.at(i)?.fields.department)).size).toBeGreaterThan(3)
    // References carry the referenced object's uuid.
    const pool = phones.at(desk)?.fields.devicePoolName
    const pools = cluster.collection('DevicePool')!
    const poolIndex = pools.indexOf(text(pool))!
    expect(pool).toEqual({ ref: text(pools.at(poolIndex)?.fields.name), uuid: pools.at(poolIndex)?.uuid })
  })

  it('applies updates, removals and additions and records them for listChange', () => {
    const cluster = new LabCluster({ name: 'X', seed: 1, users: 50 })
    cluster.update('Phone', 2, { description: 'Changed' })
    cluster.remove('Line', 3)
    const added = cluster.add('User', { userid: 'newuser', firstName: 'New', lastName: 'User' })
    expect(cluster.collection('Phone')?.at(2)?.fields.description).toBe('Changed')
    expect(cluster.collection('Line')?.at(3)).toBeUndefined()
    expect(cluster.collection('Line')?.has(3)).toBe(false)
    expect(cluster.collection('User')?.indexOf('newuser')).toBe(added)
    expect(cluster.changes.since(1, 10)?.map((c) => c.action)).toEqual(['u', 'r', 'a'])
    expect(() => cluster.add('User', { userid: 'newuser' })).toThrow(/already exists/)
  })

  it('starts a 40,000-user cluster without generating its objects', () => {
    const before = process.memoryUsage().heapUsed
    const cluster = new LabCluster({ name: 'Big', seed: 9, users: 40_000 })
    expect(cluster.collection('Phone')?.size()).toBe(60_000)
    expect(cluster.collection('Line')?.size()).toBe(80_000)
    expect(cluster.collection('DeviceProfile')?.size()).toBe(5_000)
    expect(text(cluster.collection('Phone')?.at(59_999)?.fields.name)).toMatch(/^CSF/)
    // Only infrastructure is built eagerly: far less than one object per user.
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(20 * 1024 * 1024)
  })
})

describe('change feed', () => {
  it('applies a deterministic mix of updates, additions and removals, all visible to listChange', () => {
    const a = new LabCluster({ name: 'A', seed: 2, users: 300 })
    const b = new LabCluster({ name: 'B', seed: 2, users: 300 })
    expect(applyChanges(a, 200, 1)).toBeGreaterThan(190)
    applyChanges(b, 200, 1)
    const changes = a.changes.since(1, 1000) ?? []
    expect(changes.map((c) => [c.type, c.action])).toEqual(
      (b.changes.since(1, 1000) ?? []).map((c) => [c.type, c.action])
    )
    const actions = new Set(changes.map((c) => c.action))
    expect([...actions].sort()).toEqual(['a', 'r', 'u'])
    const removed = changes.find((c) => c.action === 'r' && c.type === 'Phone')!
    const phones = a.collection('Phone')!
    expect([...Array(phones.size()).keys()].some((i) => phones.at(i)?.uuid === removed.uuid)).toBe(false)
  })
})
