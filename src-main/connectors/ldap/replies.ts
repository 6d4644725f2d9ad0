// The replies of an LDAP server, decoded as they stream in (RFC 4511 §4, BER with definite lengths as
// §5.1 requires). Search entries become DirectoryEntry objects straight from the received bytes: the
// general-purpose parser built an object per BER element and per attribute first, and took 900 ms and
// most of the run's garbage for 50,000 entries.
import type { DirectoryEntry } from './entry'

/** Protocol operations of the replies this client reads (RFC 4511 §4.2 ff., APPLICATION tags). */
export const ReplyOperation = {
  bind: 0x61,
  searchEntry: 0x64,
  searchDone: 0x65,
  modify: 0x67,
  searchReference: 0x73,
  extended: 0x78,
  intermediate: 0x79
} as const

/** The LDAPResult of an operation; `pagedCookie` is the Simple Paged Results cookie (RFC 2696). */
export interface LdapResult {
  code: number
  matchedDn: string
  diagnostic: string
  pagedCookie?: Buffer
}

/** Where decoded replies go. Other replies (references, intermediate responses) are skipped. */
export interface ReplyHandler {
  entry(messageId: number, entry: DirectoryEntry): void
  result(messageId: number, operation: number, result: LdapResult): void
}

export class MalformedReplyError extends Error {
  constructor(message: string) {
    super(`The directory server sent a malformed reply: ${message}`)
    this.name = 'MalformedReplyError'
  }
}

/** A reply larger than this is refused rather than buffered (no attribute this client reads comes close). */
export const MAX_REPLY_BYTES = 64 * 1024 * 1024

const INTEGER = 0x02
const OCTET_STRING = 0x04
const ENUMERATED = 0x0a
const SEQUENCE = 0x30
const SET = 0x31
const CONTROLS = 0xa0
const PAGED_RESULTS_OID = '1.2.840.113556.1.4.319'

const hex = (byte: number): string => `0x${byte.toString(16).padStart(2, '0')}`

/**
 * How many bytes the message starting at `offset` takes, header included, or -1 when its header has
 * not all arrived yet.
 */
function messageSize(buffer: Buffer, offset: number, maxBytes: number): number {
  const available = buffer.length - offset
  if (available < 2) return -1
  if (buffer[offset] !== SEQUENCE)
    throw new MalformedReplyError(
      `an LDAPMessage must be a SEQUENCE (tag 0x30), found tag ${hex(buffer[offset])}.`
    )
  const first = buffer[offset + 1]
  let length = first
  let lengthBytes = 0
  if (first >= 0x80) {
    lengthBytes = first & 0x7f
    if (lengthBytes === 0 || lengthBytes > 4)
      throw new MalformedReplyError(
        `an LDAPMessage length must be definite and at most 4 bytes long, found the length byte ${hex(first)}.`
      )
    if (available < 2 + lengthBytes) return -1
    length = 0
    for (let i = 0; i < lengthBytes; i++) length = length * 256 + buffer[offset + 2 + i]
  }
  // Whatever form the length takes: a limit below 128 bytes holds like any other.
  if (length > maxBytes)
    throw new MalformedReplyError(`an LDAPMessage of ${length} bytes exceeds the limit of ${maxBytes} bytes.`)
  return 2 + lengthBytes + length
}

/** Reads BER elements of one message in place: `pos` moves through `buffer`, nothing is copied. */
class BerCursor {
  buffer: Buffer = Buffer.alloc(0)
  pos = 0

  /**
   * Enters the element at `pos`, which must have `tag` and end by `end`: `pos` moves to its content
   * and the end of its content is returned. `what` names the field in the error.
   */
  enter(tag: number, end: number, what: string): number {
    const buffer = this.buffer
    let pos = this.pos
    if (pos + 2 > end) throw new MalformedReplyError(`${what} is cut short at byte ${pos}.`)
    if (buffer[pos] !== tag)
      throw new MalformedReplyError(
        `${what} must have tag ${hex(tag)}, found tag ${hex(buffer[pos])} at byte ${pos}.`
      )
    let length = buffer[pos + 1]
    pos += 2
    if (length >= 0x80) {
      const lengthBytes = length & 0x7f
      if (lengthBytes === 0 || lengthBytes > 4 || pos + lengthBytes > end)
        throw new MalformedReplyError(
          `the length of ${what} at byte ${pos - 2} must be definite and at most 4 bytes long.`
        )
      length = 0
      for (let i = 0; i < lengthBytes; i++) length = length * 256 + buffer[pos + i]
      pos += lengthBytes
    }
    if (pos + length > end)
      throw new MalformedReplyError(
        `${what} at byte ${this.pos} runs past the end of the element holding it.`
      )
    this.pos = pos
    return pos + length
  }

