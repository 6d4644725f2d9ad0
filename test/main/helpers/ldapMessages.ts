// LDAP server replies as bytes, for tests of the reply decoder and of clients against scripted servers
// (RFC 4511 §4 with the Simple Paged Results control of RFC 2696), and ldapts as the decoder's oracle.
import { MessageParser, PagedResultsControl, SearchEntry, SearchReference, type Entry } from 'ldapts'
import type { DirectoryEntry } from '../../../src-main/connectors/ldap/client'
import type { LdapResult } from '../../../src-main/connectors/ldap/replies'

export const Op = {
  bindRequest: 0x60,
  bindResponse: 0x61,
  unbindRequest: 0x42,
  searchRequest: 0x63,
  searchEntry: 0x64,
  searchDone: 0x65,
  modifyResponse: 0x67,
  abandonRequest: 0x50,
  searchReference: 0x73,
  extendedResponse: 0x78,
  intermediateResponse: 0x79
} as const

/**
 * How lengths are written: the shortest form, or always the four-byte long form (0x84), which some
 * servers (Active Directory) send even for short elements.
 */
export type LengthForm = 'short' | 'long'

function lengthBytes(length: number, form: LengthForm): Buffer {
  if (form === 'short' && length < 0x80) return Buffer.from([length])
  if (form === 'short') {
    const bytes: number[] = []
    for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256)
    return Buffer.from([0x80 | bytes.length, ...bytes])
  }
  const long = Buffer.alloc(5)
  long[0] = 0x84
  long.writeUInt32BE(length, 1)
  return long
}

export function element(tag: number, content: Buffer | Buffer[], form: LengthForm = 'short'): Buffer {
  const body = Array.isArray(content) ? Buffer.concat(content) : content
  return Buffer.concat([Buffer.from([tag]), lengthBytes(body.length, form), body])
}

const octets = (value: string | Buffer, form: LengthForm): Buffer =>
  element(0x04, typeof value === 'string' ? Buffer.from(value, 'utf8') : value, form)

function integer(tag: number, value: number, form: LengthForm): Buffer {
  const bytes: number[] = []
  let rest = value
  do {
    bytes.unshift(rest & 0xff)
    rest = Math.floor(rest / 256)
  } while (rest > 0)
  if (bytes[0] >= 0x80) bytes.unshift(0)
  return element(tag, Buffer.from(bytes), form)
}

function message(messageId: number, operation: Buffer, controls: Buffer[], form: LengthForm): Buffer {
  return element(
    0x30,
    [
      integer(0x02, messageId, form),
      operation,
      ...(controls.length > 0 ? [element(0xa0, controls, form)] : [])
    ],
    form
  )
}

export function control(
  oid: string,
  value?: Buffer,
  criticality?: boolean,
  form: LengthForm = 'short'
): Buffer {
  return element(
    0x30,
    [
      octets(oid, form),
      ...(criticality === undefined ? [] : [element(0x01, Buffer.from([criticality ? 0xff : 0]), form)]),
      ...(value ? [octets(value, form)] : [])
    ],
    form
  )
}

export function pagedControl(cookie: Buffer, options: { criticality?: boolean; size?: number } = {}): Buffer {
  const value = element(0x30, [integer(0x02, options.size ?? 0, 'short'), octets(cookie, 'short')])
  return control('1.2.840.113556.1.4.319', value, options.criticality)
}

export function entryMessage(
  messageId: number,
  dn: string,
  attributes: [type: string, values: (string | Buffer)[]][],
  options: { form?: LengthForm; controls?: Buffer[] } = {}
): Buffer {
  const form = options.form ?? 'short'
  const list = attributes.map(([type, values]) =>
    element(
      0x30,
      [
        octets(type, form),
        element(
          0x31,
          values.map((v) => octets(v, form)),
          form
        )
      ],
      form
    )
  )
  return message(
    messageId,
    element(Op.searchEntry, [octets(dn, form), element(0x30, list, form)], form),
    options.controls ?? [],
    form
  )
}

export function resultMessage(
  messageId: number,
  operation: number,
  result: { code: number; matchedDn?: string; diagnostic?: string },
  options: { form?: LengthForm; controls?: Buffer[]; trailing?: Buffer[] } = {}
): Buffer {
  const form = options.form ?? 'short'
  const fields = [
    integer(0x0a, result.code, form),
    octets(result.matchedDn ?? '', form),
    octets(result.diagnostic ?? '', form),
    // Referral [3], serverSaslCreds [7], responseName [10] and the like follow the three fields.
    ...(options.trailing ?? [])
  ]
  return message(messageId, element(operation, fields, form), options.controls ?? [], form)
}

