// AXL writes (issue 20): lines, phones and the user fields a move, add or change touches. Each write is
// refused unless the device allows changes, sends only the fields the caller sets (an empty element
// clears a field on Unified CM), and is followed by a read-back of what the server now holds.
import { refuseUnlessChangesAllowed } from '../../core/changesAllowed'
import { AxlClient, AxlError, normalizeValue, type AxlClientOptions } from './client'
import type { SoapArgument } from './soap'

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

function asList(value: unknown): unknown[] {
  return value === undefined || value === null || value === '' ? [] : Array.isArray(value) ? value : [value]
}

/**
 * Writes to one Unified CM. Made only through `connect`, which refuses a device whose "Allow changes"
 * is off before connecting; every write checks again (the setting may be turned off meanwhile).
 */
export class AxlWriter {
  private constructor(
    private readonly device: WritableDevice,
    private readonly client: AxlClient
  ) {}

  static async connect(device: WritableDevice, options: AxlClientOptions): Promise<AxlWriter> {
    refuseUnlessChangesAllowed(device, 'a change')
    return new AxlWriter(device, await AxlClient.connect(options))
  }

  close(): void {
    this.client.close()
  }

  async addLine(line: LineId & LineSettings): Promise<ReadBack> {
    const { pattern, partition, ...settings } = line
    await this.write('addLine', lineName(line), {
      line: present({
        pattern,
        description: settings.description,
        usage: 'Device',
        routePartitionName: partition,
        alertingName: settings.alertingName,
        asciiAlertingName: settings.asciiAlertingName,
        voiceMailProfileName: settings.voiceMailProfileName
      })
    })
    return this.getLine(line)
  }

  async updateLine(line: LineId, changes: LineSettings): Promise<ReadBack> {
    await this.write('updateLine', lineName(line), {
      ...lineKey(line),
      ...present({
        description: changes.description,
        alertingName: changes.alertingName,
        asciiAlertingName: changes.asciiAlertingName,
        voiceMailProfileName: changes.voiceMailProfileName
      })
    })
    return this.getLine(line)
  }

  /** Removes a line; resolves once a read-back no longer finds it. */
  async removeLine(line: LineId): Promise<void> {
    await this.write('removeLine', lineName(line), lineKey(line))
    await this.expectGone('getLine', lineName(line), lineKey(line))
  }

  async addPhone(phone: NewPhone): Promise<ReadBack> {
    await this.write('addPhone', phone.name, {
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
    })
    return this.getPhone(phone.name)
  }

  /**
   * Changes a phone's settings and adds or removes line appearances (updatePhone's addLines and
   * removeLines change only the lines named; the other appearances stay).
   */
  async updatePhone(
    name: string,
    changes: PhoneSettings,
    lines: { add?: PhoneLine[]; remove?: PhoneLine[] } = {}
  ): Promise<ReadBack> {
    const { add = [], remove = [] } = lines
    await this.write('updatePhone', name, {
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
    })
    return this.getPhone(name)
  }

  async removePhone(name: string): Promise<void> {
    await this.write('removePhone', name, { name })
    await this.expectGone('getPhone', name, { name })
  }

  /**
   * Changes a user. Unified CM replaces associatedDevices whole, so the current list is read, the
   * additions and removals merged into it, and the complete list sent.
   */
  async updateUser(userid: string, changes: UserChanges): Promise<ReadBack> {
    let associatedDevices: SoapArgument | undefined
    if (changes.associatedDevices) {
      const current = await this.associatedDevices(userid)
      const removed = new Set((changes.associatedDevices.remove ?? []).map((d) => d.toLowerCase()))
      const merged = current.filter((d) => !removed.has(d.toLowerCase()))
      for (const device of changes.associatedDevices.add ?? [])
        if (!merged.some((d) => d.toLowerCase() === device.toLowerCase())) merged.push(device)
      // An empty <associatedDevices/> clears the list, which is what removing the last device means.
      associatedDevices = merged.length > 0 ? { device: merged } : {}
    }
    const bool = (value: boolean | undefined): string | undefined =>
      value === undefined ? undefined : String(value)
    await this.write('updateUser', userid, {
      userid,
      ...present({
        associatedDevices,
        primaryExtension: changes.primaryExtension ? lineKey(changes.primaryExtension) : undefined,
        homeCluster: bool(changes.homeCluster),
        imAndPresenceEnable: bool(changes.imAndPresenceEnable),
        serviceProfile: changes.serviceProfile
      })
    })
    return this.getUser(userid)
  }

  getLine(line: LineId): Promise<ReadBack> {
    return this.read('getLine', lineName(line), 'line', lineKey(line))
  }

  getPhone(name: string): Promise<ReadBack> {
    return this.read('getPhone', name, 'phone', { name })
  }

  getUser(userid: string): Promise<ReadBack> {
    return this.read('getUser', userid, 'user', { userid })
  }

  private async associatedDevices(userid: string): Promise<string[]> {
    const user = await this.read('getUser', userid, 'user', {
      userid,
      returnedTags: { associatedDevices: { device: '' } }
    })
    const list = user.fields.associatedDevices as { device?: unknown } | undefined
    return asList(list?.device).map(String)
  }

  private async write(operation: string, target: string, args: Record<string, SoapArgument>): Promise<void> {
    refuseUnlessChangesAllowed(this.device, `${operation} ${target}`)
    await this.call(operation, target, args)
  }

  /** One request; AXL's refusals come back as AxlWriteError naming the operation and the object. */
  private async call(
    operation: string,
    target: string,
    args: Record<string, SoapArgument>
  ): Promise<Record<string, unknown>> {
    try {
      return await this.client.call(operation, args)
    } catch (error) {
      throw error instanceof AxlError ? new AxlWriteError(operation, target, error) : error
    }
  }

  private async read(
    operation: string,
    target: string,
    element: string,
    args: Record<string, SoapArgument>
  ): Promise<ReadBack> {
    const item = (await this.call(operation, target, args))[element] as
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

  /** A removal is confirmed when the read-back answers "Item not valid" (5007). */
  private async expectGone(
    operation: string,
    target: string,
    args: Record<string, SoapArgument>
  ): Promise<void> {
    try {
      await this.call(operation, target, args)
    } catch (error) {
      if (error instanceof AxlWriteError && error.failure === 'not-valid') return
      throw error
    }
    throw new AxlWriteError(
      operation,
      target,
      new AxlError('protocol', 'The server still holds it after answering the removal.', { status: 200 })
    )
  }
}
