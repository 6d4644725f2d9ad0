// What each kind of step sends, how it is undone and which inventory object it touches. The request
// of a step is built here and nowhere else, so a dry run shows what the executor then sends.
import type { StepAction } from '../../src-preload/contract'
import type { LineId, PhoneLine, ReadBack } from '../connectors/axl/writes'

type Action<T extends StepAction['type']> = Extract<StepAction, { type: T }>

/** The protocol a step speaks, which decides the kind of device it goes to. */
export function stepProtocol(action: StepAction): 'axl' | 'cupi' {
  return action.type.endsWith('-mailbox') || action.type === 'set-voicemail-pin' ? 'cupi' : 'axl'
}

/** The inventory object a step writes: its AXL type and how it is named there. */
export function stepObject(action: StepAction): { type: string; name: string } {
  switch (action.type) {
    case 'add-line':
    case 'update-line':
    case 'remove-line':
      // As the inventory names lines (sync/device/objects.ts): the pattern and its partition.
      return {
        type: 'Line',
        name: action.line.partition
          ? `${action.line.pattern} / ${action.line.partition}`
          : action.line.pattern
      }
    case 'add-phone':
      return { type: 'Phone', name: action.phone.name }
    case 'update-phone':
    case 'remove-phone':
      return { type: 'Phone', name: action.name }
    case 'update-user':
    case 'remove-user':
      return { type: 'User', name: action.userid }
    case 'add-user':
      return { type: 'User', name: action.user.userid }
    case 'apply-phone':
    case 'reset-phone':
      return { type: 'Phone', name: action.name }
    case 'create-mailbox':
      return { type: 'UnityUser', name: action.mailbox.alias }
    case 'update-mailbox':
    case 'delete-mailbox':
    case 'set-voicemail-pin':
      return { type: 'UnityUser', name: action.alias }
    case 'import-mailbox':
      return { type: 'UnityUser', name: action.mailbox.alias }
    case 'add-device-profile':
      return { type: 'DeviceProfile', name: action.profile.name }
    case 'update-device-profile':
    case 'remove-device-profile':
      return { type: 'DeviceProfile', name: action.name }
    case 'add-remote-destination-profile':
      return { type: 'RemoteDestinationProfile', name: action.profile.name }
    case 'update-remote-destination-profile':
    case 'remove-remote-destination-profile':
      return { type: 'RemoteDestinationProfile', name: action.name }
    // The inventory names a remote destination by its name (objects.ts); a step that knows only its
    // number names it by that. The executor finds it by the uuid read, so the name only labels it.
    case 'add-remote-destination':
      return {
        type: 'RemoteDestination',
        name: action.destination.name ?? action.destination.destination
      }
    case 'update-remote-destination':
    case 'remove-remote-destination':
      return { type: 'RemoteDestination', name: action.destination }
    // A login or logout changes what the phone shows (its current profile and user).
    case 'device-login':
    case 'device-logout':
      return { type: 'Phone', name: action.name }
  }
}

/** How the step changes its object, for a dry run's "inventory afterwards". */
export function stepChange(action: StepAction): 'add' | 'change' | 'remove' {
  if (action.type.startsWith('add-') || action.type === 'create-mailbox' || action.type === 'import-mailbox')
    return 'add'
  if (action.type.startsWith('remove-') || action.type === 'delete-mailbox') return 'remove'
  return 'change'
}

const field = (fields: Record<string, unknown>, name: string): string => {
  const value = fields[name]
  return typeof value === 'string' ? value : ''
}

function asList(value: unknown): unknown[] {
  return value === undefined || value === null || value === '' ? [] : Array.isArray(value) ? value : [value]
}

