// Unity Connection user writes (issue 20, protocols-writes.md §4): create a user from a template,
// import one from LDAP, change, delete, set the PIN. Each write is first described by a pure request
// value (what an order's dry run shows, the PIN masked), refused unless the device allows changes,
// sent, and then read back, except the PIN, which no API returns.
import { refuseUnlessChangesAllowed } from '../../core/changesAllowed'
import { validationError } from '../../core/errors'
import { CupiConnection, CupiError, type CupiAnswer, type CupiClientOptions } from './client'

/** The device written to, as stored: its name and its "Allow changes" setting. */
export interface CupiWritableDevice {
  name: string
  allow_changes: 0 | 1
}

/** One write exactly as it will be sent: the method, the path with its query, the JSON body. */
export interface CupiWriteRequest {
  /** createUser, importLdapUser, updateUser, deleteUser or setPin. */
  operation: string
  /** The user as people know it, for messages: the alias, or the alias and ObjectId. */
  target: string
  method: 'POST' | 'PUT' | 'DELETE'
  /** From /vmrest on, query included. */
  path: string
  body?: Record<string, unknown>
}

/** A user to create from a template; the template fills in everything else. */
export interface NewCupiUser {
  alias: string
  /** The mailbox's extension. */
  dtmfAccessId: string
  firstName?: string
  lastName?: string
  displayName?: string
  smtpAddress?: string
}

/** A user synchronized from LDAP to import; Unity Connection requires both the pkid and the extension. */
export interface LdapUserImport {
  alias: string
  dtmfAccessId: string
  /** The LDAP user's pkid, as the import listing (/vmrest/import/users/ldap) gives it. */
  pkid: string
  firstName?: string
  lastName?: string
}

/** User fields an update may change; absent ones are left as they are. */
export interface CupiUserChanges {
  alias?: string
  dtmfAccessId?: string
  firstName?: string
  lastName?: string
  displayName?: string
  smtpAddress?: string
}

/** An existing user: its ObjectId, and its alias when known (for messages only). */
export interface CupiUserRef {
  objectId: string
  alias?: string
}

/** A user as Unity Connection returns it (CUPI's JSON fields, all text). */
export type CupiUser = Record<string, string>

/** What a refused or failed write means, so a caller can tell a duplicate from a missing user. */
export type CupiWriteFailure =
  /** The alias or extension is already taken (HTTP 400 naming it). */
  | 'duplicate'
  /** The user does not exist (HTTP 404). */
  | 'not-found'
  /** Unity Connection refused the request as invalid (other 4xx): a template, a field, a value. */
  | 'not-valid'
  /** The administrator may not write (HTTP 401/403). */
  | 'not-permitted'
  /** Still busy (HTTP 503) after the retries. */
  | 'throttled'
  /** A server error, the network, the protocol or a deadline. */
  | 'failed'

/** A write that was refused or could not complete, naming the operation, the user and the server's words. */
export class CupiWriteError extends Error {
  constructor(
    readonly operation: string,
    readonly target: string,
    readonly failure: CupiWriteFailure,
    detail: string,
    readonly status?: number,
    /** CUPI's error code (ErrorDetails/errors/code), when it sent one. */
    readonly code?: string
  ) {
    super(`${operation} ${target} failed: ${detail}`)
    this.name = 'CupiWriteError'
  }
}

const MASK = '********'
const OBJECT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** The fields of a User body: CUPI's Pascal-case names, only those set. */
const USER_FIELD_NAMES: Record<keyof CupiUserChanges, string> = {
  alias: 'Alias',
  dtmfAccessId: 'DtmfAccessId',
  firstName: 'FirstName',
  lastName: 'LastName',
  displayName: 'DisplayName',
  smtpAddress: 'SmtpAddress'
}

function checkAlias(alias: string, field = 'alias'): void {
  if (alias.trim() === '' || alias.length > 64)
    throw validationError([{ field, message: 'must be 1 to 64 characters' }])
}

