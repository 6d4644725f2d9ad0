// Issue 20: the AXL writes of users, Extension Mobility and Single Number Reach, phones of every class,
// and the actions on devices (apply, reset, restart, EM login and logout), against the lab, which
// answers them as Unified CM does; every envelope the new builders produce validates against Cisco's schema.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AxlClient } from '../../src-main/connectors/axl/client'
import type { SoapArgument } from '../../src-main/connectors/axl/soap'
import {
  AxlWriteError,
  AxlWriter,
  addDeviceProfileRequest,
  addPhoneRequest,
  addRemoteDestinationProfileRequest,
  addRemoteDestinationRequest,
  addUserRequest,
  applyLineRequest,
  applyPhoneRequest,
  axlWriteEnvelope,
  doDeviceLoginRequest,
  doDeviceLogoutRequest,
  removeDeviceProfileRequest,
  removeRemoteDestinationProfileRequest,
  removeRemoteDestinationRequest,
  removeUserRequest,
  resetPhoneRequest,
  restartPhoneRequest,
  updateDeviceProfileRequest,
  updateLineRequest,
  updatePhoneRequest,
  updateRemoteDestinationProfileRequest,
  updateRemoteDestinationRequest,
  updateUserRequest,
  type AxlWriteRequest,
  type NewPhone,
  type NewUser,
  type ReadBack,
  type WritableDevice
} from '../../src-main/connectors/axl/writes'
import type { HttpsTarget } from '../../src-main/connectors/common/http'
import { startAxlServer, type RunningAxlServer } from '../../src-main/lab/axl/server'
import { labCertificate, type ServerCertificate } from '../../src-main/lab/certificate'
import { LabCluster } from '../../src-main/lab/cluster'
import { text } from '../../src-main/lab/model'
import { parseFaults } from '../../src-main/lab/faults'
import { conformanceSkipReason, envelopeProblems } from './helpers/xmllint'
import { QUICK_RETRY, faultsClearedEachTest, pinnedTarget, withOpen } from './helpers/writeLab'

let certificate: ServerCertificate
let server: RunningAxlServer
const faults = faultsClearedEachTest()
const cluster = new LabCluster({ name: 'P', seed: 11, users: 40 })
const site = cluster.sites[0].code
/** Every envelope sent, for the schema check at the end. */
const sent: string[] = []
const allowed: WritableDevice = { name: 'Lab CUCM P', allow_changes: 1 }
const XSI = 'http://www.w3.org/2001/XMLSchema-instance'
const nil: SoapArgument = { attributes: { 'xmlns:xsi': XSI, 'xsi:nil': 'true' }, $value: '' }

beforeAll(async () => {
  certificate = await labCertificate('cucm.example.test')
  server = await startAxlServer({
    cluster,
    versions: ['15.0'],
    username: 'axl',
    password: 'pw',
    ...certificate,
    faults
  })
})
afterAll(() => server.close())

const target = (): HttpsTarget => pinnedTarget(server.port, certificate, { username: 'axl', password: 'pw' })

function withWriter<T>(run: (writer: AxlWriter) => Promise<T>): Promise<T> {
  return withOpen(
    AxlWriter.connect(allowed, { target: target(), onRequest: (xml) => sent.push(xml), retry: QUICK_RETRY }),
    run
  )
}

/** One request sent as given (what a careless client would send), through the plain client. */
async function raw(operation: string, args: Record<string, SoapArgument>): Promise<unknown> {
  const client = await AxlClient.connect({ target: target() })
  try {
    return await client.write(operation, args)
  } finally {
    client.close()
  }
}

/** The typed error a write rejects with. */
async function failure(write: Promise<unknown>): Promise<AxlWriteError> {
  const error = await write.then(
    () => undefined,
    (e: unknown) => e
  )
  expect(error).toBeInstanceOf(AxlWriteError)
  return error as AxlWriteError
}

/** The object a write read back (adds, updates and actions always read one). */
async function applied(writer: AxlWriter, request: AxlWriteRequest): Promise<ReadBack> {
  const read = await writer.apply(request)
  if (!read) throw new Error(`${request.operation} read nothing back`)
  return read
}

const sentOf = (operation: string, text: string): string[] =>
  sent.filter((xml) => xml.includes(`<axl:${operation}>`) && xml.includes(text))

function phone(name: string, extra: Partial<NewPhone> = {}): NewPhone {
  return {
    name,
    product: 'Cisco 8845',
    class: 'Phone',
    protocol: 'SIP',
    devicePoolName: `DP-${site}-Phones`,
    locationName: `LOC-${site}`,
    securityProfileName: 'Cisco 8845 - Standard SIP Non-Secure Profile',
    sipProfileName: 'Standard SIP Profile',
    phoneTemplateName: 'Standard 8845 SIP',
    lines: [],
    ...extra
  }
}

/** A generated desk phone that allows Extension Mobility. */
function emPhone(): string {
  for (let j = 0; j < cluster.users; j++) {
    const candidate = cluster.collection('Phone')?.at(j)
    if (candidate?.fields.enableExtensionMobility === 'true') return text(candidate.fields.name)
  }
  throw new Error('no EM-enabled phone in the lab')
}

