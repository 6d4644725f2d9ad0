import ldap from 'ldapjs'
import type { AddressInfo } from 'node:net'
import type { LabCluster } from '../cluster'
import { LabDirectory, type Attributes, type DirectoryEntry } from './directory'

export interface DirectoryServerOptions {
  cluster: LabCluster
  baseDn?: string
  bindDn: string
  password: string
  port?: number
  /** AD's MaxPageSize: the most entries one page, or one unpaged search, returns. */
  maxPageSize?: number
}

export interface RunningDirectoryServer {
  port: number
  url: string
  baseDn: string
  usersDn: string
  close(): Promise<void>
}

const PAGED_RESULTS_OID = '1.2.840.113556.1.4.319'

/** ldapjs re-exports these at run time; @types/ldapjs does not declare them. */
const Attribute = (ldap as unknown as { Attribute: { fromObject(attributes: Attributes): unknown } })
  .Attribute
const PagedResultsControl = (
  ldap as unknown as {
    PagedResultsControl: new (options: { value: { size: number; cookie: Buffer } }) => unknown
  }
).PagedResultsControl
const BIT_AND = '1.2.840.113556.1.4.803'
const BIT_OR = '1.2.840.113556.1.4.804'

/** The parts of @ldapjs/filter nodes the evaluator reads. */
interface FilterNode {
  type: string
  attribute?: string
  value?: string
  clauses?: FilterNode[]
  filter?: FilterNode
  subInitial?: string
  subAny?: string[]
  subFinal?: string
  matchingRule?: string
  matchType?: string
  matchValue?: string
}

interface Request {
  dn: { toString(): string }
  credentials?: string
  scopeName: 'base' | 'single' | 'subtree'
  filter: FilterNode
  attributes: string[]
  controls: { type: string; value?: { size?: number; cookie?: Buffer } }[]
  connection: { ldap: { bindDN: { toString(): string } } }
}

interface Response {
  send(entry: unknown): void
  createSearchEntry(entry: { objectName: string; attributes: unknown }): unknown
  end(status?: number): void
  addControl(control: unknown): void
  diagnosticMessage: string
}

/** Ends a request with a result code and AD-style diagnostic text (ldapjs's next(error) drops the text). */
function fail(res: Response, next: Next, code: number, message: string): void {
  res.diagnosticMessage = message
  res.end(code)
  next()
}

const RESULT = {
  operationsError: 1,
  sizeLimitExceeded: 4,
  noSuchObject: 32,
  invalidCredentials: 49,
  unwillingToPerform: 53
} as const

type Next = (error?: unknown) => void

function valuesOf(attributes: Attributes, name: string): string[] {
  const key = Object.keys(attributes).find((k) => k.toLowerCase() === name.toLowerCase())
  return key ? attributes[key] : []
}

/**
 * A DN's RDNs in canonical form (lower case, escapes decoded, spaces around separators dropped), so
 * "OU=Staff,DC=example" and "ou=staff, dc=example" compare equal, as they do in AD. ldapjs writes
 * escaped characters in hex (\2c, \c3\ad); both forms decode to the same value.
 */
export function dnParts(dn: string): string[] {
  const parts: string[] = []
  let current: number[] = []
  const push = (): void => {
    parts.push(
      Buffer.from(current)
        .toString('utf8')
        .replace(/\s*=\s*/, '=')
        .trim()
        .toLowerCase()
    )
    current = []
  }
  for (let i = 0; i < dn.length; i++) {
    const c = dn[i]
    if (c === '\\' && i + 1 < dn.length) {
      const hex = dn.slice(i + 1, i + 3)
      if (/^[0-9a-fA-F]{2}$/.test(hex)) {
        current.push(parseInt(hex, 16))
        i += 2
      } else {
        current.push(...Buffer.from(dn[i + 1], 'utf8'))
        i += 1
      }
      continue
    }
    if (c === ',' || c === ';') push()
    else current.push(...Buffer.from(c, 'utf8'))
  }
  if (dn.trim() !== '') push()
  return parts
}

function normalizeDn(dn: string): string {
  return dnParts(dn).join(',')
}

