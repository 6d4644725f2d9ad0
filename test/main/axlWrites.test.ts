// Issue 20: AXL writes against the lab, which answers them as Unified CM does: each write reads back,
// each fault is a typed error, a device without "Allow changes" sends nothing, and what a write
// changes is seen by list, get, SQL and listChange.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunSummary } from '../../src-preload/contract'
import { AxlClient } from '../../src-main/connectors/axl/client'
import { CUCM_USER_OBJECTS } from '../../src-main/connectors/axl/objects'
import { requestEnvelope } from '../../src-main/connectors/axl/soap'
import {
  AxlWriteError,
  AxlWriter,
  type NewPhone,
  type WritableDevice
} from '../../src-main/connectors/axl/writes'
import type { HttpsTarget } from '../../src-main/connectors/common/http'
import type { RetryPolicy } from '../../src-main/connectors/common/retry'
import { WritePacer } from '../../src-main/connectors/common/writePacer'
import { startAxlServer, type RunningAxlServer } from '../../src-main/lab/axl/server'
import { labCertificate, type ServerCertificate } from '../../src-main/lab/certificate'
import { LabCluster } from '../../src-main/lab/cluster'
import { parseFaults } from '../../src-main/lab/faults'
import { startLab, type RunningLab } from '../../src-main/lab'
import { addTrustedLabDevice, testCore, trustedLabTarget, type TestCore } from './helpers/core'
import { conformanceSkipReason, envelopeProblems } from './helpers/xmllint'
import { QUICK_RETRY, faultsClearedEachTest, pinnedTarget, rejection, withOpen } from './helpers/writeLab'

let certificate: ServerCertificate
let server: RunningAxlServer
const faults = faultsClearedEachTest()
const cluster = new LabCluster({ name: 'W', seed: 7, users: 40 })
const site = cluster.sites[0].code
/** Every envelope sent, for the schema check at the end. */
const sent: string[] = []
const allowed: WritableDevice = { name: 'Lab CUCM W', allow_changes: 1 }

beforeAll(async () => {
  certificate = await labCertificate('cucm.example.test')
  server = await startAxlServer({
    cluster,
    versions: ['15.0', '14.0'],
    username: 'axl',
    password: 'pw',
    ...certificate,
    faults
  })
})
afterAll(() => server.close())

const target = (): HttpsTarget => pinnedTarget(server.port, certificate, { username: 'axl', password: 'pw' })

function withWriter<T>(
  run: (writer: AxlWriter) => Promise<T>,
  options: { device?: WritableDevice; retry?: RetryPolicy; onRetry?: () => void; pacer?: WritePacer } = {}
): Promise<T> {
  const open = AxlWriter.connect(options.device ?? allowed, {
    target: target(),
    onRequest: (xml) => sent.push(xml),
    retry: options.retry ?? QUICK_RETRY,
    onRetry: options.onRetry,
    // Each test's own: what one test's throttle taught must not slow the next.
    writePacer: options.pacer ?? new WritePacer()
  })
  return withOpen(open, run)
}

/** The typed error a write rejects with. */
const failure = (write: Promise<unknown>): Promise<AxlWriteError> => rejection(write, AxlWriteError)

const userid = cluster.userid(3)

function deskPhone(name: string, lines: NewPhone['lines']): NewPhone {
  return {
    name,
    description: 'Desk phone of a new hire',
    product: 'Cisco 8845',
    class: 'Phone',
    protocol: 'SIP',
    devicePoolName: `DP-${site}-Phones`,
    locationName: `LOC-${site}`,
    securityProfileName: 'Cisco 8845 - Standard SIP Non-Secure Profile',
    sipProfileName: 'Standard SIP Profile',
    phoneTemplateName: 'Standard 8845 SIP',
    ownerUserName: userid,
    lines
  }
}

/** Rows of one lab SQL statement, read through the connector. */
async function sqlRows(sql: string): Promise<Record<string, string>[]> {
  const client = await AxlClient.connect({ target: target(), onRequest: (xml) => sent.push(xml) })
  try {
    const rows: Record<string, string>[] = []
    for await (const page of client.sql(sql)) rows.push(...page)
    return rows
  } finally {
    client.close()
  }
}

