import { ChangeQueue } from './changes'
import { callAuthorization } from './cluster/callAuthorization'
import { callFeatures } from './cluster/callFeatures'
import { StaticCollection, type MutableCollection } from './cluster/collections'
import { devicePools } from './cluster/devicePools'
import { dialPlan } from './cluster/dialPlan'
import { gateways } from './cluster/gateways'
import type { InfrastructureContext, StaticType } from './cluster/infrastructure'
import { ClusterLayout, type ButtonLine, type ClusterOptions, type LineAppearance } from './cluster/layout'
import { lineCollection } from './cluster/lines'
import { locations } from './cluster/locations'
import { mediaResources } from './cluster/mediaResources'
import {
  deviceProfileCollection,
  remoteDestinationCollection,
  remoteDestinationProfileCollection
} from './cluster/mobility'
import { phoneCollection } from './cluster/phones'
import { phoneSettings } from './cluster/phoneSettings'
import { presence } from './cluster/presence'
import { licensedUserCollection, userCollection } from './cluster/users'
import { voicemail } from './cluster/voicemail'
import { text, type Collection, type FieldValue, type LabObject } from './model'

/** What a device or line can be told to do with its configuration (applyPhone, resetPhone, …). */
export type DeviceAction = 'apply' | 'reset' | 'restart'

/** Actions counted per device, and whether a configuration change awaits one. */
export interface DeviceActions extends Record<DeviceAction, number> {
  pendingChanges: boolean
}

interface DeviceActivity extends Record<DeviceAction, number> {
  configuredAt: number
  actedAt: number
}

/** The cluster's infrastructure by area, each built once (they are few). */
const INFRASTRUCTURE_AREAS: ((context: InfrastructureContext) => StaticType[])[] = [
  locations,
  devicePools,
  mediaResources,
  dialPlan,
  callAuthorization,
  phoneSettings,
  gateways,
  callFeatures,
  voicemail,
  presence
]

/** The cluster's users and devices, each generated on demand from (seed, index). */
const USER_OBJECT_TYPES = [
  userCollection,
  phoneCollection,
  lineCollection,
  deviceProfileCollection,
  remoteDestinationProfileCollection,
  remoteDestinationCollection,
  licensedUserCollection
]

/**
 * A simulated Unified CM cluster: infrastructure and users, phones, lines, device profiles and
 * remote destination profiles with realistic relations, deterministic for a seed.
 */
export class LabCluster extends ClusterLayout {
  readonly changes: ChangeQueue
  private readonly collections = new Map<string, MutableCollection>()
  /** Line appearances written through AXL, by `type#index`; they replace the generated ones. */
  private readonly writtenAppearances = new Map<string, LineAppearance[]>()
  /** Users' associated devices written through AXL (updateUser), by user index. */
  private readonly writtenAssociations = new Map<number, string[]>()
  /** Users' Extension Mobility profiles (phoneProfiles) written through AXL, by user index. */
  private readonly writtenProfiles = new Map<number, string[]>()
  /** Apply, reset and restart of devices and lines, and their last configuration change, by uuid. */
  private readonly deviceActivity = new Map<string, DeviceActivity>()
  /** Orders configuration changes and actions, so an action is known to come after a change. */
  private activitySequence = 0

  constructor(options: ClusterOptions) {
    super(options)
    this.changes = new ChangeQueue(options.seed)
    this.buildInfrastructure()
    this.buildUserObjects()
  }

  /** Every collection, keyed by lower-case AXL object name. */
  collection(type: string): Collection | undefined {
    return this.collections.get(type.toLowerCase())
  }

  types(): string[] {
    return [...this.collections.values()].map((c) => c.type)
  }

  // ---------- builders ----------

  private register(collection: MutableCollection): void {
    this.collections.set(collection.type.toLowerCase(), collection)
  }

  private buildInfrastructure(): void {
    const context: InfrastructureContext = { sites: this.sites, fk: (type, name) => this.fk(type, name) }
    for (const area of INFRASTRUCTURE_AREAS) for (const type of area(context)) this.registerStatic(type)
  }

