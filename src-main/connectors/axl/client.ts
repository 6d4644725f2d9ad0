import https from 'node:https'
import * as soap from 'soap'
import wsdlTemplate from '../../../resources/axl/switchboard-axl.wsdl?raw'
import { CancelledError, withRetry, type RetryPolicy } from '../common/retry'
import { isPersistentNetworkCode } from '../common/failure'
import type { HttpsTarget } from '../common/http'
import { tlsOptions } from '../common/tls'
import { AXL_VERSIONS } from './probe'
import type { AxlObjectSpec } from './objects'

/** An AXL failure, classified so callers can react (shrink the page, back off, give up, resync). */
export class AxlError extends Error {
  constructor(
    readonly kind: 'version' | 'auth' | 'throttled' | 'too-large' | 'memory' | 'fault' | 'network' | 'http',
    message: string,
    readonly details: { status?: number; axlcode?: number; suggestedRows?: number } = {},
    /** The socket or TLS error code behind a network failure (ECONNREFUSED, …). */
    readonly code?: string
  ) {
    super(message)
    this.name = 'AxlError'
  }
}

/** One object as read: uuid, its fields (references flattened to names), and elements we did not ask for. */
export interface AxlObject {
  uuid: string
  fields: Record<string, unknown>
  unexpected: string[]
}

type SoapMethod = (
  args: unknown,
  options: Record<string, unknown>,
  headers: Record<string, string>
) => Promise<[Record<string, unknown> | null, string]>

interface SoapFaultShape {
  response?: { status?: number }
  root?: {
    Envelope?: {
      Body?: {
        Fault?: {
          faultstring?: string
          detail?: { axlError?: { axlcode?: string | number; axlmessage?: string } }
        }
      }
    }
  }
  code?: string
  message?: string
}

function classify(error: unknown): AxlError {
  if (error instanceof AxlError || error instanceof CancelledError) return error as AxlError
  const e = error as SoapFaultShape
  const status = e.response?.status
  const fault = e.root?.Envelope?.Body?.Fault
  if (fault) {
    const axlcode = Number(fault.detail?.axlError?.axlcode ?? NaN)
    const message = String(fault.detail?.axlError?.axlmessage ?? fault.faultstring ?? 'AXL fault')
    const tooLarge =
      /Total rows matched:\s*(\d+).*?(?:Suggestive|Suggested) Row Fetch:\s*less than\s*(\d+)/i.exec(message)
    if (tooLarge)
      return new AxlError('too-large', message, { status, axlcode, suggestedRows: Number(tooLarge[2]) })
    if (/Maximum AXL Memory Allocation Consumed/i.test(message))
      return new AxlError('memory', message, { status, axlcode })
    return new AxlError('fault', message, { status, axlcode })
  }
  if (status === 599)
    return new AxlError('version', 'The server does not accept this AXL schema version (HTTP 599).', {
      status
    })
  if (status === 401 || status === 403)
    return new AxlError('auth', `The AXL user was refused (HTTP ${status}).`, { status })
  if (status === 503)
    return new AxlError('throttled', 'The AXL service is throttling requests (HTTP 503).', { status })
  if (status !== undefined)
    return new AxlError('http', `The AXL service answered HTTP ${status}.`, { status })
  const code = e.code ?? (e as { cause?: { code?: string } }).cause?.code
  return new AxlError('network', e.message ?? String(error), {}, code)
}

/** What a retry may fix: throttling, memory pressure, dropped or timed-out connections. */
export function isTransient(error: unknown): boolean {
  if (!(error instanceof AxlError)) return false
  if (error.kind === 'network') return !isPersistentNetworkCode(error.code)
  return error.kind === 'throttled' || error.kind === 'memory'
}

function text(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'string') return value
  if (typeof value === 'object' && '$value' in value) return String(value.$value)
  return ''
}

/** soap gives `{attributes:{uuid}, $value}` for references and nested objects for complex elements. */
function normalizeValue(value: unknown): unknown {
  if (value === null || value === undefined || typeof value !== 'object') return value ?? ''
  if ('$value' in value) return text(value)
  if (Array.isArray(value)) return value.map(normalizeValue)
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value as Record<string, unknown>))
    if (k !== 'attributes') out[k] = normalizeValue(v)
  return out
}

