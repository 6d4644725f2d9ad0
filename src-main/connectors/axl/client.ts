import { StringDecoder } from 'node:string_decoder'
import { CancelledError, withRetry, type RetryPolicy } from '../common/retry'
import { endpointKey } from '../common/tls'
import { writePacerOf, type PacedWrite, type WritePacer } from '../common/writePacer'
import { deadline, duration, type Deadline } from '../common/deadline'
import { isLocalRequestError, isPersistentNetworkCode } from '../common/failure'
import type { HttpsTarget } from '../common/http'
import { HttpClient, type ResponseHead } from '../common/httpClient'
import { countRequest, type Traffic } from '../common/traffic'
import { AXL_VERSIONS } from './probe'
import type { AxlObjectSpec } from './objects'
import {
  requestEnvelope,
  SOAP_LIMITS,
  SoapResponseParser,
  XmlSyntaxError,
  type SoapArgument,
  type SoapLimits
} from './soap'

/** An AXL failure, classified so callers can react (shrink the page, back off, give up, resync). */
export class AxlError extends Error {
  constructor(
    readonly kind:
      | 'version'
      | 'auth'
      | 'throttled'
      | 'too-large'
      | 'memory'
      | 'fault'
      | 'network'
      | 'http'
      /** The server answered, but not with what AXL answers to this request: never retried. */
      | 'protocol'
      /** The request's or the run's overall deadline passed: never retried. */
      | 'timeout',
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

/** A SOAP Fault as parsed: `detail/axlError` carries AXL's own code and message. */
interface SoapFault {
  faultstring?: unknown
  detail?: { axlError?: { axlcode?: unknown; axlmessage?: unknown } }
}

/** An HTTP answer with its body parsed as SOAP (absent, with the reason, when it is not XML). */
interface SoapAnswer {
  status: number
  /** Bytes of the response body. */
  bytes: number
  headers: ResponseHead['headers']
  document?: Record<string, unknown>
  syntaxError?: XmlSyntaxError
}

/** What an answer other than a SOAP result means: the fault when there is one, else the HTTP status. */
function answerError(status: number, fault: SoapFault | undefined): AxlError {
  if (fault) {
    const axlcode = Number(text(fault.detail?.axlError?.axlcode) || NaN)
    const message = text(fault.detail?.axlError?.axlmessage) || text(fault.faultstring) || 'AXL fault'
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
  return new AxlError('http', `The AXL service answered HTTP ${status}.`, { status })
}

/**
 * The `<operation>Response` element of a SOAP Body, which must hold it and nothing else: an answer to
 * another request (a proxy's cache, a confused server) read as this one would look like an empty list,
 * and an empty list removes every object of the type from the inventory.
 */
function operationResult(
  operation: string,
  body: Record<string, unknown>
): Record<string, unknown> | null | undefined {
  const expected = `${operation}Response`
  const found = Object.keys(body)
  if (found.length === 1 && found[0] === expected && !Array.isArray(body[expected]))
    return body[expected] as Record<string, unknown> | null
  const came = found.length === 0 ? 'an empty SOAP Body' : found.map((name) => `<${name}>`).join(', ')
  throw protocolError(`The AXL service answered ${operation} with ${came} instead of <${expected}>.`)
}

/** An HTTP 200 answer that is not the SOAP result this request has. */
function protocolError(message: string): AxlError {
  return new AxlError('protocol', message, { status: 200 })
}

function networkError(error: unknown): AxlError {
  if (error instanceof AxlError) return error
  const e = error as { code?: string; message?: string; cause?: { code?: string } }
  const code = e.code ?? e.cause?.code
  // Bytes that are no HTTP response: a server that sends them once sends them again.
  if (code === 'ERR_HTTP_RESPONSE')
    return new AxlError('protocol', `The AXL service's answer is not valid HTTP: ${e.message}`, {}, code)
  return new AxlError('network', e.message ?? String(error), {}, code)
}

/** What a retry may fix: throttling, memory pressure, dropped or timed-out connections. */
export function isTransient(error: unknown): boolean {
  if (!(error instanceof AxlError)) return false
  if (error.kind === 'network')
    return !isPersistentNetworkCode(error.code) && !isLocalRequestError(error.code)
  return isThrottled(error)
}

/** The server refused to act for now (HTTP 503, or AXL's memory allocation fault). */
function isThrottled(error: unknown): boolean {
  return error instanceof AxlError && (error.kind === 'throttled' || error.kind === 'memory')
}

/** Marks the answer of an expired session, which the server did not act on. */
const SESSION_EXPIRED = 'AXL_SESSION_EXPIRED'

/** The server certainly did not act on the request: throttled, or its session had expired. */
function isUnprocessed(error: unknown): boolean {
  return isThrottled(error) || (error instanceof AxlError && error.code === SESSION_EXPIRED)
}

/** A JSESSIONIDSSO cookie as RFC 6265 allows it; any other is not sent back. */
const SESSION_COOKIE = /^JSESSIONIDSSO=[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]+$/

function text(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'string') return value
  if (typeof value === 'object' && '$value' in value) return String(value.$value)
  return ''
}

/** soap gives `{attributes:{uuid}, $value}` for references and nested objects for complex elements. */
export function normalizeValue(value: unknown): unknown {
  if (value === null || value === undefined || typeof value !== 'object') return value ?? ''
  if ('$value' in value) return text(value)
  if (Array.isArray(value)) return value.map(normalizeValue)
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value as Record<string, unknown>))
    if (k !== 'attributes') out[k] = normalizeValue(v)
  return out
}

