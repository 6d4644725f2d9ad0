// What the simulated Unified CM does with add/update/remove requests, as ../shared/notes/protocols-writes.md
// (§1–2 and "Implications for a simulator") describes real servers: unique keys (-239), references
// that must exist (5007), lines known by pattern and partition, `lines` and `associatedDevices`
// replaced whole, addLines/removeLines changing only the lines named, and every change in listChange.
import type { LabCluster } from '../cluster'
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
  User: { serviceProfile: 'ServiceProfile', presenceGroupName: 'PresenceGroup' }
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
const LISTS = new Set(['lines', 'addLines', 'removeLines', 'associatedDevices'])

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
    const fields: Record<string, FieldValue> = {}
    for (const element of payload.children) {
      if (LISTS.has(element.name)) continue
      const value = this.fieldValue(collection.type, element)
      if (value !== null) fields[element.name] = value
    }
    if (collection.type === 'Phone' && typeof fields.product === 'string') fields.model = fields.product
    if (collection.indexOf(collection.keyOf(fields)) !== undefined)
      throw new AxlFault(-239, DUPLICATE, 'Client')
    const lines = this.lineList(child(payload, 'lines'))
    const index = this.cluster.add(collection.type, fields, lines)
    return this.cluster.collection(collection.type)?.at(index)?.uuid ?? ''
  }

  update(collection: Collection, op: XmlElement): string {
    const { index, object } = this.find(collection, op)
    const identity = new Set([
      'uuid',
      collection.keyField,
      ...(collection.type === 'Line' ? ['routePartitionName'] : [])
    ])
    const changes: Record<string, FieldValue | null> = {}
    for (const element of op.children) {
      if (identity.has(element.name) || LISTS.has(element.name)) continue
      // newName, newPattern, newRoutePartitionName, newUserid rename.
      const name = element.name.replace(/^new(\w)/, (_m, l: string) => l.toLowerCase())
      changes[name] = this.fieldValue(collection.type, { ...element, name })
    }
    if (isDevice(collection.type)) this.updateLines(collection.type, index, op)
    if (collection.type === 'User') this.updateUserLists(index, op, changes)
    if (Object.keys(changes).length > 0) this.cluster.update(collection.type, index, changes)
    return object.uuid
  }

  remove(collection: Collection, op: XmlElement): string {
    const { index, object } = this.find(collection, op)
    this.cluster.remove(collection.type, index)
    return object.uuid
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

  /** Button position → line of a `<lines>`, `<addLines>` or `<removeLines>` list. */
  private lineList(list: XmlElement | undefined): Map<number, number> {
    const lines = new Map<number, number>()
    for (const line of list?.children ?? []) {
      const position = Number(child(line, 'index')?.text ?? lines.size + 1)
      lines.set(position, this.lineIndex(line))
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
      lines = new Map(this.cluster.appearances(type, index).map((a) => [a.position, a.lineIndex]))
      const removed = new Set(this.lineList(removeLines).values())
      for (const [position, line] of lines) if (removed.has(line)) lines.delete(position)
      for (const [position, line] of this.lineList(addLines)) lines.set(position, line)
    }
    this.cluster.setAppearances(type, index, lines)
  }

  /**
   * associatedDevices (replaced whole; each must exist) and a primaryExtension on one of the user's
   * devices, both checked before either changes: a refused request changes nothing.
   */
  private updateUserLists(index: number, op: XmlElement, changes: Record<string, FieldValue | null>): void {
    const associated = child(op, 'associatedDevices')
    const phones = this.cluster.collection('Phone')
    const devices = associated?.children.map((d) => {
      const found = phones?.indexOf(d.text.trim())
      if (found === undefined) throw notValid(`device ${d.text.trim()}`)
      return text(phones?.at(found)?.fields.name)
    })
    const extension = changes.primaryExtension
    if (extension && typeof extension === 'object' && 'children' in extension) {
      const line = this.lineIndex(child(op, 'primaryExtension') as XmlElement)
      const onDevice = (devices ?? this.cluster.associatedDevices(index)).some((name) => {
        const phone = phones?.indexOf(name)
        return (
          phone !== undefined && this.cluster.appearances('Phone', phone).some((a) => a.lineIndex === line)
        )
      })
      // "Only DNs associated with the associatedDevices of the User can be used as primary extension."
      if (!onDevice) throw notValid(`primaryExtension ${extension.children.pattern} on the user's devices`)
    }
    if (devices) this.cluster.setAssociatedDevices(index, devices)
  }
}