function checkExtension(extension: string, field = 'dtmfAccessId'): void {
  if (!/^\d{1,40}$/.test(extension))
    throw validationError([{ field, message: `"${extension}" is not an extension: 1 to 40 digits` }])
}

function checkTemplate(templateAlias: string): void {
  if (templateAlias.trim() === '')
    throw validationError([{ field: 'templateAlias', message: 'names the user template to create from' }])
}

function checkRef(user: CupiUserRef): void {
  if (!OBJECT_ID.test(user.objectId))
    throw validationError([
      { field: 'objectId', message: `"${user.objectId}" is not a Unity Connection ObjectId (a GUID)` }
    ])
}

function refName(user: CupiUserRef): string {
  return user.alias ? `${user.alias} (${user.objectId})` : user.objectId
}

/** The User fields set, under CUPI's names. */
function userBody(fields: CupiUserChanges): Record<string, string> {
  const body: Record<string, string> = {}
  for (const [key, name] of Object.entries(USER_FIELD_NAMES) as [keyof CupiUserChanges, string][]) {
    const value = fields[key]
    if (value !== undefined) body[name] = value
  }
  return body
}

/** `POST /vmrest/users?templateAlias=T`: a new user whose settings come from the template. */
export function createUserRequest(templateAlias: string, user: NewCupiUser): CupiWriteRequest {
  checkTemplate(templateAlias)
  checkAlias(user.alias)
  checkExtension(user.dtmfAccessId)
  return {
    operation: 'createUser',
    target: user.alias,
    method: 'POST',
    path: `/vmrest/users?templateAlias=${encodeURIComponent(templateAlias)}`,
    body: userBody(user)
  }
}

/**
 * `POST /vmrest/import/users/ldap?templateAlias=T`: a mailbox for a user synchronized from LDAP. The
 * ImportUser body's keys are lower-camel, unlike User's.
 */
export function importLdapUserRequest(templateAlias: string, user: LdapUserImport): CupiWriteRequest {
  checkTemplate(templateAlias)
  checkAlias(user.alias)
  checkExtension(user.dtmfAccessId)
  if (user.pkid.trim() === '')
    throw validationError([{ field: 'pkid', message: 'an LDAP import must name the LDAP user (its pkid)' }])
  const body: Record<string, string> = {
    alias: user.alias,
    dtmfAccessId: user.dtmfAccessId,
    pkid: user.pkid
  }
  if (user.firstName !== undefined) body.firstName = user.firstName
  if (user.lastName !== undefined) body.lastName = user.lastName
  return {
    operation: 'importLdapUser',
    target: user.alias,
    method: 'POST',
    path: `/vmrest/import/users/ldap?templateAlias=${encodeURIComponent(templateAlias)}`,
    body
  }
}

/** `PUT /vmrest/users/{ObjectId}` with only the fields set (CUPI leaves the others as they are). */
export function updateUserRequest(user: CupiUserRef, changes: CupiUserChanges): CupiWriteRequest {
  checkRef(user)
  if (changes.alias !== undefined) checkAlias(changes.alias)
  if (changes.dtmfAccessId !== undefined) checkExtension(changes.dtmfAccessId)
  const body = userBody(changes)
  if (Object.keys(body).length === 0)
    throw validationError([{ field: 'changes', message: 'an update must change at least one field' }])
  return {
    operation: 'updateUser',
    target: refName(user),
    method: 'PUT',
    path: `/vmrest/users/${user.objectId}`,
    body
  }
}

/** `DELETE /vmrest/users/{ObjectId}`. */
export function deleteUserRequest(user: CupiUserRef): CupiWriteRequest {
  checkRef(user)
  return {
    operation: 'deleteUser',
    target: refName(user),
    method: 'DELETE',
    path: `/vmrest/users/${user.objectId}`
  }
}