/** Attribute selection as AD does it: case-insensitive names, "*" or none for all user attributes. */
function select(attributes: Attributes, requested: string[]): Attributes {
  const wanted = requested.map((a) => a.toLowerCase())
  if (wanted.length === 0 || wanted.includes('*')) return { ...attributes }
  return Object.fromEntries(
    Object.entries(attributes).filter(([name]) => wanted.includes(name.toLowerCase()))
  )
}

/**
 * ldapts sends RFC 4515 escapes (`\\c3\\85` for "Å") as literal text inside assertion values; decode
 * them so non-ASCII equality and substring matches work as they do against AD.
 */
function unescapeValue(value: string): string {
  if (!value.includes('\\')) return value
  const bytes: number[] = []
  for (let i = 0; i < value.length; i++) {
    const hex = value.slice(i + 1, i + 3)
    if (value[i] === '\\' && /^[0-9a-fA-F]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16))
      i += 2
    } else bytes.push(...Buffer.from(value[i], 'utf8'))
  }
  return Buffer.from(bytes).toString('utf8')
}

/** LDAP filter evaluation, including AD's bitwise matching rules, over an entry's attributes. */
export function matches(filter: FilterNode, attributes: Attributes): boolean {
  const values = (): string[] => valuesOf(attributes, filter.attribute ?? '')
  const wanted = unescapeValue(filter.value ?? '').toLowerCase()
  switch (filter.type) {
    case 'AndFilter':
      return (filter.clauses ?? []).every((f) => matches(f, attributes))
    case 'OrFilter':
      return (filter.clauses ?? []).some((f) => matches(f, attributes))
    case 'NotFilter':
      return filter.filter ? !matches(filter.filter, attributes) : true
    case 'PresenceFilter':
      return values().length > 0
    case 'EqualityFilter':
    case 'ApproximateFilter':
      // Like AD, (objectCategory=person) names the category by its class, which is stored as a DN.
      if ((filter.attribute ?? '').toLowerCase() === 'objectcategory' && !wanted.includes('='))
        return values().some((v) => v.toLowerCase().startsWith(`cn=${wanted},`))
      return values().some((v) => v.toLowerCase() === wanted)
    case 'GreaterThanEqualsFilter':
      return values().some((v) =>
        /^-?\d+$/.test(v) && /^-?\d+$/.test(wanted) ? Number(v) >= Number(wanted) : v.toLowerCase() >= wanted
      )
    case 'LessThanEqualsFilter':
      return values().some((v) =>
        /^-?\d+$/.test(v) && /^-?\d+$/.test(wanted) ? Number(v) <= Number(wanted) : v.toLowerCase() <= wanted
      )
    case 'SubstringFilter': {
      const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      const part = (s: string | undefined): string => escape(unescapeValue(s ?? ''))
      const any = (filter.subAny ?? []).map(part)
      const pattern = new RegExp(
        `^${part(filter.subInitial)}.*${any.join('.*')}${any.length ? '.*' : ''}${part(filter.subFinal)}$`,
        'i'
      )
      return values().some((v) => pattern.test(v))
    }
    case 'ExtensibleFilter': {
      const own = valuesOf(attributes, filter.matchType ?? '')
      const bits = Number(filter.matchValue)
      if (filter.matchingRule === BIT_AND) return own.some((v) => (Number(v) & bits) === bits)
      if (filter.matchingRule === BIT_OR) return own.some((v) => (Number(v) & bits) !== 0)
      return own.some((v) => v.toLowerCase() === String(filter.matchValue).toLowerCase())
    }
    default:
      return false
  }
}

/**
 * An Active Directory-like LDAP server for demos: bind with the service account, subtree searches
 * with real filter evaluation (including userAccountControl bit matching), the paged results control,
 * and AD's MaxPageSize: an unpaged search stops there with sizeLimitExceeded.
 */
