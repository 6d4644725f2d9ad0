// HTTPS to one device, through undici: a keep-alive pool per device, TLS verified (or pinned) on every
// connection, idle timeouts, cancellation, caps on what a server may send before its body, and the
// proxy of the app's setting or of the environment (HTTPS_PROXY, NO_PROXY).
import type { Socket } from 'node:net'
import type { ConnectionOptions } from 'node:tls'
import { Client, Pool, ProxyAgent, type Dispatcher } from 'undici'
import { duration } from './deadline'
import { tlsOptions, type Pin, type TlsUpgrade } from './tls'

/** A device's HTTPS endpoint as connectors reach it. */
export interface HttpEndpoint {
  host: string
  port: number
  pin?: Pin
  /** The proxy set in the app; absent, HTTPS_PROXY from the environment (if any) is used. */
  proxy?: string
}

export interface HttpClientOptions {
  /** Connections open at most; further requests wait for one to be free. */
  connections: number
  /**
   * Connecting, or waiting for the server's next byte (of the header section, then of the body), for
   * longer than this fails with ETIMEDOUT. Overall deadlines are the caller's, through `signal`.
   */
  timeoutMs: number
}

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE'
  path: string
  headers: Record<string, string>
  body?: string
  signal?: AbortSignal
  /** The body as it arrives; what it throws fails the request (a caller's size cap, a parse error). */
  onBody: (chunk: Buffer) => void
}

export interface ResponseHead {
  status: number
  /** Lower-case names; a repeated header as a list. */
  headers: Record<string, string | string[] | undefined>
}

/** A server's bytes that are no HTTP/1.1 response to the request: retrying gets the same bytes. */
export class HttpResponseError extends Error {
  readonly code = 'ERR_HTTP_RESPONSE'
  constructor(message: string) {
    super(message)
    this.name = 'HttpResponseError'
  }
}

/** Header sections (and trailers) larger than this are refused. */
export const MAX_HEADER_BYTES = 64 * 1024
/**
 * Interim (1xx) responses allowed before the final one: a server may send a few 103 Early Hints, but
 * one sending them endlessly would keep the request waiting until its deadline.
 */
export const MAX_INTERIM_RESPONSES = 10
/** An idle connection is not reused this close to the server's announced keep-alive timeout. */
const KEEP_ALIVE_MARGIN_MS = 1_000

function codedError(message: string, code: string): Error {
  return Object.assign(new Error(message), { code })
}

/** `host` as it appears in a URL authority or a CONNECT target: an IPv6 address in brackets. */
function authorityHost(host: string): string {
  const bare = host.replace(/^\[|\]$/g, '')
  return bare.includes(':') ? `[${bare}]` : bare
}

/**
 * Whether NO_PROXY (comma- or space-separated, as curl reads it) names host:port: `*` names every
 * host; an entry names its host and the hosts under it (`example.com` and `.example.com` both name
 * `a.example.com`), on any port unless it gives one.
 */
export function bypassesProxy(host: string, port: number, noProxy: string): boolean {
  const name = authorityHost(host).toLowerCase()
  return noProxy
    .split(/[,\s]+/)
    .filter((entry) => entry !== '')
    .some((entry) => {
      if (entry === '*') return true
      const [, entryHost, entryPort] = /^(.+?)(?::(\d+))?$/.exec(entry.toLowerCase()) as string[]
      if (entryPort !== undefined && Number(entryPort) !== port) return false
      const suffix = entryHost.replace(/^\*?\./, '')
      return name === suffix || name.endsWith(`.${suffix}`)
    })
}

/**
 * The proxy connections to a device go through: the app's setting, else HTTPS_PROXY (https_proxy
 * first, as curl reads them); none when NO_PROXY names the device.
 */
export function proxyFor(endpoint: HttpEndpoint, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const proxy = endpoint.proxy ?? (env.https_proxy || env.HTTPS_PROXY || undefined)
  if (proxy === undefined) return undefined
  const noProxy = env.no_proxy ?? env.NO_PROXY ?? ''
  return bypassesProxy(endpoint.host, endpoint.port, noProxy) ? undefined : proxy
}

/** A CONNECT tunnel through `proxy` to host:port: a socket on which TLS to the device can start. */
export async function proxyTunnel(
  proxy: string,
  host: string,
  port: number,
  timeoutMs: number
): Promise<Socket> {
  const target = `${authorityHost(host)}:${port}`
  const client = new Client(proxy, { connectTimeout: timeoutMs, headersTimeout: timeoutMs })
  try {
    const { socket, statusCode } = await client.connect({
      path: target,
      headers: { host: target },
      signal: AbortSignal.timeout(timeoutMs)
    })
    if (statusCode === 200) return socket as Socket
    socket.destroy()
    throw codedError(
      `The proxy ${proxy} refused the tunnel to ${target} (HTTP ${statusCode}).`,
      'ERR_PROXY_TUNNEL'
    )
  } catch (error) {
    // undici's words for a CONNECT answered with anything but 2xx.
    if ((error as Error).message === 'bad connect')
      throw codedError(`The proxy ${proxy} refused the tunnel to ${target}.`, 'ERR_PROXY_TUNNEL')
    throw error
  } finally {
    // The tunnel's socket is the caller's now; the client only held it while connecting.
    void client.close().catch(() => undefined)
  }
}

/** How a certificate read reaches the device: through its proxy's tunnel, or undefined (direct). */
export function proxiedConnection(endpoint: HttpEndpoint): TlsUpgrade | undefined {
  const proxy = proxyFor(endpoint)
  return proxy === undefined
    ? undefined
    : (host, port, timeoutMs) => proxyTunnel(proxy, host, port, timeoutMs)
}

