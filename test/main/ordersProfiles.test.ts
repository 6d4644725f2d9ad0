// Issue 20 item 2: orders for Extension Mobility profiles and logins, remote destination profiles and
// destinations, a user's profiles and names, and Unity Connection's LDAP import and voicemail PIN,
// against the lab. Each step is read back and brought into the inventory, rolls back to what was read
// before it, and its dry run is valid against Cisco's schema; the PIN is never stored or shown in clear.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { OrderInput } from '../../src-preload/contract'
import { AxlWriter } from '../../src-main/connectors/axl/writes'
import { CupiClient, CupiConnection } from '../../src-main/connectors/cupi/client'
import { startLab, type RunningLab } from '../../src-main/lab'
import { testCore, trustedLabTarget, type TestCore } from './helpers/core'
import { writableLabDevices } from './helpers/orderSteps'
import { conformanceSkipReason, envelopeProblems } from './helpers/xmllint'
import { faultsClearedEachTest } from './helpers/writeLab'

let lab: RunningLab
let core: TestCore
let dataDir: string
const faults = faultsClearedEachTest()
let device: string
let unity: string

beforeAll(async () => {
  lab = await startLab({ users: 40, clusters: 1, seed: 43, faults })
  core = testCore()
  dataDir = core.dataDir
  ;({ device, unity } = await writableLabDevices(core, lab))
}, 120_000)
afterAll(async () => {
  await core.dispose()
  await lab.stop()
})

const cluster = () => lab.clusters[0]

/** A read-back's text field ('' when absent). */
const textOf = (value: unknown): string => (typeof value === 'string' ? value : '')

/** The connection target of a lab server, trusted as the Core pinned it. */
const target = (product: 'cucm' | 'unity-connection') =>
  trustedLabTarget(
    core,
    lab.servers.find((s) => s.product === product)!
  )

/** A look at the lab's Unified CM itself, not through the inventory. */
async function onDevice<T>(look: (writer: AxlWriter) => Promise<T>): Promise<T> {
  const writer = await AxlWriter.connectPreview(core.store.devices.byName(device)!, {
    target: target('cucm')
  })
  try {
    return await look(writer)
  } finally {
    writer.close()
  }
}

const exists = (operation: string, element: string, args: Record<string, string>): Promise<boolean> =>
  onDevice(async (w) => (await w.find({ operation, element, args }, Object.values(args)[0])) !== undefined)

const inventory = async (on: string, type: string, search: string) =>
  (await core.value('inventory:list', { device: on, type, search })).items

/** A desk phone of the lab that allows Extension Mobility (not an analog port). */
function deskPhone(from: number): string {
  const k = cluster()
  for (let j = from; j < 40; j++) if (!k.isAnalog(j)) return k.phoneName(j)
  throw new Error('The lab has no desk phone')
}

/** A step that fails on the lab (no such line), to stop an order after the steps before it. */
const failing = () => ({ action: { type: 'remove-line' as const, device, line: { pattern: '99999' } } })

/** Every AXL envelope an order's dry run would send, checked against Cisco's schema. */
async function dryRunProblems(input: OrderInput): Promise<string[]> {
  const dry = await core.value('orders:dry-run', input)
  return envelopeProblems(
    dry.steps.flatMap((s) => s.requests).flatMap((r) => (r.protocol === 'axl' ? [r.envelope] : []))
  )
}