/** A phone's line appearances as a read-back holds them. */
function readLines(fields: Record<string, unknown>): PhoneLine[] {
  const lines = fields.lines as { line?: unknown } | undefined
  return asList(lines?.line).map((raw) => {
    const line = raw as Record<string, unknown>
    const dirn = (line.dirn ?? {}) as Record<string, unknown>
    const partition = field(dirn, 'routePartitionName')
    return {
      index: Number(line.index),
      pattern: field(dirn, 'pattern'),
      ...(partition ? { partition } : {}),
      ...(field(line, 'label') ? { label: field(line, 'label') } : {}),
      ...(field(line, 'display') ? { display: field(line, 'display') } : {})
    }
  })
}

/** The fields of `names` that `was` holds, without the empty ones. */
function nonEmpty(was: Record<string, unknown>, names: readonly string[]): Record<string, string> {
  const kept: Record<string, string> = {}
  for (const name of names) if (field(was, name) !== '') kept[name] = field(was, name)
  return kept
}

/** The previous values of the fields a change sets (empty where there was none, which clears it again). */
function previous<T extends Record<string, unknown>>(changes: T, before: Record<string, unknown>): T {
  return Object.fromEntries(Object.keys(changes).map((name) => [name, field(before, name)])) as T
}

/**
 * Whether the step's undo needs the object read before its request (nothing for an add; an apply or
 * reset has nothing to undo).
 */
export function needsBefore(action: StepAction): boolean {
  return (
    stepChange(action) !== 'add' &&
    action.type !== 'apply-phone' &&
    action.type !== 'reset-phone' &&
    action.type !== 'set-voicemail-pin'
  )
}

/** What a roll back of the step cannot put back, in words; undefined when its undo restores it all. */
export function undoLimit(action: StepAction, undo?: StepAction): string | undefined {
  switch (action.type) {
    case 'update-device-profile':
    case 'update-remote-destination-profile':
      return action.addLines?.length && undo?.type === action.type && !undo.removeLines?.length
        ? 'A profile that had no lines keeps the lines this step adds: an update cannot leave a profile without lines (removing the profile removes them).'
        : undefined
    case 'set-voicemail-pin':
      return 'A PIN cannot be undone: Unity Connection never returns a PIN, so the old one is not known. Set it again with a new order.'
    case 'delete-mailbox':
      return 'A roll back makes a new, empty mailbox: the messages and greetings went with the old one.'
    case 'remove-device-profile':
      return "A roll back adds the profile again with its settings and lines; its subscribed services, speed dials and the users' references to it are not restored."
    case 'remove-remote-destination-profile':
      return 'A roll back adds the profile again with its settings and lines; its remote destinations go with it and are not restored.'
    case 'apply-phone':
    case 'reset-phone':
      return 'An apply or a reset has nothing to undo.'
    default:
      return undefined
  }
}

/**
 * The step that undoes `action`, planned before its request is sent (`before`: the object read then).
 * Undefined when nothing can put it back, which the order's record says.
 */
