// What the simulated Unified CM does with add/update/remove requests, as ../shared/notes/protocols-writes.md
// (§1–2 and "Implications for a simulator") describes real servers: unique keys (-239), references
// that must exist (5007), lines known by pattern and partition, `lines` and `associatedDevices`
// replaced whole, addLines/removeLines changing only the lines named, and every change in listChange;
// and the actions on devices: apply, reset and restart (counted), Extension Mobility login and logout.
import type { DeviceAction, LabCluster } from '../cluster'
import type { ButtonLine } from '../cluster/layout'
import { lineKey } from '../cluster/lines'
import { ref, text, type Collection, type FieldValue, type LabObject } from '../model'
import { AxlFault } from './fault'
import { child, type XmlElement } from './xml'

/** Fields that name another object (AXL XFkType), by object type; the object named must exist. */
const REFERENCES: Record<string, Record<string, string>> = {
  Phone: {
    callingSearchSpaceName: 'Css',
    devicePoolName: 'DevicePool',
    commonDeviceConfigName: 'CommonDeviceConfig',
    commonPhoneConfigName: 'CommonPhoneConfig',
    locationName: 'Location',
    securityProfileName: 'PhoneSecurityProfile',
    sipProfileName: 'SipProfile',
    phoneTemplateName: 'PhoneButtonTemplate',
    softkeyTemplateName: 'SoftKeyTemplate',
    ownerUserName: 'User',
    presenceGroupName: 'PresenceGroup'
  },
  Line: {
    routePartitionName: 'RoutePartition',
    presenceGroupName: 'PresenceGroup',
    shareLineAppearanceCssName: 'Css',
    voiceMailProfileName: 'VoiceMailProfile'
  },
  User: {
    defaultProfile: 'DeviceProfile',
    presenceGroupName: 'PresenceGroup',
    serviceProfile: 'ServiceProfile'
  },
  DeviceProfile: {
    phoneTemplateName: 'PhoneButtonTemplate',
    loginUserId: 'User',
    softkeyTemplateName: 'SoftKeyTemplate'
  },
  RemoteDestinationProfile: {
    callingSearchSpaceName: 'Css',
    devicePoolName: 'DevicePool',
    userId: 'User',
    rerouteCallingSearchSpaceName: 'Css'
  },
  RemoteDestination: {
    ownerUserId: 'User',
    remoteDestinationProfileName: 'RemoteDestinationProfile',
    dualModeDeviceName: 'Phone'
  }
}

/** Elements a real server refuses when sent nil (notes "Implications" item 2), by object type. */
const NEVER_NIL: Record<string, string[]> = {
  // HCS-only: a nil one fails the request on other clusters (notes §1.1).
  User: ['customerName'],
  // CSCvq98025 (notes §1.5).
  RemoteDestination: ['dualModeDeviceName']
}

const DEVICE_NAME = /^[a-zA-Z0-9._-]{1,50}$/
/** Jabber clients, whose names are not MACs: any valid name up to 15 characters (notes §1.3). */
const JABBER_PRODUCTS = new Set([
  'Cisco Unified Client Services Framework',
  'Cisco Dual Mode for iPhone',
  'Cisco Dual Mode for Android',
  'Cisco Jabber for Tablet'
])
const BAD_DEVICE_NAME =
  'The specified name has invalid characters or is not formatted correctly for this device type.'

/**
 * The device-name rules of notes "Implications" item 5: valid characters and length for every phone,
 * at most 15 characters for a Jabber client, `SEP` and 12 hex digits for a desk phone model.
 */
function checkDeviceName(name: string, product: string): void {
  const valid =
    DEVICE_NAME.test(name) &&
    (JABBER_PRODUCTS.has(product)
      ? name.length <= 15
      : !/^Cisco \d/.test(product) || /^SEP[0-9A-F]{12}$/i.test(name))
  if (!valid) throw new AxlFault(-1, BAD_DEVICE_NAME, 'Client')
}

function isNil(element: XmlElement): boolean {
  const nil = element.attributes.nil
  return nil === 'true' || nil === '1'
}