describe('orders for Extension Mobility', () => {
  it('adds a profile with its lines, gives it to a user, logs in with it; a roll back undoes it all', async (ctx) => {
    const k = cluster()
    const userid = k.userid(3)
    const phone = deskPhone(5)
    const profile = 'UDP-ZORDER01'
    const before = await onDevice((w) => w.getUser(userid))
    const line = (pattern: string) => ({ pattern, partition: 'PT-Internal' })
    const input: OrderInput = {
      title: 'Extension Mobility for a user',
      steps: [
        { action: { type: 'add-line', device, line: line('8100') } },
        { action: { type: 'add-line', device, line: line('8101') } },
        {
          action: {
            type: 'add-device-profile',
            device,
            profile: {
              name: profile,
              product: 'Cisco 8845',
              protocol: 'SIP',
              phoneTemplateName: 'Standard 8845 SIP',
              description: 'Order profile',
              lines: [{ index: 1, ...line('8100') }]
            }
          },
          dependsOn: [1]
        },
        {
          action: {
            type: 'update-device-profile',
            device,
            name: profile,
            changes: { description: 'Order profile, two lines' },
            addLines: [{ index: 2, ...line('8101'), label: 'Second' }]
          },
          dependsOn: [2, 3]
        },
        {
          action: {
            type: 'update-user',
            device,
            userid,
            changes: { phoneProfiles: { add: [profile] }, defaultProfile: profile, department: 'Mobility' }
          },
          dependsOn: [3]
        },
        {
          action: { type: 'device-login', device, name: phone, profileName: profile, userid },
          dependsOn: [5]
        }
      ]
    }
    const order = await core.value('orders:submit', input)
    expect(order.error ?? '').toBe('')
    expect(order.stepList.map((s) => s.state)).toEqual(['done', 'done', 'done', 'done', 'done', 'done'])
    // Read back from the device: the update's whole-list replace kept line 1 and added line 2.
    expect(order.stepList[3]?.answer).toMatchObject({
      name: profile,
      description: 'Order profile, two lines',
      lines: {
        line: [
          { index: '1', dirn: { pattern: '8100' } },
          { index: '2', label: 'Second', dirn: { pattern: '8101' } }
        ]
      }
    })
    expect(order.stepList[3]?.undo).toEqual({
      type: 'update-device-profile',
      device,
      name: profile,
      changes: { description: 'Order profile' },
      removeLines: [{ index: 2, ...line('8101'), label: 'Second' }]
    })
    expect(order.stepList[4]?.undo).toEqual({
      type: 'update-user',
      device,
      userid,
      changes: {
        phoneProfiles: { remove: [profile] },
        defaultProfile: textOf(before.fields.defaultProfile),
        department: textOf(before.fields.department)
      }
    })
    expect(order.stepList[5]?.undo).toEqual({ type: 'device-logout', device, name: phone })
    expect((await onDevice((w) => w.getPhone(phone))).fields.currentProfileName).toBe(profile)
    expect((await onDevice((w) => w.userDeviceLists(userid))).phoneProfiles).toContain(profile)

    const profiles = await inventory(device, 'DeviceProfile', profile)
    expect(profiles.map((p) => [p.name, p.data.description])).toEqual([[profile, 'Order profile, two lines']])
    expect((await inventory(device, 'User', userid))[0]?.data.department).toBe('Mobility')

    // Stopped after its steps (a cancel of a finished order is refused; a failed tail step stops it).
    core.store.db.prepare("UPDATE orders SET status = 'cancelled' WHERE id = ?").run(order.id)
    const undone = await core.value('orders:rollback', { id: order.id })
    expect(undone.error ?? '').toBe('')
    expect(undone.stepList.map((s) => s.state)).toEqual(Array<string>(6).fill('undone'))
    expect((await onDevice((w) => w.getPhone(phone))).fields.currentProfileName ?? '').toBe('')
    const user = await onDevice((w) => w.getUser(userid))
    expect(user.fields.department).toEqual(before.fields.department)
    expect(user.fields.defaultProfile).toEqual(before.fields.defaultProfile)
    expect((await onDevice((w) => w.userDeviceLists(userid))).phoneProfiles).not.toContain(profile)
    expect(await exists('getDeviceProfile', 'deviceProfile', { name: profile })).toBe(false)
    expect(await inventory(device, 'DeviceProfile', profile)).toEqual([])

    if (conformanceSkipReason) return ctx.skip(conformanceSkipReason)
    expect(await dryRunProblems(input)).toEqual([])
    const sent = order.stepList.map((s) => (s.request?.protocol === 'axl' ? s.request.envelope : ''))
    expect(envelopeProblems(sent)).toEqual([])
  }, 90_000)

  it("a logout's roll back logs the same profile in again; a removed profile comes back with its lines", async () => {
    const k = cluster()
    const phone = deskPhone(7)
    const profile = `UDP-${k.userid(16)}`
    const was = await onDevice((w) => w.getDeviceProfile(profile))
    const login = await core.value('orders:submit', {
      title: 'Log in',
      steps: [
        { action: { type: 'device-login', device, name: phone, profileName: profile, userid: k.userid(16) } }
      ]
    })
    expect(login.status).toBe('done')

    const order = await core.value('orders:submit', {
      title: 'Log out and remove the profile',
      steps: [
        { action: { type: 'device-logout', device, name: phone } },
        { action: { type: 'remove-device-profile', device, name: profile }, dependsOn: [1] },
        failing()
      ]
    })
    expect(order.stepList.map((s) => s.state)).toEqual(['done', 'done', 'failed'])
    expect(order.stepList[0]?.undo).toEqual({
      type: 'device-login',
      device,
      name: phone,
      profileName: profile,
      userid: k.userid(16)
    })
    expect(order.stepList[1]?.undoLimit).toMatch(/subscribed services/)
    expect(await inventory(device, 'DeviceProfile', profile)).toEqual([])

    const undone = await core.value('orders:rollback', { id: order.id })
    expect(undone.status).toBe('rolled-back')
    const back = await onDevice((w) => w.getDeviceProfile(profile))
    expect(back.fields).toMatchObject({
      description: was.fields.description,
      product: was.fields.product,
      lines: was.fields.lines
    })
    expect((await onDevice((w) => w.getPhone(phone))).fields.currentProfileName).toBe(profile)
    expect((await inventory(device, 'DeviceProfile', profile)).map((p) => p.name)).toEqual([profile])
  }, 90_000)
  it('after a crash during a login, Retry reads the phone: a login that landed is not sent again', async () => {
    const k = cluster()
    const phone = deskPhone(11)
    const profile = `UDP-${k.userid(24)}`
    const login = {
      title: 'Log in, then crash',
      steps: [
        {
          action: {
            type: 'device-login' as const,
            device,
            name: phone,
            profileName: profile,
            userid: k.userid(24)
          }
        }
      ]
    }
    const order = await core.value('orders:submit', login)
    expect(order.status).toBe('done')
    // As a crash after sending the login would have left the record; a second login would be refused.
    core.store.db.prepare("UPDATE orders SET status = 'running' WHERE id = ?").run(order.id)
    core.store.db.prepare("UPDATE order_steps SET state = 'running' WHERE order_id = ?").run(order.id)
    await core.close()
    core = testCore(dataDir)
    expect((await core.value('orders:get', { id: order.id })).status).toBe('interrupted')
    const retried = await core.value('orders:retry', { id: order.id })
    expect(retried.error ?? '').toBe('')
    expect(retried.stepList.map((s) => s.state)).toEqual(['done'])
    const log = await core.value('logs:entries', { runId: retried.lastRunId!, code: 'ORDER_STEP_RECONCILED' })
    expect(log.entries.map((e) => e.message)).toEqual([expect.stringMatching(/had landed/)])
    expect((await onDevice((w) => w.getPhone(phone))).fields.currentProfileName).toBe(profile)

    // Rolled back from there: the logout reads the phone as well.
    core.store.db.prepare("UPDATE orders SET status = 'cancelled' WHERE id = ?").run(order.id)
    expect((await core.value('orders:rollback', { id: order.id })).status).toBe('rolled-back')
    expect(textOf((await onDevice((w) => w.getPhone(phone))).fields.currentProfileName)).toBe('')
  }, 90_000)

  it('validates the new steps at the boundary, naming the field and the rule (never repeating a PIN)', async () => {
    const problems = async (action: Record<string, unknown>): Promise<string> => {
      const result = await core.dispatch(
        'orders:dry-run',
        { title: 't', steps: [{ action }] },
        { origin: 'test' }
      )
      expect(result.ok).toBe(false)
      return result.ok ? '' : `${result.error.code} ${result.error.message}`
    }
    expect(
      await problems({
        type: 'add-remote-destination',
        device,
        destination: {
          destination: '+16505550199',
          ownerUserId: 'x',
          remoteDestinationProfileName: 'RDP-A',
          dualModeDeviceName: 'BOTJABBER'
        }
      })
    ).toMatch(
      /remoteDestinationProfileName.*exactly one of remoteDestinationProfileName and dualModeDeviceName/
    )
    expect(
      await problems({
        type: 'update-remote-destination',
        device,
        destination: '555-0100',
        changes: { name: 'x' }
      })
    ).toMatch(/destination.*must be digits, optionally after a \+/)
    expect(await problems({ type: 'update-user', device, userid: 'u', changes: {} })).toMatch(
      /must change at least one field/
    )
    const pin = await problems({ type: 'set-voicemail-pin', device: unity, alias: 'a', pinSecret: '12ab34' })
    expect(pin).toMatch(/pinSecret.*must be 1 to 64 digits/)
    expect(pin).not.toContain('12ab34')
    expect(
      await problems({
        type: 'device-login',
        device,
        name: 'SEP1',
        profileName: 'p',
        userid: 'u',
        loginDuration: -1
      })
    ).toMatch(/loginDuration.*must be 0 or more/)
  })
})

