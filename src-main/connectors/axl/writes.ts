// AXL writes (issue 20): lines, phones of every class, users, Extension Mobility and remote destination
// profiles, remote destinations, and the actions on devices (apply, reset, restart, EM login and
// logout). Each write is refused unless the device allows changes, sends only the fields the caller
// sets (an empty element clears a field on Unified CM), and is followed by a read-back of what the
// server now holds.
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
  /** Whether Extension Mobility users may log in to the phone. */
  enableExtensionMobility?: boolean
}

/**
 * A new phone of any class: a desk phone (`SEP` + MAC), a Jabber client (products `Cisco Unified
 * Client Services Framework`, `Cisco Dual Mode for iPhone`/`Android`, `Cisco Jabber for Tablet`) or a
 * CTI port (product `CTI Port`, protocol SCCP). Without `phoneTemplateName` (a CTI port has none) an
 * empty one is sent, which the server fills with the product's default.
 */
export interface NewPhone extends PhoneSettings {
  name: string
  product: string
  class: string
  protocol: string
  devicePoolName: string
  locationName: string
  phoneTemplateName?: string
  commonPhoneConfigName?: string
  securityProfileName?: string
  sipProfileName?: string
  lines: PhoneLine[]
}

/** Names added to or removed from a list Unified CM replaces whole (the rest of the list stays). */
export interface ListChanges {
  add?: string[]
  remove?: string[]
}

/** A user's name and contact fields, as a move, add or change sets them. */
export interface UserNames {
  firstName?: string
  lastName?: string
  mailid?: string
  department?: string
}

/**
 * The user fields of a move, add or change. Associated devices and Extension Mobility profiles
 * (phoneProfiles) are added or removed by name; defaultProfile is the profile EM logs in with.
 */
export interface UserChanges extends UserNames {
  associatedDevices?: ListChanges
  primaryExtension?: LineId
  phoneProfiles?: ListChanges
  defaultProfile?: string
  homeCluster?: boolean
  imAndPresenceEnable?: boolean
  serviceProfile?: string
}

/** A new end user; `presenceGroupName` defaults to the group every cluster has. */
export interface NewUser extends UserNames {
  userid: string
  lastName: string
  displayName?: string
  telephoneNumber?: string
  associatedDevices?: string[]
  primaryExtension?: LineId
  phoneProfiles?: string[]
  defaultProfile?: string
  presenceGroupName?: string
  enableMobility?: boolean
  homeCluster?: boolean
  imAndPresenceEnable?: boolean
  serviceProfile?: string
  directoryUri?: string
}

/** Settings of an Extension Mobility profile an update may change. */
export interface DeviceProfileSettings {
  description?: string
  phoneTemplateName?: string
  userLocale?: string
  softkeyTemplateName?: string
}

/** A new Extension Mobility (device) profile: the phone model it stands for and its lines. */
export interface NewDeviceProfile extends DeviceProfileSettings {
  name: string
  /** The phone model, e.g. `Cisco 8845`. */
  product: string
  protocol: string
  phoneTemplateName: string
  lines: PhoneLine[]
}

/** Settings of a remote destination profile (Single Number Reach) an update may change. */
export interface RemoteDestinationProfileSettings {
  description?: string
  callingSearchSpaceName?: string
  devicePoolName?: string
  /** The user the profile belongs to. */
  userId?: string
  rerouteCallingSearchSpaceName?: string
}

export interface NewRemoteDestinationProfile extends RemoteDestinationProfileSettings {
  name: string
  devicePoolName: string
  userId: string
  lines: PhoneLine[]
}

/** Settings of a remote destination (a mobile number); timers in milliseconds. */
export interface RemoteDestinationSettings {
  name?: string
  answerTooSoonTimer?: number
  answerTooLateTimer?: number
  delayBeforeRingingCell?: number
  isMobilePhone?: boolean
  enableMobileConnect?: boolean
}

/**
 * A new remote destination, known by its number (`destination`). It hangs off exactly one of a
 * remote destination profile or a dual-mode (Jabber mobile) device.
 */
export interface NewRemoteDestination extends RemoteDestinationSettings {
  destination: string
  ownerUserId: string
  remoteDestinationProfileName?: string
  dualModeDeviceName?: string
}