const newHire: NewUser = {
  userid: 'znewhire',
  firstName: 'Zoë',
  lastName: 'Newhire',
  mailid: 'znewhire@example.test',
  department: 'Finance',
  telephoneNumber: '+41445550100',
  homeCluster: true,
  imAndPresenceEnable: true,
  serviceProfile: 'SP-Jabber'
}

describe('AXL user writes', () => {
  it('adds a user with devices, primary extension and EM profile, reads it back, lists it and removes it', async () => {
    await withWriter(async (writer) => {
      await writer.addLine({ pattern: '6100', partition: 'PT-Internal' })
      await writer.addPhone(
        phone('SEP000000006100', { lines: [{ index: 1, pattern: '6100', partition: 'PT-Internal' }] })
      )
      await writer.apply(
        addDeviceProfileRequest({
          name: 'UDP-znewhire',
          product: 'Cisco 8845',
          protocol: 'SIP',
          phoneTemplateName: 'Standard 8845 SIP',
          lines: [{ index: 1, pattern: '6100', partition: 'PT-Internal' }]
        })
      )
      const user = await applied(
        writer,
        addUserRequest({
          ...newHire,
          associatedDevices: ['SEP000000006100'],
          primaryExtension: { pattern: '6100', partition: 'PT-Internal' },
          phoneProfiles: ['UDP-znewhire'],
          defaultProfile: 'UDP-znewhire'
        })
      )
      expect(user.uuid).toMatch(/^\{[0-9A-F-]{36}\}$/)
      expect(user.fields).toMatchObject({
        firstName: 'Zoë',
        lastName: 'Newhire',
        userid: 'znewhire',
        mailid: 'znewhire@example.test',
        department: 'Finance',
        telephoneNumber: '+41445550100',
        presenceGroupName: 'Standard Presence group',
        homeCluster: 'true',
        imAndPresenceEnable: 'true',
        serviceProfile: 'SP-Jabber',
        primaryExtension: { pattern: '6100', routePartitionName: 'PT-Internal' },
        associatedDevices: { device: 'SEP000000006100' },
        phoneProfiles: { profileName: 'UDP-znewhire' },
        defaultProfile: 'UDP-znewhire'
      })
      // customerName is never sent: a nil one fails on non-hosted clusters.
      expect(sentOf('addUser', 'znewhire')[0]).not.toContain('customerName')

      const listed = await AxlClient.connect({ target: target() })
      try {
        const found = await listed.call('listUser', {
          searchCriteria: { userid: 'znewhire' },
          returnedTags: { userid: '', lastName: '' }
        })
        expect(found.user).toMatchObject({ userid: 'znewhire', lastName: 'Newhire' })
      } finally {
        listed.close()
      }

      expect(await writer.apply(removeUserRequest('znewhire'))).toBeUndefined()
      expect((await failure(writer.getUser('znewhire'))).failure).toBe('not-valid')
    })
  })

  it('refuses a duplicate user (-239), a missing reference (5007) and a nil customerName', async () => {
    await withWriter(async (writer) => {
      const existing = cluster.userid(5)
      const duplicate = await failure(writer.apply(addUserRequest({ userid: existing, lastName: 'Again' })))
      expect(duplicate).toMatchObject({
        failure: 'duplicate',
        axlcode: -239,
        axlMessage: 'Could not insert new row - duplicate value in a UNIQUE INDEX column (Unique Index:).'
      })
      const group = await failure(
        writer.apply(addUserRequest({ userid: 'nogroup', lastName: 'X', presenceGroupName: 'PG-Nowhere' }))
      )
      expect(group).toMatchObject({ failure: 'not-valid', axlcode: 5007 })
      expect(group.axlMessage).toMatch(/^Item not valid: .*PG-Nowhere/)
      const profile = await failure(
        writer.apply(addUserRequest({ userid: 'noprofile', lastName: 'X', phoneProfiles: ['UDP-Nowhere'] }))
      )
      expect(profile.axlMessage).toMatch(/UDP-Nowhere/)
      // Refused whole: nothing of a refused add is left behind.
      expect(cluster.collection('User')?.indexOf('noprofile')).toBeUndefined()
    })
    const refused = await raw('addUser', {
      user: { lastName: 'Hosted', userid: 'hosted', customerName: nil }
    }).then(
      () => undefined,
      (e: unknown) => e
    )
    expect(refused).toMatchObject({ kind: 'fault' })
    expect((refused as Error).message).toMatch(/customerName/)
    expect(cluster.collection('User')?.indexOf('hosted')).toBeUndefined()
  })

  it('changes name fields and merges EM profiles into the complete list, keeping the others', async () => {
    const index = 8
    const userid = cluster.userid(index)
    const original = cluster.phoneProfiles(index)
    expect(original).toEqual([`UDP-${userid}`])
    await withWriter(async (writer) => {
      await writer.apply(
        addDeviceProfileRequest({
          name: 'UDP-shared-desk',
          product: 'Cisco 7841',
          protocol: 'SIP',
          phoneTemplateName: 'Standard 8845 SIP',
          lines: []
        })
      )
      const renamed = await applied(
        writer,
        await writer.prepareUpdateUser(userid, {
          firstName: 'Renée',
          lastName: 'Renamed',
          mailid: 'renee@example.test',
          department: 'Legal',
          phoneProfiles: { add: ['UDP-shared-desk'] },
          defaultProfile: 'UDP-shared-desk'
        })
      )
      expect(renamed.fields).toMatchObject({
        firstName: 'Renée',
        lastName: 'Renamed',
        mailid: 'renee@example.test',
        department: 'Legal',
        defaultProfile: 'UDP-shared-desk',
        phoneProfiles: { profileName: [`UDP-${userid}`, 'UDP-shared-desk'] }
      })
      // The whole list was sent: the profile already there with the one added.
      const update = sentOf('updateUser', userid).at(-1) ?? ''
      expect(update).toContain(
        `<profileName>UDP-${userid}</profileName><profileName>UDP-shared-desk</profileName>`
      )

      await writer.apply(
        await writer.prepareUpdateUser(userid, { phoneProfiles: { remove: [`UDP-${userid}`] } })
      )
      expect(cluster.phoneProfiles(index)).toEqual(['UDP-shared-desk'])
      // Removing the last one sends an empty list, which clears it.
      await writer.apply(
        await writer.prepareUpdateUser(userid, { phoneProfiles: { remove: ['UDP-shared-desk'] } })
      )
      expect(cluster.phoneProfiles(index)).toEqual([])

      const missing = await failure(
        writer.apply(await writer.prepareUpdateUser(userid, { phoneProfiles: { add: ['UDP-Nowhere'] } }))
      )
      expect(missing.failure).toBe('not-valid')
      expect(cluster.phoneProfiles(index)).toEqual([])
    })
  })

  it('merges pure: the builder keeps the current items, ignores case and adds no duplicate', () => {
    const request = updateUserRequest(
      'u1',
      {
        associatedDevices: { add: ['sepaaa', 'SEPCCC'], remove: ['SEPBBB'] },
        phoneProfiles: { add: ['UDP-2'] }
      },
      ['SEPAAA', 'SEPBBB'],
      ['UDP-1']
    )
    expect(request.args).toEqual({
      userid: 'u1',
      associatedDevices: { device: ['SEPAAA', 'SEPCCC'] },
      phoneProfiles: { profileName: ['UDP-1', 'UDP-2'] }
    })
  })
})

