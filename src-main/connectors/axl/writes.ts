// AXL writes (issue 20): lines, phones and the user fields a move, add or change touches. Each write is
// refused unless the device allows changes, sends only the fields the caller sets (an empty element
// clears a field on Unified CM), and is followed by a read-back of what the server now holds.
import { refuseUnlessChangesAllowed } from '../../core/changesAllowed'
import { AxlClient, AxlError, normalizeValue, type AxlClientOptions } from './client'
import { requestEnvelope, type SoapArgument } from './soap'

/** The device written to, as stored: its name and its "Allow changes" setting. */
export interface WritableDevice {
  name: string
  allow_changes: 0 | 1
}

/** A directory number is identified by its pattern and partition (none: the `<None>` partition). */
export interface LineId {
  pattern: string
  partition?: string
}

/** Line settings a write may set; absent ones are left as they are. */
export interface LineSettings {
  description?: string
  alertingName?: string
  asciiAlertingName?: string
  voiceMailProfileName?: string
}

/** A line appearance on a phone: button `index` showing the directory number. */
export interface PhoneLine extends LineId {
  index: number
  label?: string
  display?: string
}

/** Phone settings an update may change (product, class and protocol are fixed once created). */
export interface PhoneSettings {
  description?: string
  callingSearchSpaceName?: string
  devicePoolName?: string
  locationName?: string
  ownerUserName?: string
}

export interface NewPhone extends PhoneSettings {
  name: string
  product: string
  class: string
  protocol: string
  devicePoolName: string
  locationName: string
  phoneTemplateName: string
  commonPhoneConfigName?: string
  securityProfileName?: string
  sipProfileName?: string
  lines: PhoneLine[]
}

/** The user fields of a move, add or change; associated devices are added or removed by name. */
export interface UserChanges {
  associatedDevices?: { add?: string[]; remove?: string[] }
  primaryExtension?: LineId
  homeCluster?: boolean
  imAndPresenceEnable?: boolean
  serviceProfile?: string
}

/** An object as read back after a write: its uuid and fields (references as names). */
export interface ReadBack {
  uuid: string
  fields: Record<string, unknown>
}

/** What a refused or failed write means, so a caller can tell a duplicate from a missing reference. */
export type AxlWriteFailure =
  /** The object already exists (axlcode -239, a unique index). */
  | 'duplicate'
  /** A referenced or named object does not exist (axlcode 5007, "Item not valid"). */
  | 'not-valid'
  /** Another AXL fault. */
  | 'fault'
  /** The AXL account may not write (HTTP 401/403). */
  | 'not-permitted'
  /** Still throttled (HTTP 503 or AXL memory) after the retries. */
  | 'throttled'
  /** The network, the protocol or a deadline. */
  | 'failed'

/** A write the server refused or that could not complete, naming the operation, the object and AXL's answer. */
export class AxlWriteError extends Error {
  readonly failure: AxlWriteFailure
  readonly axlcode: number | undefined
  readonly axlMessage: string

  constructor(
    readonly operation: string,
    readonly target: string,
    readonly cause: AxlError
  ) {
    const code = cause.details.axlcode
    const axlcode = code !== undefined && !Number.isNaN(code) ? code : undefined
    super(
      `${operation} ${target} failed: ${cause.message}${axlcode !== undefined ? ` (AXL code ${axlcode})` : ''}`
    )
    this.name = 'AxlWriteError'
    this.failure = writeFailure(cause)
    this.axlcode = axlcode
    this.axlMessage = cause.message
  }
}

function writeFailure(error: AxlError): AxlWriteFailure {
  if (error.kind === 'fault') {
    if (error.details.axlcode === -239) return 'duplicate'
    if (error.details.axlcode === 5007) return 'not-valid'
    return 'fault'
  }
  if (error.kind === 'auth') return 'not-permitted'
  if (error.kind === 'throttled' || error.kind === 'memory') return 'throttled'
  return 'failed'
}

function lineName({ pattern, partition }: LineId): string {
  return partition ? `${pattern} in ${partition}` : `${pattern} (no partition)`
}

/** `pattern` and `routePartitionName` in schema order; the partition only when there is one. */
function lineKey({ pattern, partition }: LineId): Record<string, SoapArgument> {
  return partition ? { pattern, routePartitionName: partition } : { pattern }
}

/** The arguments set, in the order given (the schema's): undefined ones are not sent at all. */
function present(args: Record<string, SoapArgument | undefined>): Record<string, SoapArgument> {
  const sent: Record<string, SoapArgument> = {}
  for (const [name, value] of Object.entries(args)) if (value !== undefined) sent[name] = value
  return sent
}

