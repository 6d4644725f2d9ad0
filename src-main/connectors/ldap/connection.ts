// One connection to a directory server on a socket of our own: ldapts encodes the requests (filters,
// controls) and its result-code errors stay what callers catch, while the replies go through
// replies.ts, which decodes search entries straight from the bytes as they arrive.
import net from 'node:net'
import tls from 'node:tls'
import {
  AbandonRequest,
  BindRequest,
  FilterParser,
  ModifyRequest,
  PagedResultsControl,
  SearchRequest,
  SearchResponse,
  StatusCodeParser,
  UnbindRequest,
  type Change
} from 'ldapts'
import { CancelledError } from '../common/retry'
import { tlsOptions, type Pin } from '../common/tls'
import type { DirectoryEntry } from './client'
import { LdapReplyReader, ReplyOperation, type LdapResult } from './replies'

export interface ConnectionTarget {
  host: string
  port: number
  useSsl: boolean
  pin?: Pin
  /** How long connecting may take, and how long an operation may wait for the server's next bytes. */
  timeoutMs: number
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
  entry?(entry: DirectoryEntry): void
  settle(result: LdapResult): void
  fail(error: unknown): void
}

const MAX_MESSAGE_ID = 2 ** 31 - 1
/** The message id of unsolicited notifications (RFC 4511 §4.4), such as the Notice of Disconnection. */
const UNSOLICITED = 0