/** What an Extension Mobility login names: the phone, the profile and the user logging in. */
export interface DeviceLogin {
  deviceName: string
  profileName: string
  userId: string
  /** How long the login lasts, in the server's unit; 0 (the default) asks for no limit (unconfirmed). */
  loginDuration?: number
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

/** The text of a read-back's leaf element ('' for an absent or nested one). */
function leafText(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : ''
}

/** Whether a read-back shows an action's effect (`null`: the field is absent or empty). */
function shows(read: ReadBack, effect: AxlWriteRequest['landedWhen']): boolean {
  if (!effect) return true
  const held = leafText(read.fields[effect.field]) || null
  return effect.value === null ? held === null : held !== null && sameName(held, effect.value)
}

function unconfirmed(request: AxlWriteRequest, message: string): AxlWriteError {
  return new AxlWriteError(
    request.readBack.operation,
    request.target,
    new AxlError('protocol', message, { status: 200 })
  )
}

const changesLines = (lines: PhoneLineChanges): boolean =>
  (lines.add ?? []).length > 0 || (lines.remove ?? []).length > 0

/** Tries of a write whose connection was lost, each after checking that the first did not land. */
const UNCLEAR_WRITE_ATTEMPTS = 3

function asList(value: unknown): unknown[] {
  return value === undefined || value === null || value === '' ? [] : Array.isArray(value) ? value : [value]
}

/**
 * What a write does to its object, which decides how an unclear outcome is checked. An `action`
 * (apply, reset, restart, Extension Mobility login and logout) creates and removes nothing: whether
 * it took effect shows only where `landedWhen` says, and an action without it leaves no trace.
 */
export type AxlWriteKind = 'add' | 'update' | 'remove' | 'action'

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
  /**
   * For an action whose effect the read-back shows (a login, a logout): the field and the value it
   * holds once the action took effect (null: the field is absent). Without it, an action's effect
   * cannot be read, and sending it again is harmless (apply, reset, restart).
   */
  landedWhen?: { field: string; value: string | null }
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
const readDeviceProfile = (name: string): AxlRead => ({
  operation: 'getDeviceProfile',
  element: 'deviceProfile',
  args: { name }
})
const readRemoteDestinationProfile = (name: string): AxlRead => ({
  operation: 'getRemoteDestinationProfile',
  element: 'remoteDestinationProfile',
  args: { name }
})
// A remote destination is known by its number, not its (optional) name.
const readRemoteDestination = (destination: string): AxlRead => ({
  operation: 'getRemoteDestination',
  element: 'remoteDestination',
  args: { destination }
})

const bool = (value: boolean | undefined): string | undefined =>
  value === undefined ? undefined : String(value)

const sameName = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase()

/** A list Unified CM replaces whole: the current names less the removed, plus the added (names ignore case). */
function mergedNames(current: readonly string[], changes: ListChanges): string[] {
  const merged = current.filter((name) => !(changes.remove ?? []).some((r) => sameName(r, name)))
  for (const name of changes.add ?? []) if (!merged.some((m) => sameName(m, name))) merged.push(name)
  return merged
}

const sameLine = (a: LineId, b: LineId): boolean =>
  a.pattern === b.pattern && sameName(a.partition ?? '', b.partition ?? '')

/**
 * A device's complete line list after `changes`: the current appearances less the lines removed, then
 * the lines added (an added line takes its button from whatever was there), by button.
 */
function mergedLines(current: readonly PhoneLine[], changes: PhoneLineChanges): PhoneLine[] {
  const { add = [], remove = [] } = changes
  const kept = current.filter(
    (line) =>
      !remove.some((r) => sameLine(r, line)) && !add.some((a) => a.index === line.index || sameLine(a, line))
  )
  return [...kept, ...add].sort((a, b) => a.index - b.index)
}

/**
 * The `<lines>` of a device profile's update, which replaces the whole list: none when the lines are
 * not changed. The schema has no empty list, so a profile keeps at least one line.
 */
function replacedLines(
  target: string,
  changes: PhoneLineChanges,
  current: readonly PhoneLine[]
): SoapArgument | undefined {
  if ((changes.add ?? []).length === 0 && (changes.remove ?? []).length === 0) return undefined
  const lines = mergedLines(current, changes)
  if (lines.length === 0)
    throw new Error(
      `${target}: removing its last line is not possible (an update replaces the whole list, which must hold at least one line); remove the profile instead.`
    )
  return { line: lines.map(phoneLine) }
}

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

/** A removal of the object `key` names, confirmed by `readBack` no longer finding it. */
function removal(
  operation: string,
  target: string,
  key: Record<string, SoapArgument>,
  readBack: AxlRead
): AxlWriteRequest {
  return { kind: 'remove', operation, target, args: key, readBack }
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
        phoneTemplateName: phone.phoneTemplateName ?? '',
        primaryPhoneName: '',
        enableExtensionMobility: bool(phone.enableExtensionMobility),
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
        enableExtensionMobility: bool(changes.enableExtensionMobility),
        ownerUserName: changes.ownerUserName
      })
    },
    readBack: readPhone(name)
  }
}