describe('AXL Extension Mobility and Single Number Reach writes', () => {
  it('adds a device profile with lines, changes its lines keeping the others, and removes it', async () => {
    await withWriter(async (writer) => {
      for (const pattern of ['6200', '6201', '6202'])
        await writer.addLine({ pattern, partition: 'PT-Internal' })
      const added = await applied(
        writer,
        addDeviceProfileRequest({
          name: 'UDP-6200',
          description: 'Hot desk',
          product: 'Cisco 8845',
          protocol: 'SIP',
          phoneTemplateName: 'Standard 8845 SIP',
          userLocale: 'English United States',
          lines: [{ index: 1, pattern: '6200', partition: 'PT-Internal', label: 'Main' }]
        })
      )
      expect(added.fields).toMatchObject({
        name: 'UDP-6200',
        class: 'Device Profile',
        product: 'Cisco 8845',
        lines: { line: { index: '1', dirn: { pattern: '6200', routePartitionName: 'PT-Internal' } } }
      })

      const two = await applied(
        writer,
        await writer.prepareUpdateDeviceProfile(
          'UDP-6200',
          { description: 'Two lines' },
          { add: [{ index: 2, pattern: '6201', partition: 'PT-Internal' }] }
        )
      )
      expect(two.fields.description).toBe('Two lines')
      expect((two.fields.lines as { line: unknown[] }).line).toHaveLength(2)
      // The profile's whole list is sent (updateDeviceProfile has no addLines), the first line with its label.
      const update = sentOf('updateDeviceProfile', 'UDP-6200').at(-1) ?? ''
      expect(update).toContain('<label>Main</label>')
      expect(update).not.toContain('addLines')

      const swapped = await applied(
        writer,
        await writer.prepareUpdateDeviceProfile(
          'UDP-6200',
          {},
          {
            remove: [{ index: 1, pattern: '6200', partition: 'PT-Internal' }],
            add: [{ index: 1, pattern: '6202', partition: 'PT-Internal' }]
          }
        )
      )
      expect(swapped.fields.lines).toEqual({
        line: [
          { index: '1', dirn: { pattern: '6202', routePartitionName: 'PT-Internal' } },
          { index: '2', dirn: { pattern: '6201', routePartitionName: 'PT-Internal' } }
        ]
      })
      // Seen by the line-appearance SQL the synchronization reads.
      const client = await AxlClient.connect({ target: target() })
      try {
        const rows: Record<string, string>[] = []
        for await (const page of client.sql(
          'SELECT {{page}} d.name AS device, n.dnorpattern AS pattern FROM device d JOIN devicenumplanmap dm ON dm.fkdevice = d.pkid JOIN numplan n ON dm.fknumplan = n.pkid'
        ))
          rows.push(...page)
        expect(rows.filter((r) => r.device === 'UDP-6200').map((r) => r.pattern)).toEqual(['6202', '6201'])
      } finally {
        client.close()
      }

      // The schema has no empty <lines>: the last line cannot be removed by an update.
      await expect(
        writer.prepareUpdateDeviceProfile(
          'UDP-6200',
          {},
          {
            remove: [
              { index: 1, pattern: '6202', partition: 'PT-Internal' },
              { index: 2, pattern: '6201', partition: 'PT-Internal' }
            ]
          }
        )
      ).rejects.toThrow(/UDP-6200: removing its last line is not possible/)

      expect(
        (
          await failure(
            writer.apply(
              addDeviceProfileRequest({
                name: 'UDP-6200',
                product: 'Cisco 8845',
                protocol: 'SIP',
                phoneTemplateName: 'Standard 8845 SIP',
                lines: []
              })
            )
          )
        ).failure
      ).toBe('duplicate')
      const template = await failure(
        writer.apply(
          addDeviceProfileRequest({
            name: 'UDP-6299',
            product: 'Cisco 8845',
            protocol: 'SIP',
            phoneTemplateName: 'No Such Template',
            lines: []
          })
        )
      )
      expect(template.axlMessage).toMatch(/^Item not valid: .*No Such Template/)

      expect(await writer.apply(removeDeviceProfileRequest('UDP-6200'))).toBeUndefined()
      expect(cluster.collection('DeviceProfile')?.indexOf('UDP-6200')).toBeUndefined()
    })
  })

  it('adds, updates and removes a remote destination profile and its destination, known by number', async () => {
    const owner = cluster.userid(4)
    await withWriter(async (writer) => {
      await writer.addLine({ pattern: '6300', partition: 'PT-Internal' })
      await writer.addLine({ pattern: '6301', partition: 'PT-Internal' })
      const rdp = await applied(
        writer,
        addRemoteDestinationProfileRequest({
          name: 'RDP-6300',
          devicePoolName: `DP-${site}-Phones`,
          userId: owner,
          lines: [{ index: 1, pattern: '6300', partition: 'PT-Internal' }]
        })
      )
      expect(rdp.fields).toMatchObject({
        name: 'RDP-6300',
        product: 'Remote Destination Profile',
        class: 'Remote Destination Profile',
        protocol: 'Remote Destination',
        userId: owner
      })
      const moved = await applied(
        writer,
        await writer.prepareUpdateRemoteDestinationProfile(
          'RDP-6300',
          { description: 'Mobile', rerouteCallingSearchSpaceName: `CSS-${site}-National` },
          { add: [{ index: 2, pattern: '6301', partition: 'PT-Internal' }] }
        )
      )
      expect(moved.fields).toMatchObject({
        description: 'Mobile',
        rerouteCallingSearchSpaceName: `CSS-${site}-National`
      })
      expect((moved.fields.lines as { line: unknown[] }).line).toHaveLength(2)

      const mobile = await applied(
        writer,
        addRemoteDestinationRequest({
          destination: '+41795550100',
          name: 'Mobile of owner',
          ownerUserId: owner,
          remoteDestinationProfileName: 'RDP-6300',
          isMobilePhone: true
        })
      )
      expect(mobile.fields).toMatchObject({
        destination: '+41795550100',
        ownerUserId: owner,
        remoteDestinationProfileName: 'RDP-6300',
        answerTooSoonTimer: '1500',
        isMobilePhone: 'true'
      })
      // The unused owner is not sent at all: a nil dualModeDeviceName is refused by Unified CM.
      expect(sentOf('addRemoteDestination', '+41795550100')[0]).not.toContain('dualModeDeviceName')
      expect(
        (
          await failure(
            writer.apply(
              addRemoteDestinationRequest({
                destination: '+41795550100',
                ownerUserId: owner,
                remoteDestinationProfileName: 'RDP-6300'
              })
            )
          )
        ).failure
      ).toBe('duplicate')

      const renumbered = await applied(
        writer,
        updateRemoteDestinationRequest('+41795550100', {
          newDestination: '+41795550199',
          delayBeforeRingingCell: 2000
        })
      )
      expect(renumbered.fields).toMatchObject({ destination: '+41795550199', delayBeforeRingingCell: '2000' })
      expect(
        (
          await failure(
            writer.apply(updateRemoteDestinationRequest('+41795550100', { isMobilePhone: false }))
          )
        ).failure
      ).toBe('not-valid')

      expect(await writer.apply(removeRemoteDestinationRequest('+41795550199'))).toBeUndefined()
      expect(await writer.apply(removeRemoteDestinationProfileRequest('RDP-6300'))).toBeUndefined()
      expect(cluster.collection('RemoteDestinationProfile')?.indexOf('RDP-6300')).toBeUndefined()

      const profile = await failure(
        writer.apply(
          addRemoteDestinationRequest({
            destination: '+41795550111',
            ownerUserId: owner,
            remoteDestinationProfileName: 'RDP-Nowhere'
          })
        )
      )
      expect(profile.failure).toBe('not-valid')
    })
    // The generated destinations are found by number too.
    const generated = text(cluster.collection('RemoteDestination')?.at(0)?.fields.destination)
    await withWriter(async (writer) =>
      expect(
        (await applied(writer, updateRemoteDestinationRequest(generated, { enableMobileConnect: false })))
          .fields
      ).toMatchObject({ destination: generated, enableMobileConnect: 'false' })
    )
  })

  it('refuses a remote destination with a nil dualModeDeviceName, and the builder needs exactly one owner', async () => {
    const owner = cluster.userid(4)
    const refused = await raw('addRemoteDestination', {
      remoteDestination: {
        destination: '+41795550122',
        answerTooSoonTimer: '1500',
        answerTooLateTimer: '19000',
        delayBeforeRingingCell: '4000',
        ownerUserId: owner,
        remoteDestinationProfileName: text(
          cluster.collection('RemoteDestinationProfile')?.at(0)?.fields.name
        ),
        dualModeDeviceName: nil
      }
    }).then(
      () => undefined,
      (e: unknown) => e
    )
    expect(refused).toMatchObject({ kind: 'fault' })
    expect((refused as Error).message).toMatch(/dualModeDeviceName/)
    expect(cluster.collection('RemoteDestination')?.indexOf('+41795550122')).toBeUndefined()
    expect(() => addRemoteDestinationRequest({ destination: '+4179', ownerUserId: owner })).toThrow(
      /exactly one of remoteDestinationProfileName and dualModeDeviceName \(0 given\)/
    )
    expect(() =>
      addRemoteDestinationRequest({
        destination: '+4179',
        ownerUserId: owner,
        remoteDestinationProfileName: 'A',
        dualModeDeviceName: 'B'
      })
    ).toThrow(/\(2 given\)/)
  })
})

