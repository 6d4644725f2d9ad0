// A step made ready to send: its request built (reading the device where the request needs it) and
// the ways to send it, read its object back and tell whether it landed, the same for AXL and CUPI.
// The executor sends what this builds, and a dry run shows it, so the two cannot differ.
import type { RenderedRequest, StepAction } from '../../src-preload/contract'
import {
  addLineRequest,
  addPhoneRequest,
  addUserRequest,
  applyPhoneRequest,
  axlWriteEnvelope,
  removeLineRequest,
  removePhoneRequest,
  removeUserRequest,
  resetPhoneRequest,
  updateLineRequest,
  updatePhoneRequest,
  updateUserRequest,
  type AxlWriteRequest,
  type AxlWriter,
  type ReadBack
} from '../connectors/axl/writes'
import {
  CupiWriteError,
  createUserRequest,
  deleteUserRequest,
  maskedCupiRequest,
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
}

export interface PreparedStep {
  /** add and remove can be checked on the device; an update or action cannot tell whether it landed. */
  kind: 'add' | 'update' | 'remove' | 'action'
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
  if (isMailboxAction(action)) return prepareMailbox(await writers.cupi(action.device), action)
  const writer = await writers.axl(action.device)
  const request =
    createdEarlier && action.type === 'update-user'
      ? updateUserRequest(action.userid, action.changes)
      : await axlRequest(writer, action)
  return {
    kind: request.kind,
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
      // getUser leaves the associated devices out unless asked for them.
      const user = await writer.getUser(action.userid)
      const devices = action.changes.associatedDevices ? await writer.associatedDevices(action.userid) : []
      return { ...user, fields: { ...user.fields, associatedDevices: { device: devices } } }
    }
    case 'remove-user':
      return (await writers.axl(action.device)).getUser(action.userid)
    case 'update-mailbox':
    case 'delete-mailbox':
      return mailboxRead(await existingMailbox(await writers.cupi(action.device), action.alias))
    default:
      throw new Error(`${action.type} reads nothing before it is sent`)
  }
}

type MailboxAction = Action<'create-mailbox' | 'update-mailbox' | 'delete-mailbox'>

function isMailboxAction(action: StepAction): action is MailboxAction {
  return action.type.endsWith('-mailbox')
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

async function prepareMailbox(writer: CupiWriter, action: MailboxAction): Promise<PreparedStep> {
  const alias = action.type === 'create-mailbox' ? action.mailbox.alias : action.alias
  const found = async (): Promise<boolean> => (await writer.findUserByAlias(alias)) !== null
  let request: CupiWriteRequest
  let kind: PreparedStep['kind']
  let objectId: string | undefined
  if (action.type === 'create-mailbox') {
    const { extension, ...names } = action.mailbox
    request = createUserRequest(action.template, { ...names, dtmfAccessId: extension })
    kind = 'add'
  } else {
    objectId = (await existingMailbox(writer, alias)).ObjectId
    if (action.type === 'update-mailbox') {
      const changes: Record<string, string> = {}
      for (const [name, value] of Object.entries(action.changes))
        if (value !== undefined) changes[name === 'extension' ? 'dtmfAccessId' : name] = value
      request = updateMailboxRequest({ objectId, alias }, changes)
      kind = 'update'
    } else {
      request = deleteUserRequest({ objectId, alias })
      kind = 'remove'
    }
  }
  const masked = maskedCupiRequest(request)
  return {
    kind,
    rendered: {
      protocol: 'cupi',
      device: action.device,
      method: masked.method,
      path: masked.path,
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
      const user = objectId ? await writer.getUser(objectId, alias) : await existingMailbox(writer, alias)
      const expected =
        action.type === 'update-mailbox'
          ? action.changes
          : action.type === 'create-mailbox'
            ? action.mailbox
            : {}
      for (const [name, value] of Object.entries(expected)) {
        const field = CUPI_FIELDS[name as keyof typeof CUPI_FIELDS]
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
