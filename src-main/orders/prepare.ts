// A step made ready to send: its request built (reading the device where the request needs it) and
// the ways to send it, read its object back and tell whether it landed, the same for AXL and CUPI.
// The executor sends what this builds, and a dry run shows it, so the two cannot differ.
import type { RenderedRequest, StepAction } from '../../src-preload/contract'
import {
  addDeviceProfileRequest,
  addLineRequest,
  addPhoneRequest,
  addRemoteDestinationProfileRequest,
  addRemoteDestinationRequest,
  addUserRequest,
  applyPhoneRequest,
  axlWriteEnvelope,
  doDeviceLoginRequest,
  doDeviceLogoutRequest,
  removeDeviceProfileRequest,
  removeLineRequest,
  removePhoneRequest,
  removeRemoteDestinationProfileRequest,
  removeRemoteDestinationRequest,
  removeUserRequest,
  resetPhoneRequest,
  updateLineRequest,
  updateDeviceProfileRequest,
  updatePhoneRequest,
  updateRemoteDestinationProfileRequest,
  updateRemoteDestinationRequest,
  updateUserRequest,
  type AxlWriteRequest,
  type AxlWriter,
  type PhoneLine,
  type ReadBack
} from '../connectors/axl/writes'
import {
  CupiWriteError,
  createUserRequest,
  deleteUserRequest,
  importLdapUserRequest,
  maskedCupiRequest,
  setPinRequest,
  updateUserRequest as updateMailboxRequest,
  type CupiUser,
  type CupiWriteRequest,
  type CupiWriter
} from '../connectors/cupi/writes'
import { CUPI_FIELDS } from './steps'

type Action<T extends StepAction['type']> = Extract<StepAction, { type: T }>

/** The writers of one execution (or dry run), one per device, connected when first needed. */
export interface Writers {
  axl(device: string): Promise<AxlWriter>
  cupi(device: string): Promise<CupiWriter>
  /** A secret sealed into a stored step (a voicemail PIN), opened only to build the request sending it. */
  reveal(sealed: string): string
}

export interface PreparedStep {
  /** add and remove can be checked on the device; an update or action cannot tell whether it landed. */
  kind: 'add' | 'update' | 'remove' | 'action'
  /** Whether landed() can tell: an add or a removal, or an action whose effect the device shows (a login). */
  checkable: boolean
  /** The request as sent, secrets masked. */
  rendered: RenderedRequest
  send(): Promise<void>
  /** The object as the device now holds it; undefined once a removal is confirmed. */
  confirm(): Promise<ReadBack | undefined>
  /** Whether its effect is on the device (an add's object exists, a removal's is gone). */
  landed(): Promise<boolean>
}

/**
 * `createdEarlier`: the step's object is added by an earlier step of the same order, so a dry run
 * cannot read it yet: a user created by the order has no devices before the order gives it some.
 */
export async function prepareStep(
  writers: Writers,
  action: StepAction,
  createdEarlier = false
): Promise<PreparedStep> {
  if (isMailboxAction(action)) return prepareMailbox(writers, action, createdEarlier)
  const writer = await writers.axl(action.device)
  const request = createdEarlier
    ? (previewOfNew(action) ?? (await axlRequest(writer, action)))
    : await axlRequest(writer, action)
  return {
    kind: request.kind,
    checkable: request.kind !== 'update' && (request.kind !== 'action' || request.landedWhen !== undefined),
    rendered: {
      protocol: 'axl',
      device: action.device,
      operation: request.operation,
      envelope: axlWriteEnvelope(request, writer.version)
    },
    send: () => writer.send(request),
    confirm: () => writer.confirm(request),
    landed: () => writer.landed(request)
  }
}