  private registerStatic({ type, keyField, searchFields, rows }: StaticType): void {
    const objects = rows.map((fields) => this.object(type, text(fields[keyField]), fields))
    this.register(new StaticCollection(type, keyField, searchFields, objects))
  }

  private buildUserObjects(): void {
    for (const collection of USER_OBJECT_TYPES) this.register(collection(this))
  }

  // ---------- mutations (change injection) ----------

  private mutable(type: string): MutableCollection {
    const collection = this.collections.get(type.toLowerCase())
    if (!collection) throw new Error(`Unknown object type ${type}`)
    return collection
  }

  /** Changes fields of an object (null clears one) and records the change for listChange. */
  update(type: string, index: number, changes: Record<string, FieldValue | null>): void {
    const collection = this.mutable(type)
    const current = collection.at(index)
    if (!current) throw new Error(`${type} #${index} does not exist`)
    const fields = { ...current.fields }
    const changedTags: Record<string, string> = {}
    for (const [name, value] of Object.entries(changes)) {
      if (value === null) delete fields[name]
      else fields[name] = value
      changedTags[name] = value === null ? '' : text(value)
    }
    collection.replace(index, { uuid: current.uuid, fields })
    this.changes.record({ type: collection.type, uuid: current.uuid, action: 'u', changedTags })
  }

  override appearances(deviceType: LineAppearance['deviceType'], index: number): LineAppearance[] {
    return this.writtenAppearances.get(`${deviceType}#${index}`) ?? super.appearances(deviceType, index)
  }

  /** Replaces a device's line appearances: lines by button position, recorded as a change. */
  setAppearances(
    deviceType: LineAppearance['deviceType'],
    index: number,
    lines: Map<number, ButtonLine>
  ): void {
    const device = this.mutable(deviceType).at(index)
    if (!device) throw new Error(`${deviceType} #${index} does not exist`)
    this.writeAppearances(deviceType, index, lines)
    this.changes.record({ type: deviceType, uuid: device.uuid, action: 'u', changedTags: { lines: '' } })
  }

  private writeAppearances(
    deviceType: LineAppearance['deviceType'],
    index: number,
    lines: Map<number, ButtonLine>
  ): void {
    const appearances = [...lines.entries()]
      .sort(([a], [b]) => a - b)
      .map(([position, line]) => ({ deviceType, deviceIndex: index, position, ...line }))
    this.writtenAppearances.set(`${deviceType}#${index}`, appearances)
  }

  /** The devices associated with user `index`: as written, else the phones the user owns. */
  associatedDevices(index: number): string[] {
    const written = this.writtenAssociations.get(index)
    if (written) return written
    const userid = text(this.collection('User')?.at(index)?.fields.userid)
    const phones = this.mutable('Phone')
    const owned: string[] = []
    for (let j = 0; j < phones.size(); j++) {
      const phone = phones.at(j)
      if (phone && userid && text(phone.fields.ownerUserName) === userid) owned.push(text(phone.fields.name))
    }
    return owned
  }

  /** Every user-device association (enduserdevicemap): phone owners, then the associations written. */
  *userDevices(): Generator<{ userid: string; device: string }> {
    const users = this.mutable('User')
    const phones = this.mutable('Phone')
    for (let j = 0; j < phones.size(); j++) {
      const phone = phones.at(j)
      const owner = phone ? text(phone.fields.ownerUserName) : ''
      if (!owner) continue
      const user = this.writtenAssociations.size > 0 ? users.indexOf(owner) : undefined
      if (user === undefined || !this.writtenAssociations.has(user))
        yield { userid: owner, device: text(phone?.fields.name) }
    }
    for (const [user, devices] of this.writtenAssociations) {
      const userid = text(users.at(user)?.fields.userid)
      // A removed device leaves its users, as its enduserdevicemap rows go with it.
      if (userid)
        for (const device of devices) if (phones.indexOf(device) !== undefined) yield { userid, device }
    }
  }