describe('AXL writes', () => {
  it('adds, updates and removes a line known by pattern and partition, each read back', async () => {
    await withWriter(async (writer) => {
      const added = await writer.addLine({
        pattern: '4100',
        partition: 'PT-Internal',
        description: 'New hire',
        alertingName: 'Zoë New'
      })
      expect(added.uuid).toMatch(/^\{[0-9A-F-]{36}\}$/)
      expect(added.fields).toMatchObject({
        pattern: '4100',
        routePartitionName: 'PT-Internal',
        alertingName: 'Zoë New'
      })
      // The same pattern in another partition is another line.
      const intercom = await writer.addLine({ pattern: '4100', partition: 'PT-Intercom' })
      expect(intercom.uuid).not.toBe(added.uuid)

      const updated = await writer.updateLine(
        { pattern: '4100', partition: 'PT-Internal' },
        { description: 'Moved' }
      )
      expect(updated.fields).toMatchObject({ description: 'Moved', alertingName: 'Zoë New' })
      expect(
        (await writer.getLine({ pattern: '4100', partition: 'PT-Intercom' })).fields.description
      ).toBeUndefined()

      await writer.removeLine({ pattern: '4100', partition: 'PT-Intercom' })
      expect((await failure(writer.getLine({ pattern: '4100', partition: 'PT-Intercom' }))).failure).toBe(
        'not-valid'
      )
      expect((await writer.getLine({ pattern: '4100', partition: 'PT-Internal' })).uuid).toBe(added.uuid)
    })
  })

  it('adds a phone with its line, adds and removes line appearances, and removes it', async () => {
    await withWriter(async (writer) => {
      await writer.addLine({ pattern: '4200', partition: 'PT-Internal' })
      await writer.addLine({ pattern: '4201', partition: 'PT-Internal' })
      const phone = await writer.addPhone(
        deskPhone('SEP0000004200AA', [{ index: 1, pattern: '4200', partition: 'PT-Internal', label: 'Main' }])
      )
      expect(phone.fields).toMatchObject({
        name: 'SEP0000004200AA',
        devicePoolName: `DP-${site}-Phones`,
        ownerUserName: userid,
        lines: { line: { index: '1', dirn: { pattern: '4200', routePartitionName: 'PT-Internal' } } }
      })
      // No settings sent empty: an empty element would clear a field on Unified CM.
      const add = sent.filter((xml) => xml.includes('<axl:addPhone>')).at(-1) ?? ''
      expect(add).not.toMatch(/<(description|callingSearchSpaceName)><\//)

      const twoLines = await writer.updatePhone(
        'SEP0000004200AA',
        { description: 'Two lines' },
        { add: [{ index: 2, pattern: '4201', partition: 'PT-Internal' }] }
      )
      expect(twoLines.fields.description).toBe('Two lines')
      expect((twoLines.fields.lines as { line: unknown[] }).line).toHaveLength(2)

      const oneLine = await writer.updatePhone(
        'SEP0000004200AA',
        {},
        { remove: [{ index: 1, pattern: '4200', partition: 'PT-Internal' }] }
      )
      expect(oneLine.fields.lines).toEqual({
        line: { index: '2', dirn: { pattern: '4201', routePartitionName: 'PT-Internal' } }
      })
      // Only the fields sent changed.
      expect(oneLine.fields.description).toBe('Two lines')

      await writer.removePhone('SEP0000004200AA')
      expect((await failure(writer.getPhone('SEP0000004200AA'))).axlMessage).toBe(
        'Item not valid: The specified SEP0000004200AA was not found'
      )
    })
  })

  it("the lab replaces a phone's lines whole when updatePhone sends <lines>", async () => {
    await withWriter(async (writer) => {
      for (const pattern of ['4250', '4251', '4252'])
        await writer.addLine({ pattern, partition: 'PT-Internal' })
      await writer.addPhone(
        deskPhone('SEP0000004250AA', [
          { index: 1, pattern: '4250', partition: 'PT-Internal' },
          { index: 2, pattern: '4251', partition: 'PT-Internal' }
        ])
      )
    })
    const client = await AxlClient.connect({ target: target(), onRequest: (xml) => sent.push(xml) })
    try {
      await client.call('updatePhone', {
        name: 'SEP0000004250AA',
        lines: { line: { index: 1, dirn: { pattern: '4252', routePartitionName: 'PT-Internal' } } }
      })
    } finally {
      client.close()
    }
    const index = cluster.collection('Phone')?.indexOf('SEP0000004250AA') ?? -1
    const lines = cluster
      .appearances('Phone', index)
      .map((a) => cluster.collection('Line')?.at(a.lineIndex)?.fields.pattern)
    expect(lines).toEqual(['4252'])
  })

  it('merges associated devices into the complete list and sets primary extension and IM and Presence', async () => {
    await withWriter(async (writer) => {
      await writer.addLine({ pattern: '4300', partition: 'PT-Internal' })
      await writer.addPhone({
        ...deskPhone('SEP0000004300AA', [{ index: 1, pattern: '4300', partition: 'PT-Internal' }]),
        ownerUserName: undefined
      })
      const before = cluster.associatedDevices(3)
      expect(before.length).toBeGreaterThan(0)

      const user = await writer.updateUser(userid, {
        associatedDevices: { add: ['SEP0000004300AA'] },
        primaryExtension: { pattern: '4300', partition: 'PT-Internal' },
        homeCluster: true,
        imAndPresenceEnable: true,
        serviceProfile: 'SP-Desk'
      })
      expect(user.fields).toMatchObject({
        primaryExtension: { pattern: '4300', routePartitionName: 'PT-Internal' },
        homeCluster: 'true',
        imAndPresenceEnable: 'true',
        serviceProfile: 'SP-Desk'
      })
      // The server replaces the list whole: what was there is sent with the new device.
      const update = sent.filter((xml) => xml.includes('<axl:updateUser>')).at(-1) ?? ''
      for (const device of before) expect(update).toContain(`<device>${device}</device>`)
      expect(cluster.associatedDevices(3)).toEqual([...before, 'SEP0000004300AA'])

      await writer.updateUser(userid, { associatedDevices: { remove: [before[0]] } })
      expect(cluster.associatedDevices(3)).toEqual([...before.slice(1), 'SEP0000004300AA'])
    })
  })

  it('makes each change visible to list, SQL and listChange', async () => {
    const client = await AxlClient.connect({ target: target() })
    const start = (await client.changes()).queueInfo as { queueId: string; nextStartChangeId: string }
    await withWriter(async (writer) => {
      await writer.addLine({ pattern: '4400', partition: 'PT-Internal' })
      await writer.addPhone(
        deskPhone('SEP0000004400AA', [{ index: 1, pattern: '4400', partition: 'PT-Internal' }])
      )
      await writer.updateUser(userid, { associatedDevices: { add: ['SEP0000004400AA'] } })
    })
    const phones: string[] = []
    for await (const page of client.list(CUCM_USER_OBJECTS.find((s) => s.type === 'Phone')!))
      phones.push(...page.map((p) => String(p.fields.name)))
    expect(phones).toContain('SEP0000004400AA')

    const feed = await client.changes({ queueId: start.queueId, changeId: Number(start.nextStartChangeId) })
    const changes = (feed.changes as { change: { attributes: { type: string }; action: string }[] }).change
    expect(changes.map((c) => `${c.attributes.type} ${c.action}`)).toEqual(['Line a', 'Phone a', 'User u'])
    client.close()

    const appearances = await sqlRows(
      'SELECT {{page}} d.name AS device, n.dnorpattern AS pattern FROM device d JOIN devicenumplanmap dm ON dm.fkdevice = d.pkid JOIN numplan n ON dm.fknumplan = n.pkid'
    )
    expect(appearances).toContainEqual(
      expect.objectContaining({ device: 'SEP0000004400AA', pattern: '4400' })
    )
    const associations = await sqlRows(
      'SELECT {{page}} eu.userid AS userid, d.name AS device FROM enduser eu JOIN enduserdevicemap edm ON edm.fkenduser = eu.pkid JOIN device d ON edm.fkdevice = d.pkid'
    )
    expect(associations).toContainEqual({ userid, device: 'SEP0000004400AA' })
  })
})

describe('AXL write faults', () => {
  it('a duplicate line or phone is a -239 fault with the real text', async () => {
    await withWriter(async (writer) => {
      await writer.addLine({ pattern: '4500', partition: 'PT-Internal' })
      const duplicate = await failure(writer.addLine({ pattern: '4500', partition: 'PT-Internal' }))
      expect(duplicate).toMatchObject({
        failure: 'duplicate',
        axlcode: -239,
        operation: 'addLine',
        axlMessage: 'Could not insert new row - duplicate value in a UNIQUE INDEX column (Unique Index:).'
      })
      expect(duplicate.message).toContain('addLine 4500 in PT-Internal failed')
      const existing = cluster.phoneName(5)
      expect((await failure(writer.addPhone(deskPhone(existing, [])))).failure).toBe('duplicate')
    })
  })

  it('a reference to nothing is "Item not valid" (5007) and changes nothing', async () => {
    await withWriter(async (writer) => {
      const pool = await failure(
        writer.addPhone({ ...deskPhone('SEP0000004600AA', []), devicePoolName: 'DP-Nowhere' })
      )
      expect(pool).toMatchObject({ failure: 'not-valid', axlcode: 5007 })
      expect(pool.axlMessage).toMatch(/^Item not valid: .*DP-Nowhere/)
      expect(cluster.collection('Phone')?.indexOf('SEP0000004600AA')).toBeUndefined()

      const partition = await failure(writer.addLine({ pattern: '4600', partition: 'PT-Nowhere' }))
      expect(partition.failure).toBe('not-valid')
      const line = await failure(
        writer.addPhone(
          deskPhone('SEP0000004600AA', [{ index: 1, pattern: '4699', partition: 'PT-Internal' }])
        )
      )
      expect(line.axlMessage).toMatch(/^Item not valid: .*4699/)
      expect((await failure(writer.updateUser('nosuchuser', { homeCluster: true }))).failure).toBe(
        'not-valid'
      )
      const device = await failure(
        writer.updateUser(userid, { associatedDevices: { add: ['SEPNOSUCHPHONE'] } })
      )
      expect(device.axlMessage).toMatch(/SEPNOSUCHPHONE/)
      // Only a line on one of the user's devices can be the primary extension.
      await writer.addLine({ pattern: '4601', partition: 'PT-Internal' })
      const extension = await failure(
        writer.updateUser(userid, { primaryExtension: { pattern: '4601', partition: 'PT-Internal' } })
      )
      expect(extension.failure).toBe('not-valid')
      // Refused whole: the device named with an extension that is on none of them is not associated either.
      await writer.addPhone({
        ...deskPhone('SEP0000004601AA', [{ index: 1, pattern: '4601', partition: 'PT-Internal' }]),
        ownerUserName: undefined
      })
      await writer.addLine({ pattern: '4602', partition: 'PT-Internal' })
      const devicesBefore = cluster.associatedDevices(3)
      await failure(
        writer.updateUser(userid, {
          associatedDevices: { add: ['SEP0000004601AA'] },
          primaryExtension: { pattern: '4602', partition: 'PT-Internal' }
        })
      )
      expect(cluster.associatedDevices(3)).toEqual(devicesBefore)
      // With the device in the same request, the extension is on one of the user's devices.
      const moved = await writer.updateUser(userid, {
        associatedDevices: { add: ['SEP0000004601AA'] },
        primaryExtension: { pattern: '4601', partition: 'PT-Internal' }
      })
      expect(moved.fields.primaryExtension).toEqual({ pattern: '4601', routePartitionName: 'PT-Internal' })
    })
  })

  it('a read-only AXL account may read but its writes are refused (401)', async () => {
    faults.readOnlyAccount = true
    await withWriter(async (writer) => {
      expect((await writer.getUser(userid)).fields.userid).toBe(userid)
      const refused = await failure(writer.updateUser(userid, { homeCluster: true }))
      expect(refused.failure).toBe('not-permitted')
      expect(refused.message).toContain('HTTP 401')
    })
  })

  it('the write throttle answers 503 above its rate; the pacer learns the rate and the writes land', async () => {
    faults.writesPerSecond = 2
    let retries = 0
    const pacer = new WritePacer()
    await withWriter(
      async (writer) => {
        for (let i = 0; i < 5; i++) await writer.addLine({ pattern: `470${i}`, partition: 'PT-Internal' })
      },
      { retry: { attempts: 10, baseDelayMs: 100, maxDelayMs: 400 }, onRetry: () => retries++, pacer }
    )
    expect(retries).toBeGreaterThan(0)
    // Learned from the 503: two writes a second (one fewer, were a write to reach the lab early).
    expect(pacer.limit).toBeGreaterThanOrEqual(1)
    expect(pacer.limit).toBeLessThanOrEqual(2)
    for (let i = 0; i < 5; i++)
      expect(cluster.collection('Line')?.indexOf(`470${i}/PT-Internal`)).toBeDefined()
  })

  it('a throttle that does not let up ends in a typed throttled error', async () => {
    faults.writesPerSecond = 0
    await withWriter(async (writer) => {
      const throttled = await failure(writer.addLine({ pattern: '4800', partition: 'PT-Internal' }))
      expect(throttled.failure).toBe('throttled')
    })
  })

  it('fails the Nth write, which changes nothing', async () => {
    faults.failWriteIn = 2
    await withWriter(async (writer) => {
      await writer.addLine({ pattern: '4900', partition: 'PT-Internal' })
      const failed = await failure(writer.addLine({ pattern: '4901', partition: 'PT-Internal' }))
      expect(failed).toMatchObject({ failure: 'fault', axlcode: -1 })
      expect(cluster.collection('Line')?.indexOf('4901/PT-Internal')).toBeUndefined()
      await writer.addLine({ pattern: '4901', partition: 'PT-Internal' })
    })
  })

  it('a device without "Allow changes" is refused before any request reaches the server', async () => {
    const before = server.requests()
    const readOnly: WritableDevice = { name: 'Lab CUCM W', allow_changes: 0 }
    await expect(withWriter(() => Promise.resolve(), { device: readOnly })).rejects.toMatchObject({
      code: 'CHANGES_NOT_ALLOWED'
    })
    // Turned off while a writer is open: the next write is refused too.
    const device: WritableDevice = { ...allowed }
    await withWriter(
      async (writer) => {
        const opened = server.requests()
        device.allow_changes = 0
        const refused = writer.addLine({ pattern: '4950', partition: 'PT-Internal' })
        await expect(refused).rejects.toMatchObject({ code: 'CHANGES_NOT_ALLOWED' })
        await expect(refused).rejects.toThrow(/addLine 4950 in PT-Internal was refused/)
        expect(server.requests()).toBe(opened)
      },
      { device }
    )
    expect(server.requests()).toBe(before + 1) // the second writer's getCCMVersion only
  })
})

describe('lab start --faults for writes', () => {
  it('parses read-only, write-rate and fail-write, and refuses a zeroth write', () => {
    expect(parseFaults('read-only,write-rate=20,fail-write=3')).toEqual({
      readOnlyAccount: true,
      writesPerSecond: 20,
      failWriteIn: 3
    })
    expect(() => parseFaults('fail-write=0')).toThrow('--faults fail-write: counts writes from 1, got "0"')
    expect(() => parseFaults('read-only=yes')).toThrow('--faults read-only: takes no value, got "yes"')
  })
})

describe.skipIf(conformanceSkipReason !== '')(
  `AXL write envelopes against Cisco's 15.0 schema${conformanceSkipReason ? ` (skipped: ${conformanceSkipReason})` : ''}`,
  () => {
    it('every write and read-back envelope sent above validates', () => {
      const byOperation = new Map<string, string>()
      for (const xml of sent) byOperation.set(/<axl:(\w+)/.exec(xml)?.[1] ?? '?', xml)
      for (const operation of [
        'addLine',
        'updateLine',
        'removeLine',
        'addPhone',
        'updatePhone',
        'removePhone',
        'updateUser',
        'getLine',
        'getPhone',
        'getUser'
      ])
        expect(byOperation.has(operation), operation).toBe(true)
      // One envelope of each shape (its elements without their text): updatePhone with addLines and
      // with removeLines, getUser with and without returnedTags, …
      const shapes = new Map<string, string>()
      for (const xml of sent)
        if (/<axl:(add|update|remove|get)(Line|Phone|User)>/.test(xml))
          shapes.set(xml.replace(/>[^<]*</g, '><'), xml)
      const problems = envelopeProblems([...shapes.values()])
      expect(problems).toEqual([])
    }, 60_000)

    it('the check can fail: elements out of schema order', () => {
      const inOrder = requestEnvelope('addLine', '15.0', { line: { pattern: '4100', usage: 'Device' } })
      const reordered = requestEnvelope('addLine', '15.0', { line: { usage: 'Device', pattern: '4100' } })
      const problems = envelopeProblems([inOrder, reordered])
      expect(problems).toHaveLength(1)
      expect(problems[0]).toMatch(/^addLine: .*usage/)
    })
  }
)

describe('a write seen by the existing synchronization', () => {
  let lab: RunningLab
  let core: TestCore
  beforeAll(async () => {
    lab = await startLab({ users: 40, clusters: 1, seed: 31, faults: {} })
    core = testCore()
    const cucm = lab.servers.find((s) => s.product === 'cucm')!
    await addTrustedLabDevice(core, cucm)
  }, 60_000)
  afterAll(async () => {
    await core.dispose()
    await lab.stop()
  })

  /** A user synchronization of the device, awaited through its sync:finished event. */
  async function userSync(device: string): Promise<RunSummary> {
    let finish: (run: RunSummary) => void = () => undefined
    const finished = new Promise<RunSummary>((resolve) => (finish = resolve))
    let runId = -1
    const off = core.events.subscribe((event, payload) => {
      if (event === 'sync:finished' && (payload as RunSummary).id === runId) finish(payload as RunSummary)
    })
    try {
      runId = (await core.value('sync:start', { device, kind: 'user' })).runId
      return await finished
    } finally {
      off()
    }
  }

  it('a phone and line added and associated through AXL appear in the inventory after a user sync', async () => {
    const cucm = lab.servers.find((s) => s.product === 'cucm')!
    await core.value('devices:edit', { name: cucm.name, changes: { allowChanges: true } })
    const k = lab.clusters[0]
    const owner = k.userid(2)
    const writer = await AxlWriter.connect(core.store.devices.byName(cucm.name)!, {
      target: trustedLabTarget(core, cucm)
    })
    try {
      await writer.addLine({ pattern: '5100', partition: 'PT-Internal', description: 'Written line' })
      await writer.addPhone({
        name: 'SEP000000005100',
        product: 'Cisco 8845',
        class: 'Phone',
        protocol: 'SIP',
        devicePoolName: `DP-${k.sites[0].code}-Phones`,
        locationName: `LOC-${k.sites[0].code}`,
        phoneTemplateName: 'Standard 8845 SIP',
        description: 'Written phone',
        lines: [{ index: 1, pattern: '5100', partition: 'PT-Internal' }]
      })
      await writer.updateUser(owner, { associatedDevices: { add: ['SEP000000005100'] } })
    } finally {
      writer.close()
    }

    expect((await userSync(cucm.name)).status).toBe('succeeded')
    const find = async (type: string, search: string) =>
      (await core.value('inventory:list', { device: cucm.name, type, search })).items.map((i) => i.data)
    expect(await find('Phone', 'SEP000000005100')).toEqual([
      expect.objectContaining({ name: 'SEP000000005100', description: 'Written phone' })
    ])
    expect(await find('Line', '5100')).toContainEqual(
      expect.objectContaining({ description: 'Written line' })
    )
    expect(await find('LineAppearance', 'SEP000000005100')).toEqual([
      expect.objectContaining({ device: 'SEP000000005100', pattern: '5100', partition: 'PT-Internal' })
    ])
    expect(await find('UserDeviceAssociation', 'SEP000000005100')).toEqual([
      expect.objectContaining({ userid: owner, device: 'SEP000000005100' })
    ])
  }, 60_000)
})
