// One connection to a directory server on a socket of our own: ldapts encodes the requests (filters,
// controls) and its result-code errors stay what callers catch, while the replies go through
// replies.ts, which decodes search entries straight from the bytes as they arrive. The server is not
// trusted: every operation has a deadline, only replies to it keep it alive, and a search is held to
// caps on entries, pages and bytes (limits.ts says why each has its value).
import net from 'node:net'
import tls from 'node:tls'
import {
  AbandonRequest,
  BindRequest,
  ExtendedRequest,
  FilterParser,
  ModifyRequest,
  PagedResultsControl,
  SearchRequest,
  SearchResponse,
  StatusCodeParser,
  UnbindRequest,
  type Change
} from 'ldapts'
import type { ConnectionSecurity } from '../../../src-preload/contract'
import { CancelledError } from '../common/retry'
import { tlsOptions, type Pin, type TlsUpgrade } from '../common/tls'
import type { DirectoryEntry } from './entry'
import {
  DIRECTORY_LIMITS,
  DirectoryLimitError,
  describeBytes,
  describeDuration,
  type ConnectionLimits,
  type SearchLimits
} from './limits'
import { LdapReplyReader, MalformedReplyError, ReplyOperation, type LdapResult } from './replies'

export interface ConnectionTarget {
  host: string
  port: number
  security: ConnectionSecurity
  pin?: Pin
  limits: ConnectionLimits
}

export interface PagedSearch {
  base: string
  /** RFC 4515 text. */
  filter: string
  attributes: string[]
  pageSize: number
  /** Lower-case names of attributes whose values are read as hexadecimal text. */
  binaryAttributes: ReadonlySet<string>
}

/** What ldapts's request classes have in common: a message id and their encoding. */
interface Request {
  messageId: number
  write(): Buffer
}

/** The operation awaiting its result; one at a time, as DirectoryClient uses a connection. */
interface Pending {
  messageId: number
  /** The reply that ends it (BindResponse, SearchResultDone…); any other with its id is an error. */
  operation: number
  /** The operation in words, for errors: "the bind", "the search". */
  what: string
  entry?(entry: DirectoryEntry): void
  settle(result: LdapResult): void
  fail(error: Error): void
}

const MAX_MESSAGE_ID = 2 ** 31 - 1
/** The message id of unsolicited notifications (RFC 4511 §4.4), such as the Notice of Disconnection. */
const UNSOLICITED = 0
/** The StartTLS extended operation (RFC 4511 §4.14). */
const START_TLS_OID = '1.3.6.1.4.1.1466.20037'

const operationNames: Record<number, string> = {
  [ReplyOperation.bind]: 'a BindResponse',
  [ReplyOperation.searchDone]: 'a SearchResultDone',
  [ReplyOperation.modify]: 'a ModifyResponse',
  [ReplyOperation.extended]: 'an ExtendedResponse'
}

function timedOut(what: string, ms: number): Error {
  return Object.assign(new Error(`${what} within ${ms} ms (timed out)`), { code: 'ETIMEDOUT' })
}

/** Plain text after the server accepted StartTLS: whoever sent it, it must not be read as the server's. */
const injected = (): MalformedReplyError =>
  new MalformedReplyError('the server sent more after accepting StartTLS, before the TLS handshake.')

/** Raised when a server answers StartTLS with anything but success: the bind password stays unsent. */
export class StartTlsRefusedError extends Error {
  constructor(readonly result: LdapResult) {
    super(
      `the server refused StartTLS (LDAP result ${result.code}${result.diagnostic ? `: ${result.diagnostic}` : ''}); the bind password was not sent`
    )
    this.name = 'StartTlsRefusedError'
  }
}

/** Raised when our own encoder refuses what it was given: nothing was sent, and a retry cannot help. */
export class LdapRequestError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'LdapRequestError'
  }
}

/** ldapts's error for a result code, so callers keep catching NoSuchObjectError and the like. */
function resultError(messageId: number, result: LdapResult): Error {
  // StatusCodeParser reads only the code and the diagnostic message of the response it is given.
  return StatusCodeParser.parse(
    new SearchResponse({
      messageId,
      status: result.code,
      matchedDN: result.matchedDn,
      errorMessage: result.diagnostic
    })
  )
}