function phoneLine(line: PhoneLine): SoapArgument {
  return present({
    index: line.index,
    label: line.label,
    display: line.display,
    dirn: { pattern: line.pattern, routePartitionName: line.partition ?? '' }
  })
}

/** Tries of a write whose connection was lost, each after checking that the first did not land. */
const UNCLEAR_WRITE_ATTEMPTS = 3

function asList(value: unknown): unknown[] {
  return value === undefined || value === null || value === '' ? [] : Array.isArray(value) ? value : [value]
}

/** What a write does to its object, which decides how an unclear outcome is checked. */
export type AxlWriteKind = 'add' | 'update' | 'remove'

/**
 * One AXL write as it will be sent: built before sending (an order's dry run shows exactly this), with
 * the get that reads its object back.
 */
export interface AxlWriteRequest {
  kind: AxlWriteKind
  operation: string
  /** The object, as a person names it ("4100 in PT-Internal", a phone's name, a user id). */
  target: string
  args: Record<string, SoapArgument>
  readBack: AxlRead
}

/** A get of one object: the operation, the element its answer holds and the key. */
export interface AxlRead {
  operation: string
  element: string
  args: Record<string, SoapArgument>
}

/** The SOAP envelope of a write, exactly as the client sends it to a server of schema `version`. */
export function axlWriteEnvelope(request: AxlWriteRequest, version: string): string {
  return requestEnvelope(request.operation, version, request.args)
}

const readLine = (line: LineId): AxlRead => ({ operation: 'getLine', element: 'line', args: lineKey(line) })
const readPhone = (name: string): AxlRead => ({ operation: 'getPhone', element: 'phone', args: { name } })
const readUser = (userid: string): AxlRead => ({ operation: 'getUser', element: 'user', args: { userid } })

export function addLineRequest(line: LineId & LineSettings): AxlWriteRequest {
  const { pattern, partition, ...settings } = line
  return {
    kind: 'add',
    operation: 'addLine',
    target: lineName(line),
    args: {
      line: present({
        pattern,
        description: settings.description,
        usage: 'Device',
        routePartitionName: partition,
        alertingName: settings.alertingName,
        asciiAlertingName: settings.asciiAlertingName,
        voiceMailProfileName: settings.voiceMailProfileName
      })
    },
    readBack: readLine(line)
  }
}

export function updateLineRequest(line: LineId, changes: LineSettings): AxlWriteRequest {
  return {
    kind: 'update',
    operation: 'updateLine',
    target: lineName(line),
    args: {
      ...lineKey(line),
      ...present({
        description: changes.description,
        alertingName: changes.alertingName,
        asciiAlertingName: changes.asciiAlertingName,
        voiceMailProfileName: changes.voiceMailProfileName
      })
    },
    readBack: readLine(line)
  }
}

export function removeLineRequest(line: LineId): AxlWriteRequest {
  return {
    kind: 'remove',
    operation: 'removeLine',
    target: lineName(line),
    args: lineKey(line),
    readBack: readLine(line)
  }
}

export function addPhoneRequest(phone: NewPhone): AxlWriteRequest {
  return {
    kind: 'add',
    operation: 'addPhone',
    target: phone.name,
    args: {
      // The schema requires the settings a real server defaults when sent empty; these are its defaults.
      phone: present({
        name: phone.name,
        description: phone.description,
        product: phone.product,
        class: phone.class,
        protocol: phone.protocol,
        protocolSide: 'User',
        callingSearchSpaceName: phone.callingSearchSpaceName,
        devicePoolName: phone.devicePoolName,
        commonPhoneConfigName: phone.commonPhoneConfigName ?? 'Standard Common Phone Profile',
        locationName: phone.locationName,
        useTrustedRelayPoint: 'Default',
        securityProfileName: phone.securityProfileName,
        sipProfileName: phone.sipProfileName,
        lines: phone.lines.length > 0 ? { line: phone.lines.map(phoneLine) } : undefined,
        phoneTemplateName: phone.phoneTemplateName,
        primaryPhoneName: '',
        builtInBridgeStatus: 'Default',
        ownerUserName: phone.ownerUserName,
        packetCaptureMode: 'None',
        certificateOperation: 'No Pending Operation',
        deviceMobilityMode: 'Default'
      })
    },
    readBack: readPhone(phone.name)
  }
}

/** Line appearances an update adds or removes; the phone's other appearances stay. */
export interface PhoneLineChanges {
  add?: PhoneLine[]
  remove?: PhoneLine[]
}

/**
 * Changes a phone's settings and adds or removes line appearances (updatePhone's addLines and
 * removeLines change only the lines named; the other appearances stay).
 */