  /** Moves past the element at `pos`, whatever its tag. */
  skip(end: number, what: string): void {
    this.pos = this.enter(this.buffer[this.pos], end, what)
  }

  /** A non-negative INTEGER or ENUMERATED of at most 4 bytes (message ids and result codes fit). */
  unsigned(tag: number, end: number, what: string): number {
    const contentEnd = this.enter(tag, end, what)
    const length = contentEnd - this.pos
    if (length < 1 || length > 4 || this.buffer[this.pos] >= 0x80)
      throw new MalformedReplyError(`${what} at byte ${this.pos} must be a number from 0 to 2^31 - 1.`)
    let value = 0
    for (let i = this.pos; i < contentEnd; i++) value = value * 256 + this.buffer[i]
    this.pos = contentEnd
    return value
  }

  text(end: number, what: string): string {
    const contentEnd = this.enter(OCTET_STRING, end, what)
    const value = this.buffer.toString('utf8', this.pos, contentEnd)
    this.pos = contentEnd
    return value
  }
}

interface AttributeName {
  bytes: Buffer
  /** The lower-cased name entries carry. */
  key: string
  /** Whether values become hexadecimal text instead of UTF-8. */
  binary: boolean
}

/** Attribute names seen so far, matched by their bytes, so each is decoded and lower-cased once. */
const KNOWN_NAMES_LIMIT = 256

/**
 * Decodes the byte stream of one LDAP connection: `push` each chunk as it arrives, in order; complete
 * messages go to the handler at once, a message cut by a chunk boundary waits for the rest.
 */
export class LdapReplyReader {
  private held: Buffer[] = []
  private heldBytes = 0
  /** The size of the message the held bytes begin, or 0 while its header is incomplete. */
  private heldMessageSize = 0
  private readonly cursor = new BerCursor()
  private names: AttributeName[] = []
  private binaryNames: ReadonlySet<string> = new Set()

  constructor(
    private readonly handler: ReplyHandler,
    private readonly maxReplyBytes = MAX_REPLY_BYTES
  ) {}

  /** Bytes of a message that has not all arrived yet. */
  get bufferedBytes(): number {
    return this.heldBytes
  }

  /** Attributes (lower-case names) whose values are read as hexadecimal text, not UTF-8. */
  set binaryAttributes(names: ReadonlySet<string>) {
    this.binaryNames = names
    this.names = []
  }

  push(chunk: Buffer): void {
    let buffer = chunk
    if (this.heldBytes > 0) {
      this.held.push(chunk)
      this.heldBytes += chunk.length
      if (this.heldBytes < this.heldMessageSize) return
      buffer = Buffer.concat(this.held, this.heldBytes)
      this.held = []
      this.heldBytes = 0
    }
    let offset = 0
    while (offset < buffer.length) {
      const size = messageSize(buffer, offset, this.maxReplyBytes)
      if (size < 0 || offset + size > buffer.length) {
        const rest = buffer.subarray(offset)
        this.held = [rest]
        this.heldBytes = rest.length
        this.heldMessageSize = Math.max(size, 0)
        return
      }
      this.decode(buffer, offset, offset + size)
      offset += size
    }
  }

  private decode(buffer: Buffer, start: number, end: number): void {
    const cursor = this.cursor
    cursor.buffer = buffer
    cursor.pos = start
    const messageEnd = cursor.enter(SEQUENCE, end, 'the LDAPMessage')
    const messageId = cursor.unsigned(INTEGER, messageEnd, 'the messageID')
    if (cursor.pos >= messageEnd)
      throw new MalformedReplyError(`message ${messageId} has no protocol operation.`)
    const operation = buffer[cursor.pos]
    switch (operation) {
      case ReplyOperation.searchEntry:
        this.handler.entry(messageId, this.entry(messageEnd))
        return
      case ReplyOperation.searchDone:
      case ReplyOperation.bind:
      case ReplyOperation.modify:
      case ReplyOperation.extended:
        this.handler.result(messageId, operation, this.result(operation, messageEnd))
        return
      default:
        // Search references (referrals are not chased), intermediate responses, anything else.
        return
    }
  }

