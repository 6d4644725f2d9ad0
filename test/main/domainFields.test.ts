// Issue 9: domain synchronization reads the fields of inventory objects that device synchronization
// stored for it (src-main/sync/domain/inventoryFields.ts), not the objects whole. These tests hold the
// stored fields to what the engine reads: on a lab's inventory the engine decides the same from the
// fields as from the whole objects, and rows stored before the fields were are read from their data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunSummary, Severity } from '../../src-preload/contract'
import { startLab, type RunningLab } from '../../src-main/lab'
import { domainRow } from '../../src-main/domains/context'
import {
  computeDomainSync,
  type DomainSnapshot,
  type InventoryObject,
  type LogSink
} from '../../src-main/sync/domain/engine'
import { stagedObject } from '../../src-main/sync/device/objects'
import { addTrustedLabDevice, testCore, type TestCore } from './helpers/core'
import { finishedRun } from './helpers/runs'

let lab: RunningLab
let c: TestCore
let cpId = 0
let mpId = 0

async function finished(runId: number): Promise<RunSummary> {
  return finishedRun(c, runId)
}

beforeAll(async () => {
  lab = await startLab({ users: 300, clusters: 1, seed: 11, faults: {} })
  c = testCore()
  for (const server of lab.servers) await addTrustedLabDevice(c, server)
  const cp = lab.servers.find((s) => s.kind === 'call-processor')?.name ?? ''
  const mp = lab.servers.find((s) => s.kind === 'message-processor')?.name ?? ''
  await c.value('devices:test', { name: mp })
  for (const device of [cp, mp])
    for (const kind of ['infrastructure', 'user'] as const)
      expect((await finished((await c.value('sync:start', { device, kind })).runId)).status).toBe('succeeded')
  const devices = await c.value('devices:list', {})
  cpId = devices.find((d) => d.name === cp)?.id ?? 0
  mpId = devices.find((d) => d.name === mp)?.id ?? 0
  // What the lab leaves out: every licence with Single Number Reach (most users have no remote
  // destination profile to bring Mobility Support), and a restricted user who is not admin by name.
  const changed = (type: string, change: (data: Record<string, unknown>) => void) =>
    c.store.inventory.objects(cpId, type).map((o) => {
      change(o.data)
      return { ...stagedObject(type, o.key, o.name, o.data), scope: 'user' as const }
    })
  c.store.inventory.applyChanges(cpId, 0, {
    upserts: [
      ...changed('LicensedUser', (data) => (data.snrEnabled = 'true')),
      ...changed('User', (data) => {
        if (data.userid === c.store.inventory.objects(cpId, 'User')[7].data.userid) data.restricted = true
      })
    ],
    deletes: [],
    deleteByPrefix: []
  })
  await c.value('domains:add', {
    name: 'Fields',
    callProcessors: [cp],
    messageProcessors: [mp],
    rules: { syncAllUsers: true, syncAllUmUsers: true, primaryFromUm: true }
  })
  // Areas that some products fit, one that several fit, and none for the rest.
  const choices = await c.value('service-areas:choices', { callProcessor: cp })
  for (const [i, devicePool] of choices.devicePools.slice(0, 3).entries())
    await c.value('service-areas:add', {
      domain: 'Fields',
      name: `Area ${i}`,
      callProcessor: cp,
      ...(i === 0 ? { messageProcessor: mp } : {}),
      attributes: { devicePool }
    })
  await c.value('service-areas:add', { domain: 'Fields', name: 'Any', callProcessor: cp, attributes: {} })
}, 120_000)
afterAll(async () => {
  await c.dispose()
  await lab.stop()
})

type Read = (deviceId: number, type: string) => InventoryObject[]

let emServiceUrl = ''

async function decide(read: Read) {
  const domain = domainRow(c.store, 'Fields')
  emServiceUrl = String(c.store.inventory.objects(cpId, 'DeviceProfileService')[0].data.url)
  const snapshot: DomainSnapshot = {
    name: domain.name,
    rules: domain.rules,
    defaultRole: domain.default_role,
    callProcessors: [
      {
        id: cpId,
        name: 'CUCM',
        // Named unlike the lab's service, so that profiles are told by the service's URL.
        extensionMobility: { serviceName: 'EM', serviceUrl: emServiceUrl },
        objects: (type) => read(cpId, type)
      }
    ],
    messageProcessors: [{ id: mpId, name: 'CUC', objects: (type) => read(mpId, type) }],
    serviceAreas: c.store.serviceAreas.ofDomain(domain.id),
    existingUsers: [],
    otherDomains: new Map()
  }
  const log: { severity: Severity; code: string; message: string }[] = []
  const sink: LogSink = { add: (severity, code, message) => log.push({ severity, code, message }) }
  const outcome = await computeDomainSync(snapshot, sink, () => Promise.resolve())
  return { users: outcome.users, counts: outcome.counts, log }
}