/** Each spec's returned tags as a set, made once: every object of a list is checked against it. */
const requestedTags = new WeakMap<AxlObjectSpec, Set<string>>()

/** A raw soap object → uuid, the requested fields in the spec's order (so list and get agree), extras. */
export function toAxlObject(spec: AxlObjectSpec, item: Record<string, unknown>): AxlObject {
  const attributes = item.attributes as { uuid?: string } | undefined
  const fields: Record<string, unknown> = {}
  for (const tag of spec.returnedTags) if (tag in item) fields[tag] = normalizeValue(item[tag])
  let requested = requestedTags.get(spec)
  if (!requested) requestedTags.set(spec, (requested = new Set(spec.returnedTags)))
  const unexpected = Object.keys(item).filter((k) => k !== 'attributes' && !requested.has(k))
  return { uuid: (attributes?.uuid ?? '').toUpperCase(), fields, unexpected }
}

/**
 * The `element` children of a list or query result, which must hold nothing else: objects of another
 * type read as no objects of this one would empty the type in the inventory.
 */
function repeated(
  result: Record<string, unknown>,
  element: string,
  operation: string
): Record<string, unknown>[] {
  const other = Object.keys(result).find((name) => name !== element)
  if (other !== undefined)
    throw protocolError(
      `The AXL service answered ${operation} with <${other}> where only <${element}> belongs.`
    )
  const raw = result[element]
  const items = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]
  if (items.some((item) => typeof item !== 'object' || item === null))
    throw protocolError(`The AXL service answered ${operation} with an empty or text-only <${element}>.`)
  return items as Record<string, unknown>[]
}

/** One page of a list or SQL query, and whether it was full (so another may follow). */
interface Page<T> {
  rows: T[]
  full: boolean
}

/** How AXL lists and queries are paged (exported for the benchmark's floor, which pages alike). */
export const AXL_PAGING = {
  /** Rows the first page of a list or query asks for: enough for most lists, light for any. */
  firstPageRows: 500,
  /**
   * What a page after the first is sized to: Unified CM refuses a read over 8 MB of data ("Query
   * request too large"); the margin covers rows longer than those of the pages before.
   */
  pageBytes: 6 * 1024 * 1024,
  /** The most rows one page asks for, whatever their size. */
  maxPageRows: 100_000,
  /**
   * A read expected to answer more than this is heavy: the AXL guide asks that other queries stay
   * under 2 MB while a large one runs, and a publisher answers a second large read with "Maximum AXL
   * Memory Allocation Consumed". One client sends its heavy reads one at a time; light ones pass
   * beside them.
   */
  heavyReadBytes: 2 * 1024 * 1024
} as const

/**
 * The page size of one list or query, learnt from its answers: the first page is small, the next ones
 * as large as the 8 MB rule allows for the bytes per row seen so far, smaller when the server suggests
 * it. A fixed size (tests) only shrinks.
 */
class PageSizer {
  first: number
  private bytesPerRow = 0