export function plannedUndo(action: StepAction, before: ReadBack | undefined): StepAction | undefined {
  const device = action.device
  const was = before?.fields ?? {}
  switch (action.type) {
    case 'add-line':
      return {
        type: 'remove-line',
        device,
        line: { pattern: action.line.pattern, ...partitionOf(action.line) }
      }
    case 'add-phone':
      return { type: 'remove-phone', device, name: action.phone.name }
    case 'update-line':
      return { type: 'update-line', device, line: action.line, changes: previous(action.changes, was) }
    case 'remove-line':
      return {
        type: 'add-line',
        device,
        line: {
          ...action.line,
          ...nonEmpty(was, ['description', 'alertingName', 'asciiAlertingName', 'voiceMailProfileName'])
        }
      }
    case 'update-phone':
      return {
        type: 'update-phone',
        device,
        name: action.name,
        changes: previous(action.changes, was),
        ...invertedLines(action, was)
      }
    case 'remove-phone':
      return { type: 'add-phone', device, phone: phoneFrom(action.name, was) }
    case 'update-user': {
      const {
        associatedDevices,
        phoneProfiles,
        primaryExtension,
        homeCluster,
        imAndPresenceEnable,
        ...texts
      } = action.changes
      const wasExtension = (was.primaryExtension ?? {}) as Record<string, unknown>
      const bool = (name: string): boolean => field(was, name) === 'true'
      const devicesBack = invertedNames(associatedDevices, readNames(was.associatedDevices, 'device'))
      const profilesBack = invertedNames(phoneProfiles, readNames(was.phoneProfiles, 'profileName'))
      const changes: Action<'update-user'>['changes'] = {
        ...(devicesBack ? { associatedDevices: devicesBack } : {}),
        ...(profilesBack ? { phoneProfiles: profilesBack } : {}),
        // A user who had no primary extension cannot be given "none" back through updateUser.
        ...(primaryExtension && field(wasExtension, 'pattern')
          ? {
              primaryExtension: {
                pattern: field(wasExtension, 'pattern'),
                ...(field(wasExtension, 'routePartitionName')
                  ? { partition: field(wasExtension, 'routePartitionName') }
                  : {})
              }
            }
          : {}),
        ...(homeCluster !== undefined ? { homeCluster: bool('homeCluster') } : {}),
        ...(imAndPresenceEnable !== undefined ? { imAndPresenceEnable: bool('imAndPresenceEnable') } : {}),
        // Names, mail, department, default profile and service profile: the values read before
        // (empty clears a field that had none; a user always has a last name).
        ...previous(texts, was)
      }
      return Object.keys(changes).length > 0
        ? { type: 'update-user', device, userid: action.userid, changes }
        : undefined
    }
    case 'add-user':
      return { type: 'remove-user', device, userid: action.user.userid }
    case 'remove-user':
      // The user comes back with the fields read before; device associations go with the devices' own steps.
      return {
        type: 'add-user',
        device,
        user: {
          userid: action.userid,
          lastName: field(was, 'lastName') || action.userid,
          ...nonEmpty(was, ['firstName', 'mailid', 'department', 'telephoneNumber', 'serviceProfile']),
          ...(field(was, 'homeCluster') ? { homeCluster: field(was, 'homeCluster') === 'true' } : {}),
          ...(field(was, 'imAndPresenceEnable')
            ? { imAndPresenceEnable: field(was, 'imAndPresenceEnable') === 'true' }
            : {})
        }
      }
    case 'apply-phone':
    case 'reset-phone':
      return undefined
    case 'create-mailbox':
      return { type: 'delete-mailbox', device, alias: action.mailbox.alias }
    case 'update-mailbox': {
      const previous: Action<'update-mailbox'>['changes'] = {}
      for (const name of Object.keys(action.changes) as (keyof typeof action.changes)[])
        previous[name] = field(was, CUPI_FIELDS[name])
      return { type: 'update-mailbox', device, alias: action.alias, changes: previous }
    }
    case 'delete-mailbox':
      // Unity Connection deletes the messages and greetings with the mailbox: a roll back makes a
      // new mailbox with the same alias, extension and names, from the default user template.
      return {
        type: 'create-mailbox',
        device,
        template: DEFAULT_USER_TEMPLATE,
        mailbox: {
          alias: action.alias,
          extension: field(was, 'DtmfAccessId'),
          ...Object.fromEntries(
            (['firstName', 'lastName', 'displayName', 'smtpAddress'] as const)
              .filter((name) => field(was, CUPI_FIELDS[name]) !== '')
              .map((name) => [name, field(was, CUPI_FIELDS[name])])
          )
        }
      }
    case 'import-mailbox':
      return { type: 'delete-mailbox', device, alias: action.mailbox.alias }
    case 'set-voicemail-pin':
      // No API reads a PIN, so the old one cannot be put back (undoLimit says so on the order).
      return undefined
    case 'add-device-profile':
      return { type: 'remove-device-profile', device, name: action.profile.name }
    case 'update-device-profile':
      return {
        type: 'update-device-profile',
        device,
        name: action.name,
        changes: previous(action.changes, was),
        ...profileLinesBack(action, was)
      }
    case 'remove-device-profile':
      return {
        type: 'add-device-profile',
        device,
        profile: {
          name: action.name,
          product: field(was, 'product'),
          protocol: field(was, 'protocol'),
          phoneTemplateName: field(was, 'phoneTemplateName'),
          ...nonEmpty(was, ['description', 'userLocale', 'softkeyTemplateName']),
          lines: readLines(was)
        }
      }
    case 'add-remote-destination-profile':
      return { type: 'remove-remote-destination-profile', device, name: action.profile.name }
    case 'update-remote-destination-profile':
      return {
        type: 'update-remote-destination-profile',
        device,
        name: action.name,
        changes: previous(action.changes, was),
        ...profileLinesBack(action, was)
      }
    case 'remove-remote-destination-profile':
      return {
        type: 'add-remote-destination-profile',
        device,
        profile: {
          name: action.name,
          devicePoolName: field(was, 'devicePoolName'),
          userId: field(was, 'userId'),
          ...nonEmpty(was, ['description', 'callingSearchSpaceName', 'rerouteCallingSearchSpaceName']),
          lines: readLines(was)
        }
      }
    case 'add-remote-destination':
      return { type: 'remove-remote-destination', device, destination: action.destination.destination }
    case 'update-remote-destination': {
      const { newDestination, ...settings } = action.changes
      const changes: Action<'update-remote-destination'>['changes'] = {}
      for (const name of Object.keys(settings) as (keyof typeof settings)[]) {
        const held = field(was, name)
        if (name === 'isMobilePhone' || name === 'enableMobileConnect') changes[name] = held === 'true'
        else if (name === 'name') changes.name = held
        else if (held !== '') changes[name] = Number(held)
      }
      // A new number is undone by renumbering it back.
      if (newDestination !== undefined) changes.newDestination = action.destination
      return Object.keys(changes).length > 0
        ? {
            type: 'update-remote-destination',
            device,
            destination: newDestination ?? action.destination,
            changes
          }
        : undefined
    }
    case 'remove-remote-destination':
      return { type: 'add-remote-destination', device, destination: destinationFrom(action.destination, was) }
    case 'device-login':
      // Nobody may be logged in for a login to succeed, so a logout puts the phone back.
      return { type: 'device-logout', device, name: action.name }
    case 'device-logout': {
      // The phone's login as read before: its profile and user log in again (the login starts anew,
      // its remaining duration is not kept). A phone nobody was logged in to has nothing to undo.
      const profileName = field(was, 'currentProfileName')
      const userid = field(was, 'loginUserId')
      if (!profileName || !userid) return undefined
      const duration = Number(field(was, 'loginDuration'))
      return {
        type: 'device-login',
        device,
        name: action.name,
        profileName,
        userid,
        ...(Number.isInteger(duration) && duration > 0 ? { loginDuration: duration } : {})
      }
    }
  }
}

