// An HTTP/1.1 response read incrementally from a connection's bytes (RFC 9112): the status line and
// header section, then a body framed by chunked transfer coding, Content-Length, or the connection's
// end. The body is handed on as it arrives and never held whole. Kept apart from any socket so that
// every framing rule can be tested by feeding bytes split anywhere.

/** Header sections larger than this are refused, as Node's own parser refuses them. */
export const MAX_HEADER_BYTES = 64 * 1024
/** A chunk-size line (size, extensions) longer than this is refused. */
const MAX_CHUNK_LINE_BYTES = 4 * 1024
/**
 * Interim (1xx) responses allowed before the final one: a server may send a 100 Continue and a few
 * 103 Early Hints, but one sending them endlessly would keep the request waiting without end.
 */
export const MAX_INTERIM_RESPONSES = 10

export class HttpResponseError extends Error {
  readonly code = 'ERR_HTTP_RESPONSE'
  constructor(message: string) {
    super(message)
    this.name = 'HttpResponseError'
  }
}

export interface ResponseHead {
  status: number
  /** Lower-case names; set-cookie always a list, other repeated headers joined with ", ". */
  headers: Record<string, string | string[]>
}

type State =
  'head' | 'length' | 'chunk-size' | 'chunk-data' | 'chunk-end' | 'trailers' | 'until-close' | 'done'

const CR = 0x0d
const LF = 0x0a
const BLANK_LINE = Buffer.from('\r\n\r\n', 'latin1')
const NEWLINE = Buffer.from([LF])
const CRLF = Buffer.from([CR, LF])
const EMPTY = Buffer.alloc(0)
/** Kept bytes that may begin the longest delimiter searched for, the blank line. */
const TAIL_BYTES = BLANK_LINE.length - 1
/** What every status line starts with: bytes that do not are refused at once, not after 64 KiB. */
const STATUS_PREFIX = Buffer.from('HTTP/1.', 'latin1')
const STATUS_LINE = /^HTTP\/1\.([01]) (\d{3})(?: .*)?$/
/** A header field name: an RFC 9110 token. */
export const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/
const CHUNK_SIZE = /^([0-9A-Fa-f]{1,12})[ \t]*(?:;.*)?$/

/**
 * One response to one request. `feed` takes the connection's bytes in order and returns how many
 * belonged to this response (fewer than given only once it is complete); `end` says the connection
 * closed. The head is available once read; `complete` once the body has ended.
 */
export class HttpResponseReader {
  head: ResponseHead | undefined
  /** Whether the connection may carry another request after this response (HTTP/1.1 keep-alive). */
  keepAlive = true
  private state: State = 'head'
  /**
   * Bytes of an incomplete header section, chunk-size line or trailer section, as they arrived: they
   * are joined once, when complete, so a section fed a byte at a time costs no more than one fed whole.
   */
  private pending: Buffer[] = []
  private pendingLength = 0
  /** The last kept bytes, where the start of a line end or blank line may be waiting for the rest. */
  private keptTail: Buffer = EMPTY
  private remaining = 0
  private interimResponses = 0

  constructor(
    private readonly onBody: (chunk: Buffer) => void,
    /** A response to HEAD, or a status without content, has no body whatever its headers say. */
    private readonly method: string = 'GET'
  ) {}

  get complete(): boolean {
    return this.state === 'done'
  }

  feed(data: Buffer): number {
    let at = 0
    while (at < data.length && this.state !== 'done') {
      switch (this.state) {
        case 'head':
          at = this.readHead(data, at)
          break
        case 'length':
          at = this.passBody(data, at)
          if (this.remaining === 0) this.state = 'done'
          break
        case 'chunk-size':
          at = this.readChunkSize(data, at)
          break
        case 'chunk-data':
          at = this.passBody(data, at)
          if (this.remaining === 0) {
            this.state = 'chunk-end'
            this.remaining = 2
          }
          break
        case 'chunk-end':
          // The CRLF after a chunk's data, possibly split across reads.
          if (data[at] !== (this.remaining === 2 ? CR : LF))
            throw new HttpResponseError('A chunk of the response is not followed by CRLF.')
          at += 1
          this.remaining -= 1
          if (this.remaining === 0) this.state = 'chunk-size'
          break
        case 'trailers':
          at = this.readTrailers(data, at)
          break
        case 'until-close':
          this.onBody(at === 0 ? data : data.subarray(at))
          at = data.length
          break
      }
    }
    return at
  }

