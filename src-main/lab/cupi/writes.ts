// Unity Connection's user writes as the lab answers them (protocols-writes.md §4): create from a
// template and import from LDAP answer 201 with the new user's URI in Location and no body, PUT 204,
// DELETE 204 (a real server may also answer 200), the PIN PUT 204. Refusals carry CUPI's ErrorDetails.
// The faults shared with AXL apply to these writes: a read-only account, the write throttle, the Nth
// write failing, and (Unity Connection only) the Nth write's answer lost after the change is made.
import type { LabFaults } from '../faults'
import type { Row, UnityDirectory } from './directory'

/** What the server sends back: ErrorDetails bodies for refusals, an HTML page for a body not JSON. */
export interface WriteAnswer {
  status: number
  error?: { code: string; message: string }
  /** A Tomcat error page instead of ErrorDetails, as CUPI sends for some failures. */
  html?: string
  headers?: Record<string, string>
  /** The change was made but the connection is dropped before any answer. */
  lose?: boolean
}

export interface WriteRequest {
  method: string
  path: string
  query: URLSearchParams
  body: string
  contentType: string
  /** The Host header, for the Location of a created user. */
  host: string
}

/** The User fields a create or an update may set (CUPI's User data-field table). */
const USER_FIELDS = new Set([
  'Alias',
  'DisplayName',
  'FirstName',
  'LastName',
  'SmtpAddress',
  'DtmfAccessId',
  'Inactive',
  'TimeZone',
  'UseDefaultTimeZone'
])
/** ImportUser's fields: lower-camel, unlike User's. */
const IMPORT_FIELDS = new Set(['alias', 'firstName', 'lastName', 'dtmfAccessId', 'pkid'])
const CREDENTIAL_FIELDS = new Set([
  'Credentials',
  'HackCount',
  'TimeHacked',
  'Locked',
  'CantChange',
  'DoesntExpire',
  'CredMustChange'
])

class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string
  ) {
    super(message)
  }
}

const invalid = (message: string): Refusal => new Refusal(400, 'INVALID_PARAMETER', message)

/**
 * The write side of one simulated Unity Connection. Duplicate alias and duplicate extension are
 * refused with 400; the real codes and texts are not documented anywhere we found (notes §4), so
 * these are a plausible guess: DATA_EXCEPTION with a sentence naming the value.
 */
export class CupiLabWrites {
  /** When recent writes were accepted, for the write throttle (writesPerSecond). */
  private recentWrites: number[] = []

  constructor(
    private readonly directory: UnityDirectory,
    private readonly faults: LabFaults,
    private readonly now: () => Date = () => new Date()
  ) {}

  handle(request: WriteRequest): WriteAnswer {
    const refused = this.refuseWrite(request)
    if (refused) return refused
    const lose = this.faults.loseWriteAnswerIn !== undefined && --this.faults.loseWriteAnswerIn <= 0
    if (lose) delete this.faults.loseWriteAnswerIn
    try {
      const answer = this.apply(request)
      return lose ? { ...answer, lose } : answer
    } catch (error) {
      if (error instanceof Refusal)
        return { status: error.status, error: { code: error.code, message: error.message } }
      if (error instanceof SyntaxError)
        return {
          status: 400,
          html: tomcatPage(400, 'The request sent by the client was syntactically incorrect.')
        }
      throw error
    }
  }

  /** A read-only account's 401, the throttle's 503 (no body, no Retry-After), the Nth write's 500. */
  private refuseWrite(request: WriteRequest): WriteAnswer | undefined {
    const { faults } = this
    if (faults.readOnlyAccount)
      return {
        status: 401,
        error: { code: 'UNAUTHORIZED', message: 'The administrator may not change users.' },
        headers: { 'WWW-Authenticate': 'Basic realm="Cisco Unity Connection"' }
      }
    if (faults.writesPerSecond !== undefined) {
      const now = performance.now()
      this.recentWrites = this.recentWrites.filter((at) => now - at < 1000)
      if (this.recentWrites.length >= faults.writesPerSecond) return { status: 503 }
      this.recentWrites.push(now)
    }
    if (faults.failWriteIn !== undefined && --faults.failWriteIn <= 0) {
      delete faults.failWriteIn
      return {
        status: 500,
        error: {
          code: 'LAB',
          message: `Lab fault: ${request.method} ${request.path} failed (injected); nothing was changed.`
        }
      }
    }
    return undefined
  }