/** Phone settings the schema requires and the server defaults; the lab does not model them. */
const UNMODELLED = new Set([
  'useTrustedRelayPoint',
  'primaryPhoneName',
  'builtInBridgeStatus',
  'packetCaptureMode',
  'certificateOperation',
  'deviceMobilityMode'
])

/** Elements of a request that are lists handled on their own, not fields. */
const LISTS = new Set(['lines', 'addLines', 'removeLines', 'associatedDevices', 'phoneProfiles'])

/** The real text of a unique-index violation (go-axl's captured fault, notes §2). */
const DUPLICATE = 'Could not insert new row - duplicate value in a UNIQUE INDEX column (Unique Index:).'

/**
 * "Item not valid" for a reference to nothing. The exact text real servers use here is unconfirmed
 * (notes §2); the prefix and code are those of a get that finds nothing.
 */
function notValid(what: string): AxlFault {
  return new AxlFault(5007, `Item not valid: The specified ${what} was not found`)
}

const DEVICE_TYPES = ['Phone', 'DeviceProfile', 'RemoteDestinationProfile'] as const
type DeviceType = (typeof DEVICE_TYPES)[number]

function isDevice(type: string): type is DeviceType {
  return (DEVICE_TYPES as readonly string[]).includes(type)
}

/** The object a request names (by uuid or key), or a 5007 fault. */
export type Locate = (collection: Collection, op: XmlElement) => { index: number; object: LabObject }

export class LabWrites {
  constructor(
    private readonly cluster: LabCluster,
    private readonly find: Locate
  ) {}

  add(collection: Collection, op: XmlElement): string {
    const payload = op.children[0]
    if (!payload) throw new AxlFault(5003, `${op.name} needs the object to add.`)
    this.refuseNil(collection.type, payload)
    const fields: Record<string, FieldValue> = {}
    for (const element of payload.children) {
      if (LISTS.has(element.name)) continue
      const value = this.fieldValue(collection.type, element)
      if (value !== null) fields[element.name] = value
    }
    if (collection.type === 'Phone') checkDeviceName(text(fields.name), text(fields.product))
    if (isDevice(collection.type) && typeof fields.product === 'string') fields.model = fields.product
    if (collection.indexOf(collection.keyOf(fields)) !== undefined)
      throw new AxlFault(-239, DUPLICATE, 'Client')
    const lines = this.lineList(child(payload, 'lines'))
    // Checked before the user is added: a refused request adds nothing.
    const lists = collection.type === 'User' ? this.userLists(payload, undefined) : undefined
    const index = this.cluster.add(collection.type, fields, lines)
    if (lists?.devices) this.cluster.setAssociatedDevices(index, lists.devices)
    if (lists?.profiles) this.cluster.setPhoneProfiles(index, lists.profiles)
    return this.cluster.collection(collection.type)?.at(index)?.uuid ?? ''
  }

  update(collection: Collection, op: XmlElement): string {
    const { index, object } = this.find(collection, op)
    this.refuseNil(collection.type, op)
    const identity = new Set([
      'uuid',
      collection.keyField,
      ...(collection.type === 'Line' ? ['routePartitionName'] : [])
    ])
    const changes: Record<string, FieldValue | null> = {}
    for (const element of op.children) {
      if (identity.has(element.name) || LISTS.has(element.name)) continue
      // newName, newPattern, newRoutePartitionName, newUserid, newDestination rename.
      const name = element.name.replace(/^new(\w)/, (_m, l: string) => l.toLowerCase())
      changes[name] = this.fieldValue(collection.type, { ...element, name })
    }
    if (collection.type === 'Phone' && typeof changes.name === 'string')
      checkDeviceName(changes.name, text(object.fields.product))
    if (collection.type === 'RemoteDestination' && typeof changes.destination === 'string') {
      const taken = collection.indexOf(changes.destination)
      if (taken !== undefined && taken !== index) throw new AxlFault(-239, DUPLICATE, 'Client')
    }
    const lists = collection.type === 'User' ? this.userLists(op, index) : undefined
    if (isDevice(collection.type)) this.updateLines(collection.type, index, op)
    if (lists?.devices) this.cluster.setAssociatedDevices(index, lists.devices)
    if (lists?.profiles) this.cluster.setPhoneProfiles(index, lists.profiles)
    if (Object.keys(changes).length > 0) this.cluster.update(collection.type, index, changes)
    // A device's or line's new configuration awaits an apply, reset or restart to reach the phones.
    if (isDevice(collection.type) || collection.type === 'Line') this.cluster.configured(object.uuid)
    return object.uuid
  }