  /** Hands on up to `remaining` body bytes from `at`; returns where the next unread byte is. */
  private passBody(data: Buffer, at: number): number {
    const take = Math.min(this.remaining, data.length - at)
    this.onBody(data.subarray(at, at + take))
    this.remaining -= take
    return at + take
  }

  /** The connection closed: the end of a body read until close, otherwise a response cut short. */
  end(): void {
    if (this.state === 'until-close') this.state = 'done'
    if (this.state !== 'done')
      throw Object.assign(new Error('The connection closed before the whole response arrived.'), {
        code: 'ECONNRESET'
      })
  }

  /** Gathers bytes up to the blank line ending a section; undefined (bytes kept) while incomplete. */
  private section(
    data: Buffer,
    at: number,
    limit: number,
    what: string
  ): { text: string; next: number } | undefined {
    const end = this.find(BLANK_LINE, data, at)
    // While the blank line is missing, up to three of the bytes may be its start, not the section.
    if ((end < 0 ? this.pendingLength + data.length - at - 3 : end) > limit)
      throw new HttpResponseError(`The response's ${what} is over ${limit} bytes.`)
    if (end < 0) return this.keep(data, at)
    return { text: this.unread(data, at, end).toString('latin1'), next: this.consumed(at, end + 4) }
  }

  /**
   * Where `needle` starts in the kept bytes followed by `data` from `at`, or -1. Kept bytes were
   * searched when they arrived, so only a match ending in the new bytes is looked for.
   */
  private find(needle: Buffer, data: Buffer, at: number): number {
    const tail = this.keptTail
    // A match starting k bytes before the end of the kept bytes, earliest first.
    for (let k = Math.min(tail.length, needle.length - 1); k > 0; k--) {
      let matches = data.length - at >= needle.length - k
      for (let i = 0; matches && i < needle.length; i++)
        matches = (i < k ? tail[tail.length - k + i] : data[at + i - k]) === needle[i]
      if (matches) return this.pendingLength - k
    }
    const inData = data.indexOf(needle, at)
    return inData < 0 ? -1 : this.pendingLength + inData - at
  }

  /** Keeps the bytes of `data` from `at` for the next read; every byte of `data` is used. */
  private keep(data: Buffer, at: number): undefined {
    if (at >= data.length) return undefined
    const bytes = Buffer.from(data.subarray(at))
    this.pending.push(bytes)
    this.pendingLength += bytes.length
    this.keptTail =
      bytes.length >= TAIL_BYTES
        ? bytes.subarray(bytes.length - TAIL_BYTES)
        : Buffer.from([...this.keptTail, ...bytes].slice(-TAIL_BYTES))
    return undefined
  }

  /** The first `count` unread bytes (the kept ones, then `data` from `at`) as one buffer. */
  private unread(data: Buffer, at: number, count: number): Buffer {
    const kept = this.pendingLength
    if (kept === 0) return data.subarray(at, at + count)
    const joined = Buffer.concat([...this.pending, data.subarray(at, at + Math.max(0, count - kept))])
    return joined.subarray(0, count)
  }

  /** The first `count` unread bytes are used: the position in `data` after them. */
  private consumed(at: number, count: number): number {
    const kept = this.pendingLength
    this.pending = []
    this.pendingLength = 0
    this.keptTail = EMPTY
    return at + count - kept
  }

