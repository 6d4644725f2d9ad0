import { deadline, duration, type Deadline } from '../common/deadline'
import { isLocalRequestError, isPersistentNetworkCode } from '../common/failure'
import { basicAuth, type HttpsTarget } from '../common/http'
import { HttpClient } from '../common/httpClient'
import { CancelledError, withRetry, type RetryPolicy } from '../common/retry'
import { endpointKey } from '../common/tls'
import { countRequest, type Traffic } from '../common/traffic'
import { writePacerOf, type PacedWrite, type WritePacer } from '../common/writePacer'

export class CupiError extends Error {
  constructor(
    readonly kind: 'auth' | 'throttled' | 'network' | 'http' | 'protocol' | 'timeout',
    message: string,
    readonly status?: number,
    readonly code?: string
  ) {
    super(message)
    this.name = 'CupiError'
  }
}

/** How long and how much a client may take; tests make them small. */
export interface CupiLimits {
  /** One request, its retries included. */
  requestDeadlineMs: number
  /** Everything one client does: one synchronization. */
  runDeadlineMs: number
  /** Bytes of one response body (one page). */
  maxResponseBytes: number
  /** Objects of one listing, whatever the server's total says. */
  maxListObjects: number
}

export const CUPI_LIMITS: CupiLimits = {
  // As for AXL: the idle timeout ends a silent server, this one that drips bytes.
  requestDeadlineMs: 5 * 60_000,
  runDeadlineMs: 2 * 3_600_000,
  // A page of 500 users is about half a megabyte of JSON: 16 MiB is far above any real page, and
  // far below what exhausts memory (an endless body reached 12 GB in 90 s without a cap).
  maxResponseBytes: 16 * 1024 * 1024,
  // Many times the users one Unity Connection server holds: a listing past it is a server paging
  // forever.
  maxListObjects: 1_000_000
}

export interface CupiClientOptions {
  target: HttpsTarget
  signal?: AbortSignal
  retry?: RetryPolicy
  onRetry?: (error: CupiError, delayMs: number) => void
  limits?: Partial<CupiLimits>
  /** Counts the requests and response bytes, for the run's record. */
  traffic?: Traffic
  /** Paces the writes (default: the pacer every writer of this host and port shares). */
  writePacer?: WritePacer
}

/**
 * Pages of one listing read at once: Unity Connection allows five requests at a time to all its
 * clients together, so one is left for the others.
 */
export const CUPI_CONCURRENT_READS = 4

/** One page of a listing: the server's total and the page's items. */
interface CupiPage {
  total: number
  items: Record<string, string>[]
}

/** A listing's answer checked: a total, and items that are objects (one alone is not in an array). */
function cupiPage(path: string, item: string, body: unknown): CupiPage {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new CupiError('protocol', `Unity Connection answered ${path} with JSON that is not an object.`)
  const record = body as Record<string, unknown>
  const total = Number(record['@total'])
  if (typeof record['@total'] !== 'string' && typeof record['@total'] !== 'number')
    throw new CupiError('protocol', `Unity Connection answered ${path} without a total (@total).`)
  if (!Number.isSafeInteger(total) || total < 0)
    throw new CupiError(
      'protocol',
      `Unity Connection answered ${path} with the total "${String(record['@total'])}".`
    )
  const raw = record[item]
  const items = raw === undefined ? [] : Array.isArray(raw) ? (raw as unknown[]) : [raw]
  if (items.some((i) => typeof i !== 'object' || i === null || Array.isArray(i)))
    throw new CupiError('protocol', `Unity Connection answered ${path} with a ${item} that is not an object.`)
  return { total, items: items as Record<string, string>[] }
}

/** One CUPI request: a method, a path under /vmrest (with its query) and, for writes, a JSON body. */
export interface CupiExchange {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE'
  path: string
  body?: string
}

/** The server's answer, whatever its status (bar 503, which is retried and then thrown). */
export interface CupiAnswer {
  status: number
  /** Lower-case names; a repeated header as a list. */
  headers: Record<string, string | string[] | undefined>
  body: string
}