export function removePhoneRequest(name: string): AxlWriteRequest {
  return removal('removePhone', name, { name }, readPhone(name))
}

export function addUserRequest(user: NewUser): AxlWriteRequest {
  const devices = user.associatedDevices ?? []
  const profiles = user.phoneProfiles ?? []
  return {
    kind: 'add',
    operation: 'addUser',
    target: user.userid,
    args: {
      // customerName is never sent: a nil one makes non-hosted servers refuse the request (notes §1.1).
      user: present({
        firstName: user.firstName,
        displayName: user.displayName,
        lastName: user.lastName,
        userid: user.userid,
        mailid: user.mailid,
        department: user.department,
        associatedDevices: devices.length > 0 ? { device: devices } : undefined,
        primaryExtension: user.primaryExtension ? lineKey(user.primaryExtension) : undefined,
        phoneProfiles: profiles.length > 0 ? { profileName: profiles } : undefined,
        defaultProfile: user.defaultProfile,
        presenceGroupName: user.presenceGroupName ?? 'Standard Presence group',
        enableMobility: bool(user.enableMobility),
        homeCluster: bool(user.homeCluster),
        imAndPresenceEnable: bool(user.imAndPresenceEnable),
        serviceProfile: user.serviceProfile,
        directoryUri: user.directoryUri,
        telephoneNumber: user.telephoneNumber
      })
    },
    readBack: readUser(user.userid)
  }
}

/** A user's lists as they are now, which an update replacing them merges its changes into. */
interface CurrentUserLists {
  associatedDevices?: readonly string[]
  phoneProfiles?: readonly string[]
}

/**
 * Changes a user. Unified CM replaces associatedDevices and phoneProfiles whole, so a change to them
 * needs the user's current list (`currentDevices`, `currentProfiles`): the additions and removals are
 * merged into it and the complete list is sent.
 */
export function updateUserRequest(
  userid: string,
  changes: UserChanges,
  currentDevices: readonly string[] = [],
  currentProfiles: readonly string[] = []
): AxlWriteRequest {
  let associatedDevices: SoapArgument | undefined
  if (changes.associatedDevices) {
    const merged = mergedNames(currentDevices, changes.associatedDevices)
    // An empty <associatedDevices/> clears the list, which is what removing the last device means.
    associatedDevices = merged.length > 0 ? { device: merged } : {}
  }
  let phoneProfiles: SoapArgument | undefined
  if (changes.phoneProfiles) {
    const merged = mergedNames(currentProfiles, changes.phoneProfiles)
    phoneProfiles = merged.length > 0 ? { profileName: merged } : {}
  }
  return {
    kind: 'update',
    operation: 'updateUser',
    target: userid,
    args: {
      userid,
      ...present({
        firstName: changes.firstName,
        lastName: changes.lastName,
        mailid: changes.mailid,
        department: changes.department,
        associatedDevices,
        primaryExtension: changes.primaryExtension ? lineKey(changes.primaryExtension) : undefined,
        phoneProfiles,
        defaultProfile: changes.defaultProfile,
        homeCluster: bool(changes.homeCluster),
        imAndPresenceEnable: bool(changes.imAndPresenceEnable),
        serviceProfile: changes.serviceProfile
      })
    },
    readBack: readUser(userid)
  }
}

export function removeUserRequest(userid: string): AxlWriteRequest {
  return removal('removeUser', userid, { userid }, readUser(userid))
}

export function addDeviceProfileRequest(profile: NewDeviceProfile): AxlWriteRequest {
  return {
    kind: 'add',
    operation: 'addDeviceProfile',
    target: profile.name,
    args: {
      deviceProfile: present({
        name: profile.name,
        description: profile.description,
        product: profile.product,
        class: 'Device Profile',
        protocol: profile.protocol,
        protocolSide: 'User',
        lines: profile.lines.length > 0 ? { line: profile.lines.map(phoneLine) } : undefined,
        phoneTemplateName: profile.phoneTemplateName,
        userLocale: profile.userLocale,
        softkeyTemplateName: profile.softkeyTemplateName
      })
    },
    readBack: readDeviceProfile(profile.name)
  }
}