export function updatePhoneRequest(
  name: string,
  changes: PhoneSettings,
  lines: PhoneLineChanges = {}
): AxlWriteRequest {
  const { add = [], remove = [] } = lines
  return {
    kind: 'update',
    operation: 'updatePhone',
    target: name,
    args: {
      name,
      ...present({
        description: changes.description,
        callingSearchSpaceName: changes.callingSearchSpaceName,
        devicePoolName: changes.devicePoolName,
        locationName: changes.locationName,
        removeLines: remove.length > 0 ? { line: remove.map(phoneLine) } : undefined,
        addLines: add.length > 0 ? { line: add.map(phoneLine) } : undefined,
        ownerUserName: changes.ownerUserName
      })
    },
    readBack: readPhone(name)
  }
}

export function removePhoneRequest(name: string): AxlWriteRequest {
  return { kind: 'remove', operation: 'removePhone', target: name, args: { name }, readBack: readPhone(name) }
}

/**
 * Changes a user. Unified CM replaces associatedDevices whole, so a change to them needs the user's
 * current list (`currentDevices`): the additions and removals are merged into it and the complete list
 * is sent.
 */
export function updateUserRequest(
  userid: string,
  changes: UserChanges,
  currentDevices: readonly string[] = []
): AxlWriteRequest {
  let associatedDevices: SoapArgument | undefined
  if (changes.associatedDevices) {
    const removed = new Set((changes.associatedDevices.remove ?? []).map((d) => d.toLowerCase()))
    const merged = currentDevices.filter((d) => !removed.has(d.toLowerCase()))
    for (const device of changes.associatedDevices.add ?? [])
      if (!merged.some((d) => d.toLowerCase() === device.toLowerCase())) merged.push(device)
    // An empty <associatedDevices/> clears the list, which is what removing the last device means.
    associatedDevices = merged.length > 0 ? { device: merged } : {}
  }
  const bool = (value: boolean | undefined): string | undefined =>
    value === undefined ? undefined : String(value)
  return {
    kind: 'update',
    operation: 'updateUser',
    target: userid,
    args: {
      userid,
      ...present({
        associatedDevices,
        primaryExtension: changes.primaryExtension ? lineKey(changes.primaryExtension) : undefined,
        homeCluster: bool(changes.homeCluster),
        imAndPresenceEnable: bool(changes.imAndPresenceEnable),
        serviceProfile: changes.serviceProfile
      })
    },
    readBack: readUser(userid)
  }
}

/**
 * Writes to one Unified CM. Made only through `connect`, which refuses a device whose "Allow changes"
 * is off before connecting; every write checks again (the setting may be turned off meanwhile).
 */
export class AxlWriter {
  private constructor(
    private readonly device: WritableDevice,
    private readonly client: AxlClient,
    /** A preview (a dry run) reads and builds requests but sends none, whatever the device allows. */
    private readonly preview = false
  ) {}

  static async connect(device: WritableDevice, options: AxlClientOptions): Promise<AxlWriter> {
    refuseUnlessChangesAllowed(device, 'a change')
    return new AxlWriter(device, await AxlClient.connect(options))
  }

  /** A writer that only reads: it builds the requests a dry run shows, and refuses to send any. */
  static async connectPreview(device: WritableDevice, options: AxlClientOptions): Promise<AxlWriter> {
    return new AxlWriter(device, await AxlClient.connect(options), true)
  }

  /** The client underneath, for reads in the shape a synchronization reads (the inventory's). */
  get reader(): AxlClient {
    return this.client
  }

  close(): void {
    this.client.close()
  }

  /** The schema version the server accepted (requests are rendered in its namespace). */
  get version(): string {
    return this.client.version
  }

  async addLine(line: LineId & LineSettings): Promise<ReadBack> {
    return this.written(addLineRequest(line))
  }

  async updateLine(line: LineId, changes: LineSettings): Promise<ReadBack> {
    return this.written(updateLineRequest(line, changes))
  }

  /** Removes a line; resolves once a read-back no longer finds it. */
  async removeLine(line: LineId): Promise<void> {
    await this.apply(removeLineRequest(line))
  }

  async addPhone(phone: NewPhone): Promise<ReadBack> {
    return this.written(addPhoneRequest(phone))
  }

  async updatePhone(name: string, changes: PhoneSettings, lines: PhoneLineChanges = {}): Promise<ReadBack> {
    return this.written(updatePhoneRequest(name, changes, lines))
  }

  async removePhone(name: string): Promise<void> {
    await this.apply(removePhoneRequest(name))
  }

  async updateUser(userid: string, changes: UserChanges): Promise<ReadBack> {
    return this.written(await this.prepareUpdateUser(userid, changes))
  }