/** Resolves once `socket` has connected (or finished its TLS handshake); nothing is sent. */
function connected(
  socket: net.Socket,
  event: 'connect' | 'secureConnect',
  what: string,
  timeoutMs: number,
  signal?: AbortSignal
): Promise<void> {
  return new Promise((resolve, reject) => {
    const fail = (error: Error): void => {
      stopWaiting()
      socket.destroy()
      reject(error)
    }
    const onAbort = (): void => fail(new CancelledError())
    const timer = setTimeout(() => fail(timedOut(what, timeoutMs)), timeoutMs)
    const stopWaiting = (): void => {
      clearTimeout(timer)
      socket.off('error', fail)
      signal?.removeEventListener('abort', onAbort)
    }
    if (signal?.aborted) return fail(new CancelledError())
    signal?.addEventListener('abort', onAbort)
    socket.once('error', fail)
    socket.once(event, () => {
      stopWaiting()
      resolve()
    })
  })
}

export class LdapConnection {
  private readonly reader: LdapReplyReader
  private pending: Pending | undefined
  /** Why the connection can no longer be used, once it cannot. */
  private closedBy: Error | undefined
  /** When the pending operation last heard from the server (its request, or a reply with its id). */
  private lastHeard = 0
  private idleTimer: NodeJS.Timeout | undefined
  private idleConfirmation: NodeJS.Immediate | undefined
  /** Bytes the running search may still receive, and what to raise past them. */
  private byteBudget: { left: number; exceeded: () => Error } | undefined
  /** Set once StartTLS is accepted: any further plain-text reply would be injected, not the server's. */
  private upgrading = false
  private readonly onData = (chunk: Buffer): void => {
    if (this.closedBy !== undefined) return
    if (this.upgrading) return this.destroy(injected())
    const budget = this.byteBudget
    if (budget && (budget.left -= chunk.length) < 0) return this.destroy(budget.exceeded())
    try {
      this.reader.push(chunk)
    } catch (error) {
      this.destroy(error instanceof Error ? error : new Error(String(error)))
    }
  }
  private readonly onError = (error: Error): void => this.destroy(error)
  private readonly onClose = (): void =>
    this.destroy(Object.assign(new Error('the server closed the connection'), { code: 'ECONNRESET' }))

  private constructor(
    private readonly socket: net.Socket,
    private readonly limits: ConnectionLimits,
    private lastMessageId = 0
  ) {
    this.reader = new LdapReplyReader(
      {
        entry: (messageId, entry) => {
          if (this.upgrading) return this.destroy(injected())
          const pending = this.pending
          if (pending?.messageId !== messageId) return
          this.lastHeard = performance.now()
          if (pending.entry) pending.entry(entry)
          else
            this.destroy(new MalformedReplyError(`the server answered ${pending.what} with a search entry.`))
        },
        result: (messageId, operation, result) => {
          if (this.upgrading) return this.destroy(injected())
          if (messageId === UNSOLICITED && operation === ReplyOperation.extended) {
            const words = result.diagnostic || 'notice of disconnection'
            this.destroy(
              Object.assign(
                new Error(`the server ended the connection: ${words} (LDAP result ${result.code})`),
                { code: 'ECONNRESET' }
              )
            )
            return
          }
          const pending = this.pending
          if (pending?.messageId !== messageId) return
          if (operation !== pending.operation)
            return this.destroy(
              new MalformedReplyError(
                `the server answered ${pending.what} with tag 0x${operation.toString(16)}, not ${operationNames[pending.operation]}.`
              )
            )
          this.pending = undefined
          pending.settle(result)
        }
      },
      limits.maxReplyBytes
    )
    this.attach(socket)
  }

  /**
   * A connected socket, TLS verified as tlsOptions says for LDAPS and StartTLS (pinned certificates
   * honoured); with StartTLS the upgrade is done before anything else is sent. Nothing else sent yet.
   */
  static async open(target: ConnectionTarget, signal?: AbortSignal): Promise<LdapConnection> {
    const { host, port, limits } = target
    if (target.security === 'ssl') {
      const socket = tls.connect({ host, port, ...tlsOptions(host, target.pin) })
      await connected(socket, 'secureConnect', 'no connection', limits.idleMs, signal)
      return new LdapConnection(socket, limits)
    }
    const socket = net.connect({ host, port })
    await connected(socket, 'connect', 'no connection', limits.idleMs, signal)
    const plain = new LdapConnection(socket, limits)
    if (target.security === 'none') return plain
    const accepted = await plain.startTls(signal)
    // The TLS socket reports what happens to the connection from here on.
    accepted.on('error', () => undefined)
    const secure = tls.connect({ socket: accepted, ...tlsOptions(host, target.pin) })
    await connected(secure, 'secureConnect', 'no TLS handshake', limits.idleMs, signal)
    return new LdapConnection(secure, limits, plain.lastMessageId)
  }