/**
 * Changes an Extension Mobility profile. updateDeviceProfile has no addLines/removeLines: its
 * `<lines>` replaces the profile's lines, so line changes need the current lines (`currentLines`),
 * merged as for a phone (the other appearances stay, with their labels).
 */
export function updateDeviceProfileRequest(
  name: string,
  changes: DeviceProfileSettings,
  lines: PhoneLineChanges = {},
  currentLines: readonly PhoneLine[] = []
): AxlWriteRequest {
  return {
    kind: 'update',
    operation: 'updateDeviceProfile',
    target: name,
    args: {
      name,
      ...present({
        description: changes.description,
        lines: replacedLines(name, lines, currentLines),
        phoneTemplateName: changes.phoneTemplateName,
        userLocale: changes.userLocale,
        softkeyTemplateName: changes.softkeyTemplateName
      })
    },
    readBack: readDeviceProfile(name)
  }
}

export function removeDeviceProfileRequest(name: string): AxlWriteRequest {
  return removal('removeDeviceProfile', name, { name }, readDeviceProfile(name))
}

export function addRemoteDestinationProfileRequest(profile: NewRemoteDestinationProfile): AxlWriteRequest {
  return {
    kind: 'add',
    operation: 'addRemoteDestinationProfile',
    target: profile.name,
    args: {
      remoteDestinationProfile: present({
        name: profile.name,
        description: profile.description,
        product: 'Remote Destination Profile',
        class: 'Remote Destination Profile',
        protocol: 'Remote Destination',
        protocolSide: 'User',
        callingSearchSpaceName: profile.callingSearchSpaceName,
        devicePoolName: profile.devicePoolName,
        lines: profile.lines.length > 0 ? { line: profile.lines.map(phoneLine) } : undefined,
        callInfoPrivacyStatus: 'Default',
        userId: profile.userId,
        rerouteCallingSearchSpaceName: profile.rerouteCallingSearchSpaceName
      })
    },
    readBack: readRemoteDestinationProfile(profile.name)
  }
}

/** Changes a remote destination profile; like a device profile's, its `<lines>` replaces the whole list. */
export function updateRemoteDestinationProfileRequest(
  name: string,
  changes: RemoteDestinationProfileSettings,
  lines: PhoneLineChanges = {},
  currentLines: readonly PhoneLine[] = []
): AxlWriteRequest {
  return {
    kind: 'update',
    operation: 'updateRemoteDestinationProfile',
    target: name,
    args: {
      name,
      ...present({
        description: changes.description,
        callingSearchSpaceName: changes.callingSearchSpaceName,
        devicePoolName: changes.devicePoolName,
        lines: replacedLines(name, lines, currentLines),
        userId: changes.userId,
        rerouteCallingSearchSpaceName: changes.rerouteCallingSearchSpaceName
      })
    },
    readBack: readRemoteDestinationProfile(name)
  }
}

export function removeRemoteDestinationProfileRequest(name: string): AxlWriteRequest {
  return removal('removeRemoteDestinationProfile', name, { name }, readRemoteDestinationProfile(name))
}

const timer = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : String(ms))

/**
 * Adds a remote destination. The owner it hangs off is sent alone: Unified CM refuses a nil
 * dualModeDeviceName (CSCvq98025), so the one not used is not sent at all.
 */
export function addRemoteDestinationRequest(destination: NewRemoteDestination): AxlWriteRequest {
  const owners = [destination.remoteDestinationProfileName, destination.dualModeDeviceName].filter(
    (owner) => owner !== undefined && owner !== ''
  )
  if (owners.length !== 1)
    throw new Error(
      `Remote destination ${destination.destination}: name exactly one of remoteDestinationProfileName and dualModeDeviceName (${owners.length} given).`
    )
  return {
    kind: 'add',
    operation: 'addRemoteDestination',
    target: destination.destination,
    args: {
      remoteDestination: present({
        name: destination.name,
        destination: destination.destination,
        // Required by the schema; these are the server's defaults.
        answerTooSoonTimer: timer(destination.answerTooSoonTimer) ?? '1500',
        answerTooLateTimer: timer(destination.answerTooLateTimer) ?? '19000',
        delayBeforeRingingCell: timer(destination.delayBeforeRingingCell) ?? '4000',
        ownerUserId: destination.ownerUserId,
        remoteDestinationProfileName: destination.remoteDestinationProfileName || undefined,
        dualModeDeviceName: destination.dualModeDeviceName || undefined,
        isMobilePhone: bool(destination.isMobilePhone),
        enableMobileConnect: bool(destination.enableMobileConnect)
      })
    },
    readBack: readRemoteDestination(destination.destination)
  }
}