describe('phones of other classes', () => {
  const jabber = (name: string, product: string): NewPhone =>
    phone(name, {
      product,
      securityProfileName: 'Cisco Unified Client Services Framework - Standard SIP Non-Secure Profile',
      phoneTemplateName: 'Standard Client Services Framework'
    })

  it('adds Jabber clients and a CTI port; the lab enforces the device-name rules', async () => {
    await withWriter(async (writer) => {
      for (const [name, product] of [
        ['CSFZNEWHIRE', 'Cisco Unified Client Services Framework'],
        ['BOTZNEWHIRE', 'Cisco Dual Mode for Android'],
        ['TCTZNEWHIRE', 'Cisco Dual Mode for iPhone'],
        ['TABZNEWHIRE', 'Cisco Jabber for Tablet'],
        // The prefix is a convention, not a rule.
        ['jabber.z-new', 'Cisco Unified Client Services Framework']
      ]) {
        const added = await writer.addPhone(jabber(name, product))
        expect(added.fields).toMatchObject({ name, product, class: 'Phone', protocol: 'SIP' })
      }
      const port = await writer.addPhone(
        phone('CTIP-IVR-01', {
          product: 'CTI Port',
          protocol: 'SCCP',
          securityProfileName: undefined,
          sipProfileName: undefined,
          phoneTemplateName: undefined
        })
      )
      expect(port.fields).toMatchObject({ name: 'CTIP-IVR-01', product: 'CTI Port', protocol: 'SCCP' })
      expect(port.fields.phoneTemplateName).toBeUndefined()

      const BAD =
        'The specified name has invalid characters or is not formatted correctly for this device type.'
      for (const refused of [
        phone('SEP0023AF482340Z'), // SEP + 13
        phone('SEP0023AF48234G'), // not hex
        phone('DESK0023AF482340'), // a desk phone is SEP + MAC
        jabber('CSFAVERYLONGNAME1', 'Cisco Unified Client Services Framework'), // 17 > 15
        jabber('CSF/NEWHIRE', 'Cisco Unified Client Services Framework')
      ]) {
        const error = await failure(writer.addPhone(refused))
        expect(error.axlMessage, refused.name).toBe(BAD)
        expect(cluster.collection('Phone')?.indexOf(refused.name)).toBeUndefined()
      }
      const rename = await raw('updatePhone', { name: 'CSFZNEWHIRE', newName: 'CSF-WAY-TOO-LONG' }).then(
        () => undefined,
        (e: unknown) => e
      )
      expect(rename).toMatchObject({ kind: 'fault', message: BAD })
      expect((await writer.getPhone('CSFZNEWHIRE')).fields.name).toBe('CSFZNEWHIRE')
    })
  })
})