  /**
   * Asks for StartTLS on this plain connection and, once the server accepts, hands over the socket
   * for the TLS handshake: this connection is done with, and nothing else was sent.
   */
  async startTls(signal?: AbortSignal): Promise<net.Socket> {
    const request = new ExtendedRequest({ messageId: this.nextMessageId(), oid: START_TLS_OID })
    let result: LdapResult
    try {
      // From the moment of acceptance, more plain text is refused (even later in the same chunk).
      result = await this.exchange(request, ReplyOperation.extended, 'StartTLS', signal, {
        onResult: (reply) => (this.upgrading = reply.code === 0)
      })
    } catch (error) {
      if (error instanceof Error) this.destroy(error)
      throw error
    }
    if (result.code !== 0) {
      const refused = new StartTlsRefusedError(result)
      this.destroy(refused)
      throw refused
    }
    // The reply's promise settles after the chunk it came in has been read: what else that chunk
    // held has been refused by now, and a message begun in it is still held.
    if (this.closedBy !== undefined) throw this.closedBy
    if (this.reader.bufferedBytes > 0) {
      const error = injected()
      this.destroy(error)
      throw error
    }
    this.detach(this.socket)
    this.closedBy = new Error('the connection was upgraded to TLS')
    return this.socket
  }

  /** A simple bind; a refusal throws ldapts's error for its result code (InvalidCredentialsError…). */
  async bind(dn: string, password: string, signal?: AbortSignal): Promise<void> {
    const request = new BindRequest({ messageId: this.nextMessageId(), dn, password })
    await this.expectSuccess(request, ReplyOperation.bind, 'the bind', signal)
  }

  async modify(dn: string, change: Change, signal?: AbortSignal): Promise<void> {
    const request = new ModifyRequest({ messageId: this.nextMessageId(), dn, changes: [change] })
    await this.expectSuccess(request, ReplyOperation.modify, 'the modification', signal)
  }

  /** Whether `base` can be read: a base-scope search for it, which fails as ldapts would when it cannot. */
  async readBase(base: string, signal?: AbortSignal): Promise<number> {
    const request = new SearchRequest({
      messageId: this.nextMessageId(),
      baseDN: base,
      scope: 'base',
      filter: FilterParser.parseString('(objectClass=*)'),
      attributes: ['objectClass'],
      sizeLimit: 1
    })
    let entries = 0
    const result = await this.exchange(request, ReplyOperation.searchDone, 'the search of the base', signal, {
      entry: () => {
        entries += 1
        if (entries > 1)
          this.destroy(new MalformedReplyError('a base-scope search returned more than one entry.'))
      }
    })
    if (result.code !== 0) throw resultError(request.messageId, result)
    return entries
  }