  private apply(request: WriteRequest): WriteAnswer {
    const { method, path } = request
    if (method === 'POST' && path === '/vmrest/users') return this.create(request)
    if (method === 'POST' && path === '/vmrest/import/users/ldap') return this.importLdap(request)
    const user = /^\/vmrest\/users\/([^/]+)(\/credential\/pin)?$/.exec(path)
    if (user && method === 'PUT' && user[2]) return this.setPin(user[1], request)
    if (user && method === 'PUT' && !user[2]) return this.update(user[1], request)
    if (user && method === 'DELETE' && !user[2]) return this.remove(user[1])
    if (user || path === '/vmrest/users' || path === '/vmrest/import/users/ldap')
      return {
        status: 405,
        error: { code: 'METHOD_NOT_ALLOWED', message: `${method} is not allowed on ${path}.` }
      }
    return { status: 404, error: { code: 'NOT_FOUND', message: `${path} was not found.` } }
  }

  private create(request: WriteRequest): WriteAnswer {
    const template = this.template(request.query)
    const fields = userFields(jsonObject(request), 'create')
    const alias = required(fields, 'Alias')
    const extension = required(fields, 'DtmfAccessId')
    this.refuseDuplicates(alias, extension)
    const row = this.directory.add({
      ...fields,
      DisplayName:
        fields.DisplayName ?? (`${fields.FirstName ?? ''} ${fields.LastName ?? ''}`.trim() || alias),
      CosObjectId: template.CosObjectId
    })
    return created(request, row)
  }

  private importLdap(request: WriteRequest): WriteAnswer {
    const template = this.template(request.query)
    const body = jsonObject(request)
    for (const key of Object.keys(body))
      if (!IMPORT_FIELDS.has(key)) throw invalid(`ImportUser has no field ${key}.`)
    const value = (key: string): string | undefined => (body[key] === undefined ? undefined : text(body, key))
    const pkid = value('pkid')
    const extension = value('dtmfAccessId')
    if (!pkid || !extension) throw invalid('An LDAP import must specify both a pkid and a dtmfAccessId.')
    validExtension(extension)
    const slot = this.directory.importableByPkid(pkid)
    const listed = slot === undefined ? undefined : this.directory.importable(slot)
    if (slot === undefined || !listed) throw invalid(`No LDAP user with pkid ${pkid} is available to import.`)
    const alias = value('alias') ?? listed.alias
    if (alias.toLowerCase() !== listed.alias.toLowerCase())
      throw invalid(`The LDAP user with pkid ${pkid} has the alias ${listed.alias}, not ${alias}.`)
    this.refuseDuplicates(listed.alias, extension)
    const firstName = value('firstName') ?? listed.firstName
    const lastName = value('lastName') ?? listed.lastName
    const row = this.directory.importInto(slot, {
      Alias: listed.alias,
      FirstName: firstName,
      LastName: lastName,
      DisplayName: `${firstName} ${lastName}`.trim() || listed.alias,
      DtmfAccessId: extension,
      LdapCcmPkid: pkid,
      CosObjectId: template.CosObjectId
    })
    return created(request, row)
  }

  private update(objectId: string, request: WriteRequest): WriteAnswer {
    const slot = this.userSlot(objectId)
    const fields = userFields(jsonObject(request), 'update')
    if (fields.Alias !== undefined && fields.Alias.trim() === '') throw invalid('Alias cannot be empty.')
    this.refuseDuplicates(fields.Alias, fields.DtmfAccessId, slot)
    this.directory.update(slot, fields)
    return { status: 204 }
  }

  private remove(objectId: string): WriteAnswer {
    this.directory.remove(this.userSlot(objectId))
    return { status: 204 }
  }

