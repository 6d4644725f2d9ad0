import { ChangeQueue } from './changes'
import { callAuthorization } from './cluster/callAuthorization'
import { callFeatures } from './cluster/callFeatures'
import { StaticCollection, type MutableCollection } from './cluster/collections'
import { devicePools } from './cluster/devicePools'
import { dialPlan } from './cluster/dialPlan'
import { gateways } from './cluster/gateways'
import type { InfrastructureContext, StaticType } from './cluster/infrastructure'
import { ClusterLayout, type ClusterOptions } from './cluster/layout'
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

  /** Changes fields of an object and records the change for listChange. */
  update(type: string, index: number, changes: Record<string, string>): void {
    const collection = this.mutable(type)
    const current = collection.at(index)
    if (!current) throw new Error(`${type} #${index} does not exist`)
    collection.replace(index, { uuid: current.uuid, fields: { ...current.fields, ...changes } })
    this.changes.record({ type: collection.type, uuid: current.uuid, action: 'u', changedTags: changes })
  }

  remove(type: string, index: number): void {
    const collection = this.mutable(type)
    const current = collection.at(index)
    if (!current) throw new Error(`${type} #${index} does not exist`)
    collection.replace(index, undefined)
    this.changes.record({ type: collection.type, uuid: current.uuid, action: 'r', changedTags: {} })
  }

  add(type: string, fields: Record<string, FieldValue>): number {
    const collection = this.mutable(type)
    const key = text(fields[collection.keyField])
    if (!key) throw new Error(`${type} needs ${collection.keyField}`)
    if (collection.indexOf(key) !== undefined) throw new Error(`${type} ${key} already exists`)
    const object: LabObject = { uuid: this.uuid(type, `added:${key}`), fields }
    const index = collection.append(object)
    this.changes.record({ type: collection.type, uuid: object.uuid, action: 'a', changedTags: {} })
    return index
  }
}