/** The object a step will change, as it is now: its undo is planned from this before anything is sent. */
export async function readBefore(writers: Writers, action: StepAction): Promise<ReadBack> {
  switch (action.type) {
    case 'update-line':
    case 'remove-line':
      return (await writers.axl(action.device)).getLine(action.line)
    case 'update-phone':
    case 'remove-phone':
      return (await writers.axl(action.device)).getPhone(action.name)
    case 'update-user': {
      const writer = await writers.axl(action.device)
      // getUser leaves the associated devices and profiles out unless asked for them.
      const user = await writer.getUser(action.userid)
      const { associatedDevices, phoneProfiles } =
        action.changes.associatedDevices || action.changes.phoneProfiles
          ? await writer.userDeviceLists(action.userid)
          : { associatedDevices: [], phoneProfiles: [] }
      return {
        ...user,
        fields: {
          ...user.fields,
          associatedDevices: { device: associatedDevices },
          phoneProfiles: { profileName: phoneProfiles }
        }
      }
    }
    case 'remove-user':
      return (await writers.axl(action.device)).getUser(action.userid)
    case 'update-device-profile':
    case 'remove-device-profile':
      return (await writers.axl(action.device)).getDeviceProfile(action.name)
    case 'update-remote-destination-profile':
    case 'remove-remote-destination-profile':
      return (await writers.axl(action.device)).getRemoteDestinationProfile(action.name)
    case 'update-remote-destination':
      return (await writers.axl(action.device)).getRemoteDestination(action.destination)
    case 'remove-remote-destination': {
      const writer = await writers.axl(action.device)
      const read = await writer.getRemoteDestination(action.destination)
      // Adding it back needs its owner; a server that leaves ownerUserId out of the answer has it
      // as the user of the profile the destination hangs off.
      const profile = read.fields.remoteDestinationProfileName
      if (read.fields.ownerUserId || typeof profile !== 'string' || profile === '') return read
      const owner = (await writer.getRemoteDestinationProfile(profile)).fields.userId
      return { ...read, fields: { ...read.fields, ownerUserId: owner } }
    }
    case 'device-login':
    case 'device-logout':
      return (await writers.axl(action.device)).getPhone(action.name)
    case 'update-mailbox':
    case 'delete-mailbox':
      return mailboxRead(await existingMailbox(await writers.cupi(action.device), action.alias))
    default:
      throw new Error(`${action.type} reads nothing before it is sent`)
  }
}

type MailboxAction = Action<
  'create-mailbox' | 'update-mailbox' | 'delete-mailbox' | 'import-mailbox' | 'set-voicemail-pin'
>

function isMailboxAction(action: StepAction): action is MailboxAction {
  return action.type.endsWith('-mailbox') || action.type === 'set-voicemail-pin'
}

/**
 * A dry run's request for an object an earlier step of the order adds, which cannot be read yet: the
 * lists its update would merge into are taken as empty (a user made by the order has no devices yet;
 * a new profile's lines are shown as the update alone sets them). Undefined: built as usual.
 */
function previewOfNew(action: Exclude<StepAction, MailboxAction>): AxlWriteRequest | undefined {
  const lines = (a: { addLines?: PhoneLine[]; removeLines?: PhoneLine[] }) => ({
    ...(a.addLines ? { add: a.addLines } : {}),
    ...(a.removeLines ? { remove: a.removeLines } : {})
  })
  switch (action.type) {
    case 'update-user':
      return updateUserRequest(action.userid, action.changes)
    case 'update-device-profile':
      return updateDeviceProfileRequest(action.name, action.changes, lines(action))
    case 'update-remote-destination-profile':
      return updateRemoteDestinationProfileRequest(action.name, action.changes, lines(action))
    default:
      return undefined
  }
}

/**
 * The AXL request of a step. A change to a user's devices needs the user's current list (Unified CM
 * replaces it whole), so the writer reads it; everything else is built from the action alone.
 */
function axlRequest(
  writer: AxlWriter,
  action: Exclude<StepAction, MailboxAction>
): Promise<AxlWriteRequest> | AxlWriteRequest {
  switch (action.type) {
    case 'add-line':
      return addLineRequest(action.line)
    case 'update-line':
      return updateLineRequest(action.line, action.changes)
    case 'remove-line':
      return removeLineRequest(action.line)
    case 'add-phone':
      return addPhoneRequest(action.phone)
    case 'update-phone':
      return updatePhoneRequest(action.name, action.changes, {
        ...(action.addLines ? { add: action.addLines } : {}),
        ...(action.removeLines ? { remove: action.removeLines } : {})
      })
    case 'remove-phone':
      return removePhoneRequest(action.name)
    case 'update-user':
      return writer.prepareUpdateUser(action.userid, action.changes)
    case 'add-user':
      return addUserRequest(action.user)
    case 'remove-user':
      return removeUserRequest(action.userid)
    case 'apply-phone':
      return applyPhoneRequest(action.name)
    case 'reset-phone':
      return resetPhoneRequest(action.name)
    case 'add-device-profile':
      return addDeviceProfileRequest(action.profile)
    case 'update-device-profile':
      // Unified CM replaces a profile's lines whole: the writer reads them to merge the change in.
      return writer.prepareUpdateDeviceProfile(action.name, action.changes, {
        ...(action.addLines ? { add: action.addLines } : {}),
        ...(action.removeLines ? { remove: action.removeLines } : {})
      })
    case 'remove-device-profile':
      return removeDeviceProfileRequest(action.name)
    case 'add-remote-destination-profile':
      return addRemoteDestinationProfileRequest(action.profile)
    case 'update-remote-destination-profile':
      return writer.prepareUpdateRemoteDestinationProfile(action.name, action.changes, {
        ...(action.addLines ? { add: action.addLines } : {}),
        ...(action.removeLines ? { remove: action.removeLines } : {})
      })
    case 'remove-remote-destination-profile':
      return removeRemoteDestinationProfileRequest(action.name)
    case 'add-remote-destination':
      return addRemoteDestinationRequest(action.destination)
    case 'update-remote-destination':
      return updateRemoteDestinationRequest(action.destination, action.changes)
    case 'remove-remote-destination':
      return removeRemoteDestinationRequest(action.destination)
    case 'device-login':
      return doDeviceLoginRequest({
        deviceName: action.name,
        profileName: action.profileName,
        userId: action.userid,
        ...(action.loginDuration !== undefined ? { loginDuration: action.loginDuration } : {})
      })
    case 'device-logout':
      return doDeviceLogoutRequest(action.name)
  }
}