  constructor(private readonly fixed?: number) {
    this.first = fixed ?? AXL_PAGING.firstPageRows
  }

  /** The expected size of the next page; 0 while no row has been seen. */
  expectedBytes(): number {
    return this.bytesPerRow * this.first
  }

  learn(rows: number, bytes: number): void {
    if (rows === 0) return
    this.bytesPerRow = Math.max(this.bytesPerRow, bytes / rows)
    if (this.fixed === undefined)
      this.first = Math.max(
        1,
        Math.min(AXL_PAGING.maxPageRows, Math.floor(AXL_PAGING.pageBytes / this.bytesPerRow))
      )
  }

  /** After "Query request too large": under the server's suggestion, with a tenth to spare. */
  shrink(suggestedRows: number | undefined): void {
    const suggested = suggestedRows ?? Math.floor(this.first / 2)
    this.first = Math.max(1, Math.min(this.first - 1, Math.floor(suggested * 0.9)))
  }
}

/** A device's line appearances as get<Device> returns them. */
export interface AxlLine {
  position: string
  pattern: string
  partition: string
}

/** How long and how much a client may take; tests make them small. */
export interface AxlLimits {
  /** One operation, its retries included. */
  requestDeadlineMs: number
  /** Everything one client does, from connecting to closing: one synchronization or poll. */
  runDeadlineMs: number
  /** Bytes of one response body. */
  maxResponseBytes: number
  soap: SoapLimits
}

export const AXL_LIMITS: AxlLimits = {
  // The idle timeout (120 s) ends a silent server; this ends one that drips bytes. A page of AXL's
  // 8 MB arrives in seconds, so 5 min leaves room for its retries after a dropped connection.
  requestDeadlineMs: 5 * 60_000,
  // Reading the largest clusters takes well under an hour at AXL's throttled page rates; a run still
  // going after 2 h is held by a server that answers just slowly enough never to time out.
  runDeadlineMs: 2 * 3_600_000,
  // Unified CM refuses to build a response over 8 MB of data; the SOAP envelope and element names
  // add to it, so 16 MiB is above any real response and far below what exhausts memory.
  maxResponseBytes: 16 * 1024 * 1024,
  soap: SOAP_LIMITS
}

export interface AxlClientOptions {
  target: HttpsTarget
  signal?: AbortSignal
  limits?: Partial<AxlLimits>
  retry?: RetryPolicy
  onRetry?: (error: AxlError, delayMs: number) => void
  /** Versions to try, newest first. */
  versions?: readonly string[]
  /** Sees every request envelope sent (tests validate them against Cisco's schema). */
  onRequest?: (envelope: string) => void
  /** Counts the requests and response bytes, for the run's record. */
  traffic?: Traffic
  /** Paces the writes (default: the pacer every writer of this host and port shares). */
  writePacer?: WritePacer
}

/**
 * AXL over HTTPS with our own SOAP envelopes and a streaming response parser (./soap): version
 * negotiation (newest first, falling back on HTTP 599), one keep-alive connection pool with TLS
 * verification or pinning, JSESSIONIDSSO reuse, retries with back-off on throttling, and list paging
 * that shrinks when the server says a page is over its 8 MB limit.
 */
export class AxlClient {
  private cookie: string | undefined
  /**
   * The product version the server reported while connecting (getCCMVersion), read on every connection:
   * a device synchronized but never tested, or upgraded since its test, is known by what it runs now.
   */
  productVersion: string | undefined
  /** The heavy read in progress, if any: the next one waits for it (see AXL_PAGING.heavyReadBytes). */
  private heavyRead: Promise<unknown> = Promise.resolve()
  private constructor(
    private readonly http: HttpClient,
    readonly version: string,
    private readonly options: AxlClientOptions,
    private readonly limits: AxlLimits,
    /** The run's deadline: every request of this client ends by then. */
    private readonly run: Deadline
  ) {}

