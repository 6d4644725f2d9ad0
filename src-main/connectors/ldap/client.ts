import {
  Attribute,
  Change,
  InvalidCredentialsError,
  NoSuchObjectError,
  ResultCodeError,
  SizeLimitExceededError
} from 'ldapts'
import type { ConnectionSecurity } from '../../../src-preload/contract'
import { CancelledError } from '../common/retry'
import { changedCertificate, isPinMismatch, isUntrustedCertificateError, type Pin } from '../common/tls'
import { LdapConnection, LdapRequestError, StartTlsRefusedError, startTlsSocket } from './connection'
import type { DirectoryEntry } from './entry'
import { DIRECTORY_LIMITS, DirectoryLimitError, searchLimits, type DirectoryLimits } from './limits'

export interface DirectoryEndpoint {
  host: string
  port: number
  pin?: Pin
  /** How an administrator trusts the certificate with this fingerprint here, for a changed pin's error. */
  howToTrust?: (fingerprint: string) => string
}

export interface DirectoryTarget {
  primary: DirectoryEndpoint
  /** Tried when the primary cannot be reached (never after a refused bind: that is not an outage). */
  backup?: DirectoryEndpoint
  security: ConnectionSecurity
  bindDn: string
  password: string
  /** Active Directory caps pages at 1,000 entries (MaxPageSize); others accept what we ask. */
  activeDirectory: boolean
  /** Tests shorten deadlines and caps; DIRECTORY_LIMITS otherwise. */
  limits?: Partial<DirectoryLimits>
}

export type { DirectoryEntry } from './entry'

/**
 * What went wrong, for the run's log and for what may be tried again: only `network` is an outage
 * (the backup server is tried, a later run may succeed); `limit` is a server that broke a deadline or
 * a cap, `request` a value our own encoder refused, `tls` a certificate or StartTLS failure.
 */
export type DirectoryErrorKind =
  'auth' | 'network' | 'no-such-base' | 'protocol' | 'limit' | 'request' | 'tls'

export class DirectoryError extends Error {
  constructor(
    readonly kind: DirectoryErrorKind,
    message: string,
    options?: { cause?: unknown }
  ) {
    super(message, options)
    this.name = 'DirectoryError'
  }
}

/**
 * Codes of an outage: socket errors, and the client's own idle timeout (ETIMEDOUT) and closed or
 * disconnected connection (ECONNRESET). Classified by code only: words in a message (a server's
 * diagnostic, a filter's text) say nothing about the network.
 */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN'
])

function isNetworkFailure(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code
  return typeof code === 'string' && NETWORK_CODES.has(code)
}

function isTlsFailure(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code
  return (
    error instanceof StartTlsRefusedError ||
    isUntrustedCertificateError(error) ||
    isPinMismatch(error) ||
    (typeof code === 'string' &&
      /^(ERR_TLS|ERR_SSL|ERR_CERT|CERT_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO)/.test(code))
  )
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error))

/** What the client raises for `error`, met by `subject` ("The search on ldap://…"): a DirectoryError of the right kind. */
function classify(error: unknown, subject: string, url: string): DirectoryError {
  if (error instanceof DirectoryError) return error
  const cause = { cause: error }
  if (error instanceof DirectoryLimitError)
    return new DirectoryError('limit', `${subject} was stopped: ${error.message}.`, cause)
  if (error instanceof LdapRequestError)
    return new DirectoryError('request', `${subject} could not be sent: ${error.message}.`, cause)
  if (isTlsFailure(error))
    return new DirectoryError('tls', `TLS with ${url} failed: ${messageOf(error)}`, cause)
  if (isNetworkFailure(error))
    return new DirectoryError('network', `${subject} was interrupted: ${messageOf(error)}`, cause)
  if (error instanceof SizeLimitExceededError)
    return new DirectoryError(
      'protocol',
      `${subject} failed: ${describeLdapError(error)}. The server caps how many entries one search may return, paged or not; raise that limit for the bind account (OpenLDAP: olcLimits size.prtotal; Active Directory: MaxResultSetSize) or narrow the search base or filter.`,
      cause
    )
  return new DirectoryError('protocol', `${subject} failed: ${describeLdapError(error)}`, cause)
}

function urlOf(endpoint: DirectoryEndpoint, security: ConnectionSecurity): string {
  const host = endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host
  return `${security === 'ssl' ? 'ldaps' : 'ldap'}://${host}:${endpoint.port}`
}

/** Why a server refused a bind, in words: wrong credentials are named as such. */
export function describeBindRefusal(error: ResultCodeError): string {
  return error instanceof InvalidCredentialsError
    ? 'invalid credentials (LDAP result 49)'
    : describeLdapError(error)
}

