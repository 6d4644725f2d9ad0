// Keep-alive HTTPS connections to one endpoint, one request at a time on each: what a connector needs
// of HTTP/1.1 and no more. Node's general-purpose client (agent, request and response streams) costs
// about as much CPU as the whole transfer in a freshly started process, where most synchronizations
// run: the lab's 56 infrastructure requests took 42 ms through node:https and 22 ms over plain TLS
// sockets (medians of 15 fresh processes). TLS is Node's, configured by tlsOptions: verification is
// always on, or the pin replaces it.
import tls from 'node:tls'
import { HEADER_NAME, HttpResponseReader, type ResponseHead } from './httpResponse'
import { tlsOptions, type Pin } from './tls'

export interface PoolTarget {
  host: string
  port: number
  pin?: Pin
}

export interface PoolRequest {
  method: 'GET' | 'POST'
  path: string
  headers: Record<string, string>
  body?: string
  /** Connecting, or waiting for the server's next byte, for longer than this fails with ETIMEDOUT. */
  timeoutMs: number
  signal?: AbortSignal
  /** The body as it arrives, chunk framing removed. */
  onBody: (chunk: Buffer) => void
}

/** Header values are visible ASCII, spaces and tabs: nothing that could end the line or change encoding. */
const INVALID_HEADER_VALUE = /[^\t\x20-\x7e]/

/** TCP keep-alive probes on idle connections, as Node's agent sends them. */
const TCP_KEEPALIVE_MS = 1_000
/** An idle connection is dropped this long before the server's announced keep-alive timeout. */
const IDLE_MARGIN_MS = 1_000

/** A request waiting for a connection to be free. */
interface Waiter {
  timeoutMs: number
  signal: AbortSignal | undefined
  take: (connection: Connection) => void
  fail: (error: Error) => void
}

interface Exchange {
  reader: HttpResponseReader
  resolve: (head: ResponseHead) => void
  reject: (error: Error) => void
}

function codedError(message: string, code: string): Error {
  return Object.assign(new Error(message), { code })
}

/** One TLS connection and the exchange in progress on it, if any. */
class Connection {
  exchange: Exchange | undefined
  /** When an idle connection may no longer be reused (the server's Keep-Alive timeout). */
  reusableUntil = Infinity
  private timeoutMs = 0

  constructor(
    readonly socket: tls.TLSSocket,
    private readonly onIdle: (connection: Connection) => void,
    private readonly onClosed: (connection: Connection) => void
  ) {
    socket.on('data', (data: Buffer) => this.received(data))
    socket.on('timeout', () =>
      this.fail(codedError(`No response within ${duration(this.timeoutMs)}.`, 'ETIMEDOUT'))
    )
    socket.on('error', (error: Error) => this.fail(error))
    socket.on('close', () => {
      const exchange = this.exchange
      this.exchange = undefined
      if (exchange) {
        try {
          // A body delimited by the connection's end is complete now; any other is cut short.
          exchange.reader.end()
          exchange.resolve(exchange.reader.head as ResponseHead)
        } catch (error) {
          exchange.reject(error as Error)
        }
      }
      this.onClosed(this)
    })
  }

  armTimeout(ms: number): void {
    this.timeoutMs = ms
    this.socket.setTimeout(ms)
  }

  private received(data: Buffer): void {
    const exchange = this.exchange
    if (!exchange) {
      // Bytes nobody asked for: the connection can no longer be trusted to frame the next response.
      this.socket.destroy()
      return
    }
    let used: number
    try {
      used = exchange.reader.feed(data)
    } catch (error) {
      this.fail(error as Error)
      return
    }
    if (!exchange.reader.complete) return
    this.exchange = undefined
    this.socket.setTimeout(0)
    const head = exchange.reader.head as ResponseHead
    const hint = /\btimeout=(\d+)/i.exec(String(head.headers['keep-alive'] ?? ''))
    if (hint) this.reusableUntil = Date.now() + Number(hint[1]) * 1000 - IDLE_MARGIN_MS
    const reusable = exchange.reader.keepAlive && used === data.length
    exchange.resolve(head)
    if (reusable) this.onIdle(this)
    else this.socket.destroy()
  }

  /** Fails the exchange in progress, if any, and closes the connection. */
  fail(error: Error): void {
    const exchange = this.exchange
    this.exchange = undefined
    exchange?.reject(error)
    if (!this.socket.destroyed) this.socket.destroy(error)
  }
}

/**
 * Up to `maxSockets` keep-alive connections; further requests wait for one to be free. Idle
 * connections do not keep the process alive, and the TLS session of one is resumed by the next.
 */
export class HttpsPool {
  private readonly connections = new Set<Connection>()
  private readonly idle: Connection[] = []
  private readonly waiting: Waiter[] = []
  private destroyed = false
  private session: Buffer | undefined
  private readonly connectOptions: tls.ConnectionOptions
  private readonly hostHeader: string

  constructor(
    target: PoolTarget,
    private readonly maxSockets: number
  ) {
    const host = target.host.replace(/^\[|\]$/g, '')
    const { ca, minVersion, ...verification } = tlsOptions(target.host, target.pin)
    // One context for every connection: without it, each would parse the trust anchors again.
    this.connectOptions = {
      ...verification,
      host,
      port: target.port,
      secureContext: tls.createSecureContext({ ca, minVersion })
    }
    const hostName = host.includes(':') ? `[${host}]` : host
    this.hostHeader = target.port === 443 ? hostName : `${hostName}:${target.port}`
  }

