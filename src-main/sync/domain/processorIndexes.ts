// The lookups the domain synchronization builds from the processors' inventories once per run: a Call
// Processor's devices, lines and licences by user and by device, and the Message Processors' mailboxes
// by the line they serve and by alias.
import type { CallProcessorSnapshot, InventoryObject, MessageProcessorSnapshot } from './snapshot'
import { text, type Data } from './values'

/** A Call Processor's inventory as the engine looks it up, keys lower-cased where they are user ids. */
export interface CallProcessorIndex {
  /** Phones by name. */
  phones: Map<string, Data>
  /** Lines by partition, then pattern (no key string to build for each of 80,000 appearances). */
  lines: Map<string, Map<string, Data>>
  /** Line appearances by device name. */
  appearancesOf: Map<string, InventoryObject[]>
  /** Each user's devices: those associated with the user, then phones the user owns but is not associated with. */
  devicesOf: Map<string, string[]>
  deviceProfilesOf: Map<string, InventoryObject[]>
  remoteDestinationProfilesOf: Map<string, InventoryObject[]>
  licenses: Map<string, Data>
  /** Phone service subscriptions by device profile name. */
  subscriptionsOf: Map<string, InventoryObject[]>
}

export interface UserPhone {
  name: string
  data: Data
}

export function indexCallProcessor(cp: CallProcessorSnapshot): CallProcessorIndex {
  const phones = new Map(cp.objects('Phone').map((o) => [text(o.data.name), o.data]))
  return {
    phones,
    lines: linesByPartition(cp.objects('Line')),
    appearancesOf: groupBy(cp.objects('LineAppearance'), (o) => text(o.data.device)),
    devicesOf: devicesByUser(cp.objects('UserDeviceAssociation'), phones),
    deviceProfilesOf: groupBy(cp.objects('DeviceProfile'), (o) => text(o.data.loginUserId).toLowerCase()),
    remoteDestinationProfilesOf: groupBy(cp.objects('RemoteDestinationProfile'), (o) =>
      text(o.data.userId).toLowerCase()
    ),
    licenses: new Map(cp.objects('LicensedUser').map((o) => [text(o.data.userId).toLowerCase(), o.data])),
    subscriptionsOf: groupBy(cp.objects('DeviceProfileService'), (o) => text(o.data.device))
  }
}

/** The phones of a user (by lower-cased user id) that the Call Processor has. */
export function phonesOfUser(index: CallProcessorIndex, userKey: string): UserPhone[] {
  const phones: UserPhone[] = []
  for (const name of index.devicesOf.get(userKey) ?? []) {
    const data = index.phones.get(name)
    if (data) phones.push({ name, data })
  }
  return phones
}

function linesByPartition(lines: InventoryObject[]): Map<string, Map<string, Data>> {
  const byPartition = new Map<string, Map<string, Data>>()
  for (const o of lines) {
    const partition = text(o.data.routePartitionName)
    let inPartition = byPartition.get(partition)
    if (!inPartition) byPartition.set(partition, (inPartition = new Map<string, Data>()))
    inPartition.set(text(o.data.pattern), o.data)
  }
  return byPartition
}

function devicesByUser(associations: InventoryObject[], phones: Map<string, Data>): Map<string, string[]> {
  const devicesOf = new Map<string, string[]>()
  const addDevice = (userKey: string, device: string): void => {
    const list = devicesOf.get(userKey)
    if (!list) devicesOf.set(userKey, [device])
    else if (!list.includes(device)) list.push(device)
  }
  for (const o of associations) addDevice(text(o.data.userid).toLowerCase(), text(o.data.device))
  for (const [name, phone] of phones) {
    const owner = text(phone.ownerUserName).toLowerCase()
    if (owner !== '') addDevice(owner, name)
  }
  return devicesOf
}

export interface Mailbox {
  mpId: number
  mpName: string
  /** The Call Processor whose lines its Message Processor serves; undefined when that is not known. */
  cpId: number | undefined
  data: Data
}

/** Mailboxes of the domain's Message Processors. */
export interface MailboxIndex {
  /** The first mailbox with each extension, by the Call Processor its Message Processor serves. */
  byLine: Map<number, Map<string, Mailbox>>
  /** Every mailbox of each lower-cased alias, in the order of the Message Processors. */
  byAlias: Map<string, Mailbox[]>
  /** Message Processors serving each Call Processor, by name. */
  processorsServing: Map<number, string[]>
  /** Message Processors whose Call Processor is not known: their mailboxes serve no line. */
  unlinked: string[]
}

/**
 * A Message Processor serves the lines of the Call Processor its device configuration names (Unity
 * Connection's phone system is one Unified CM cluster); a domain with one Call Processor needs no
 * configuration. An extension alone says nothing: every cluster may have a line 2000001.
 */
export function indexMailboxes(
  messageProcessors: MessageProcessorSnapshot[],
  callProcessorIds: number[]
): MailboxIndex {
  const index: MailboxIndex = {
    byLine: new Map(),
    byAlias: new Map(),
    processorsServing: new Map(),
    unlinked: []
  }
  const onlyCallProcessor = callProcessorIds.length === 1 ? callProcessorIds[0] : undefined
  for (const mp of messageProcessors) {
    const cpId = mp.callProcessorId ?? onlyCallProcessor
    let extensions: Map<string, Mailbox> | undefined
    if (cpId === undefined) index.unlinked.push(mp.name)
    else {
      index.processorsServing.set(cpId, [...(index.processorsServing.get(cpId) ?? []), mp.name])
      extensions = index.byLine.get(cpId)
      if (!extensions) index.byLine.set(cpId, (extensions = new Map<string, Mailbox>()))
    }
    for (const o of mp.objects('UnityUser')) {
      const mailbox: Mailbox = { mpId: mp.id, mpName: mp.name, cpId, data: o.data }
      const extension = text(o.data.DtmfAccessId)
      if (extensions && extension !== '' && !extensions.has(extension)) extensions.set(extension, mailbox)
      const alias = text(o.data.Alias).toLowerCase()
      if (alias !== '') index.byAlias.set(alias, [...(index.byAlias.get(alias) ?? []), mailbox])
    }
  }
  return index
}

function groupBy<T>(items: T[], keyOf: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>()
  for (const item of items) {
    const key = keyOf(item)
    const list = map.get(key)
    if (list) list.push(item)
    else map.set(key, [item])
  }
  return map
}