  static async connect(options: AxlClientOptions): Promise<AxlClient> {
    const { target } = options
    const limits = { ...AXL_LIMITS, ...options.limits }
    const run = deadline(limits.runDeadlineMs)
    const http = new HttpClient(target, {
      connections: 4,
      timeoutMs: target.timeoutMs ?? 120_000
    })
    const fail = (error: unknown): never => {
      http.close()
      run.dispose()
      throw error
    }
    let lastError: unknown
    for (const version of options.versions ?? AXL_VERSIONS) {
      const axl = new AxlClient(http, version, options, limits, run)
      try {
        const answer = await axl.call('getCCMVersion', {})
        const reported = (answer.componentVersion as { version?: unknown } | undefined)?.version
        if (typeof reported === 'string' && reported !== '') axl.productVersion = reported
        return axl
      } catch (error) {
        lastError = error
        if (!(error instanceof AxlError && error.kind === 'version')) fail(error)
      }
    }
    return fail(
      lastError instanceof Error ? lastError : new AxlError('version', 'No AXL schema version was accepted.')
    )
  }

  close(): void {
    this.http.close()
    this.run.dispose()
  }

  /**
   * One AXL operation with retries; the response's `return` element. `signal` (default: the client's)
   * cancels it.
   */
  async call(
    operation: string,
    args: Record<string, SoapArgument>,
    signal = this.options.signal,
    /** Hears the size of the answer's body (list paging sizes its pages by it). */
    onBytes?: (bytes: number) => void
  ): Promise<Record<string, unknown>> {
    const { result, bytes } = await this.sizedCall(operation, args, signal)
    onBytes?.(bytes)
    return result
  }

  /**
   * One write. Only throttling is tried again here: a 503 or an AXL memory fault means the server did
   * not act, while a dropped connection may hide a write that landed, which the caller checks first.
   */
  async write(operation: string, args: Record<string, SoapArgument>): Promise<Record<string, unknown>> {
    const { target, writePacer } = this.options
    const pacer = writePacer ?? writePacerOf(endpointKey(target.host, target.port))
    return (await this.sizedCall(operation, args, this.options.signal, isUnprocessed, pacer)).result
  }

  /** call, with the size of the answer's body. */
  private async sizedCall(
    operation: string,
    args: Record<string, SoapArgument>,
    signal: AbortSignal | undefined,
    retryable: (error: unknown) => boolean = isTransient,
    pacer?: WritePacer
  ): Promise<{ result: Record<string, unknown>; bytes: number }> {
    const envelope = requestEnvelope(operation, this.version, args)
    const request = deadline(this.limits.requestDeadlineMs, signal, this.run.signal)
    try {
      return await this.attempts(operation, envelope, request.signal, retryable, pacer)
    } catch (error) {
      if (!(error instanceof CancelledError) || signal?.aborted) throw error
      if (this.run.expired())
        throw new AxlError(
          'timeout',
          `The synchronization passed its deadline of ${duration(this.limits.runDeadlineMs)} during ${operation}.`
        )
      if (request.expired())
        throw new AxlError(
          'timeout',
          `The AXL service did not complete ${operation} within ${duration(this.limits.requestDeadlineMs)}, retries included.`
        )
      throw error
    } finally {
      request.dispose()
    }
  }

  /**
   * One operation, tried again on transient failures until `signal` (its deadline) aborts. A write
   * waits for its pacer before each try; after a 503 the pacer, not the back-off, decides when the
   * next try goes (unless it learned nothing from it).
   */
  private attempts(
    operation: string,
    envelope: string,
    signal: AbortSignal,
    retryable: (error: unknown) => boolean,
    pacer?: WritePacer
  ): Promise<{ result: Record<string, unknown>; bytes: number }> {
    let pacedAfterThrottle = false
    return withRetry(
      async () => {
        pacedAfterThrottle = false
        const paced: PacedWrite | undefined = await pacer?.acquire(signal)
        try {
          const answer = await this.attempt(operation, envelope, signal)
          paced?.accepted()
          return answer
        } catch (error) {
          const throttled = error instanceof AxlError && error.details.status === 503
          if (throttled) pacedAfterThrottle = paced?.throttled() ?? false
          else paced?.accepted()
          throw error
        }
      },
      {
        signal,
        policy: this.options.retry,
        retryable,
        delayMs: (_error, backOffMs) => (pacedAfterThrottle ? 0 : backOffMs),
        onRetry: (error, delayMs) => this.options.onRetry?.(error as AxlError, delayMs)
      }
    )
  }