  /**
   * The pages of a subtree search with the Simple Paged Results control (RFC 2696), each once its
   * SearchResultDone is in. The next page is asked for as soon as a page is in, unless two wait
   * unread: the server reads while the caller works, and at most two pages are held. A caller that
   * stops early abandons the page in flight. Cancelling through `signal` closes the connection, and
   * so does a server that breaks `limits`. A page that brings no new entry ends the search with an
   * error, whatever its cookie says: the server is going round in circles.
   */
  async *pagedSearch(
    search: PagedSearch,
    limits: SearchLimits,
    signal?: AbortSignal
  ): AsyncGenerator<DirectoryEntry[]> {
    let filter
    try {
      filter = FilterParser.parseString(search.filter)
    } catch (error) {
      throw new LdapRequestError(
        `the filter ${search.filter} cannot be encoded: ${error instanceof Error ? error.message : String(error)}`
      )
    }
    const paged = new PagedResultsControl({ value: { size: search.pageSize } })
    const request = new SearchRequest({
      messageId: 0,
      baseDN: search.base,
      scope: 'sub',
      filter,
      attributes: search.attributes,
      controls: [paged]
    })
    this.reader.binaryAttributes = search.binaryAttributes
    const ready: DirectoryEntry[][] = []
    let filling: DirectoryEntry[] = []
    /** Entries of the page being read whose DN no earlier page had. */
    let fresh = 0
    const seen = new Set<string>()
    let pagesAsked = 0
    /** The cookie of the last page in, while its successor waits for the caller to catch up. */
    let deferredCookie: Buffer | undefined
    let inFlight = false
    let complete = false
    let failure: { error: unknown } | undefined
    let wake: (() => void) | undefined
    const stop = (error: Error): void => {
      failure ??= { error }
      this.destroy(error)
      wake?.()
    }
    const ask = (cookie: Buffer | undefined): void => {
      if (pagesAsked >= limits.maxPages)
        return void (failure = {
          error: new DirectoryLimitError(
            `the search went past ${limits.maxPages} pages of ${search.pageSize} entries, the most one search may take: the server does not stop paging`
          )
        })
      pagesAsked += 1
      paged.value = cookie ? { size: search.pageSize, cookie } : { size: search.pageSize }
      request.messageId = this.nextMessageId()
      inFlight = true
      fresh = 0
      this.send(request, {
        messageId: request.messageId,
        operation: ReplyOperation.searchDone,
        what: 'the search',
        entry: (entry) => {
          if (filling.length >= limits.maxEntriesPerPage)
            return stop(
              new DirectoryLimitError(
                `page ${pagesAsked} has more than ${limits.maxEntriesPerPage} entries, the most one page of ${search.pageSize} may have: the server does not keep to the page size`
              )
            )
          filling.push(entry)
          if (!seen.has(entry.dn)) {
            seen.add(entry.dn)
            fresh += 1
          }
        },
        settle: (result) => {
          inFlight = false
          const next = result.pagedCookie
          if (result.code !== 0) failure = { error: resultError(request.messageId, result) }
          else if (filling.length > 0 && fresh === 0)
            failure = {
              error: new DirectoryLimitError(
                `page ${pagesAsked} brings no entry that earlier pages did not: the server repeats itself`
              )
            }
          else if (filling.length === 0 && next && cookie && next.equals(cookie))
            failure = {
              error: new DirectoryLimitError(
                `page ${pagesAsked} is empty and hands back the cookie it was asked with: the server makes no progress`
              )
            }
          else {
            ready.push(filling)
            filling = []
            // An empty cookie ends the search (RFC 2696 §3).
            if (!next || next.length === 0) complete = true
            else if (ready.length < 2) ask(next)
            else deferredCookie = next
          }
          wake?.()
        },
        fail: (error) => {
          inFlight = false
          failure ??= { error }
          wake?.()
        }
      })
    }
    const onAbort = (): void => this.destroy(new CancelledError())
    if (signal?.aborted) throw new CancelledError()
    signal?.addEventListener('abort', onAbort)
    const deadline = setTimeout(
      () =>
        stop(
          new DirectoryLimitError(
            `the search did not finish within ${describeDuration(limits.deadlineMs)}, the deadline for one search`
          )
        ),
      limits.deadlineMs
    )
    this.byteBudget = {
      left: limits.maxBytes,
      exceeded: () =>
        new DirectoryLimitError(
          `the search received more than ${describeBytes(limits.maxBytes)}, the most one search may receive`
        )
    }
    try {
      ask(undefined)
      for (;;) {
        if (failure) throw failure.error
        const page = ready.shift()
        if (page) {
          if (deferredCookie) {
            const cookie = deferredCookie
            deferredCookie = undefined
            ask(cookie)
          }
          yield page
          if (signal?.aborted) throw new CancelledError()
        } else if (complete) return
        else {
          await new Promise<void>((resolve) => (wake = resolve))
          wake = undefined
        }
      }
    } finally {
      clearTimeout(deadline)
      this.byteBudget = undefined
      signal?.removeEventListener('abort', onAbort)
      if (inFlight) this.abandon(request.messageId)
    }
  }

  /** Unbinds and closes; resolves once the socket is closed. */
  async close(): Promise<void> {
    if (this.closedBy !== undefined) {
      this.socket.destroy()
      return
    }
    this.closedBy = new Error('the connection was closed')
    this.stopIdleWatch()
    const closed = new Promise<void>((resolve) => this.socket.once('close', () => resolve()))
    // A server that stops reading would hold the unbind (and this close) forever.
    const giveUp = setTimeout(() => this.socket.destroy(), this.limits.idleMs)
    this.socket.end(new UnbindRequest({ messageId: this.nextMessageId() }).write(), () =>
      this.socket.destroy()
    )
    await closed
    clearTimeout(giveUp)
  }

  private attach(socket: net.Socket): void {
    socket.setNoDelay(true)
    socket.on('data', this.onData)
    socket.on('error', this.onError)
    socket.on('close', this.onClose)
  }