  /** Sends one request; resolves with the status and headers once the whole body has been handed on. */
  async request(req: PoolRequest): Promise<ResponseHead> {
    let head = `${req.method} ${req.path} HTTP/1.1\r\nHost: ${this.hostHeader}\r\n`
    for (const [name, value] of Object.entries(req.headers)) {
      // Refused before anything is sent, with node:http's codes: no retry can make these valid.
      if (!HEADER_NAME.test(name))
        throw codedError(`Not a valid HTTP header name: ${JSON.stringify(name)}`, 'ERR_INVALID_HTTP_TOKEN')
      if (INVALID_HEADER_VALUE.test(value))
        throw codedError(
          `The value of request header ${name} holds a character other than visible ASCII, space or tab.`,
          'ERR_INVALID_CHAR'
        )
      head += `${name}: ${value}\r\n`
    }
    if (req.body !== undefined) head += `Content-Length: ${Buffer.byteLength(req.body)}\r\n`
    head += '\r\n'
    req.signal?.throwIfAborted()
    const connection = await this.acquire(req.timeoutMs, req.signal)
    if (req.signal?.aborted) {
      this.release(connection)
      throw abortError(req.signal)
    }
    // Destroyed is set before 'close' is emitted, so this also covers a connection already closed.
    if (connection.socket.destroyed)
      throw codedError('The connection closed before the request was sent.', 'ECONNRESET')
    let aborted: (() => void) | undefined
    return new Promise<ResponseHead>((resolve, reject) => {
      const exchange: Exchange = { reader: new HttpResponseReader(req.onBody, req.method), resolve, reject }
      connection.exchange = exchange
      connection.armTimeout(req.timeoutMs)
      aborted = () => {
        // The connection may already serve another request by the time the listener runs.
        if (connection.exchange === exchange) connection.fail(abortError(req.signal))
      }
      req.signal?.addEventListener('abort', aborted, { once: true })
      connection.socket.write(req.body === undefined ? head : head + req.body)
    }).finally(() => {
      if (aborted) req.signal?.removeEventListener('abort', aborted)
    })
  }

  /** Closes every connection; requests in progress fail. */
  destroy(): void {
    this.destroyed = true
    const error = codedError('The connection pool was closed.', 'ECONNRESET')
    for (const waiter of this.waiting.splice(0)) waiter.fail(error)
    this.idle.length = 0
    for (const connection of this.connections) connection.socket.destroy()
  }

  private acquire(timeoutMs: number, signal: AbortSignal | undefined): Promise<Connection> {
    if (this.destroyed) return Promise.reject(codedError('The connection pool was closed.', 'ECONNRESET'))
    for (let connection = this.idle.pop(); connection; connection = this.idle.pop()) {
      if (Date.now() < connection.reusableUntil) {
        connection.socket.ref()
        return Promise.resolve(connection)
      }
      connection.socket.destroy()
    }
    if (this.connections.size < this.maxSockets) return this.connect(timeoutMs, signal)
    return new Promise<Connection>((resolve, reject) => {
      const cancel = (): void => {
        const at = this.waiting.indexOf(waiter)
        if (at >= 0) this.waiting.splice(at, 1)
        reject(abortError(signal))
      }
      const waiter: Waiter = {
        timeoutMs,
        signal,
        take: (connection: Connection) => {
          signal?.removeEventListener('abort', cancel)
          resolve(connection)
        },
        fail: (error: Error) => {
          signal?.removeEventListener('abort', cancel)
          reject(error)
        }
      }
      signal?.addEventListener('abort', cancel, { once: true })
      this.waiting.push(waiter)
    })
  }

  private connect(timeoutMs: number, signal: AbortSignal | undefined): Promise<Connection> {
    return new Promise<Connection>((resolve, reject) => {
      const socket = tls.connect({ ...this.connectOptions, session: this.session })
      socket.on('session', (session: Buffer) => (this.session = session))
      const connection = new Connection(
        socket,
        (c) => this.release(c),
        (c) => this.closed(c)
      )
      this.connections.add(connection)
      connection.armTimeout(timeoutMs)
      // Cancelling stops a handshake that may never finish (a server that accepts and stays silent).
      const cancel = (): void => void socket.destroy(abortError(signal))
      const settle = (error?: Error): void => {
        signal?.removeEventListener('abort', cancel)
        socket.off('error', failed)
        socket.off('close', closedEarly)
        socket.off('secureConnect', connected)
        if (!error) return resolve(connection)
        // A session the server no longer accepts is not offered again.
        this.session = undefined
        reject(error)
      }
      const failed = (error: Error): void => settle(error)
      const closedEarly = (): void =>
        settle(codedError('The connection closed during the TLS handshake.', 'ECONNRESET'))
      const connected = (): void => settle()
      socket.once('error', failed)
      socket.once('close', closedEarly)
      socket.once('secureConnect', connected)
      signal?.addEventListener('abort', cancel, { once: true })
    })
  }

  /** A connection whose response ended: to the next waiting request, or idle. */
  private release(connection: Connection): void {
    if (this.destroyed) return void connection.socket.destroy()
    const waiter = this.waiting.shift()
    if (waiter) return waiter.take(connection)
    connection.socket.setKeepAlive(true, TCP_KEEPALIVE_MS)
    connection.socket.unref()
    this.idle.push(connection)
  }

  private closed(connection: Connection): void {
    this.connections.delete(connection)
    const at = this.idle.indexOf(connection)
    if (at >= 0) this.idle.splice(at, 1)
    // A waiting request may now open a connection of its own.
    const waiter = this.waiting.shift()
    if (waiter && !this.destroyed)
      this.connect(waiter.timeoutMs, waiter.signal).then(waiter.take, waiter.fail)
  }
}

function duration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`
}

function abortError(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason
  if (reason instanceof Error) return reason
  return Object.assign(new Error('The request was cancelled.'), { name: 'AbortError' })
}