/** A raw soap object → uuid, the requested fields in the spec's order (so list and get agree), extras. */
export function toAxlObject(spec: AxlObjectSpec, item: Record<string, unknown>): AxlObject {
  const attributes = item.attributes as { uuid?: string } | undefined
  const fields: Record<string, unknown> = {}
  for (const tag of spec.returnedTags) if (tag in item) fields[tag] = normalizeValue(item[tag])
  const requested = new Set(spec.returnedTags)
  const unexpected = Object.keys(item).filter((k) => k !== 'attributes' && !requested.has(k))
  return { uuid: (attributes?.uuid ?? '').toUpperCase(), fields, unexpected }
}

/** A device's line appearances as get<Device> returns them. */
export interface AxlLine {
  position: string
  pattern: string
  partition: string
}

export interface AxlClientOptions {
  target: HttpsTarget
  signal?: AbortSignal
  retry?: RetryPolicy
  onRetry?: (error: AxlError, delayMs: number) => void
  /** Versions to try, newest first. */
  versions?: readonly string[]
  /** Sees every request envelope sent (tests validate them against Cisco's schema). */
  onRequest?: (envelope: string) => void
}

/**
 * AXL over the soap package with Switchboard's own WSDL: version negotiation (newest first, falling
 * back on HTTP 599), one keep-alive connection pool with TLS verification or pinning, JSESSIONIDSSO
 * reuse, retries with back-off on throttling, and list paging that shrinks when the server says a
 * page is over its 8 MB limit.
 */
export class AxlClient {
  private cookie: string | undefined
  private constructor(
    private readonly client: soap.Client,
    private readonly agent: https.Agent,
    readonly version: string,
    private readonly options: AxlClientOptions
  ) {}

  static async connect(options: AxlClientOptions): Promise<AxlClient> {
    const { target } = options
    const agent = new https.Agent({ keepAlive: true, maxSockets: 4, ...tlsOptions(target.host, target.pin) })
    const endpoint = `https://${target.host.includes(':') ? `[${target.host}]` : target.host}:${target.port}/axl/`
    let lastError: unknown
    for (const version of options.versions ?? AXL_VERSIONS) {
      const wsdl = new soap.WSDL(
        wsdlTemplate.replaceAll('{{AXL_VERSION}}', version),
        'switchboard-axl.wsdl',
        {}
      )
      await new Promise<void>((resolve, reject) =>
        wsdl.onReady((error) => (error ? reject(error) : resolve()))
      )
      const client = new soap.Client(wsdl, endpoint, {})
      if (options.onRequest) client.on('request', (envelope: string) => options.onRequest?.(envelope))
      const axl = new AxlClient(client, agent, version, options)
      try {
        await axl.call('getCCMVersion', {})
        return axl
      } catch (error) {
        lastError = error
        if (!(error instanceof AxlError && error.kind === 'version')) {
          agent.destroy()
          throw error
        }
      }
    }
    agent.destroy()
    throw lastError instanceof Error
      ? lastError
      : new AxlError('version', 'No AXL schema version was accepted.')
  }

  close(): void {
    this.agent.destroy()
  }

  /** One AXL operation with retries; the response's `return` element. */
  async call(operation: string, args: Record<string, unknown>): Promise<Record<string, unknown>> {
    const method = (this.client as unknown as Record<string, SoapMethod | undefined>)[`${operation}Async`]
    if (!method) throw new AxlError('fault', `Switchboard's AXL WSDL has no operation ${operation}.`)
    return withRetry(
      async () => {
        const headers: Record<string, string> = {}
        if (this.cookie) headers.Cookie = this.cookie
        else
          headers.Authorization = `Basic ${Buffer.from(`${this.options.target.username}:${this.options.target.password}`).toString('base64')}`
        try {
          const [result] = await method.call(
            this.client,
            args,
            {
              httpsAgent: this.agent,
              signal: this.options.signal,
              timeout: this.options.target.timeoutMs ?? 120_000
            },
            headers
          )
          const setCookie = ([] as string[]).concat(
            (this.client.lastResponseHeaders?.['set-cookie'] as string[] | string | undefined) ?? []
          )
          const session = setCookie.map((c) => /JSESSIONIDSSO=[^;]+/.exec(c)?.[0]).find(Boolean)
          if (session) this.cookie = session
          // Most responses wrap their content in <return>; listChange does not.
          return (result?.return ?? result ?? {}) as Record<string, unknown>
        } catch (error) {
          if (this.options.signal?.aborted) throw new CancelledError()
          const classified = classify(error)
          // An expired session: forget it and authenticate again (once, via the retry).
          if (this.cookie && (classified.details.status === 401 || classified.details.status === 404)) {
            this.cookie = undefined
            throw new AxlError('network', 'The AXL session expired; authenticating again.')
          }
          throw classified
        }
      },
      {
        signal: this.options.signal,
        policy: this.options.retry,
        retryable: isTransient,
        onRetry: (error, delayMs) => this.options.onRetry?.(error as AxlError, delayMs)
      }
    )
  }