function timedOut(what: string, ms: number): Error {
  return Object.assign(new Error(`${what} within ${ms} ms (timed out)`), { code: 'ETIMEDOUT' })
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

export class LdapConnection {
  private readonly reader = new LdapReplyReader({
    entry: (messageId, entry) => {
      if (this.pending?.messageId === messageId) this.pending.entry?.(entry)
    },
    result: (messageId, operation, result) => {
      if (messageId === UNSOLICITED && operation === ReplyOperation.extended) {
        const words = result.diagnostic || 'notice of disconnection'
        this.destroy(new Error(`the server ended the connection: ${words} (LDAP result ${result.code})`))
        return
      }
      const pending = this.pending
      if (pending?.messageId !== messageId) return
      this.pending = undefined
      pending.settle(result)
    }
  })
  private pending: Pending | undefined
  /** Why the connection can no longer be used, once it cannot. */
  private closedBy: unknown
  private lastMessageId = 0

  private constructor(
    private readonly socket: net.Socket,
    private readonly timeoutMs: number
  ) {
    socket.setNoDelay(true)
    socket.setTimeout(timeoutMs)
    socket.on('data', (chunk: Buffer) => {
      try {
        this.reader.push(chunk)
      } catch (error) {
        this.destroy(error)
      }
    })
    socket.on('error', (error) => this.destroy(error))
    socket.on('close', () => this.destroy(new Error('the server closed the connection')))
    socket.on('timeout', () => {
      if (this.pending) this.destroy(timedOut('the server sent nothing', this.timeoutMs))
    })
  }

  /** A connected socket (TLS verified as tlsOptions says for LDAPS); nothing sent yet. */
  static open(target: ConnectionTarget, signal?: AbortSignal): Promise<LdapConnection> {
    return new Promise((resolve, reject) => {
      const { host, port } = target
      const socket = target.useSsl
        ? tls.connect({ host, port, ...tlsOptions(host, target.pin) })
        : net.connect({ host, port })
      const fail = (error: Error): void => {
        stopWaiting()
        socket.destroy()
        reject(error)
      }
      const onAbort = (): void => fail(new CancelledError())
      const timer = setTimeout(() => fail(timedOut('no connection', target.timeoutMs)), target.timeoutMs)
      const stopWaiting = (): void => {
        clearTimeout(timer)
        socket.off('error', fail)
        signal?.removeEventListener('abort', onAbort)
      }
      if (signal?.aborted) return fail(new CancelledError())
      signal?.addEventListener('abort', onAbort)
      socket.once('error', fail)
      socket.once(target.useSsl ? 'secureConnect' : 'connect', () => {
        stopWaiting()
        resolve(new LdapConnection(socket, target.timeoutMs))
      })
    })
  }

  /** A simple bind; a refusal throws ldapts's error for its result code (InvalidCredentialsError…). */
  async bind(dn: string, password: string, signal?: AbortSignal): Promise<void> {
    await this.expectSuccess(new BindRequest({ messageId: this.nextMessageId(), dn, password }), signal)
  }

  async modify(dn: string, change: Change): Promise<void> {
    await this.expectSuccess(new ModifyRequest({ messageId: this.nextMessageId(), dn, changes: [change] }))
  }

  /**
   * The pages of a subtree search with the Simple Paged Results control (RFC 2696), each once its
   * SearchResultDone is in. The next page is asked for as soon as a page is in, unless two wait
   * unread: the server reads while the caller works, and at most two pages are held. A caller that
   * stops early abandons the page in flight. Cancelling through `signal` closes the connection.
   */
  async *pagedSearch(search: PagedSearch, signal?: AbortSignal): AsyncGenerator<DirectoryEntry[]> {
    const paged = new PagedResultsControl({ value: { size: search.pageSize } })
    const request = new SearchRequest({
      messageId: 0,
      baseDN: search.base,
      scope: 'sub',
      filter: FilterParser.parseString(search.filter),
      attributes: search.attributes,
      controls: [paged]
    })
    this.reader.binaryAttributes = search.binaryAttributes
    const ready: DirectoryEntry[][] = []
    let filling: DirectoryEntry[] = []
    /** The cookie of the last page in, while its successor waits for the caller to catch up. */
    let deferredCookie: Buffer | undefined
    let inFlight = false
    let complete = false
    let failure: { error: unknown } | undefined
    let wake: (() => void) | undefined
    const ask = (cookie: Buffer | undefined): void => {
      paged.value = cookie ? { size: search.pageSize, cookie } : { size: search.pageSize }
      request.messageId = this.nextMessageId()
      inFlight = true
      this.send(request, {
        messageId: request.messageId,
        entry: (entry) => filling.push(entry),
        settle: (result) => {
          inFlight = false
          if (result.code !== 0) failure = { error: resultError(request.messageId, result) }
          else {
            ready.push(filling)
            filling = []
            const next = result.pagedCookie
            // An empty cookie ends the search (RFC 2696 §3).
            if (!next || next.length === 0) complete = true
            else if (ready.length < 2) ask(next)
            else deferredCookie = next
          }
          wake?.()
        },
        fail: (error) => {
          inFlight = false
          failure = { error }
          wake?.()
        }
      })
    }
    const onAbort = (): void => this.destroy(new CancelledError())
    if (signal?.aborted) throw new CancelledError()
    signal?.addEventListener('abort', onAbort)
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
      signal?.removeEventListener('abort', onAbort)
      if (inFlight) this.abandon(request.messageId)
    }
  }

  /** Unbinds and closes; resolves once the socket is closed. */
  async close(): Promise<void> {
    if (this.closedBy !== undefined) return
    this.closedBy = new Error('the connection was closed')
    const closed = new Promise<void>((resolve) => this.socket.once('close', () => resolve()))
    this.socket.end(new UnbindRequest({ messageId: this.nextMessageId() }).write(), () =>
      this.socket.destroy()
    )
    await closed
  }

  private nextMessageId(): number {
    this.lastMessageId = this.lastMessageId >= MAX_MESSAGE_ID ? 1 : this.lastMessageId + 1
    return this.lastMessageId
  }

  private send(message: Request, pending: Pending): void {
    if (this.closedBy !== undefined) return pending.fail(this.closedBy)
    this.pending = pending
    this.socket.write(message.write())
  }

  private async expectSuccess(message: Request, signal?: AbortSignal): Promise<void> {
    const onAbort = (): void => this.destroy(new CancelledError())
    if (signal?.aborted) throw new CancelledError()
    signal?.addEventListener('abort', onAbort)
    try {
      const result = await new Promise<LdapResult>((settle, fail) =>
        this.send(message, { messageId: message.messageId, settle, fail })
      )
      if (result.code !== 0) throw resultError(message.messageId, result)
    } finally {
      signal?.removeEventListener('abort', onAbort)
    }
  }

  /** Tells the server to stop an operation whose replies are no longer wanted (it sends no reply). */
  private abandon(messageId: number): void {
    if (this.pending?.messageId === messageId) this.pending = undefined
    if (this.closedBy !== undefined) return
    this.socket.write(new AbandonRequest({ messageId: this.nextMessageId(), abandonId: messageId }).write())
  }

  private destroy(reason: unknown): void {
    if (this.closedBy === undefined) this.closedBy = reason
    const pending = this.pending
    this.pending = undefined
    this.socket.destroy()
    pending?.fail(reason)
  }
}