/** An LDAP error in words: ldapts's result errors carry a class name and the numeric result code. */
export function describeLdapError(error: unknown): string {
  if (!(error instanceof Error)) return String(error)
  const code = (error as { code?: unknown }).code
  const words = error.name
    .replace(/Error$/, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
  const message = error.message.replace(/\s*Code: 0x[0-9a-f]+\s*/i, '').trim()
  return `${message || words}${typeof code === 'number' ? ` (LDAP result ${code})` : ''}`
}

/**
 * A TLS failure at a pinned endpoint: when the server now presents another certificate, the error
 * names it, the pinned fingerprint and how to trust the new one, rather than the bare TLS error.
 */
async function pinnedTlsFailure(
  failure: DirectoryError,
  endpoint: DirectoryEndpoint,
  pin: Pin,
  security: ConnectionSecurity
): Promise<DirectoryError> {
  const changed = await changedCertificate(
    endpoint.host,
    endpoint.port,
    pin.fingerprint,
    security === 'starttls' ? startTlsSocket : undefined,
    endpoint.howToTrust
  )
  return changed ? new DirectoryError('tls', changed.message, { cause: failure.cause }) : failure
}

/**
 * A bound connection to a directory server: LDAP, LDAP with StartTLS or LDAPS (verification always
 * on, pinned certificates honoured), failover to the backup server when the primary is unreachable,
 * paged subtree searches held to DIRECTORY_LIMITS, and cancellation through an AbortSignal.
 */
export class DirectoryClient {
  private constructor(
    private readonly connection: LdapConnection,
    readonly url: string,
    private readonly activeDirectory: boolean,
    private readonly limits: DirectoryLimits
  ) {}

  static async connect(target: DirectoryTarget, signal?: AbortSignal): Promise<DirectoryClient> {
    const limits = { ...DIRECTORY_LIMITS, ...target.limits }
    const endpoints = [target.primary, ...(target.backup ? [target.backup] : [])]
    let lastError: DirectoryError | undefined
    for (const endpoint of endpoints) {
      if (signal?.aborted) throw new CancelledError()
      const url = urlOf(endpoint, target.security)
      let connection: LdapConnection | undefined
      try {
        connection = await LdapConnection.open({ ...endpoint, security: target.security, limits }, signal)
        await connection.bind(target.bindDn, target.password, signal)
        return new DirectoryClient(connection, url, target.activeDirectory, limits)
      } catch (error) {
        await connection?.close().catch(() => undefined)
        if (error instanceof CancelledError) throw error
        if (error instanceof ResultCodeError)
          throw new DirectoryError(
            'auth',
            `${url} refused the bind as "${target.bindDn}": ${describeBindRefusal(error)}.`,
            { cause: error }
          )
        const classified = classify(error, `Connecting to ${url}`, url)
        if (classified.kind === 'tls' && endpoint.pin)
          throw await pinnedTlsFailure(classified, endpoint, endpoint.pin, target.security)
        // Only an outage sends the password on to the backup server.
        if (classified.kind !== 'network') throw classified
        lastError = classified
      }
    }
    throw new DirectoryError(
      'network',
      `No directory server could be reached (${endpoints.map((e) => urlOf(e, target.security)).join(', ')}): ${
        (lastError?.cause as Error | undefined)?.message ?? lastError?.message
      }`,
      { cause: lastError }
    )
  }

  /**
   * Pages of a subtree search. A page that fails ends the search with an error: callers must never
   * read a partial result as "these users are gone". The server reads the next page while the caller
   * works on this one (LdapConnection.pagedSearch); `onPage` hears the number of entries read so far
   * before a page is handed on (a page's arrival is the search's progress). `expectedEntries` (what
   * the previous run read) sets how many pages the search may take.
   */
  async *search(
    base: string,
    filter: string,
    attributes: string[],
    options: {
      pageSize?: number
      signal?: AbortSignal
      binaryAttributes?: string[]
      expectedEntries?: number
      onPage?: (entriesRead: number) => void
    } = {}
  ): AsyncGenerator<DirectoryEntry[]> {
    const pageSize = Math.min(options.pageSize ?? 500, this.activeDirectory ? 1000 : 5000)
    const binaryAttributes = new Set((options.binaryAttributes ?? []).map((a) => a.toLowerCase()))
    const limits = searchLimits(pageSize, options.expectedEntries, this.limits)
    let read = 0
    try {
      for await (const page of this.connection.pagedSearch(
        { base, filter, attributes, pageSize, binaryAttributes },
        limits,
        options.signal
      )) {
        read += page.length
        options.onPage?.(read)
        yield page
      }
    } catch (error) {
      if (error instanceof CancelledError) throw error
      if (error instanceof NoSuchObjectError)
        throw new DirectoryError(
          'no-such-base',
          `The search base "${base}" does not exist on ${this.url} (LDAP result 32).`,
          { cause: error }
        )
      throw classify(error, `The search on ${this.url}`, this.url)
    }
  }

  /** Replaces one attribute of one entry (write-back); the server's refusal comes back as the error. */
  async replace(dn: string, attribute: string, value: string, signal?: AbortSignal): Promise<void> {
    await this.connection.modify(
      dn,
      new Change({ operation: 'replace', modification: new Attribute({ type: attribute, values: [value] }) }),
      signal
    )
  }

  async close(): Promise<void> {
    await this.connection.close().catch(() => undefined)
  }
}