  /**
   * Reads every object of a type, page by page (`first`/`skip`), shrinking the page when the
   * server reports the 8 MB limit. Yields each page as it arrives.
   */
  async *list(spec: AxlObjectSpec, pageSize = 1000): AsyncGenerator<AxlObject[]> {
    let skip = 0
    let first = pageSize
    for (;;) {
      let page: Record<string, unknown>
      try {
        page = await this.call(`list${spec.type}`, {
          searchCriteria: { [spec.searchField]: '%' },
          returnedTags: Object.fromEntries(spec.returnedTags.map((t) => [t, spec.markers[t] ?? ''])),
          skip,
          first
        })
      } catch (error) {
        if (error instanceof AxlError && error.kind === 'too-large' && first > 1) {
          first = Math.max(1, Math.min(first - 1, (error.details.suggestedRows ?? Math.floor(first / 2)) - 1))
          continue
        }
        throw error
      }
      const element = spec.type.charAt(0).toLowerCase() + spec.type.slice(1)
      const raw = page[element]
      const items = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]
      yield items.map((item: Record<string, unknown>) => toAxlObject(spec, item))
      if (items.length < first) return
      skip += items.length
    }
  }

  /**
   * One object by uuid (change notification), with the line appearances of a device; undefined when
   * the object no longer exists (AXL "Item not valid", axlcode 5007).
   */
  async get(spec: AxlObjectSpec, uuid: string): Promise<{ object: AxlObject; lines: AxlLine[] } | undefined> {
    let result: Record<string, unknown>
    try {
      result = await this.call(`get${spec.type}`, { uuid })
    } catch (error) {
      if (error instanceof AxlError && error.kind === 'fault' && error.details.axlcode === 5007)
        return undefined
      throw error
    }
    const element = spec.type.charAt(0).toLowerCase() + spec.type.slice(1)
    const item = result[element] as Record<string, unknown> | undefined
    if (!item) return undefined
    const rawLines = (item.lines as { line?: unknown } | undefined)?.line
    const lines = (rawLines === undefined ? [] : Array.isArray(rawLines) ? rawLines : [rawLines]) as Record<
      string,
      unknown
    >[]
    const { lines: _lines, services: _services, ...rest } = item
    return {
      object: toAxlObject(spec, rest),
      lines: lines.map((l) => {
        const dirn = (l.dirn ?? {}) as Record<string, unknown>
        return {
          position: text(l.index),
          pattern: text(dirn.pattern),
          partition: text(dirn.routePartitionName)
        }
      })
    }
  }

  /** listChange from a queue position (or the current end of the queue, without one). */
  async changes(start?: { queueId: string; changeId: number }): Promise<Record<string, unknown>> {
    return this.call(
      'listChange',
      start ? { startChangeId: { attributes: { queueId: start.queueId }, $value: start.changeId } } : {}
    )
  }

  /** executeSQLQuery with `SELECT SKIP n FIRST m` paging; `sql` must contain the `{{page}}` marker after SELECT. */
  async *sql(sql: string, pageSize = 5000): AsyncGenerator<Record<string, string>[]> {
    for (let skip = 0; ; skip += pageSize) {
      const result = await this.call('executeSQLQuery', {
        sql: sql.replace('{{page}}', `SKIP ${skip} FIRST ${pageSize}`)
      })
      const raw = result.row
      const rows = (raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]) as Record<string, unknown>[]
      yield rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, text(v)])))
      if (rows.length < pageSize) return
    }
  }
}