  remove(collection: Collection, op: XmlElement): string {
    const { index, object } = this.find(collection, op)
    this.cluster.remove(collection.type, index)
    return object.uuid
  }

  /** applyPhone, resetPhone, restartPhone, applyLine, …: counted on the object, which must exist. */
  act(collection: Collection, op: XmlElement, action: DeviceAction): string {
    const { object } = this.find(collection, op)
    this.cluster.acted(object.uuid, action)
    return object.uuid
  }

  /**
   * doDeviceLogin: the phone shows the profile and user logged in (RPhone's currentProfileName,
   * loginUserId, loginDuration, loginTime). The phone must allow Extension Mobility and have nobody
   * logged in; the profile and user must exist. The refusals' texts are the lab's (unconfirmed, notes §1.5).
   */
  login(op: XmlElement, phones: Collection): string {
    const { index, object, name } = this.phone(op, phones)
    if (text(object.fields.enableExtensionMobility) !== 'true')
      throw new AxlFault(-1, `The device ${name} is not enabled for Extension Mobility.`)
    const profileName = child(op, 'profileName')?.text.trim() ?? ''
    const profile = this.reference('profileName', 'DeviceProfile', profileName)
    const userId = child(op, 'userId')?.text.trim() ?? ''
    const user = this.reference('userId', 'User', userId)
    const current = text(object.fields.currentProfileName)
    if (current)
      throw new AxlFault(-1, `The device ${name} already has ${current} logged in; log it out first.`)
    this.cluster.update('Phone', index, {
      currentProfileName: profile,
      loginUserId: text(user),
      loginDuration: child(op, 'loginDuration')?.text.trim() || '0',
      loginTime: String(Math.floor(Date.now() / 1000))
    })
    return 'true'
  }

  /** doDeviceLogout: whoever is logged in is logged out (a phone with nobody logged in stays so). */
  logout(op: XmlElement, phones: Collection): string {
    const { index, object } = this.phone(op, phones)
    if (text(object.fields.currentProfileName))
      this.cluster.update('Phone', index, {
        currentProfileName: null,
        loginUserId: null,
        loginDuration: null,
        loginTime: null
      })
    return 'true'
  }

  /** The phone a do* request names in `deviceName`; not found is the fault a getPhone gets. */
  private phone(op: XmlElement, phones: Collection): { index: number; object: LabObject; name: string } {
    const name = child(op, 'deviceName')?.text.trim() ?? ''
    const index = phones.indexOf(name)
    const object = index === undefined ? undefined : phones.at(index)
    if (index === undefined || !object) throw notValid(name)
    return { index, object, name }
  }

  private refuseNil(type: string, element: XmlElement): void {
    for (const name of NEVER_NIL[type] ?? []) {
      const sent = child(element, name)
      // The lab's wording: the real servers' text is not on record (notes §1.1, §1.5).
      if (sent && isNil(sent))
        throw new AxlFault(-1, `${name} may not be nil: leave it out instead.`, 'Client')
    }
  }

  /** A field as stored: a checked reference, a nested element, text, or null for an empty element (clear). */
  private fieldValue(type: string, element: XmlElement): FieldValue | null {
    if (UNMODELLED.has(element.name)) return null
    if (element.children.length > 0)
      return { children: Object.fromEntries(element.children.map((c) => [c.name, c.text])) }
    const value = element.text.trim()
    if (value === '') return null
    const referenced = REFERENCES[type]?.[element.name]
    return referenced ? this.reference(element.name, referenced, value) : value
  }