  private detach(socket: net.Socket): void {
    socket.off('data', this.onData)
    socket.off('error', this.onError)
    socket.off('close', this.onClose)
    this.stopIdleWatch()
  }

  private nextMessageId(): number {
    this.lastMessageId = this.lastMessageId >= MAX_MESSAGE_ID ? 1 : this.lastMessageId + 1
    return this.lastMessageId
  }

  private send(message: Request, pending: Pending): void {
    if (this.closedBy !== undefined) return pending.fail(this.closedBy)
    this.pending = pending
    this.lastHeard = performance.now()
    this.watchIdle()
    this.socket.write(message.write())
  }

  /**
   * Fails the pending operation once it has heard nothing of its own for the idle time: replies to
   * other message ids, abandoned operations' included, do not keep it alive. One timer per
   * connection, moved on only when it fires, as resetting it per entry would cost more than the
   * entry.
   */
  private watchIdle(): void {
    if (this.idleTimer || this.idleConfirmation) return
    const idleMs = this.limits.idleMs
    const check = (confirming: boolean): void => {
      this.idleTimer = undefined
      this.idleConfirmation = undefined
      const pending = this.pending
      if (!pending) return
      const quiet = performance.now() - this.lastHeard
      if (quiet < idleMs) this.idleTimer = setTimeout(check, idleMs - quiet, false)
      // A timer runs before the bytes that arrived while this process was busy are read: those get
      // one turn of the event loop before the server is called silent.
      else if (!confirming) this.idleConfirmation = setImmediate(check, true)
      else this.destroy(timedOut(`the server sent no reply to ${pending.what}`, idleMs))
    }
    this.idleTimer = setTimeout(check, idleMs, false)
  }

  private stopIdleWatch(): void {
    clearTimeout(this.idleTimer)
    clearImmediate(this.idleConfirmation)
    this.idleTimer = undefined
    this.idleConfirmation = undefined
  }

  /** Sends one request and waits for its result, within the deadline for one operation. */
  private exchange(
    message: Request,
    operation: number,
    what: string,
    signal?: AbortSignal,
    hooks: { entry?: (entry: DirectoryEntry) => void; onResult?: (result: LdapResult) => void } = {}
  ): Promise<LdapResult> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(new CancelledError())
      const ms = this.limits.operationDeadlineMs
      const deadline = setTimeout(
        () =>
          this.destroy(
            new DirectoryLimitError(
              `${what} did not finish within ${describeDuration(ms)}, the deadline for one operation`
            )
          ),
        ms
      )
      const onAbort = (): void => this.destroy(new CancelledError())
      signal?.addEventListener('abort', onAbort)
      const done = (): void => {
        clearTimeout(deadline)
        signal?.removeEventListener('abort', onAbort)
      }
      this.send(message, {
        messageId: message.messageId,
        operation,
        what,
        ...(hooks.entry ? { entry: hooks.entry } : {}),
        settle: (result) => {
          hooks.onResult?.(result)
          done()
          resolve(result)
        },
        fail: (error) => {
          done()
          reject(error)
        }
      })
    })
  }

  private async expectSuccess(
    message: Request,
    operation: number,
    what: string,
    signal?: AbortSignal
  ): Promise<void> {
    const result = await this.exchange(message, operation, what, signal)
    if (result.code !== 0) throw resultError(message.messageId, result)
  }

  /** Tells the server to stop an operation whose replies are no longer wanted (it sends no reply). */
  private abandon(messageId: number): void {
    if (this.pending?.messageId === messageId) this.pending = undefined
    if (this.closedBy !== undefined) return
    this.socket.write(new AbandonRequest({ messageId: this.nextMessageId(), abandonId: messageId }).write())
  }

  private destroy(reason: Error): void {
    if (this.closedBy === undefined) this.closedBy = reason
    const pending = this.pending
    this.pending = undefined
    this.stopIdleWatch()
    this.socket.destroy()
    pending?.fail(reason)
  }
}

/**
 * A plain connection on which the server has accepted StartTLS, for reading the certificate it then
 * presents (trust on first use): nothing else is sent, no bind.
 */
export const startTlsSocket: TlsUpgrade = async (host, port, timeoutMs) => {
  const limits = { ...DIRECTORY_LIMITS, idleMs: timeoutMs, operationDeadlineMs: timeoutMs }
  const connection = await LdapConnection.open({ host, port, security: 'none', limits })
  return connection.startTls()
}