describe('apply, reset, restart and Extension Mobility login', () => {
  it('counts apply, reset and restart on the device, and an update awaits one', async () => {
    const name = cluster.phoneName(6)
    await withWriter(async (writer) => {
      const before = cluster.actions('Phone', name)
      await writer.updatePhone(name, { description: 'Moved desk' })
      expect(cluster.actions('Phone', name).pendingChanges).toBe(true)

      const read = await applied(writer, applyPhoneRequest(name))
      expect(read.fields.description).toBe('Moved desk')
      expect(cluster.actions('Phone', name)).toEqual({
        ...before,
        apply: before.apply + 1,
        pendingChanges: false
      })
      await writer.apply(resetPhoneRequest(name))
      await writer.apply(restartPhoneRequest(name))
      expect(cluster.actions('Phone', name)).toMatchObject({ apply: 1, reset: 1, restart: 1 })

      const line = { pattern: '6400', partition: 'PT-Internal' }
      await writer.addLine(line)
      await writer.apply(updateLineRequest(line, { alertingName: 'Reception' }))
      expect(cluster.actions('Line', '6400/PT-Internal').pendingChanges).toBe(true)
      await writer.apply(applyLineRequest(line))
      expect(cluster.actions('Line', '6400/PT-Internal')).toMatchObject({ apply: 1, pendingChanges: false })

      expect((await failure(writer.apply(applyPhoneRequest('SEP00000000FFFF')))).failure).toBe('not-valid')
      // An action leaves nothing a read could show: whether it landed cannot be known.
      expect(await writer.landed(applyPhoneRequest(name))).toBe(false)
    })
  })

  it('logs a user in with a profile (getPhone shows it), refuses a second login, and logs out', async () => {
    const desk = emPhone()
    const userid = cluster.userid(16)
    const profile = `UDP-${userid}`
    await withWriter(async (writer) => {
      const login = doDeviceLoginRequest({ deviceName: desk, profileName: profile, userId: userid })
      expect(await writer.landed(login)).toBe(false)
      const loggedIn = await applied(writer, login)
      expect(loggedIn.fields).toMatchObject({
        currentProfileName: profile,
        loginUserId: userid,
        loginDuration: '0'
      })
      expect(await writer.landed(login)).toBe(true)

      const again = await failure(
        writer.apply(
          doDeviceLoginRequest({
            deviceName: desk,
            profileName: `UDP-${cluster.userid(24)}`,
            userId: cluster.userid(24)
          })
        )
      )
      expect(again).toMatchObject({ failure: 'fault' })
      expect(again.axlMessage).toContain(`already has ${profile} logged in`)

      const loggedOut = await applied(writer, doDeviceLogoutRequest(desk))
      expect(loggedOut.fields.currentProfileName).toBeUndefined()
      expect(loggedOut.fields.loginUserId).toBeUndefined()
      expect(await writer.landed(doDeviceLogoutRequest(desk))).toBe(true)
    })
  })

  it('refuses a login to a phone without Extension Mobility, with an unknown profile, user or phone', async () => {
    const userid = cluster.userid(16)
    const profile = `UDP-${userid}`
    const jabberClient = cluster.phoneName(cluster.users)
    await withWriter(async (writer) => {
      const noEm = await failure(
        writer.apply(doDeviceLoginRequest({ deviceName: jabberClient, profileName: profile, userId: userid }))
      )
      expect(noEm.axlMessage).toBe(`The device ${jabberClient} is not enabled for Extension Mobility.`)
      const desk = emPhone()
      const unknown = await failure(
        writer.apply(doDeviceLoginRequest({ deviceName: desk, profileName: 'UDP-Nowhere', userId: userid }))
      )
      expect(unknown).toMatchObject({ failure: 'not-valid', axlcode: 5007 })
      expect(unknown.axlMessage).toMatch(/UDP-Nowhere/)
      expect(
        (
          await failure(
            writer.apply(doDeviceLoginRequest({ deviceName: desk, profileName: profile, userId: 'nobody' }))
          )
        ).failure
      ).toBe('not-valid')
      expect(
        (
          await failure(
            writer.apply(
              doDeviceLoginRequest({ deviceName: 'SEP00000000FFFF', profileName: profile, userId: userid })
            )
          )
        ).axlMessage
      ).toBe('Item not valid: The specified SEP00000000FFFF was not found')
      // Turned on by an update, the phone takes logins.
      await writer.updatePhone(jabberClient, { enableExtensionMobility: true })
      await writer.apply(
        doDeviceLoginRequest({ deviceName: jabberClient, profileName: profile, userId: userid })
      )
      await writer.apply(doDeviceLogoutRequest(jabberClient))
    })
  })
})