describe('orders for Single Number Reach', () => {
  it('adds and changes a remote destination profile and destinations; a roll back restores the ones changed and removed', async (ctx) => {
    const k = cluster()
    const owner = k.userid(3)
    const existing = '+16502000000'
    const removed = '+16502000001'
    const wasRemoved = await onDevice((w) => w.getRemoteDestination(removed))
    const input: OrderInput = {
      title: 'Single number reach',
      steps: [
        { action: { type: 'add-line', device, line: { pattern: '8200', partition: 'PT-Internal' } } },
        {
          action: {
            type: 'add-remote-destination-profile',
            device,
            profile: { name: 'RDP-ZORDER01', devicePoolName: `DP-${k.sites[0].code}-Phones`, userId: owner }
          }
        },
        {
          action: {
            type: 'update-remote-destination-profile',
            device,
            name: 'RDP-ZORDER01',
            changes: { description: 'Mobile of the order' },
            addLines: [{ index: 1, pattern: '8200', partition: 'PT-Internal' }]
          },
          dependsOn: [1, 2]
        },
        {
          action: {
            type: 'add-remote-destination',
            device,
            destination: {
              destination: '+16505550100',
              name: 'RD-ZORDER01',
              ownerUserId: owner,
              remoteDestinationProfileName: 'RDP-ZORDER01'
            }
          },
          dependsOn: [2]
        },
        {
          action: {
            type: 'update-remote-destination',
            device,
            destination: '+16505550100',
            changes: { newDestination: '+16505550101', answerTooLateTimer: 20000 }
          },
          dependsOn: [4]
        },
        {
          action: {
            type: 'update-remote-destination',
            device,
            destination: existing,
            changes: { enableMobileConnect: false, delayBeforeRingingCell: 6000 }
          }
        },
        { action: { type: 'remove-remote-destination', device, destination: removed } },
        failing()
      ]
    }
    const order = await core.value('orders:submit', input)
    expect(order.stepList.map((s) => s.state)).toEqual([...Array<string>(7).fill('done'), 'failed'])
    expect(order.stepList[2]?.answer).toMatchObject({
      description: 'Mobile of the order',
      lines: { line: { index: '1', dirn: { pattern: '8200' } } }
    })
    expect(order.stepList[4]?.answer).toMatchObject({
      destination: '+16505550101',
      answerTooLateTimer: '20000'
    })
    expect(order.stepList[4]?.undo).toEqual({
      type: 'update-remote-destination',
      device,
      destination: '+16505550101',
      changes: { answerTooLateTimer: 19000, newDestination: '+16505550100' }
    })
    expect(order.stepList[5]?.undo).toEqual({
      type: 'update-remote-destination',
      device,
      destination: existing,
      changes: { enableMobileConnect: true, delayBeforeRingingCell: 4000 }
    })
    // The destination's owner is the user of its profile, which is read when the answer leaves it out.
    expect(order.stepList[6]?.undo).toMatchObject({
      type: 'add-remote-destination',
      destination: {
        destination: removed,
        ownerUserId: k.userid(20),
        remoteDestinationProfileName: `RDP-${k.userid(20)}`,
        name: wasRemoved.fields.name
      }
    })
    expect((await inventory(device, 'RemoteDestinationProfile', 'RDP-ZORDER01')).map((p) => p.name)).toEqual([
      'RDP-ZORDER01'
    ])
    expect(
      (await inventory(device, 'RemoteDestination', 'RD-ZORDER01')).map((d) => d.data.destination)
    ).toEqual(['+16505550101'])
    expect(await inventory(device, 'RemoteDestination', String(wasRemoved.fields.name))).toEqual([])

    const undone = await core.value('orders:rollback', { id: order.id })
    expect(undone.error ?? '').toBe('')
    expect(undone.status).toBe('rolled-back')
    const rd = (destination: string) => exists('getRemoteDestination', 'remoteDestination', { destination })
    expect(await rd('+16505550101')).toBe(false)
    expect(await rd('+16505550100')).toBe(false)
    expect(
      await exists('getRemoteDestinationProfile', 'remoteDestinationProfile', { name: 'RDP-ZORDER01' })
    ).toBe(false)
    expect((await onDevice((w) => w.getRemoteDestination(existing))).fields).toMatchObject({
      enableMobileConnect: 'true',
      delayBeforeRingingCell: '4000'
    })
    expect((await onDevice((w) => w.getRemoteDestination(removed))).fields).toMatchObject({
      name: wasRemoved.fields.name,
      remoteDestinationProfileName: wasRemoved.fields.remoteDestinationProfileName
    })
    expect(await inventory(device, 'RemoteDestinationProfile', 'RDP-ZORDER01')).toEqual([])
    expect((await inventory(device, 'RemoteDestination', String(wasRemoved.fields.name))).length).toBe(1)

    if (conformanceSkipReason) return ctx.skip(conformanceSkipReason)
    expect(await dryRunProblems(input)).toEqual([])
    const sent = order.stepList.flatMap((s) => (s.request?.protocol === 'axl' ? [s.request.envelope] : []))
    expect(envelopeProblems(sent)).toEqual([])
  }, 90_000)
})