/**
 * The HTTPS side of a CUPI client, shared by reads and writes: Basic auth and JSON, a cap on every
 * answer's size, a deadline on each request (retries included) and on the client's whole life, and
 * back-off on 503. A dropped connection is retried only for GET and PUT, which change nothing more
 * when repeated: a POST or DELETE whose answer was lost may have landed, and only its caller can
 * check (findUserByAlias, a read-back) before trying again.
 */
export class CupiConnection {
  private readonly http: HttpClient
  readonly limits: CupiLimits
  /** The client's deadline: every request ends by then. */
  private readonly run: Deadline

  constructor(
    private readonly options: CupiClientOptions,
    private readonly settings: {
      /** Connections open at once (requests in flight). */
      connections: number
      /** The sentence for a client past its whole deadline, e.g. "The synchronization". */
      runName: string
    }
  ) {
    this.http = new HttpClient(options.target, {
      connections: settings.connections,
      timeoutMs: options.target.timeoutMs ?? 60_000
    })
    this.limits = { ...CUPI_LIMITS, ...options.limits }
    this.run = deadline(this.limits.runDeadlineMs)
  }

  close(): void {
    this.http.close()
    this.run.dispose()
  }

  async exchange(exchange: CupiExchange): Promise<CupiAnswer> {
    const { path, method } = exchange
    const cancelled = this.options.signal
    const request = deadline(this.limits.requestDeadlineMs, cancelled, this.run.signal)
    const repeatable = method === 'GET' || method === 'PUT'
    // Writes wait for the device's pacer before each try; after a 503 it, not the back-off, decides
    // when the next goes (unless it learned nothing from it).
    const { target, writePacer } = this.options
    const pacer =
      method === 'GET' ? undefined : (writePacer ?? writePacerOf(endpointKey(target.host, target.port)))
    let pacedAfterThrottle = false
    const paced = async (): Promise<CupiAnswer> => {
      pacedAfterThrottle = false
      const slot: PacedWrite | undefined = await pacer?.acquire(request.signal)
      try {
        const answer = await this.attempt(exchange, request.signal)
        slot?.accepted()
        return answer
      } catch (error) {
        if (error instanceof CupiError && error.status === 503)
          pacedAfterThrottle = slot?.throttled() ?? false
        else slot?.accepted()
        throw error
      }
    }
    try {
      return await withRetry(paced, {
        signal: request.signal,
        delayMs: (_error, backOffMs) => (pacedAfterThrottle ? 0 : backOffMs),
        policy: this.options.retry,
        retryable: (error) =>
          error instanceof CupiError &&
          (error.kind === 'throttled' ||
            (repeatable &&
              error.kind === 'network' &&
              !isPersistentNetworkCode(error.code) &&
              !isLocalRequestError(error.code))),
        onRetry: (error, delayMs) => this.options.onRetry?.(error as CupiError, delayMs)
      })
    } catch (error) {
      if (!(error instanceof CancelledError) || cancelled?.aborted) throw error
      if (this.run.expired())
        throw new CupiError(
          'timeout',
          `${this.settings.runName} passed its deadline of ${duration(this.limits.runDeadlineMs)} while ${method === 'GET' ? 'reading' : `sending ${method}`} ${path}.`
        )
      if (request.expired())
        throw new CupiError(
          'timeout',
          `Unity Connection did not complete ${method === 'GET' ? '' : `${method} `}${path} within ${duration(this.limits.requestDeadlineMs)}, retries included.`
        )
      throw error
    } finally {
      request.dispose()
    }
  }