  private setPin(objectId: string, request: WriteRequest): WriteAnswer {
    const slot = this.userSlot(objectId)
    const body = jsonObject(request)
    for (const key of Object.keys(body))
      if (!CREDENTIAL_FIELDS.has(key)) throw invalid(`Credential has no field ${key}.`)
    if (body.Credentials !== undefined) {
      // The PIN is checked and forgotten: only when it changed is kept, and no answer repeats it.
      if (!/^\d{4,24}$/.test(text(body, 'Credentials')))
        throw invalid('The PIN does not meet the credential policy: 4 to 24 digits.')
      this.directory.setPin((this.directory.at(slot) as Row).ObjectId, this.now())
    }
    return { status: 204 }
  }

  private template(query: URLSearchParams): Row {
    const alias = query.get('templateAlias')
    if (!alias) throw invalid('templateAlias is required to create a user.')
    const template = this.directory.templates.find((t) => t.Alias.toLowerCase() === alias.toLowerCase())
    if (!template) throw invalid(`No user template with the alias ${alias}.`)
    return template
  }

  private userSlot(objectId: string): number {
    const slot = this.directory.slotOf({ objectId })
    if (slot === undefined) throw new Refusal(404, 'NOT_FOUND', `No User with ObjectId ${objectId}.`)
    return slot
  }

  /** Refuses an alias or extension another user (not `self`) already has. */
  private refuseDuplicates(alias: string | undefined, extension: string | undefined, self?: number): void {
    if (alias !== undefined) {
      const holder = this.directory.slotOf({ alias })
      if (holder !== undefined && holder !== self)
        throw new Refusal(400, 'DATA_EXCEPTION', `A user with the alias ${alias} already exists.`)
    }
    if (extension !== undefined && extension !== '') {
      const holder = this.directory.slotOf({ extension })
      if (holder !== undefined && holder !== self)
        throw new Refusal(
          400,
          'DATA_EXCEPTION',
          `The extension ${extension} is already in use in the partition of this user.`
        )
    }
  }
}

function created(request: WriteRequest, row: Row): WriteAnswer {
  return { status: 201, headers: { Location: `https://${request.host}/vmrest/users/${row.ObjectId}` } }
}

/** The body as a JSON object; anything else is refused (a body that is no JSON: SyntaxError). */
function jsonObject(request: WriteRequest): Record<string, unknown> {
  if (!/^application\/json\b/i.test(request.contentType))
    throw new Refusal(415, 'UNSUPPORTED_MEDIA_TYPE', 'The lab accepts only JSON bodies (application/json).')
  const body = JSON.parse(request.body) as unknown
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw invalid('The body must be one JSON object.')
  return body as Record<string, unknown>
}

/** A field's value as CUPI keeps it: text (numbers and booleans written as JSON are accepted). */
function text(body: Record<string, unknown>, key: string): string {
  const value = body[key]
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  throw invalid(`${key} must be text.`)
}

function userFields(body: Record<string, unknown>, what: 'create' | 'update'): Row {
  const fields: Row = {}
  for (const key of Object.keys(body)) {
    if (!USER_FIELDS.has(key)) throw invalid(`A user ${what} cannot set ${key}: no such writable User field.`)
    fields[key] = text(body, key)
  }
  for (const key of ['Alias', 'DisplayName', 'FirstName', 'LastName'])
    if ((fields[key]?.length ?? 0) > 64) throw invalid(`${key} is longer than 64 characters.`)
  if ((fields.SmtpAddress?.length ?? 0) > 320) throw invalid('SmtpAddress is longer than 320 characters.')
  if (fields.DtmfAccessId !== undefined) validExtension(fields.DtmfAccessId)
  return fields
}

function required(fields: Row, key: string): string {
  const value = fields[key]
  if (value === undefined || value.trim() === '') throw invalid(`${key} is required to create a user.`)
  return value
}

function validExtension(extension: string): void {
  if (!/^\d{1,40}$/.test(extension)) throw invalid(`DtmfAccessId ${extension} is not an extension (digits).`)
}

/** Tomcat's error page, whose message CUPI clients dig out of `<b>Exception:</b><pre>…</pre>`. */
function tomcatPage(status: number, message: string): string {
  return `<html><head><title>Apache Tomcat - Error report</title></head><body><h1>HTTP Status ${status} - Bad Request</h1><hr/><p><b>type</b> Status report</p><p><b>message</b> <u>${message}</u></p><p><b>description</b> <u>${message}</u></p><hr/><h3>Apache Tomcat</h3></body></html>`
}