/** A mailbox as read: its ObjectId and CUPI's fields. */
function mailboxRead(user: CupiUser): ReadBack {
  return { uuid: user.ObjectId ?? '', fields: user }
}

/** The mailbox of an alias; a clear refusal when there is none. */
async function existingMailbox(writer: CupiWriter, alias: string): Promise<CupiUser> {
  const user = await writer.findUserByAlias(alias)
  if (!user?.ObjectId)
    throw new CupiWriteError(
      'findUserByAlias',
      alias,
      'not-found',
      `There is no mailbox with the alias ${alias}.`
    )
  return user
}

/** An ObjectId standing for a mailbox an earlier step of a dry run's order makes (it has none yet). */
const NOT_YET_MADE = '00000000-0000-0000-0000-000000000000'

async function prepareMailbox(
  writers: Writers,
  action: MailboxAction,
  createdEarlier: boolean
): Promise<PreparedStep> {
  const writer = await writers.cupi(action.device)
  const alias =
    action.type === 'create-mailbox' || action.type === 'import-mailbox' ? action.mailbox.alias : action.alias
  const found = async (): Promise<boolean> => (await writer.findUserByAlias(alias)) !== null
  let request: CupiWriteRequest
  let kind: PreparedStep['kind']
  let objectId: string | undefined
  if (action.type === 'create-mailbox') {
    const { extension, ...names } = action.mailbox
    request = createUserRequest(action.template, { ...names, dtmfAccessId: extension })
    kind = 'add'
  } else if (action.type === 'import-mailbox') {
    const { extension, ...imported } = action.mailbox
    request = importLdapUserRequest(action.template, { ...imported, dtmfAccessId: extension })
    kind = 'add'
  } else {
    objectId = createdEarlier ? NOT_YET_MADE : (await existingMailbox(writer, alias)).ObjectId
    if (action.type === 'update-mailbox') {
      const changes: Record<string, string> = {}
      for (const [name, value] of Object.entries(action.changes))
        if (value !== undefined) changes[name === 'extension' ? 'dtmfAccessId' : name] = value
      request = updateMailboxRequest({ objectId, alias }, changes)
      kind = 'update'
    } else if (action.type === 'set-voicemail-pin') {
      // Sending the same PIN again is harmless, so an unclear outcome is settled by sending it again.
      request = setPinRequest({ objectId, alias }, writers.reveal(action.pinSecret))
      kind = 'update'
    } else {
      request = deleteUserRequest({ objectId, alias })
      kind = 'remove'
    }
  }
  const masked = maskedCupiRequest(request)
  return {
    kind,
    checkable: kind !== 'update',
    rendered: {
      protocol: 'cupi',
      device: action.device,
      method: masked.method,
      path: createdEarlier ? masked.path.replace(NOT_YET_MADE, `{ObjectId of ${alias}}`) : masked.path,
      ...(masked.body !== undefined ? { body: masked.body } : {})
    },
    send: async () => {
      objectId = (await writer.send(request)) ?? objectId
    },
    confirm: async () => {
      if (kind === 'remove') {
        if (await found())
          throw new CupiWriteError(
            request.operation,
            alias,
            'failed',
            'Unity Connection still holds the mailbox after answering the deletion.'
          )
        return undefined
      }
      // A PIN cannot be read back (no API returns one): its 204 is the confirmation, and the
      // mailbox is read for the inventory.
      const user = objectId ? await writer.getUser(objectId, alias) : await existingMailbox(writer, alias)
      const expected =
        action.type === 'update-mailbox'
          ? action.changes
          : action.type === 'create-mailbox' || action.type === 'import-mailbox'
            ? action.mailbox
            : {}
      for (const [name, value] of Object.entries(expected)) {
        const field = CUPI_FIELDS[name as keyof typeof CUPI_FIELDS] as string | undefined
        if (field && value !== undefined && (user[field] ?? '') !== value)
          throw new CupiWriteError(
            request.operation,
            alias,
            'failed',
            `Unity Connection holds ${field} "${user[field] ?? ''}" after the write set it to "${value}".`
          )
      }
      return mailboxRead(user)
    },
    landed: async () => (kind === 'remove' ? !(await found()) : kind === 'add' ? found() : false)
  }
}