/** Changes a remote destination known by its number; `newDestination` changes the number itself. */
export function updateRemoteDestinationRequest(
  destination: string,
  changes: RemoteDestinationSettings & { newDestination?: string }
): AxlWriteRequest {
  return {
    kind: 'update',
    operation: 'updateRemoteDestination',
    target: destination,
    args: {
      destination,
      ...present({
        newName: changes.name,
        newDestination: changes.newDestination,
        answerTooSoonTimer: timer(changes.answerTooSoonTimer),
        answerTooLateTimer: timer(changes.answerTooLateTimer),
        delayBeforeRingingCell: timer(changes.delayBeforeRingingCell),
        isMobilePhone: bool(changes.isMobilePhone),
        enableMobileConnect: bool(changes.enableMobileConnect)
      })
    },
    readBack: readRemoteDestination(changes.newDestination ?? destination)
  }
}

export function removeRemoteDestinationRequest(destination: string): AxlWriteRequest {
  return removal('removeRemoteDestination', destination, { destination }, readRemoteDestination(destination))
}

/** A phone action whose effect no read shows: sending it again is harmless. */
function phoneAction(operation: 'applyPhone' | 'resetPhone' | 'restartPhone', name: string): AxlWriteRequest {
  return { kind: 'action', operation, target: name, args: { name }, readBack: readPhone(name) }
}

/** Makes a registered phone take its changed configuration with the least disruption. */
export const applyPhoneRequest = (name: string): AxlWriteRequest => phoneAction('applyPhone', name)
/** Hard-resets a phone (it reboots). */
export const resetPhoneRequest = (name: string): AxlWriteRequest => phoneAction('resetPhone', name)
/** Restarts a phone (a soft reset). */
export const restartPhoneRequest = (name: string): AxlWriteRequest => phoneAction('restartPhone', name)

/** Makes the devices showing a line take its changed configuration. */
export function applyLineRequest(line: LineId): AxlWriteRequest {
  return {
    kind: 'action',
    operation: 'applyLine',
    target: lineName(line),
    args: lineKey(line),
    readBack: readLine(line)
  }
}

/**
 * Logs a user in to a phone with an Extension Mobility profile. Not harmless to send twice (a phone
 * already logged in refuses another login), so its effect is read on the phone: the profile logged in.
 */
export function doDeviceLoginRequest(login: DeviceLogin): AxlWriteRequest {
  return {
    kind: 'action',
    operation: 'doDeviceLogin',
    target: login.deviceName,
    args: {
      deviceName: login.deviceName,
      loginDuration: String(login.loginDuration ?? 0),
      profileName: login.profileName,
      userId: login.userId
    },
    readBack: readPhone(login.deviceName),
    landedWhen: { field: 'currentProfileName', value: login.profileName }
  }
}