  /** Replaces the devices associated with a user (updateUser's associatedDevices), recorded as a change. */
  setAssociatedDevices(index: number, devices: string[]): void {
    const user = this.mutable('User').at(index)
    if (!user) throw new Error(`User #${index} does not exist`)
    this.writtenAssociations.set(index, devices)
    this.changes.record({
      type: 'User',
      uuid: user.uuid,
      action: 'u',
      changedTags: { associatedDevices: devices.join(',') }
    })
  }

  /** The Extension Mobility profiles a user may log in with: as written, else the user's generated profile. */
  phoneProfiles(index: number): string[] {
    const written = this.writtenProfiles.get(index)
    if (written) return written
    const profiles = this.mutable('DeviceProfile')
    const profile = index % 8 === 0 && index / 8 < this.deviceProfiles ? profiles.at(index / 8) : undefined
    return profile &&
      text(profile.fields.loginUserId) === text(this.collection('User')?.at(index)?.fields.userid)
      ? [text(profile.fields.name)]
      : []
  }

  /** Replaces a user's Extension Mobility profiles (updateUser's phoneProfiles), recorded as a change. */
  setPhoneProfiles(index: number, profiles: string[]): void {
    const user = this.mutable('User').at(index)
    if (!user) throw new Error(`User #${index} does not exist`)
    this.writtenProfiles.set(index, profiles)
    this.changes.record({
      type: 'User',
      uuid: user.uuid,
      action: 'u',
      changedTags: { phoneProfiles: profiles.join(',') }
    })
  }

  /** Notes that a device's or line's configuration changed: it is pending until applied, reset or restarted. */
  configured(uuid: string): void {
    this.activity(uuid).configuredAt = ++this.activitySequence
  }

  /** Counts an apply, reset or restart of a device or line; what it was configured with is now in effect. */
  acted(uuid: string, action: DeviceAction): void {
    const activity = this.activity(uuid)
    activity[action] += 1
    activity.actedAt = ++this.activitySequence
  }

  /** How often a device or line was applied, reset and restarted, and whether a change awaits one of them. */
  actions(type: string, key: string): DeviceActions {
    const collection = this.mutable(type)
    const index = collection.indexOf(key)
    const object = index === undefined ? undefined : collection.at(index)
    if (!object) throw new Error(`${type} ${key} does not exist`)
    const { apply, reset, restart, configuredAt, actedAt } = this.activity(object.uuid)
    return { apply, reset, restart, pendingChanges: configuredAt > actedAt }
  }

  private activity(uuid: string): DeviceActivity {
    let activity = this.deviceActivity.get(uuid)
    if (!activity)
      this.deviceActivity.set(
        uuid,
        (activity = { apply: 0, reset: 0, restart: 0, configuredAt: 0, actedAt: 0 })
      )
    return activity
  }

  remove(type: string, index: number): void {
    const collection = this.mutable(type)
    const current = collection.at(index)
    if (!current) throw new Error(`${type} #${index} does not exist`)
    collection.replace(index, undefined)
    this.writtenAppearances.delete(`${collection.type}#${index}`)
    this.changes.record({ type: collection.type, uuid: current.uuid, action: 'r', changedTags: {} })
  }

  /** Adds an object; a device added gets the line appearances given (none: no lines). */
  add(type: string, fields: Record<string, FieldValue>, lines = new Map<number, ButtonLine>()): number {
    const collection = this.mutable(type)
    if (!text(fields[collection.keyField])) throw new Error(`${type} needs ${collection.keyField}`)
    const key = collection.keyOf(fields)
    if (collection.indexOf(key) !== undefined) throw new Error(`${type} ${key} already exists`)
    // Numbered, so an object added again after a removal is a new row with a new uuid, as on CUCM.
    const object: LabObject = { uuid: this.uuid(type, `added:${key}:${collection.size()}`), fields }
    const index = collection.append(object)
    if (type === 'Phone' || type === 'DeviceProfile' || type === 'RemoteDestinationProfile')
      this.writeAppearances(type, index, lines)
    this.changes.record({ type: collection.type, uuid: object.uuid, action: 'a', changedTags: {} })
    return index
  }
}
