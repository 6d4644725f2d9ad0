// An HTTP/1.1 response read incrementally from a connection's bytes (RFC 9112): the status line and
// header section, then a body framed by chunked transfer coding, Content-Length, or the connection's
// end. The body is handed on as it arrives and never held whole. Kept apart from any socket so that
// every framing rule can be tested by feeding bytes split anywhere.

/** Header sections larger than this are refused, as Node's own parser refuses them. */
export const MAX_HEADER_BYTES = 64 * 1024
/** A chunk-size line (size, extensions) longer than this is refused. */
const MAX_CHUNK_LINE_BYTES = 4 * 1024

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
  /** Bytes of an incomplete header section, chunk-size line or trailer section. */
  private pending: Buffer | undefined
  private remaining = 0

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
    const unread = this.unread(data, at)
    const end = unread.indexOf('\r\n\r\n')
    // While the blank line is missing, up to three of the bytes may be its start, not the section.
    if ((end < 0 ? unread.length - 3 : end) > limit)
      throw new HttpResponseError(`The response's ${what} is over ${limit} bytes.`)
    if (end < 0) {
      this.pending = Buffer.from(unread)
      return undefined
    }
    return { text: unread.toString('latin1', 0, end), next: this.consumed(at, end + 4) }
  }

  /** The bytes kept from earlier reads (an incomplete line or section), then `data` from `at`. */
  private unread(data: Buffer, at: number): Buffer {
    return this.pending ? Buffer.concat([this.pending, data.subarray(at)]) : data.subarray(at)
  }

  /** The first `count` unread bytes are used: the position in `data` after them. */
  private consumed(at: number, count: number): number {
    const kept = this.pending?.length ?? 0
    this.pending = undefined
    return at + count - kept
  }

  private readHead(data: Buffer, at: number): number {
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
    const unread = this.unread(data, at)
    const lf = unread.indexOf(LF)
    if ((lf < 0 ? unread.length : lf) > MAX_CHUNK_LINE_BYTES)
      throw new HttpResponseError(`A chunk-size line of the response is over ${MAX_CHUNK_LINE_BYTES} bytes.`)
    if (lf < 0) {
      this.pending = Buffer.from(unread)
      return data.length
    }
    if (lf === 0 || unread[lf - 1] !== CR)
      throw new HttpResponseError('A chunk-size line of the response does not end in CRLF.')
    const line = unread.toString('latin1', 0, lf - 1)
    const size = CHUNK_SIZE.exec(line)
    if (!size) throw new HttpResponseError(`Not a chunk size: ${JSON.stringify(line.slice(0, 80))}`)
    this.remaining = parseInt(size[1], 16)
    this.state = this.remaining === 0 ? 'trailers' : 'chunk-data'
    return this.consumed(at, lf + 1)
  }

  /** After the last chunk: either CRLF at once, or trailer fields ending in a blank line (ignored). */
  private readTrailers(data: Buffer, at: number): number {
    const unread = this.unread(data, at)
    if (unread.length < 2) {
      this.pending = Buffer.from(unread)
      return data.length
    }
    if (unread[0] === CR && unread[1] === LF) {
      this.state = 'done'
      return this.consumed(at, 2)
    }
    const section = this.section(data, at, MAX_HEADER_BYTES, 'trailer section')
    if (!section) return data.length
    this.state = 'done'
    return section.next
  }
}