describe('writes whose answer is lost, and the write faults on the new operations', () => {
  it('an add whose connection drops after the server acted is found and not sent twice', async () => {
    faults.loseWriteAnswerIn = 1
    await withWriter(async (writer) => {
      const read = await applied(writer, addUserRequest({ userid: 'zdropped', lastName: 'Dropped' }))
      expect(read.fields.userid).toBe('zdropped')
    })
    expect(sentOf('addUser', 'zdropped')).toHaveLength(1)
    expect(faults.loseWriteAnswerIn).toBeUndefined()
  })

  it('a login whose answer is lost is read on the phone, not sent again into a refusal', async () => {
    const desk = emPhone()
    const userid = cluster.userid(32)
    faults.loseWriteAnswerIn = 1
    await withWriter(async (writer) => {
      const login = doDeviceLoginRequest({ deviceName: desk, profileName: `UDP-${userid}`, userId: userid })
      expect((await applied(writer, login)).fields.currentProfileName).toBe(`UDP-${userid}`)
      await writer.apply(doDeviceLogoutRequest(desk))
    })
    expect(sentOf('doDeviceLogin', `UDP-${userid}`)).toHaveLength(1)
  })

  it('an apply whose answer is lost is sent again (harmless)', async () => {
    const name = cluster.phoneName(7)
    const before = cluster.actions('Phone', name).apply
    faults.loseWriteAnswerIn = 1
    await withWriter((writer) => writer.apply(applyPhoneRequest(name)))
    expect(cluster.actions('Phone', name).apply).toBe(before + 2)
  })

  it('read-only, fail-write and the write throttle cover actions and the new writes', async () => {
    const name = cluster.phoneName(9)
    faults.readOnlyAccount = true
    await withWriter(async (writer) => {
      expect((await failure(writer.apply(applyPhoneRequest(name)))).failure).toBe('not-permitted')
      expect((await failure(writer.apply(removeUserRequest(cluster.userid(9))))).failure).toBe(
        'not-permitted'
      )
    })
    delete faults.readOnlyAccount
    faults.failWriteIn = 1
    const desk = emPhone()
    await withWriter(async (writer) => {
      const failed = await failure(
        writer.apply(
          doDeviceLoginRequest({
            deviceName: desk,
            profileName: `UDP-${cluster.userid(0)}`,
            userId: cluster.userid(0)
          })
        )
      )
      expect(failed).toMatchObject({ failure: 'fault', axlcode: -1 })
      expect((await writer.getPhone(desk)).fields.currentProfileName).toBeUndefined()
    })
    faults.writesPerSecond = 0
    await withWriter(async (writer) =>
      expect((await failure(writer.apply(restartPhoneRequest(name)))).failure).toBe('throttled')
    )
  })

  it('parses lose-write and refuses a zeroth write', () => {
    expect(parseFaults('lose-write=2')).toEqual({ loseWriteAnswerIn: 2 })
    expect(() => parseFaults('lose-write=0')).toThrow('--faults lose-write: counts writes from 1, got "0"')
  })
})