  /** The updateUser request of `changes`, with the user's current devices read when the list changes. */
  async prepareUpdateUser(userid: string, changes: UserChanges): Promise<AxlWriteRequest> {
    const current = changes.associatedDevices ? await this.associatedDevices(userid) : []
    return updateUserRequest(userid, changes, current)
  }

  getLine(line: LineId): Promise<ReadBack> {
    return this.read(readLine(line), lineName(line))
  }

  getPhone(name: string): Promise<ReadBack> {
    return this.read(readPhone(name), name)
  }

  getUser(userid: string): Promise<ReadBack> {
    return this.read(readUser(userid), userid)
  }

  /**
   * Sends a write and reads its object back: the object as the server now holds it, or undefined once
   * a removal is confirmed by the read-back no longer finding it.
   */
  async apply(request: AxlWriteRequest): Promise<ReadBack | undefined> {
    await this.send(request)
    return this.confirm(request)
  }

  /**
   * Sends one write. A connection lost on the way leaves its outcome unknown, so before sending again
   * the object is read: an add that landed or a removal that did is not sent twice (a second add would
   * be refused as a duplicate). An update sends the same values again, which is harmless.
   */
  async send(request: AxlWriteRequest): Promise<void> {
    if (this.preview)
      throw new Error(`A preview sends nothing: ${request.operation} ${request.target} was not sent.`)
    refuseUnlessChangesAllowed(this.device, `${request.operation} ${request.target}`)
    for (let attempt = 1; ; attempt++) {
      try {
        await this.call(request.operation, request.target, request.args, 'write')
        return
      } catch (error) {
        if (
          !(error instanceof AxlWriteError) ||
          error.failure !== 'failed' ||
          attempt >= UNCLEAR_WRITE_ATTEMPTS
        )
          throw error
        if (request.kind !== 'update' && (await this.landed(request))) return
      }
    }
  }

  /** Whether the effect of `request` is on the server: its object exists after an add, is gone after a removal. */
  async landed(request: AxlWriteRequest): Promise<boolean> {
    const found = await this.find(request.readBack, request.target)
    return request.kind === 'remove' ? found === undefined : found !== undefined
  }

  /** Sends an add or an update and reads its object back. */
  private async written(request: AxlWriteRequest): Promise<ReadBack> {
    await this.send(request)
    return this.read(request.readBack, request.target)
  }

  /** The object `request` wrote, read back (undefined: a removal, confirmed by its absence). */
  async confirm(request: AxlWriteRequest): Promise<ReadBack | undefined> {
    if (request.kind !== 'remove') return this.read(request.readBack, request.target)
    if ((await this.find(request.readBack, request.target)) === undefined) return undefined
    throw new AxlWriteError(
      request.readBack.operation,
      request.target,
      new AxlError('protocol', 'The server still holds it after answering the removal.', { status: 200 })
    )
  }

  /** The object read, or undefined when the server answers that it does not exist ("Item not valid"). */
  async find(read: AxlRead, target: string): Promise<ReadBack | undefined> {
    try {
      return await this.read(read, target)
    } catch (error) {
      if (error instanceof AxlWriteError && error.failure === 'not-valid') return undefined
      throw error
    }
  }

  /** The user's associated devices (getUser leaves them out unless asked for). */
  async associatedDevices(userid: string): Promise<string[]> {
    const user = await this.read(
      { ...readUser(userid), args: { userid, returnedTags: { associatedDevices: { device: '' } } } },
      userid
    )
    const list = user.fields.associatedDevices as { device?: unknown } | undefined
    return asList(list?.device).map(String)
  }

  /** One request; AXL's refusals come back as AxlWriteError naming the operation and the object. */
  private async call(
    operation: string,
    target: string,
    args: Record<string, SoapArgument>,
    purpose: 'read' | 'write'
  ): Promise<Record<string, unknown>> {
    try {
      return purpose === 'write'
        ? await this.client.write(operation, args)
        : await this.client.call(operation, args)
    } catch (error) {
      throw error instanceof AxlError ? new AxlWriteError(operation, target, error) : error
    }
  }

  private async read({ operation, element, args }: AxlRead, target: string): Promise<ReadBack> {
    const item = (await this.call(operation, target, args, 'read'))[element] as
      Record<string, unknown> | null | undefined
    if (typeof item !== 'object' || item === null || Array.isArray(item))
      throw new AxlWriteError(
        operation,
        target,
        new AxlError('protocol', `The AXL service answered without one <${element}>.`, { status: 200 })
      )
    const { attributes, ...fields } = item as { attributes?: { uuid?: string } }
    return {
      uuid: (attributes?.uuid ?? '').toUpperCase(),
      fields: normalizeValue(fields) as Record<string, unknown>
    }
  }
}