/** Every file of the data directory (the database, its WAL, the audit trail), as text. */
function dataFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? dataFiles(path) : [readFileSync(path).toString('latin1')]
  })
}

/** Every row of every table of the store, as JSON. */
function allRows(): string {
  const tables = core.store.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as {
    name: string
  }[]
  return tables
    .map((t) => JSON.stringify(core.store.db.prepare(`SELECT * FROM "${t.name}"`).all()))
    .join('\n')
}

describe('orders for voicemail', () => {
  it('imports a mailbox from LDAP and sets its PIN, which is never stored, shown or logged in clear', async () => {
    const pin = '864213'
    const cupi = new CupiClient({ target: target('unity-connection') })
    const importable: Record<string, string>[] = []
    try {
      for await (const page of cupi.list('import/users/ldap', 'ImportUser', 25)) importable.push(...page)
    } finally {
      cupi.close()
    }
    const candidate = importable[0]
    const input: OrderInput = {
      title: 'Voicemail for a directory user',
      steps: [
        {
          action: {
            type: 'import-mailbox',
            device: unity,
            template: 'voicemailusertemplate',
            mailbox: { alias: candidate.alias, extension: '8300', pkid: candidate.pkid }
          }
        },
        {
          action: { type: 'set-voicemail-pin', device: unity, alias: candidate.alias, pinSecret: pin },
          dependsOn: [1]
        },
        failing()
      ]
    }
    const dry = await core.value('orders:dry-run', input)
    expect(dry.steps[0]?.requests[0]).toEqual({
      protocol: 'cupi',
      device: unity,
      method: 'POST',
      path: '/vmrest/import/users/ldap?templateAlias=voicemailusertemplate',
      body: { alias: candidate.alias, dtmfAccessId: '8300', pkid: candidate.pkid }
    })
    // The mailbox does not exist before the order makes it: its ObjectId is not known yet.
    expect(dry.steps[1]?.requests[0]).toEqual({
      protocol: 'cupi',
      device: unity,
      method: 'PUT',
      path: `/vmrest/users/{ObjectId of ${candidate.alias}}/credential/pin`,
      body: { Credentials: '********' }
    })
    expect(JSON.stringify(dry)).not.toContain(pin)

    const order = await core.value('orders:submit', input)
    expect(order.stepList.map((s) => s.state)).toEqual(['done', 'done', 'failed'])
    expect(order.stepList[0]?.answer).toMatchObject({ Alias: candidate.alias, DtmfAccessId: '8300' })
    expect(order.stepList[0]?.undo).toEqual({ type: 'delete-mailbox', device: unity, alias: candidate.alias })
    expect(order.stepList[1]?.action).toMatchObject({ pinSecret: '********' })
    expect(order.stepList[1]?.undo).toBeUndefined()
    expect(order.stepList[1]?.undoLimit).toMatch(/PIN cannot be undone/)
    const objectId = String((order.stepList[0]?.answer as Record<string, unknown>).ObjectId)
    const connection = new CupiConnection(
      { target: target('unity-connection') },
      { connections: 1, runName: 'test' }
    )
    try {
      const settings = await connection.exchange({ method: 'GET', path: `/users/${objectId}/credential/pin` })
      expect(JSON.parse(settings.body)).toMatchObject({ TimeChanged: expect.stringMatching(/\d/) as unknown })
    } finally {
      connection.close()
    }
    const mailboxes = await inventory(unity, 'UnityUser', candidate.alias)
    expect(mailboxes.map((m) => m.name)).toEqual([candidate.alias])

    // A restart: the sealed PIN is opened again for a Retry (the step is sent again, the same PIN).
    core.store.db
      .prepare("UPDATE order_steps SET state = 'pending' WHERE order_id = ? AND seq = 2")
      .run(order.id)
    await core.close()
    core = testCore(dataDir)
    const retried = await core.dispatch('orders:retry', { id: order.id }, { origin: 'test' })
    expect(retried).toMatchObject({ ok: true, value: { status: 'failed' } })
    const after = await core.value('orders:get', { id: order.id })
    expect(after.stepList.map((s) => s.state)).toEqual(['done', 'done', 'failed'])

    const undone = await core.value('orders:rollback', { id: order.id })
    expect(undone.stepList.map((s) => s.state)).toEqual(['undone', 'undone', 'failed'])
    expect(await inventory(unity, 'UnityUser', candidate.alias)).toEqual([])

    // Nowhere in clear: not in the order's rows, the run logs, the audit trail or any file of the store.
    const sealed = core.store.db
      .prepare('SELECT action FROM order_steps WHERE order_id = ? AND seq = 2')
      .get(order.id) as { action: string }
    const stored = JSON.parse(sealed.action) as { type: string; pinSecret: string }
    expect(stored.type).toBe('set-voicemail-pin')
    expect(stored.pinSecret).not.toBe(pin)
    expect(allRows()).not.toContain(pin)
    const audit = await core.value('audit:list', { action: 'orders:submit' })
    expect(audit.entries.length).toBeGreaterThan(0)
    expect(JSON.stringify(audit)).not.toContain(pin)
    for (const file of dataFiles(dataDir)) expect(file.includes(pin)).toBe(false)
  }, 90_000)
})