export async function startDirectoryServer(options: DirectoryServerOptions): Promise<RunningDirectoryServer> {
  const baseDn = options.baseDn ?? 'DC=example,DC=test'
  const maxPage = options.maxPageSize ?? 1000
  const directory = new LabDirectory(options.cluster, baseDn, options.bindDn)
  const fixed = directory.fixedEntries()
  const userIndexes = directory.userIndexes()
  const users = normalizeDn(directory.usersDn)
  const known = new Set([...fixed.map((e) => normalizeDn(e.dn)), users])
  const userByDn = new Map(userIndexes.map((i) => [normalizeDn(directory.userDn(i)), i]))
  // Paged searches in progress: cookie → position in the candidate list.
  const cursors = new Map<string, { position: number; key: string }>()
  let nextCookie = 1

  const server = ldap.createServer()
  const bound = (req: Request): boolean =>
    normalizeDn(req.connection.ldap.bindDN.toString()) === normalizeDn(options.bindDn)

  server.bind('', (req: Request, res: Response, next: Next) => {
    if (
      normalizeDn(req.dn.toString()) !== normalizeDn(options.bindDn) ||
      req.credentials !== options.password
    ) {
      return fail(
        res,
        next,
        RESULT.invalidCredentials,
        '80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data 52e'
      )
    }
    res.end()
    return next()
  })

  server.search('', (req: Request, res: Response, next: Next) => {
    if (!bound(req)) {
      return fail(
        res,
        next,
        RESULT.operationsError,
        '000004DC: LdapErr: DSID-0C090A5C, comment: In order to perform this operation a successful bind must be completed on the connection.'
      )
    }
    const base = normalizeDn(req.dn.toString())
    if (!known.has(base) && !userByDn.has(base)) {
      return fail(
        res,
        next,
        RESULT.noSuchObject,
        `0000208D: NameErr: DSID-03100241, problem 2001 (NO_OBJECT), no entry ${req.dn.toString()}`
      )
    }

    // Candidates in a stable order: fixed entries, then users (generated only when sent or tested).
    const candidates: (DirectoryEntry | number)[] = [...fixed, ...userIndexes]
    const dnOf = (c: DirectoryEntry | number): string => (typeof c === 'number' ? directory.userDn(c) : c.dn)
    const baseParts = dnParts(req.dn.toString())
    const inScope = (dn: string): boolean => {
      const parts = dnParts(dn)
      const depth = parts.length - baseParts.length
      if (depth < 0 || parts.slice(depth).join(',') !== base) return false
      if (req.scopeName === 'base') return depth === 0
      if (req.scopeName === 'single') return depth === 1
      return true
    }
    const paged = req.controls.find((c) => c.type === PAGED_RESULTS_OID)
    const pageSize = paged ? Math.min(maxPage, paged.value?.size || maxPage) : maxPage
    const key = `${base}|${req.scopeName}|${JSON.stringify(req.filter)}`
    let position = 0
    const cookie = paged?.value?.cookie
    if (cookie && cookie.length > 0) {
      const cursor = cursors.get(cookie.toString('utf8'))
      if (!cursor || cursor.key !== key)
        return fail(
          res,
          next,
          RESULT.unwillingToPerform,
          'The paged results cookie is not valid for this search.'
        )
      position = cursor.position
      cursors.delete(cookie.toString('utf8'))
    }
    let sent = 0
    for (; position < candidates.length; position++) {
      const candidate = candidates[position]
      if (!inScope(dnOf(candidate))) continue
      const entry = typeof candidate === 'number' ? directory.user(candidate) : candidate
      if (!matches(req.filter, entry.attributes)) continue
      if (sent === pageSize) {
        if (!paged) {
          return fail(
            res,
            next,
            RESULT.sizeLimitExceeded,
            `Size limit exceeded: more than ${maxPage} entries match; use the paged results control.`
          )
        }
        break
      }
      // A prepared entry bypasses ldapjs's own attribute filter, which compares names case-sensitively.
      res.send(
        res.createSearchEntry({
          objectName: entry.dn,
          attributes: Attribute.fromObject(select(entry.attributes, req.attributes))
        })
      )
      sent++
    }
    if (paged) {
      let resume = Buffer.alloc(0)
      if (position < candidates.length) {
        const id = String(nextCookie++)
        cursors.set(id, { position, key })
        resume = Buffer.from(id, 'utf8')
      }
      res.addControl(new PagedResultsControl({ value: { size: 0, cookie: resume } }))
    }
    res.end()
    return next()
  })

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', () => resolve()))
  const port = (server as unknown as { address(): AddressInfo }).address().port
  return {
    port,
    url: `ldap://127.0.0.1:${port}`,
    baseDn,
    usersDn: directory.usersDn,
    close: () => new Promise((resolve) => server.close(() => resolve()))
  }
}