/** `PUT /vmrest/users/{ObjectId}/credential/pin` with the PIN; show it only through maskedCupiRequest. */
export function setPinRequest(user: CupiUserRef, pin: string): CupiWriteRequest {
  checkRef(user)
  // The message never repeats the PIN.
  if (!/^\d{1,64}$/.test(pin)) throw validationError([{ field: 'pin', message: 'a PIN is digits only' }])
  return {
    operation: 'setPin',
    target: refName(user),
    method: 'PUT',
    path: `/vmrest/users/${user.objectId}/credential/pin`,
    body: { Credentials: pin }
  }
}

/** A printable copy of a request: the PIN (Credentials) masked. */
export function maskedCupiRequest(request: CupiWriteRequest): CupiWriteRequest {
  if (request.body?.Credentials === undefined)
    return { ...request, body: request.body && { ...request.body } }
  return { ...request, body: { ...request.body, Credentials: MASK } }
}

function decodeEntities(text: string): string {
  return text.replace(/&(lt|gt|quot|apos|amp|#\d+|#x[0-9a-f]+);/gi, (entity, name: string) => {
    const named: Record<string, string> = { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' }
    const lower = name.toLowerCase()
    if (lower in named) return named[lower]
    const code = lower.startsWith('#x') ? parseInt(lower.slice(2), 16) : parseInt(lower.slice(1), 10)
    return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : entity
  })
}

/** Markup and runs of white space gone, entities decoded, at most 300 characters. */
function plain(text: string): string {
  const flat = decodeEntities(text.replace(/<[^>]*>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim()
  return flat.length > 300 ? `${flat.slice(0, 299)}…` : flat
}

/**
 * CUPI's words in an error answer: JSON `{"errors":{code,message}}` (the lab and some versions wrap it
 * in ErrorDetails), XML `ErrorDetails/errors/{code,message}`, or a Tomcat HTML page.
 */
export function cupiErrorDetails(body: string): { code?: string; message?: string } {
  const text = body.trim()
  if (text === '') return {}
  if (text.startsWith('{')) {
    try {
      const json = JSON.parse(text) as Record<string, unknown>
      const wrapped = json.ErrorDetails as Record<string, unknown> | undefined
      let errors = json.errors ?? wrapped?.errors
      if (Array.isArray(errors)) errors = errors[0]
      if (typeof errors === 'object' && errors !== null) {
        const { code, message } = errors as Record<string, unknown>
        return {
          code: typeof code === 'string' || typeof code === 'number' ? String(code) : undefined,
          message: typeof message === 'string' ? plain(message) : undefined
        }
      }
      return {}
    } catch {
      return { message: plain(text) }
    }
  }
  const errors = /<errors>([\s\S]*?)<\/errors>/i.exec(text)?.[1]
  if (errors !== undefined) {
    const code = /<code>([\s\S]*?)<\/code>/i.exec(errors)?.[1]
    const message = /<message>([\s\S]*?)<\/message>/i.exec(errors)?.[1]
    return { code: code && plain(code), message: message && plain(message) }
  }
  if (/<html|<body|<h1/i.test(text)) {
    const found =
      /<b>Exception:?<\/b>\s*<pre>([\s\S]*?)<\/pre>/i.exec(text)?.[1] ??
      /<b>message<\/b>\s*<u>([\s\S]*?)<\/u>/i.exec(text)?.[1] ??
      /<h1>([\s\S]*?)<\/h1>/i.exec(text)?.[1] ??
      /<title>([\s\S]*?)<\/title>/i.exec(text)?.[1]
    return found && plain(found) !== '' ? { message: plain(found) } : {}
  }
  return { message: plain(text) }
}

/**
 * The failure an error answer means. CUPI's codes and texts for a duplicate alias or extension are
 * not documented (notes §4): a 400 or 409 whose words say "already exists", "in use" or "duplicate"
 * is read as one, which matches the lab's guessed texts and the usual wording of Connection's errors.
 */
function failureOf(status: number, code: string | undefined, message: string | undefined): CupiWriteFailure {
  if (status === 401 || status === 403) return 'not-permitted'
  if (status === 404) return 'not-found'
  if (status === 503) return 'throttled'
  if (
    (status === 400 || status === 409) &&
    /already (exists|in use|assigned)|duplicate|not unique/i.test(`${code ?? ''} ${message ?? ''}`)
  )
    return 'duplicate'
  if (status >= 400 && status < 500) return 'not-valid'
  return 'failed'
}

/** Connections a writer opens: one, so its requests are sent one at a time. */
export const CUPI_WRITE_CONNECTIONS = 1

/**
 * Writes to one Unity Connection. Made only through `connect`, which refuses a device whose "Allow
 * changes" is off; every write checks again (the setting may be turned off meanwhile).
 *
 * Unity Connection processes five requests at a time for all its clients together, so a writer keeps
 * to one connection: its writes and read-backs go one at a time, and an order uses one writer per
 * device. A 503 is retried with back-off; a POST or DELETE whose answer is lost is not repeated (it
 * may have landed): findUserByAlias and getUser tell.
 */
export class CupiWriter {
  private constructor(
    private readonly device: CupiWritableDevice,
    private readonly connection: CupiConnection,
    /** A preview (a dry run) reads, to build requests, but sends none, whatever the device allows. */
    private readonly preview = false
  ) {}

  // Async, so a refusal is a rejection like every other failure of connecting.
  static async connect(device: CupiWritableDevice, options: CupiClientOptions): Promise<CupiWriter> {
    refuseUnlessChangesAllowed(device, 'a change')
    return Promise.resolve(new CupiWriter(device, CupiWriter.connection(device, options)))
  }

  /** A writer that only reads: it finds the users a dry run's requests name, and refuses to send. */
  static connectPreview(device: CupiWritableDevice, options: CupiClientOptions): Promise<CupiWriter> {
    return Promise.resolve(new CupiWriter(device, CupiWriter.connection(device, options), true))
  }

  private static connection(device: CupiWritableDevice, options: CupiClientOptions): CupiConnection {
    return new CupiConnection(options, {
      connections: CUPI_WRITE_CONNECTIONS,
      runName: `This session of changes to ${device.name}`
    })
  }

  close(): void {
    this.connection.close()
  }

  /**
   * Sends one write. A create answers 201 with the new user's URI in Location: its ObjectId is
   * returned. An update answers 204, a delete 200 or 204 (Cisco documents both); these return
   * undefined.
   */
  async send(request: CupiWriteRequest): Promise<string | undefined> {
    const { operation, target, method, path, body } = request
    if (this.preview) throw new Error(`A preview sends nothing: ${operation} ${target} was not sent.`)
    refuseUnlessChangesAllowed(this.device, `${operation} ${target}`)
    if (!path.startsWith('/vmrest/'))
      throw new Error(`A CUPI write's path starts with /vmrest/, not ${JSON.stringify(path)}.`)
    const answer = await this.exchange(request, {
      method,
      path: path.slice('/vmrest'.length),
      body: body === undefined ? undefined : JSON.stringify(body)
    })
    const expected = method === 'POST' ? [201] : method === 'PUT' ? [204] : [200, 204]
    if (answer.status >= 200 && answer.status < 300 && !expected.includes(answer.status))
      throw new CupiWriteError(
        operation,
        target,
        'failed',
        `Unity Connection answered HTTP ${answer.status} where ${expected.join(' or ')} was expected.`,
        answer.status
      )
    if (!expected.includes(answer.status)) throw this.refusal(request, answer)
    if (method !== 'POST') return undefined
    const objectId = createdObjectId(answer.headers.location)
    if (objectId === undefined)
      throw new CupiWriteError(
        operation,
        target,
        'failed',
        `Unity Connection answered 201 Created without a usable Location (${JSON.stringify(answer.headers.location ?? null)}); the user may exist: look it up by alias before trying again.`,
        201
      )
    return objectId
  }

  /** The user as Unity Connection now holds it; 404 is a 'not-found' CupiWriteError. */
  async getUser(objectId: string, target: string = objectId): Promise<CupiUser> {
    checkRef({ objectId })
    const read = { operation: 'getUser', target }
    const answer = await this.exchange(read, { method: 'GET', path: `/users/${objectId}` })
    if (answer.status !== 200) throw this.refusal(read, answer)
    const user = parseJson(read, answer.body)
    if (!isUser(user))
      throw new CupiWriteError(
        'getUser',
        target,
        'failed',
        'Unity Connection answered without one User.',
        200
      )
    return user
  }

  /**
   * The user with this alias, or null when Unity Connection says it has none (a total of 0). Any
   * other answer (an error, a listing without a total, a total without the user) is an error, never
   * "none": a caller deciding whether a create already landed must not create it twice.
   */
  async findUserByAlias(alias: string): Promise<CupiUser | null> {
    checkAlias(alias)
    const query = encodeURIComponent(`(alias is ${alias})`)
    const read = { operation: 'findUserByAlias', target: alias }
    const answer = await this.exchange(read, { method: 'GET', path: `/users?query=${query}` })
    if (answer.status !== 200) throw this.refusal(read, answer)
    const listing = parseJson(read, answer.body)
    const odd = (what: string): CupiWriteError =>
      new CupiWriteError('findUserByAlias', alias, 'failed', `Unity Connection answered ${what}.`, 200)
    if (typeof listing !== 'object' || listing === null || Array.isArray(listing))
      throw odd('with JSON that is not an object')
    const record = listing as Record<string, unknown>
    const total = Number(record['@total'])
    if (
      !(typeof record['@total'] === 'string' || typeof record['@total'] === 'number') ||
      !Number.isSafeInteger(total) ||
      total < 0
    )
      throw odd('without a total (@total)')
    if (total === 0 && record.User === undefined) return null
    const items = Array.isArray(record.User) ? (record.User as unknown[]) : [record.User]
    const found = items.find((u) => isUser(u) && u.Alias?.toLowerCase() === alias.toLowerCase())
    if (!found) throw odd(`a total of ${total} without the user ${alias}`)
    return found as CupiUser
  }

  /** Creates a user from a template and reads it back. */
  async createUser(templateAlias: string, user: NewCupiUser): Promise<CupiUser> {
    const request = createUserRequest(templateAlias, user)
    return this.readBack(request, (await this.send(request)) as string)
  }

  /** Imports a user synchronized from LDAP and reads it back. */
  async importLdapUser(templateAlias: string, user: LdapUserImport): Promise<CupiUser> {
    const request = importLdapUserRequest(templateAlias, user)
    return this.readBack(request, (await this.send(request)) as string)
  }

  /** Changes the fields given and reads the user back. */
  async updateUser(user: CupiUserRef, changes: CupiUserChanges): Promise<CupiUser> {
    const request = updateUserRequest(user, changes)
    await this.send(request)
    return this.readBack(request, user.objectId)
  }

  /** Deletes a user; resolves once a read-back answers 404. */
  async deleteUser(user: CupiUserRef): Promise<void> {
    const request = deleteUserRequest(user)
    await this.send(request)
    try {
      await this.getUser(user.objectId, request.target)
    } catch (error) {
      if (error instanceof CupiWriteError && error.failure === 'not-found') return
      throw error
    }
    throw new CupiWriteError(
      request.operation,
      request.target,
      'failed',
      'Unity Connection still holds the user after answering the delete.'
    )
  }

  /**
   * Sets the user's PIN. No API returns a PIN (the credential's settings say only when it changed),
   * so the 204 is the confirmation and nothing is read back.
   */
  async setPin(user: CupiUserRef, pin: string): Promise<void> {
    await this.send(setPinRequest(user, pin))
  }

  /** The user after a write, checked to hold every field the write sent. */
  private async readBack(request: CupiWriteRequest, objectId: string): Promise<CupiUser> {
    const user = await this.getUser(objectId, request.target)
    const sent = request.body ?? {}
    for (const [key, value] of Object.entries(sent)) {
      // ImportUser's keys are lower-camel; the User read back has them in Pascal case.
      const field = key.charAt(0).toUpperCase() + key.slice(1)
      const raw = user[field] as unknown
      if (field === 'Pkid' || raw === undefined) continue
      const held = typeof raw === 'string' ? raw : JSON.stringify(raw)
      // Unity Connection keeps an alias as given but matches it in any case.
      const same = field === 'Alias' ? held.toLowerCase() === String(value).toLowerCase() : held === value
      if (!same)
        throw new CupiWriteError(
          request.operation,
          request.target,
          'failed',
          `the read-back shows ${field} "${held}", not the "${String(value)}" sent.`
        )
    }
    return user
  }

  /** One exchange; a failure of the connection comes back as a CupiWriteError naming the write. */
  private async exchange(
    request: Pick<CupiWriteRequest, 'operation' | 'target' | 'body'>,
    exchange: Parameters<CupiConnection['exchange']>[0]
  ): Promise<CupiAnswer> {
    try {
      return await this.connection.exchange(exchange)
    } catch (error) {
      if (!(error instanceof CupiError)) throw error
      const failure = error.kind === 'throttled' ? 'throttled' : 'failed'
      const lost =
        error.kind === 'network' && (exchange.method === 'POST' || exchange.method === 'DELETE')
          ? ' It may have been made: check before sending it again.'
          : ''
      throw new CupiWriteError(
        request.operation,
        request.target,
        failure,
        withoutPin(request, `${error.message}${lost}`),
        error.status,
        error.code
      )
    }
  }

  /** The error an unexpected answer means, in CUPI's words (never with the PIN). */
  private refusal(
    request: Pick<CupiWriteRequest, 'operation' | 'target' | 'body'>,
    answer: CupiAnswer
  ): CupiWriteError {
    const { code, message } = cupiErrorDetails(answer.body)
    const detail = message
      ? `Unity Connection answered HTTP ${answer.status}: ${message}${code ? ` (code ${code})` : ''}`
      : `Unity Connection answered HTTP ${answer.status}.`
    return new CupiWriteError(
      request.operation,
      request.target,
      failureOf(answer.status, code, message),
      withoutPin(request, detail),
      answer.status,
      code
    )
  }
}

/** The text with the request's PIN masked, should a server repeat it. */
function withoutPin(request: Pick<CupiWriteRequest, 'body'>, text: string): string {
  const pin = request.body?.Credentials
  return typeof pin === 'string' && pin !== '' ? text.split(pin).join(MASK) : text
}

function parseJson(request: Pick<CupiWriteRequest, 'operation' | 'target'>, body: string): unknown {
  try {
    return JSON.parse(body)
  } catch {
    throw new CupiWriteError(
      request.operation,
      request.target,
      'failed',
      'Unity Connection answered with something other than JSON.',
      200
    )
  }
}

function isUser(value: unknown): value is CupiUser {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    typeof (value as Record<string, unknown>).ObjectId === 'string'
  )
}

/** The ObjectId in a 201's Location (`https://host/vmrest/users/<ObjectId>`), if it names a user. */
function createdObjectId(location: string | string[] | undefined): string | undefined {
  if (typeof location !== 'string') return undefined
  let path: string
  try {
    path = new URL(location, 'https://unity-connection.invalid').pathname
  } catch {
    return undefined
  }
  const id = /^\/vmrest\/users\/([^/]+)\/?$/.exec(path)?.[1]
  return id !== undefined && OBJECT_ID.test(id) ? id : undefined
}