/** The names of a read-back list (`{ device: [...] }`), lower-cased for comparing. */
function readNames(list: unknown, element: string): string[] {
  return asList((list as Record<string, unknown> | undefined)?.[element]).map((n) => String(n).toLowerCase())
}

/**
 * The list change that undoes `changes` given the names held before: only what the step really
 * changes is undone (a name already there stays, one already absent stays absent).
 */
function invertedNames(
  changes: { add?: string[]; remove?: string[] } | undefined,
  had: readonly string[]
): { add?: string[]; remove?: string[] } | undefined {
  if (!changes) return undefined
  const added = (changes.add ?? []).filter((n) => !had.includes(n.toLowerCase()))
  const removed = (changes.remove ?? []).filter((n) => had.includes(n.toLowerCase()))
  if (added.length === 0 && removed.length === 0) return undefined
  return { ...(removed.length > 0 ? { add: removed } : {}), ...(added.length > 0 ? { remove: added } : {}) }
}

/** The line changes that undo a device's (phone's or profile's), given its lines read before. */
function invertedLines(
  action: { addLines?: PhoneLine[]; removeLines?: PhoneLine[] },
  was: Record<string, unknown>
): { addLines?: PhoneLine[]; removeLines?: PhoneLine[] } {
  const key = (l: PhoneLine): string => `${l.pattern}\u0000${(l.partition ?? '').toLowerCase()}`
  const held = readLines(was)
  const present = new Set(held.map(key))
  // Only what the step really changes is undone: a line that was already there stays. A removed
  // line comes back as it was (its button, label and display), not as the step named it.
  const added = (action.addLines ?? []).filter((l) => !present.has(key(l)))
  const removed = (action.removeLines ?? [])
    .map((l) => held.find((h) => key(h) === key(l)))
    .filter((l): l is PhoneLine => l !== undefined)
  return {
    ...(removed.length > 0 ? { addLines: removed } : {}),
    ...(added.length > 0 ? { removeLines: added } : {})
  }
}