  private entry(messageEnd: number): DirectoryEntry {
    const cursor = this.cursor
    const buffer = cursor.buffer
    const entryEnd = cursor.enter(ReplyOperation.searchEntry, messageEnd, 'the SearchResultEntry')
    const dn = cursor.text(entryEnd, 'the objectName of an entry')
    const listEnd = cursor.enter(SEQUENCE, entryEnd, 'the attributes of an entry')
    const attributes: Record<string, string[]> = {}
    while (cursor.pos < listEnd) {
      const attributeEnd = cursor.enter(SEQUENCE, listEnd, 'a PartialAttribute')
      const typeEnd = cursor.enter(OCTET_STRING, attributeEnd, 'the type of an attribute')
      const name = this.nameAt(buffer, cursor.pos, typeEnd)
      cursor.pos = typeEnd
      const setEnd = cursor.enter(SET, attributeEnd, 'the values of an attribute')
      const values: string[] = []
      while (cursor.pos < setEnd) {
        const valueEnd = cursor.enter(OCTET_STRING, setEnd, 'an attribute value')
        values.push(buffer.toString(name.binary ? 'hex' : 'utf8', cursor.pos, valueEnd))
        cursor.pos = valueEnd
      }
      // An attribute without values (typesOnly, or withheld by access control) reads as absent. One
      // named __proto__ is defined: assigned, it would replace the entry's prototype instead.
      if (values.length > 0) {
        if (name.key === '__proto__')
          Object.defineProperty(attributes, name.key, {
            value: values,
            enumerable: true,
            writable: true,
            configurable: true
          })
        else attributes[name.key] = values
      }
      cursor.pos = attributeEnd
    }
    return { dn, attributes }
  }

  private nameAt(buffer: Buffer, start: number, end: number): AttributeName {
    const length = end - start
    for (const known of this.names) {
      const bytes = known.bytes
      if (bytes.length !== length) continue
      let i = 0
      while (i < length && bytes[i] === buffer[start + i]) i++
      if (i === length) return known
    }
    const key = buffer.toString('utf8', start, end).toLowerCase()
    const name = { bytes: Buffer.from(buffer.subarray(start, end)), key, binary: this.binaryNames.has(key) }
    if (this.names.length < KNOWN_NAMES_LIMIT) this.names.push(name)
    return name
  }

  private result(operation: number, messageEnd: number): LdapResult {
    const cursor = this.cursor
    const resultEnd = cursor.enter(operation, messageEnd, 'the LDAPResult')
    const code = cursor.unsigned(ENUMERATED, resultEnd, 'the resultCode')
    const matchedDn = cursor.text(resultEnd, 'the matchedDN')
    const diagnostic = cursor.text(resultEnd, 'the diagnosticMessage')
    cursor.pos = resultEnd
    const result: LdapResult = { code, matchedDn, diagnostic }
    if (cursor.pos < messageEnd && cursor.buffer[cursor.pos] === CONTROLS) {
      const cookie = this.pagedCookie(messageEnd)
      if (cookie) result.pagedCookie = cookie
    }
    return result
  }

  /** The cookie of the paged-results control among the message's controls, if there is one. */
  private pagedCookie(messageEnd: number): Buffer | undefined {
    const cursor = this.cursor
    const controlsEnd = cursor.enter(CONTROLS, messageEnd, 'the controls')
    let cookie: Buffer | undefined
    while (cursor.pos < controlsEnd) {
      const controlEnd = cursor.enter(SEQUENCE, controlsEnd, 'a Control')
      const type = cursor.text(controlEnd, 'the controlType')
      if (type === PAGED_RESULTS_OID) {
        // criticality BOOLEAN DEFAULT FALSE may stand before the value.
        if (cursor.pos < controlEnd && cursor.buffer[cursor.pos] !== OCTET_STRING)
          cursor.skip(controlEnd, 'the criticality')
        const valueEnd = cursor.enter(OCTET_STRING, controlEnd, 'the paged-results control value')
        const sequenceEnd = cursor.enter(SEQUENCE, valueEnd, 'the paged-results control value')
        // The size is the server's estimate of the total, which this client does not use.
        cursor.pos = cursor.enter(INTEGER, sequenceEnd, 'the paged-results size')
        const cookieEnd = cursor.enter(OCTET_STRING, sequenceEnd, 'the paged-results cookie')
        cookie = Buffer.from(cursor.buffer.subarray(cursor.pos, cookieEnd))
      }
      cursor.pos = controlEnd
    }
    return cookie
  }
}