const whole: Read = (deviceId, type) =>
  c.store.inventory.objects(deviceId, type).map((o) => ({ data: o.data }))
const fields: Read = (deviceId, type) =>
  c.store.inventory.domainFields(deviceId, type).map((data) => ({ data }))

describe('the inventory fields domain synchronization reads', () => {
  it('lead the engine to the same users, services, counts and log as the whole objects', async () => {
    const fromFields = await decide(fields)
    // The lab's inventory exercises every kind of service and placement the engine knows.
    const kinds = new Set(fromFields.users.flatMap((u) => u.services.map((s) => s.kind)))
    expect([...kinds].sort()).toEqual(
      expect.arrayContaining([
        'Enable Mobility Support',
        'Extension Mobility Access',
        'Line',
        'Phone',
        'Remote Destination Profile',
        'Voicemail'
      ])
    )
    expect(fromFields.counts.servicesWithoutArea).toBeGreaterThan(0)
    const codes = fromFields.log.map((e) => e.code)
    expect(codes).toContain('DOMAIN_SEVERAL_SERVICE_AREAS')
    expect(codes).toContain('DOMAIN_USERS_RESTRICTED')
    expect(fromFields.counts.usersSkipped).toBeGreaterThan(0)
    expect(fromFields).toEqual(await decide(whole))
  })

  it('are a fraction of the objects, and come from the data for rows stored without them', () => {
    const size = (sql: string) => c.store.db.prepare(sql).pluck().get(cpId) as number
    expect(size('SELECT SUM(LENGTH(fields)) FROM inventory WHERE device_id = ?')).toBeLessThan(
      size('SELECT SUM(LENGTH(data)) FROM inventory WHERE device_id = ? AND fields IS NOT NULL') * 0.6
    )
    const sorted = (objects: Record<string, unknown>[]) => objects.map((o) => JSON.stringify(o)).sort()
    const stored = sorted(c.store.inventory.domainFields(cpId, 'Phone'))
    // As a store of an earlier build has them until the device's next synchronization.
    c.store.db
      .prepare(
        "UPDATE inventory SET fields = NULL WHERE device_id = @cpId AND type = 'Phone' AND key IN (SELECT key FROM inventory WHERE device_id = @cpId AND type = 'Phone' ORDER BY key LIMIT 50)"
      )
      .run({ cpId })
    expect(
      c.store.db
        .prepare("SELECT COUNT(*) FROM inventory WHERE type = 'Phone' AND fields IS NULL")
        .pluck()
        .get()
    ).toBeGreaterThan(0)
    expect(sorted(c.store.inventory.domainFields(cpId, 'Phone'))).toEqual(stored)
    // Fields stored under another version of the lists are not trusted either.
    c.store.db
      .prepare(
        "UPDATE inventory SET fields = '[0,\"SEP000000000000\"]' WHERE device_id = ? AND type = 'Line' AND key = (SELECT MIN(key) FROM inventory WHERE type = 'Line')"
      )
      .run(cpId)
    expect(sorted(c.store.inventory.domainFields(cpId, 'Line'))).toEqual(
      sorted(
        c.store.inventory.objects(cpId, 'Line').map((o) => ({
          pattern: o.data.pattern,
          routePartitionName: o.data.routePartitionName,
          ...(o.data.shareLineAppearanceCssName !== undefined
            ? { shareLineAppearanceCssName: o.data.shareLineAppearanceCssName }
            : {}),
          ...(o.data.voiceMailProfileName !== undefined
            ? { voiceMailProfileName: o.data.voiceMailProfileName }
            : {})
        }))
      )
    )
    expect(() => c.store.inventory.domainFields(cpId, 'RoutePattern')).toThrow(
      /domain synchronization does not read RoutePattern objects/
    )
  })
})