describe('every change of the new writes is in listChange', () => {
  it('user, profile and destination adds, updates and removals, and a login', async () => {
    const client = await AxlClient.connect({ target: target() })
    try {
      const start = (await client.changes()).queueInfo as { queueId: string; nextStartChangeId: string }
      const owner = cluster.userid(12)
      await withWriter(async (writer) => {
        await writer.apply(addUserRequest({ userid: 'zfeed', lastName: 'Feed' }))
        await writer.apply(
          addDeviceProfileRequest({
            name: 'UDP-feed',
            product: 'Cisco 8845',
            protocol: 'SIP',
            phoneTemplateName: 'Standard 8845 SIP',
            lines: []
          })
        )
        await writer.apply(await writer.prepareUpdateUser('zfeed', { phoneProfiles: { add: ['UDP-feed'] } }))
        await writer.apply(
          addRemoteDestinationProfileRequest({
            name: 'RDP-feed',
            devicePoolName: `DP-${site}-Phones`,
            userId: owner,
            lines: []
          })
        )
        await writer.apply(
          addRemoteDestinationRequest({
            destination: '+41795550777',
            ownerUserId: owner,
            remoteDestinationProfileName: 'RDP-feed'
          })
        )
        await writer.apply(removeRemoteDestinationRequest('+41795550777'))
        await writer.apply(removeUserRequest('zfeed'))
      })
      const feed = await client.changes({ queueId: start.queueId, changeId: Number(start.nextStartChangeId) })
      const changes = (feed.changes as { change: { attributes: { type: string }; action: string }[] }).change
      expect(changes.map((c) => `${c.attributes.type} ${c.action}`)).toEqual([
        'User a',
        'DeviceProfile a',
        'User u',
        'RemoteDestinationProfile a',
        'RemoteDestination a',
        'RemoteDestination r',
        'User r'
      ])
    } finally {
      client.close()
    }
  })
})