/** A promise that rejects with the signal's reason when it aborts; dispose() stops listening. */
function whenAborted(signal: AbortSignal): { promise: Promise<never>; dispose: () => void } {
  let dispose = (): void => undefined
  const promise = new Promise<never>((_resolve, reject) => {
    const abort = (): void =>
      reject(signal.reason instanceof Error ? signal.reason : new Error(String(signal.reason)))
    if (signal.aborted) return abort()
    signal.addEventListener('abort', abort, { once: true })
    dispose = () => signal.removeEventListener('abort', abort)
  })
  // Lost races are not failures: the request's own promise settles the call.
  promise.catch(() => undefined)
  return { promise, dispose }
}

/**
 * Requests to one device over keep-alive HTTPS connections. With a proxy (proxyFor), connections go
 * through an HTTP CONNECT tunnel; TLS to the device is the same either way.
 */
export class HttpClient {
  private readonly dispatcher: Dispatcher
  private readonly origin: string

  constructor(
    endpoint: HttpEndpoint,
    private readonly options: HttpClientOptions
  ) {
    const host = endpoint.host.replace(/^\[|\]$/g, '')
    this.origin = `https://${authorityHost(host)}:${endpoint.port}`
    const tls: ConnectionOptions & { timeout: number; maxCachedSessions: number } = {
      ...tlsOptions(host, endpoint.pin),
      timeout: options.timeoutMs,
      // No TLS session resumption: Node skips the identity check (the pin) on a resumed session, and
      // the client cannot even read the certificate there, so every connection makes a full
      // handshake in which the pin is checked before any request byte is sent.
      maxCachedSessions: 0
    }
    // Direct, the pool connects as `tls` says; through a proxy, the agent gives the tunnelling connector.
    const pool = (origin: string | URL, given: { connect?: Pool.Options['connect'] }): Pool =>
      new Pool(origin, {
        connections: options.connections,
        maxHeaderSize: MAX_HEADER_BYTES,
        headersTimeout: options.timeoutMs,
        bodyTimeout: options.timeoutMs,
        keepAliveTimeoutThreshold: KEEP_ALIVE_MARGIN_MS,
        connect: typeof given.connect === 'function' ? given.connect : tls
      })
    const proxy = proxyFor(endpoint)
    this.dispatcher = proxy
      ? new ProxyAgent({ uri: proxy, requestTls: tls, factory: pool })
      : pool(this.origin, {})
  }

  /** Sends one request; resolves with the status and headers once the whole body has been handed on. */
  async request(req: HttpRequest): Promise<ResponseHead> {
    const refused = new AbortController()
    let interim = 0
    let response: Dispatcher.ResponseData
    const stopped = req.signal ? whenAborted(req.signal) : undefined
    try {
      const sent = this.dispatcher.request({
        origin: this.origin,
        path: req.path,
        method: req.method,
        headers: req.headers,
        body: req.body,
        signal: req.signal ? AbortSignal.any([req.signal, refused.signal]) : refused.signal,
        onInfo: () => {
          if (++interim > MAX_INTERIM_RESPONSES)
            refused.abort(
              new HttpResponseError(
                `The server sent more than ${MAX_INTERIM_RESPONSES} interim (1xx) responses without a final one.`
              )
            )
        }
      })
      // undici applies an abort only once the connection is up: a server that accepts TCP and never
      // finishes the TLS handshake would hold a cancelled request until the connect timeout.
      if (stopped) {
        // Should the request still get an answer after the abort, its body is dropped unread.
        sent.then((late) => req.signal?.aborted && late.body.destroy()).catch(() => undefined)
      }
      response = await (stopped ? Promise.race([sent, stopped.promise]) : sent)
    } catch (error) {
      throw this.transportError(error)
    } finally {
      stopped?.dispose()
    }
    try {
      for await (const chunk of response.body as AsyncIterable<Buffer>) {
        req.onBody(chunk)
      }
    } catch (error) {
      response.body.destroy()
      throw this.transportError(error)
    }
    return { status: response.statusCode, headers: response.headers }
  }

  /** Closes every connection; requests in progress fail. */
  close(): void {
    this.dispatcher.destroy().catch(() => undefined)
  }

  /** undici's errors in the words and codes the connectors classify (timeouts, resets, bad HTTP). */
  private transportError(error: unknown): unknown {
    const e = error as { code?: unknown; message?: unknown }
    const code = typeof e.code === 'string' ? e.code : ''
    const message = typeof e.message === 'string' ? e.message : String(error)
    if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT')
      return codedError(`No response within ${duration(this.options.timeoutMs)}.`, 'ETIMEDOUT')
    if (code === 'UND_ERR_CONNECT_TIMEOUT')
      return codedError(`No connection within ${duration(this.options.timeoutMs)}.`, 'ETIMEDOUT')
    if (code === 'UND_ERR_HEADERS_OVERFLOW')
      return new HttpResponseError(`The response's header section is over ${MAX_HEADER_BYTES} bytes.`)
    // llhttp's refusals carry no code; a length mismatch is how undici reports some of them.
    if ((error as Error).name === 'HTTPParserError' || code === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH')
      return new HttpResponseError(message)
    if (code === 'UND_ERR_SOCKET') {
      // undici's words for a 100 Continue nobody asked for and for a protocol switch.
      if (message === 'bad response')
        return new HttpResponseError('The server sent 100 Continue to a request that expects none.')
      if (message === 'bad upgrade') return new HttpResponseError('The server switched protocols (HTTP 101).')
      return codedError(`The connection closed before the whole response arrived (${message}).`, 'ECONNRESET')
    }
    if (code === 'UND_ERR_ABORTED' && message.startsWith('Proxy response'))
      return codedError(`The proxy refused the tunnel to ${this.origin}: ${message}`, 'ERR_PROXY_TUNNEL')
    return error
  }
}