export function referenceMessage(messageId: number, uris: string[]): Buffer {
  return message(
    messageId,
    element(
      Op.searchReference,
      uris.map((u) => octets(u, 'short'))
    ),
    [],
    'short'
  )
}

export function intermediateMessage(messageId: number): Buffer {
  return message(
    messageId,
    element(Op.intermediateResponse, octets('1.3.6.1.4.1.4203.1.9.1.4', 'short')),
    [],
    'short'
  )
}

/** The unsolicited Notice of Disconnection (RFC 4511 §4.4.1): message 0, an ExtendedResponse. */
export function noticeOfDisconnection(code: number, diagnostic: string): Buffer {
  return resultMessage(
    0,
    Op.extendedResponse,
    { code, diagnostic },
    { trailing: [element(0x8a, Buffer.from('1.3.6.1.4.1.1466.20036'))] }
  )
}

/** The message id and operation of a request a client sent (enough for a scripted server). */
export function requestsIn(bytes: Buffer): { messageId: number; operation: number; bytes: Buffer }[] {
  const requests: { messageId: number; operation: number; bytes: Buffer }[] = []
  let offset = 0
  const lengthAt = (at: number): { length: number; next: number } => {
    const first = bytes[at]
    if (first < 0x80) return { length: first, next: at + 1 }
    let length = 0
    for (let i = 1; i <= (first & 0x7f); i++) length = length * 256 + bytes[at + i]
    return { length, next: at + 1 + (first & 0x7f) }
  }
  while (offset < bytes.length) {
    const outer = lengthAt(offset + 1)
    const end = outer.next + outer.length
    const id = lengthAt(outer.next + 1)
    let messageId = 0
    for (let i = id.next; i < id.next + id.length; i++) messageId = messageId * 256 + bytes[i]
    requests.push({ messageId, operation: bytes[id.next + id.length], bytes: bytes.subarray(offset, end) })
    offset = end
  }
  return requests
}

/** What the client made of an ldapts entry before it decoded replies itself: the reference. */
export function directoryEntryOf(entry: Entry, binary: ReadonlySet<string>): DirectoryEntry {
  const attributes: Record<string, string[]> = {}
  for (const name in entry) {
    if (name === 'dn') continue
    const value = entry[name]
    if (Array.isArray(value) && value.length === 0) continue
    const key = name.toLowerCase()
    const values: unknown[] = Array.isArray(value) ? value : [value]
    attributes[key] = values.map((v) =>
      Buffer.isBuffer(v) ? (binary.has(key) ? v.toString('hex') : v.toString('utf8')) : String(v)
    )
  }
  return { dn: entry.dn, attributes }
}

export type Decoded =
  { messageId: number; entry: DirectoryEntry } | { messageId: number; operation: number; result: LdapResult }

/** ldapts's reading of a byte stream of replies, in the shape LdapReplyReader hands on. */
export function ldaptsReading(bytes: Buffer, binaryAttributes: string[]): Decoded[] {
  const binary = new Set(binaryAttributes.map((a) => a.toLowerCase()))
  const decoded: Decoded[] = []
  const parser = new MessageParser()
  parser.on('error', (error: Error) => {
    throw error
  })
  parser.on('message', (reply: unknown) => {
    if (reply instanceof SearchEntry) {
      decoded.push({
        messageId: reply.messageId,
        entry: directoryEntryOf(reply.toObject([], binaryAttributes), binary)
      })
      return
    }
    if (reply instanceof SearchReference) return
    const response = reply as {
      messageId: number
      protocolOperation: number
      status: number
      matchedDN?: string
      errorMessage?: string
      controls?: unknown[]
    }
    const paged = response.controls?.find((c): c is PagedResultsControl => c instanceof PagedResultsControl)
    const cookie = paged?.value?.cookie
    decoded.push({
      messageId: response.messageId,
      operation: response.protocolOperation,
      result: {
        code: response.status,
        matchedDn: response.matchedDN ?? '',
        diagnostic: response.errorMessage ?? '',
        ...(cookie ? { pagedCookie: Buffer.from(cookie) } : {})
      }
    })
  })
  parser.read(bytes, new Map())
  return decoded
}