describe.skipIf(conformanceSkipReason !== '')(
  `the new AXL write envelopes against Cisco's 15.0 schema${conformanceSkipReason ? ` (skipped: ${conformanceSkipReason})` : ''}`,
  () => {
    it('every new builder, in its fullest form, and every envelope sent above validates', () => {
      const line = { pattern: '7000', partition: 'PT-Internal' }
      const lines = [{ index: 1, ...line, label: 'Main', display: 'Zoë' }]
      const built: AxlWriteRequest[] = [
        addUserRequest({
          ...newHire,
          displayName: 'Zoë Newhire',
          associatedDevices: ['SEP000000007000'],
          primaryExtension: line,
          phoneProfiles: ['UDP-a', 'UDP-b'],
          defaultProfile: 'UDP-a',
          presenceGroupName: 'Standard Presence group',
          enableMobility: true,
          directoryUri: 'znewhire@example.test'
        }),
        addUserRequest({ userid: 'minimal', lastName: 'Minimal' }),
        updateUserRequest(
          'u',
          {
            firstName: 'F',
            lastName: 'L',
            mailid: 'm@example.test',
            department: 'D',
            associatedDevices: { add: ['SEP000000007000'] },
            primaryExtension: line,
            phoneProfiles: { add: ['UDP-a'] },
            defaultProfile: 'UDP-a',
            homeCluster: true,
            imAndPresenceEnable: false,
            serviceProfile: 'SP-Jabber'
          },
          ['SEP000000007001'],
          ['UDP-b']
        ),
        updateUserRequest('u', { phoneProfiles: { remove: ['UDP-b'] } }, [], ['UDP-b']),
        removeUserRequest('u'),
        addDeviceProfileRequest({
          name: 'UDP-a',
          description: 'd',
          product: 'Cisco 8845',
          protocol: 'SIP',
          phoneTemplateName: 'Standard 8845 SIP',
          userLocale: 'English United States',
          softkeyTemplateName: 'Standard User',
          lines
        }),
        updateDeviceProfileRequest(
          'UDP-a',
          {
            description: 'd',
            phoneTemplateName: 'Standard 8845 SIP',
            userLocale: 'English United States',
            softkeyTemplateName: 'Standard User'
          },
          { add: [{ index: 2, pattern: '7001' }] },
          lines
        ),
        removeDeviceProfileRequest('UDP-a'),
        addRemoteDestinationProfileRequest({
          name: 'RDP-a',
          description: 'd',
          callingSearchSpaceName: 'CSS',
          devicePoolName: 'DP',
          userId: 'u',
          rerouteCallingSearchSpaceName: 'CSS',
          lines
        }),
        updateRemoteDestinationProfileRequest(
          'RDP-a',
          {
            description: 'd',
            callingSearchSpaceName: 'CSS',
            devicePoolName: 'DP',
            userId: 'u',
            rerouteCallingSearchSpaceName: 'CSS'
          },
          { remove: [lines[0]], add: [{ index: 1, pattern: '7002', partition: 'PT-Internal' }] },
          lines
        ),
        removeRemoteDestinationProfileRequest('RDP-a'),
        addRemoteDestinationRequest({
          destination: '+41795550100',
          name: 'n',
          ownerUserId: 'u',
          remoteDestinationProfileName: 'RDP-a',
          answerTooSoonTimer: 1000,
          answerTooLateTimer: 20000,
          delayBeforeRingingCell: 3000,
          isMobilePhone: true,
          enableMobileConnect: true
        }),
        addRemoteDestinationRequest({
          destination: '+41795550101',
          ownerUserId: 'u',
          dualModeDeviceName: 'BOTU'
        }),
        updateRemoteDestinationRequest('+41795550100', {
          name: 'n2',
          newDestination: '+41795550102',
          answerTooSoonTimer: 1000,
          answerTooLateTimer: 20000,
          delayBeforeRingingCell: 3000,
          isMobilePhone: false,
          enableMobileConnect: false
        }),
        removeRemoteDestinationRequest('+41795550100'),
        addPhoneRequest(
          phone('SEP000000007000', { lines, enableExtensionMobility: true, ownerUserName: 'u' })
        ),
        addPhoneRequest(
          phone('CTIP-7000', { product: 'CTI Port', protocol: 'SCCP', phoneTemplateName: undefined })
        ),
        updatePhoneRequest('SEP000000007000', { enableExtensionMobility: false, ownerUserName: 'u' }),
        applyPhoneRequest('SEP000000007000'),
        resetPhoneRequest('SEP000000007000'),
        restartPhoneRequest('SEP000000007000'),
        applyLineRequest(line),
        applyLineRequest({ pattern: '7000' }),
        doDeviceLoginRequest({
          deviceName: 'SEP000000007000',
          profileName: 'UDP-a',
          userId: 'u',
          loginDuration: 3600
        }),
        doDeviceLogoutRequest('SEP000000007000')
      ]
      const envelopes = built.flatMap((request) => [
        axlWriteEnvelope(request, '15.0'),
        axlWriteEnvelope(
          { ...request, operation: request.readBack.operation, args: request.readBack.args },
          '15.0'
        )
      ])
      const operations =
        /^(add|update|remove|apply|reset|restart|do|get)(User|DeviceProfile|RemoteDestinationProfile|RemoteDestination|Phone|Line|DeviceLogin|DeviceLogout)>/
      const shapes = new Map<string, string>()
      for (const xml of sent)
        if (operations.test(/<axl:(\w+>)/.exec(xml)?.[1] ?? ''))
          shapes.set(xml.replace(/>[^<]*</g, '><'), xml)
      expect(envelopeProblems([...envelopes, ...shapes.values()])).toEqual([])
    }, 60_000)

    it('the check can fail: a login without its user', () => {
      const login = doDeviceLoginRequest({ deviceName: 'SEP000000007000', profileName: 'UDP-a', userId: 'u' })
      const { userId: _dropped, ...withoutUser } = login.args
      const problems = envelopeProblems([axlWriteEnvelope({ ...login, args: withoutUser }, '15.0')])
      expect(problems).toHaveLength(1)
      expect(problems[0]).toMatch(/^doDeviceLogin: /)
    })
  }
)
