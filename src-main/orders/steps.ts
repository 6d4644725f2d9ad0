// What each kind of step sends, how it is undone and which inventory object it touches. The request
// of a step is built here and nowhere else, so a dry run shows what the executor then sends.
import type { StepAction } from '../../src-preload/contract'
import type { LineId, PhoneLine, ReadBack } from '../connectors/axl/writes'

type Action<T extends StepAction['type']> = Extract<StepAction, { type: T }>

/** The protocol a step speaks, which decides the kind of device it goes to. */
export function stepProtocol(action: StepAction): 'axl' | 'cupi' {
  return action.type.endsWith('-mailbox') ? 'cupi' : 'axl'
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
      return { type: 'UnityUser', name: action.alias }
  }
}

/** How the step changes its object, for a dry run's "inventory afterwards". */
export function stepChange(action: StepAction): 'add' | 'change' | 'remove' {
  if (action.type.startsWith('add-') || action.type === 'create-mailbox') return 'add'
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
  return stepChange(action) !== 'add' && action.type !== 'apply-phone' && action.type !== 'reset-phone'
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
    case 'update-phone': {
      const present = new Set(readLines(was).map((l) => `${l.pattern}\u0000${l.partition ?? ''}`))
      const key = (l: PhoneLine): string => `${l.pattern}\u0000${l.partition ?? ''}`
      // Only what the step really changes is undone: a line that was already there stays.
      const added = (action.addLines ?? []).filter((l) => !present.has(key(l)))
      const removed = (action.removeLines ?? []).filter((l) => present.has(key(l)))
      return {
        type: 'update-phone',
        device,
        name: action.name,
        changes: previous(action.changes, was),
        ...(removed.length > 0 ? { addLines: removed } : {}),
        ...(added.length > 0 ? { removeLines: added } : {})
      }
    }
    case 'remove-phone':
      return { type: 'add-phone', device, phone: phoneFrom(action.name, was) }
    case 'update-user': {
      const { associatedDevices, primaryExtension, homeCluster, imAndPresenceEnable, serviceProfile } =
        action.changes
      const had = asList((was.associatedDevices as { device?: unknown } | undefined)?.device).map((d) =>
        String(d).toLowerCase()
      )
      const added = (associatedDevices?.add ?? []).filter((d) => !had.includes(d.toLowerCase()))
      const removed = (associatedDevices?.remove ?? []).filter((d) => had.includes(d.toLowerCase()))
      const wasExtension = (was.primaryExtension ?? {}) as Record<string, unknown>
      const bool = (name: string): boolean => field(was, name) === 'true'
      const changes: Action<'update-user'>['changes'] = {
        ...(associatedDevices && (added.length > 0 || removed.length > 0)
          ? {
              associatedDevices: {
                ...(removed.length > 0 ? { add: removed } : {}),
                ...(added.length > 0 ? { remove: added } : {})
              }
            }
          : {}),
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
        ...(serviceProfile !== undefined ? { serviceProfile: field(was, 'serviceProfile') } : {})
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