/**
 * The line changes that undo a profile's: as a phone's, except that a profile which had no lines
 * keeps those the step added. Its update replaces the whole list, which the schema requires to hold
 * at least one line, so no update can take a profile back to none (undoLimit says so).
 */
function profileLinesBack(
  action: { addLines?: PhoneLine[]; removeLines?: PhoneLine[] },
  was: Record<string, unknown>
): { addLines?: PhoneLine[]; removeLines?: PhoneLine[] } {
  const back = invertedLines(action, was)
  if (readLines(was).length === 0 && !back.addLines) return {}
  return back
}

/** A removed remote destination as it can be added again, from what was read before. */
function destinationFrom(
  destination: string,
  was: Record<string, unknown>
): Action<'add-remote-destination'>['destination'] {
  const timer = (name: string): { [name: string]: number } =>
    field(was, name) !== '' ? { [name]: Number(field(was, name)) } : {}
  const flag = (name: string): { [name: string]: boolean } =>
    field(was, name) !== '' ? { [name]: field(was, name) === 'true' } : {}
  return {
    destination,
    ownerUserId: field(was, 'ownerUserId'),
    ...nonEmpty(was, ['name', 'remoteDestinationProfileName', 'dualModeDeviceName']),
    ...timer('answerTooSoonTimer'),
    ...timer('answerTooLateTimer'),
    ...timer('delayBeforeRingingCell'),
    ...flag('isMobilePhone'),
    ...flag('enableMobileConnect')
  }
}

/** Unity Connection's field for each mailbox setting of an order. */
export const CUPI_FIELDS = {
  extension: 'DtmfAccessId',
  firstName: 'FirstName',
  lastName: 'LastName',
  displayName: 'DisplayName',
  smtpAddress: 'SmtpAddress'
} as const

/** The user template every Unity Connection has (its installation creates it). */
const DEFAULT_USER_TEMPLATE = 'voicemailusertemplate'

function partitionOf(line: LineId): { partition?: string } {
  return line.partition ? { partition: line.partition } : {}
}

/** A removed phone as it can be added again: the settings read before it was removed. */
function phoneFrom(name: string, was: Record<string, unknown>): Action<'add-phone'>['phone'] {
  return {
    name,
    product: field(was, 'product'),
    class: field(was, 'class'),
    protocol: field(was, 'protocol'),
    devicePoolName: field(was, 'devicePoolName'),
    locationName: field(was, 'locationName'),
    phoneTemplateName: field(was, 'phoneTemplateName'),
    ...nonEmpty(was, [
      'description',
      'callingSearchSpaceName',
      'ownerUserName',
      'commonPhoneConfigName',
      'securityProfileName',
      'sipProfileName'
    ]),
    lines: readLines(was)
  }
}
