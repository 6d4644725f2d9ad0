import { Attribute, Change, InvalidCredentialsError, NoSuchObjectError } from 'ldapts'
import { CancelledError } from '../common/retry'
import type { Pin } from '../common/tls'
import { LdapConnection } from './connection'

export interface DirectoryEndpoint {
  host: string
  port: number
  pin?: Pin
}

export interface DirectoryTarget {
  primary: DirectoryEndpoint
  /** Tried when the primary cannot be reached (never after a refused bind: that is not an outage). */
  backup?: DirectoryEndpoint
  useSsl: boolean
  bindDn: string
  password: string
  /** Active Directory caps pages at 1,000 entries (MaxPageSize); others accept what we ask. */
  activeDirectory: boolean
  timeoutMs?: number
}

/** One directory entry: its DN and attribute values (names lower-cased, values as text). */
export interface DirectoryEntry {
  dn: string
  attributes: Record<string, string[]>
}

export class DirectoryError extends Error {
  constructor(
    readonly kind: 'auth' | 'network' | 'no-such-base' | 'protocol',
    message: string
  ) {
    super(message)
    this.name = 'DirectoryError'
  }
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN'
])

function isNetworkFailure(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return true
  return error instanceof Error && /timeout|timed out|socket|connection/i.test(error.message)
}

function urlOf(endpoint: DirectoryEndpoint, useSsl: boolean): string {
  const host = endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host
  return `${useSsl ? 'ldaps' : 'ldap'}://${host}:${endpoint.port}`
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
 * A bound connection to a directory server: LDAP or LDAPS (verification always on, pinned
 * certificates honoured), failover to the backup server when the primary is unreachable, paged
 * subtree searches and cancellation through an AbortSignal.
 */
export class DirectoryClient {
  private constructor(
    private readonly connection: LdapConnection,
    readonly url: string,
    private readonly activeDirectory: boolean
  ) {}

  static async connect(target: DirectoryTarget, signal?: AbortSignal): Promise<DirectoryClient> {
    const endpoints = [target.primary, ...(target.backup ? [target.backup] : [])]
    let lastError: unknown
    for (const endpoint of endpoints) {
      if (signal?.aborted) throw new CancelledError()
      const url = urlOf(endpoint, target.useSsl)
      let connection: LdapConnection | undefined
      try {
        connection = await LdapConnection.open(
          { ...endpoint, useSsl: target.useSsl, timeoutMs: target.timeoutMs ?? 15_000 },
          signal
        )
        await connection.bind(target.bindDn, target.password, signal)
        return new DirectoryClient(connection, url, target.activeDirectory)
      } catch (error) {
        await connection?.close().catch(() => undefined)
        if (error instanceof CancelledError) throw error
        if (error instanceof InvalidCredentialsError)
          throw new DirectoryError(
            'auth',
            `${url} refused the bind as "${target.bindDn}": invalid credentials (LDAP result 49).`
          )
        if (!isNetworkFailure(error)) throw error
        lastError = error
      }
    }
    throw new DirectoryError(
      'network',
      `No directory server could be reached (${endpoints.map((e) => urlOf(e, target.useSsl)).join(', ')}): ${
        lastError instanceof Error ? lastError.message : String(lastError)
      }`
    )
  }

  /**
   * Pages of a subtree search. A page that fails ends the search with an error: callers must never
   * read a partial result as "these users are gone". The server reads the next page while the caller
   * works on this one (LdapConnection.pagedSearch); `onPage` hears the number of entries read so far
   * before a page is handed on (a page's arrival is the search's progress).
   */
  async *search(
    base: string,
    filter: string,
    attributes: string[],
    options: {
      pageSize?: number
      signal?: AbortSignal
      binaryAttributes?: string[]
      onPage?: (entriesRead: number) => void
    } = {}
  ): AsyncGenerator<DirectoryEntry[]> {
    const pageSize = Math.min(options.pageSize ?? 500, this.activeDirectory ? 1000 : 5000)
    const binaryAttributes = new Set((options.binaryAttributes ?? []).map((a) => a.toLowerCase()))
    let read = 0
    try {
      for await (const page of this.connection.pagedSearch(
        { base, filter, attributes, pageSize, binaryAttributes },
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
          `The search base "${base}" does not exist on ${this.url} (LDAP result 32).`
        )
      if (isNetworkFailure(error))
        throw new DirectoryError(
          'network',
          `The search on ${this.url} was interrupted: ${(error as Error).message}`
        )
      throw new DirectoryError(
        'protocol',
        `The search on ${this.url} failed: ${error instanceof Error ? error.message : String(error)}`
      )
    }
  }

  /** Replaces one attribute of one entry (write-back); the server's refusal comes back as the error. */
  async replace(dn: string, attribute: string, value: string): Promise<void> {
    await this.connection.modify(
      dn,
      new Change({ operation: 'replace', modification: new Attribute({ type: attribute, values: [value] }) })
    )
  }

  async close(): Promise<void> {
    await this.connection.close().catch(() => undefined)
  }
}