/** Logs whoever is logged in out of a phone; landed once the phone shows no profile logged in. */
export function doDeviceLogoutRequest(deviceName: string): AxlWriteRequest {
  return {
    kind: 'action',
    operation: 'doDeviceLogout',
    target: deviceName,
    args: { deviceName },
    readBack: readPhone(deviceName),
    landedWhen: { field: 'currentProfileName', value: null }
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

  /**
   * The updateUser request of `changes`, with the user's current devices and profiles read when
   * either list changes (both are replaced whole).
   */
  async prepareUpdateUser(userid: string, changes: UserChanges): Promise<AxlWriteRequest> {
    if (!changes.associatedDevices && !changes.phoneProfiles) return updateUserRequest(userid, changes)
    const current = await this.userLists(userid)
    return updateUserRequest(userid, changes, current.associatedDevices, current.phoneProfiles)
  }

  /** The updateDeviceProfile request, with the profile's current lines read when they change. */
  async prepareUpdateDeviceProfile(
    name: string,
    changes: DeviceProfileSettings,
    lines: PhoneLineChanges = {}
  ): Promise<AxlWriteRequest> {
    const current = changesLines(lines) ? await this.deviceLines(readDeviceProfile(name), name) : []
    return updateDeviceProfileRequest(name, changes, lines, current)
  }

  /** The updateRemoteDestinationProfile request, with the profile's current lines read when they change. */
  async prepareUpdateRemoteDestinationProfile(
    name: string,
    changes: RemoteDestinationProfileSettings,
    lines: PhoneLineChanges = {}
  ): Promise<AxlWriteRequest> {
    const current = changesLines(lines)
      ? await this.deviceLines(readRemoteDestinationProfile(name), name)
      : []
    return updateRemoteDestinationProfileRequest(name, changes, lines, current)
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

  getDeviceProfile(name: string): Promise<ReadBack> {
    return this.read(readDeviceProfile(name), name)
  }

  getRemoteDestinationProfile(name: string): Promise<ReadBack> {
    return this.read(readRemoteDestinationProfile(name), name)
  }

  /** A remote destination, known by its number. */
  getRemoteDestination(destination: string): Promise<ReadBack> {
    return this.read(readRemoteDestination(destination), destination)
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
        if (request.kind === 'update' || (request.kind === 'action' && !request.landedWhen)) continue
        if (await this.landed(request)) return
      }
    }
  }

  /**
   * Whether the effect of `request` is on the server: its object exists after an add, is gone after a
   * removal; an action's read-back shows `landedWhen`. An action that leaves no trace (apply, reset,
   * restart) answers false: whether it happened cannot be known, and sending it again is harmless.
   */
  async landed(request: AxlWriteRequest): Promise<boolean> {
    if (request.kind === 'action' && !request.landedWhen) return false
    const found = await this.find(request.readBack, request.target)
    if (request.kind === 'remove') return found === undefined
    if (request.kind === 'action') return found !== undefined && shows(found, request.landedWhen)
    return found !== undefined
  }

  /** Sends an add or an update and reads its object back. */
  private async written(request: AxlWriteRequest): Promise<ReadBack> {
    await this.send(request)
    return this.read(request.readBack, request.target)
  }

  /** The object `request` wrote, read back (undefined: a removal, confirmed by its absence). */
  async confirm(request: AxlWriteRequest): Promise<ReadBack | undefined> {
    if (request.kind === 'remove') {
      if ((await this.find(request.readBack, request.target)) === undefined) return undefined
      throw unconfirmed(request, 'The server still holds it after answering the removal.')
    }
    const read = await this.read(request.readBack, request.target)
    if (request.kind === 'action' && !shows(read, request.landedWhen)) {
      const { field, value } = request.landedWhen ?? { field: '', value: null }
      throw unconfirmed(
        request,
        `The server answered ${request.operation}, but ${field} is ${JSON.stringify(read.fields[field] ?? null)} instead of ${JSON.stringify(value)}.`
      )
    }
    return read
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
    return [...(await this.userLists(userid)).associatedDevices]
  }

  /** The user's devices and Extension Mobility profiles (getUser leaves both out unless asked for). */
  async userDeviceLists(userid: string): Promise<{ associatedDevices: string[]; phoneProfiles: string[] }> {
    const lists = await this.userLists(userid)
    return { associatedDevices: [...lists.associatedDevices], phoneProfiles: [...lists.phoneProfiles] }
  }

  private async userLists(userid: string): Promise<Required<CurrentUserLists>> {
    const returnedTags = { associatedDevices: { device: '' }, phoneProfiles: { profileName: '' } }
    const user = await this.read({ ...readUser(userid), args: { userid, returnedTags } }, userid)
    const devices = user.fields.associatedDevices as { device?: unknown } | undefined
    const profiles = user.fields.phoneProfiles as { profileName?: unknown } | undefined
    return {
      associatedDevices: asList(devices?.device).map(String),
      phoneProfiles: asList(profiles?.profileName).map(String)
    }
  }

  /** A device's line appearances as read, with their labels (a replacing update sends them again). */
  private async deviceLines(read: AxlRead, target: string): Promise<PhoneLine[]> {
    const device = await this.read(read, target)
    const lines = device.fields.lines as { line?: unknown } | undefined
    return asList(lines?.line).map((item) => {
      const line = item as {
        index?: unknown
        label?: unknown
        display?: unknown
        dirn?: Record<string, unknown>
      }
      const partition = leafText(line.dirn?.routePartitionName)
      return {
        index: Number(line.index),
        pattern: leafText(line.dirn?.pattern),
        ...(partition ? { partition } : {}),
        ...(leafText(line.label) ? { label: leafText(line.label) } : {}),
        ...(leafText(line.display) ? { display: leafText(line.display) } : {})
      }
    })
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
