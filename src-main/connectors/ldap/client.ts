import { Attribute, Change, Client, InvalidCredentialsError, NoSuchObjectError, type Entry } from 'ldapts'
import { CancelledError } from '../common/retry'
import { tlsOptions, type Pin } from '../common/tls'

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

/**
 * Our entry from ldapts's: attribute names lower-cased (through `lowerNames`, one string per name for
 * the whole search), values as text. Requested attributes the entry lacks come from ldapts as empty
 * lists and are left out: an absent attribute reads the same.
 */
function toEntry(entry: Entry, binary: Set<string>, lowerNames: Map<string, string>): DirectoryEntry {
  const attributes: Record<string, string[]> = {}
  for (const name in entry) {
    if (name === 'dn') continue
    const value = entry[name]
    if (Array.isArray(value) && value.length === 0) continue
    let key = lowerNames.get(name)
    if (key === undefined) {
      key = name.toLowerCase()
      lowerNames.set(name, key)
    }
    const values: unknown[] = Array.isArray(value) ? value : [value]
    attributes[key] = values.every((v) => typeof v === 'string')
      ? values
      : values.map((v) =>
          Buffer.isBuffer(v) ? (binary.has(key) ? v.toString('hex') : v.toString('utf8')) : String(v)
        )
  }
  return { dn: entry.dn, attributes }
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
    private readonly client: Client,
    readonly url: string,
    private readonly activeDirectory: boolean
  ) {}

  static async connect(target: DirectoryTarget, signal?: AbortSignal): Promise<DirectoryClient> {
    const endpoints = [target.primary, ...(target.backup ? [target.backup] : [])]
    let lastError: unknown
    for (const endpoint of endpoints) {
      if (signal?.aborted) throw new CancelledError()
      const url = urlOf(endpoint, target.useSsl)
      const timeout = target.timeoutMs ?? 15_000
      const client = new Client({
        url,
        timeout,
        connectTimeout: timeout,
        strictDN: false,
        ...(target.useSsl ? { tlsOptions: tlsOptions(endpoint.host, endpoint.pin) } : {})
      })
      try {
        await client.bind(target.bindDn, target.password)
        return new DirectoryClient(client, url, target.activeDirectory)
      } catch (error) {
        await client.unbind().catch(() => undefined)
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
   * read a partial result as "these users are gone". The next page is asked for before a page is
   * handed on, so that the server reads it while the caller works on this one; `onPage` hears the
   * number of entries read so far before that (a page's arrival is the search's progress).
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
    const binary = new Set((options.binaryAttributes ?? []).map((a) => a.toLowerCase()))
    const pages = this.client.searchPaginated(base, {
      scope: 'sub',
      filter,
      attributes,
      paged: { pageSize },
      explicitBufferAttributes: options.binaryAttributes ?? []
    })
    const lowerNames = new Map<string, string>()
    let read = 0
    try {
      let next = pages.next()
      for (;;) {
        const page = await next
        if (page.done) return
        if (options.signal?.aborted) throw new CancelledError()
        read += page.value.searchEntries.length
        options.onPage?.(read)
        next = pages.next()
        // A caller that stops early closes the connection: the page in flight then fails unheard.
        next.catch(() => undefined)
        yield page.value.searchEntries.map((e) => toEntry(e, binary, lowerNames))
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
    await this.client.modify(
      dn,
      new Change({ operation: 'replace', modification: new Attribute({ type: attribute, values: [value] }) })
    )
  }

  async close(): Promise<void> {
    await this.client.unbind().catch(() => undefined)
  }
}