  private reference(field: string, type: string, name: string): FieldValue {
    const collection = this.cluster.collection(type)
    // Types the lab does not serve (phone security profiles) cannot be checked.
    if (!collection) return ref(name, this.cluster.uuid(type, name))
    const index = collection.indexOf(name)
    const object = index === undefined ? undefined : collection.at(index)
    if (!object) throw notValid(`${field} ${name}`)
    return ref(text(object.fields[collection.keyField]), object.uuid)
  }

  /** The line of a phone's `<line>` (its dirn) or of a primaryExtension, which must exist. */
  private lineIndex(element: XmlElement): number {
    const dirn = child(element, 'dirn') ?? element
    const pattern = child(dirn, 'pattern')?.text ?? ''
    const partition = child(dirn, 'routePartitionName')?.text ?? ''
    const index = this.cluster.collection('Line')?.indexOf(lineKey(pattern, partition))
    if (index === undefined) throw notValid(`Line ${pattern}${partition ? ` in ${partition}` : ''}`)
    return index
  }

  /** Button position → line and button texts of a `<lines>`, `<addLines>` or `<removeLines>` list. */
  private lineList(list: XmlElement | undefined): Map<number, ButtonLine> {
    const lines = new Map<number, ButtonLine>()
    for (const line of list?.children ?? []) {
      const position = Number(child(line, 'index')?.text ?? lines.size + 1)
      const label = child(line, 'label')?.text
      const display = child(line, 'display')?.text
      lines.set(position, {
        lineIndex: this.lineIndex(line),
        ...(label ? { label } : {}),
        ...(display ? { display } : {})
      })
    }
    return lines
  }

  /** `lines` replaces a device's appearances; `removeLines` then `addLines` change only those named. */
  private updateLines(type: DeviceType, index: number, op: XmlElement): void {
    const replace = child(op, 'lines')
    const removeLines = child(op, 'removeLines')
    const addLines = child(op, 'addLines')
    if (!replace && !removeLines && !addLines) return
    let lines = this.lineList(replace)
    if (!replace) {
      lines = new Map(
        this.cluster
          .appearances(type, index)
          .map(({ position, lineIndex, label, display }) => [position, { lineIndex, label, display }])
      )
      const removed = new Set([...this.lineList(removeLines).values()].map((l) => l.lineIndex))
      for (const [position, line] of lines) if (removed.has(line.lineIndex)) lines.delete(position)
      for (const [position, line] of this.lineList(addLines)) lines.set(position, line)
    }
    this.cluster.setAppearances(type, index, lines)
  }

  /**
   * A user's associatedDevices and phoneProfiles (each replaced whole; each named must exist) and a
   * primaryExtension on one of the user's devices, all checked before any changes: a refused request
   * changes nothing. `index` is the user's (undefined: a user being added).
   */
  private userLists(
    request: XmlElement,
    index: number | undefined
  ): { devices?: string[]; profiles?: string[] } {
    const phones = this.cluster.collection('Phone')
    const devices = child(request, 'associatedDevices')?.children.map((d) => {
      const found = phones?.indexOf(d.text.trim())
      if (found === undefined) throw notValid(`device ${d.text.trim()}`)
      return text(phones?.at(found)?.fields.name)
    })
    const profiles = child(request, 'phoneProfiles')?.children.map((p) =>
      text(this.reference('profileName', 'DeviceProfile', p.text.trim()))
    )
    const extension = child(request, 'primaryExtension')
    if (extension && extension.children.length > 0) {
      const line = this.lineIndex(extension)
      const current = index === undefined ? [] : this.cluster.associatedDevices(index)
      const onDevice = (devices ?? current).some((name) => {
        const phone = phones?.indexOf(name)
        return (
          phone !== undefined && this.cluster.appearances('Phone', phone).some((a) => a.lineIndex === line)
        )
      })
      // "Only DNs associated with the associatedDevices of the User can be used as primary extension."
      if (!onDevice)
        throw notValid(`primaryExtension ${child(extension, 'pattern')?.text ?? ''} on the user's devices`)
    }
    return { devices, profiles }
  }
}