  private async attempt(exchange: CupiExchange, signal: AbortSignal): Promise<CupiAnswer> {
    const { target } = this.options
    const { maxResponseBytes } = this.limits
    const { method, path, body } = exchange
    const chunks: Buffer[] = []
    let received = 0
    let head: { status: number; headers: CupiAnswer['headers'] }
    try {
      head = await this.http.request({
        method,
        path: `/vmrest${path}`,
        headers: {
          Accept: 'application/json',
          Authorization: basicAuth(target.username, target.password),
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' })
        },
        body,
        signal,
        onBody: (chunk) => {
          received += chunk.length
          if (received > maxResponseBytes)
            throw new CupiError(
              'protocol',
              `Unity Connection's answer to ${path} is over ${maxResponseBytes} bytes.`
            )
          chunks.push(chunk)
        }
      })
    } catch (error) {
      if (signal.aborted) throw new CancelledError()
      if (error instanceof CupiError) throw error
      const e = error as Error & { code?: string }
      throw new CupiError('network', e.message, undefined, e.code)
    }
    countRequest(this.options.traffic, received)
    if (head.status === 503) throw new CupiError('throttled', 'Unity Connection is busy (HTTP 503).', 503)
    return { ...head, body: Buffer.concat(chunks).toString('utf8') }
  }
}

/**
 * Unity Connection's REST API (CUPI): JSON, paged with rowsPerPage/pageNumber, up to
 * CUPI_CONCURRENT_READS requests at a time (the server allows only five at once, shared with every
 * other client), retried with back-off on 503.
 */
export class CupiClient {
  private readonly connection: CupiConnection
  private readonly limits: CupiLimits

  constructor(options: CupiClientOptions) {
    this.connection = new CupiConnection(options, {
      connections: CUPI_CONCURRENT_READS,
      runName: 'The synchronization'
    })
    this.limits = this.connection.limits
  }

  close(): void {
    this.connection.close()
  }

  private async request(path: string): Promise<unknown> {
    const { status, body } = await this.connection.exchange({ method: 'GET', path })
    if (status === 401 || status === 403)
      throw new CupiError('auth', `Unity Connection refused the administrator (HTTP ${status}).`, status)
    if (status !== 200)
      throw new CupiError('http', `Unity Connection answered HTTP ${status} for ${path}.`, status)
    try {
      return JSON.parse(body)
    } catch {
      throw new CupiError('protocol', `Unity Connection answered ${path} with something other than JSON.`)
    }
  }

  /**
   * Every item of a collection (`users` → `User`), page by page, CUPI_CONCURRENT_READS pages at a time
   * once the first has given the total, yielded in order. CUPI gives one item as an object, several as
   * an array. Paging stops at a short page, at the total, or at a page that adds no object not seen
   * before, whatever the total claims; an answer without a total or with items that are not objects is
   * refused, since reading it as an empty page would empty the inventory.
   */
  async *list(collection: string, item: string, rowsPerPage = 500): AsyncGenerator<Record<string, string>[]> {
    const seen = new Set<string>()
    const read = async (page: number): Promise<CupiPage> => {
      const path = `/${collection}?rowsPerPage=${rowsPerPage}&pageNumber=${page}`
      return cupiPage(path, item, await this.request(path))
    }
    const ahead: Promise<CupiPage>[] = []
    let asked = 1
    let pages = 1
    /** Keeps the pages after the current one in flight, up to the total's last page. */
    const askAhead = (): void => {
      while (ahead.length < CUPI_CONCURRENT_READS && asked < pages) {
        const next = read(++asked)
        // Awaited in order; one left unread when paging stops early fails unheard.
        next.catch(() => undefined)
        ahead.push(next)
      }
    }
    let current = read(1)
    for (let page = 1; ; page++) {
      const { total, items } = await current
      if (page === 1) pages = Math.ceil(Math.min(total, this.limits.maxListObjects + 1) / rowsPerPage)
      const fresh = items.filter((i) => {
        const key = typeof i.ObjectId === 'string' ? i.ObjectId : JSON.stringify(i)
        if (seen.has(key)) return false
        seen.add(key)
        return true
      })
      if (seen.size > this.limits.maxListObjects)
        throw new CupiError(
          'protocol',
          `Unity Connection listed more than ${this.limits.maxListObjects} ${collection} (its total says ${total}).`
        )
      const last = fresh.length === 0 || items.length < rowsPerPage || page * rowsPerPage >= total
      if (!last) askAhead()
      if (fresh.length > 0) yield fresh
      if (last) return
      const next = ahead.shift()
      if (!next) return
      current = next
    }
  }
}