  /** One try of an operation: its result, or the error its answer means. */
  private async attempt(
    operation: string,
    envelope: string,
    signal: AbortSignal
  ): Promise<{ result: Record<string, unknown>; bytes: number }> {
    const headers: Record<string, string> = {}
    if (this.cookie) headers.Cookie = this.cookie
    else
      headers.Authorization = `Basic ${Buffer.from(`${this.options.target.username}:${this.options.target.password}`).toString('base64')}`
    this.options.onRequest?.(envelope)
    let answer: SoapAnswer
    try {
      answer = await this.post(operation, envelope, headers, signal)
    } catch (error) {
      if (signal.aborted) throw new CancelledError()
      throw networkError(error)
    }
    const session = ([] as string[])
      .concat(answer.headers['set-cookie'] ?? [])
      .map((c) => /JSESSIONIDSSO=[^;]*/.exec(c)?.[0]?.trim())
      .find((c) => c !== undefined && SESSION_COOKIE.test(c))
    if (session) this.cookie = session
    const envelopeOf = answer.document?.Envelope as Record<string, unknown> | null | undefined
    const body = envelopeOf?.Body as Record<string, unknown> | null | undefined
    const fault = body?.Fault as SoapFault | null | undefined
    if (answer.status === 200 && !fault) {
      if (!envelopeOf || body === undefined)
        throw protocolError(
          `The AXL service answered ${operation} with HTTP 200 but no SOAP Envelope and Body${answer.syntaxError ? ` (${answer.syntaxError.message})` : ''}.`
        )
      const result = operationResult(operation, body ?? {})
      // Most responses wrap their content in <return>; listChange does not.
      const content = result && 'return' in result ? result.return : result
      return { result: (content ?? {}) as Record<string, unknown>, bytes: answer.bytes }
    }
    const classified = answerError(answer.status, fault ?? undefined)
    // An expired session: forget it and authenticate again (once, via the retry).
    if (this.cookie && (classified.details.status === 401 || classified.details.status === 404)) {
      this.cookie = undefined
      throw new AxlError('network', 'The AXL session expired; authenticating again.', {}, SESSION_EXPIRED)
    }
    throw classified
  }

  /** One POST to the AXL endpoint, its response parsed as it arrives. */
  private async post(
    operation: string,
    envelope: string,
    headers: Record<string, string>,
    signal: AbortSignal
  ): Promise<SoapAnswer> {
    const parser = new SoapResponseParser(this.limits.soap)
    const decoder = new StringDecoder('utf8')
    let syntaxError: XmlSyntaxError | undefined
    let received = 0
    const parse = (chunk: string, last: boolean): Record<string, unknown> | undefined => {
      if (syntaxError) return undefined
      try {
        parser.write(chunk)
        return last ? parser.end() : undefined
      } catch (error) {
        syntaxError = error instanceof XmlSyntaxError ? error : new XmlSyntaxError(String(error))
        return undefined
      }
    }
    const head = await this.http.request({
      method: 'POST',
      path: '/axl/',
      headers: {
        ...headers,
        'Content-Type': 'text/xml; charset=utf-8',
        Accept: 'text/xml',
        SOAPAction: `"CUCM:DB ver=${this.version} ${operation}"`
      },
      body: envelope,
      signal,
      onBody: (chunk) => {
        received += chunk.length
        if (received > this.limits.maxResponseBytes)
          throw protocolError(
            `The AXL response to ${operation} is over ${this.limits.maxResponseBytes} bytes; Unified CM keeps its responses under 8 MB.`
          )
        parse(decoder.write(chunk), false)
      }
    })
    const document = parse(decoder.end(), true)
    countRequest(this.options.traffic, received)
    return { status: head.status, bytes: received, headers: head.headers, document, syntaxError }
  }