  private readHead(data: Buffer, at: number): number {
    const available = this.pendingLength + data.length - at
    // Kept bytes beyond the prefix's length were checked when they arrived.
    const start =
      this.pendingLength < STATUS_PREFIX.length
        ? this.unread(data, at, Math.min(STATUS_PREFIX.length, available))
        : STATUS_PREFIX
    if (!STATUS_PREFIX.subarray(0, start.length).equals(start)) {
      const shown = this.unread(data, at, Math.min(80, available))
        .toString('latin1')
        .split(/[\r\n]/)[0]
      throw new HttpResponseError(`Not an HTTP/1.x status line: ${JSON.stringify(shown)}`)
    }
    const section = this.section(data, at, MAX_HEADER_BYTES, 'header section')
    if (!section) return data.length
    const lines = section.text.split('\r\n')
    const statusLine = STATUS_LINE.exec(lines[0])
    if (!statusLine)
      throw new HttpResponseError(`Not an HTTP/1.x status line: ${JSON.stringify(lines[0].slice(0, 80))}`)
    const minor = Number(statusLine[1])
    const status = Number(statusLine[2])
    if (status < 100) throw new HttpResponseError(`Not an HTTP status code: ${statusLine[2]}`)
    const headers: Record<string, string | string[]> = {}
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(':')
      const name = colon > 0 ? line.slice(0, colon) : ''
      if (!HEADER_NAME.test(name))
        throw new HttpResponseError(
          `A malformed header line in the response: ${JSON.stringify(line.slice(0, 80))}`
        )
      const key = name.toLowerCase()
      const value = line.slice(colon + 1).trim()
      const known = headers[key]
      if (key === 'set-cookie') headers[key] = [...((known as string[] | undefined) ?? []), value]
      else headers[key] = known === undefined ? value : `${known as string}, ${value}`
    }
    // Interim responses (100 Continue, 103 Early Hints) precede the real one.
    if (status >= 100 && status < 200) {
      if (status === 101) throw new HttpResponseError('The server switched protocols (HTTP 101).')
      if (++this.interimResponses > MAX_INTERIM_RESPONSES)
        throw new HttpResponseError(
          `The server sent more than ${MAX_INTERIM_RESPONSES} interim (1xx) responses without a final one.`
        )
      return section.next
    }
    this.head = { status, headers }
    const connection = String(headers.connection ?? '').toLowerCase()
    this.keepAlive = minor === 1 ? !/\bclose\b/.test(connection) : /\bkeep-alive\b/.test(connection)
    this.state = this.bodyState(status, headers)
    return section.next
  }

  /** How the body is delimited (RFC 9112 section 6.3). */
  private bodyState(status: number, headers: Record<string, string | string[]>): State {
    if (this.method === 'HEAD' || status === 204 || status === 304) return 'done'
    const transferEncoding = headers['transfer-encoding'] as string | undefined
    if (transferEncoding !== undefined) {
      const codings = transferEncoding
        .toLowerCase()
        .split(',')
        .map((c) => c.trim())
      if (codings[codings.length - 1] !== 'chunked')
        throw new HttpResponseError(
          `The response's transfer coding "${transferEncoding}" does not end in chunked.`
        )
      // A length beside chunked coding is ignored, and the connection not reused (it may be an attack).
      if (headers['content-length'] !== undefined) this.keepAlive = false
      return 'chunk-size'
    }
    const contentLength = headers['content-length'] as string | undefined
    if (contentLength !== undefined) {
      const values = new Set(contentLength.split(',').map((v) => v.trim()))
      const [only] = values
      if (values.size !== 1 || !/^\d{1,15}$/.test(only))
        throw new HttpResponseError(`The response's Content-Length "${contentLength}" is not one number.`)
      this.remaining = Number(only)
      return this.remaining === 0 ? 'done' : 'length'
    }
    this.keepAlive = false
    return 'until-close'
  }

  private readChunkSize(data: Buffer, at: number): number {
    const lf = this.find(NEWLINE, data, at)
    if ((lf < 0 ? this.pendingLength + data.length - at : lf) > MAX_CHUNK_LINE_BYTES)
      throw new HttpResponseError(`A chunk-size line of the response is over ${MAX_CHUNK_LINE_BYTES} bytes.`)
    if (lf < 0) {
      this.keep(data, at)
      return data.length
    }
    const lineBytes = this.unread(data, at, lf + 1)
    if (lf === 0 || lineBytes[lf - 1] !== CR)
      throw new HttpResponseError('A chunk-size line of the response does not end in CRLF.')
    const line = lineBytes.toString('latin1', 0, lf - 1)
    const size = CHUNK_SIZE.exec(line)
    if (!size) throw new HttpResponseError(`Not a chunk size: ${JSON.stringify(line.slice(0, 80))}`)
    this.remaining = parseInt(size[1], 16)
    this.state = this.remaining === 0 ? 'trailers' : 'chunk-data'
    return this.consumed(at, lf + 1)
  }

  /** After the last chunk: either CRLF at once, or trailer fields ending in a blank line (ignored). */
  private readTrailers(data: Buffer, at: number): number {
    if (this.pendingLength + data.length - at < 2) {
      this.keep(data, at)
      return data.length
    }
    if (this.unread(data, at, 2).equals(CRLF)) {
      this.state = 'done'
      return this.consumed(at, 2)
    }
    const section = this.section(data, at, MAX_HEADER_BYTES, 'trailer section')
    if (!section) return data.length
    this.state = 'done'
    return section.next
  }
}