  /**
   * Reads every object of a type, page by page (`first`/`skip`), pages sized by PageSizer (`pageSize`
   * fixes the size). Yields each page as it arrives.
   */
  async *list(spec: AxlObjectSpec, pageSize?: number): AsyncGenerator<AxlObject[]> {
    const element = spec.type.charAt(0).toLowerCase() + spec.type.slice(1)
    const returnedTags = Object.fromEntries(spec.returnedTags.map((t) => [t, spec.markers[t] ?? '']))
    yield* this.readAhead(
      new PageSizer(pageSize),
      (skip, first) => [
        `list${spec.type}`,
        { searchCriteria: { [spec.searchField]: '%' }, returnedTags, skip, first }
      ],
      (result) =>
        repeated(result, element, `list${spec.type}`).map((item: Record<string, unknown>) =>
          toAxlObject(spec, item)
        )
    )
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
    const item = result[element] as Record<string, unknown> | null | undefined
    // Only the 5007 fault says the object is gone; an answer without it is not one to act on.
    if (typeof item !== 'object' || item === null || Array.isArray(item))
      throw protocolError(`The AXL service answered get${spec.type} without one <${element}>.`)
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

  /**
   * executeSQLQuery with `SELECT SKIP n FIRST m` paging, pages sized as list's; `sql` must contain the
   * `{{page}}` marker after SELECT.
   */
  async *sql(sql: string, pageSize?: number): AsyncGenerator<Record<string, string>[]> {
    yield* this.readAhead(
      new PageSizer(pageSize),
      (skip, first) => ['executeSQLQuery', { sql: sql.replace('{{page}}', `SKIP ${skip} FIRST ${first}`) }],
      (result) =>
        repeated(result, 'row', 'executeSQLQuery').map((r) =>
          Object.fromEntries(Object.entries(r).map(([k, v]) => [k, text(v)]))
        )
    )
  }

  /**
   * One page of a list or query, `sizer.first` rows from `skip`: a heavy one after the heavy read in
   * progress, asked again smaller when the server finds it too large.
   */
  private async page<T>(
    sizer: PageSizer,
    request: (skip: number, first: number) => [string, Record<string, SoapArgument>],
    rowsOf: (result: Record<string, unknown>) => T[],
    skip: number,
    signal: AbortSignal | undefined
  ): Promise<Page<T>> {
    for (;;) {
      const first = sizer.first
      const [operation, args] = request(skip, first)
      let bytes = 0
      const send = (): Promise<Record<string, unknown>> =>
        this.call(operation, args, signal, (received) => (bytes = received))
      let answer: Record<string, unknown>
      try {
        if (sizer.expectedBytes() > AXL_PAGING.heavyReadBytes) {
          const read = this.heavyRead.then(send)
          this.heavyRead = read.catch(() => undefined)
          answer = await read
        } else answer = await send()
      } catch (error) {
        if (error instanceof AxlError && error.kind === 'too-large' && first > 1) {
          sizer.shrink(error.details.suggestedRows)
          continue
        }
        throw error
      }
      const rows = rowsOf(answer)
      sizer.learn(rows.length, bytes)
      return { rows, full: rows.length >= first }
    }
  }

  /**
   * Pages read one ahead: as soon as a full page has arrived the next is asked for, so the server
   * prepares it while the caller stores this one; still one request at a time per list or query.
   * A page read ahead is cancelled when the caller stops reading, and waited for.
   */
  private async *readAhead<T>(
    sizer: PageSizer,
    request: (skip: number, first: number) => [string, Record<string, SoapArgument>],
    rowsOf: (result: Record<string, unknown>) => T[]
  ): AsyncGenerator<T[]> {
    const page = (skip: number, signal: AbortSignal | undefined): Promise<Page<T>> =>
      this.page(sizer, request, rowsOf, skip, signal)
    // Made on the first read ahead: most lists (infrastructure) are one page and need none.
    let stopped: AbortController | undefined
    let aheadSignal: AbortSignal | undefined
    let skip = 0
    let next = page(skip, this.options.signal)
    try {
      for (;;) {
        const current = await next
        if (current.full) {
          if (!stopped) {
            stopped = new AbortController()
            aheadSignal = this.options.signal
              ? AbortSignal.any([this.options.signal, stopped.signal])
              : stopped.signal
          }
          skip += current.rows.length
          next = page(skip, aheadSignal)
          // Awaited on the next round; if the caller stops first, its cancellation is expected.
          next.catch(() => undefined)
        }
        yield current.rows
        if (!current.full) return
      }
    } finally {
      stopped?.abort()
      // A reader that stops leaves nothing in flight: the page read ahead has ended (cancelled) when
      // return() resolves, so the connection is free and nothing retries it later.
      await next.catch(() => undefined)
    }
  }
}
