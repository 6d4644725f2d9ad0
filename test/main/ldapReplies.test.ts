// The LDAP reply decoder against ldapts as its oracle: the same bytes, cut into chunks down to single
// bytes, must give the entries and results that ldapts's parser gives, and bad bytes a clear error.
import { describe, expect, it } from 'vitest'
import type { DirectoryEntry } from '../../src-main/connectors/ldap/client'
import { LdapReplyReader, MAX_REPLY_BYTES, MalformedReplyError } from '../../src-main/connectors/ldap/replies'
import {
  control,
  element,
  entryMessage,
  intermediateMessage,
  ldaptsReading,
  noticeOfDisconnection,
  Op,
  pagedControl,
  referenceMessage,
  resultMessage,
  type Decoded
} from './helpers/ldapMessages'

function readInChunks(bytes: Buffer, cuts: number[], binaryAttributes: string[] = []): Decoded[] {
  const decoded: Decoded[] = []
  const reader = new LdapReplyReader({
    entry: (messageId, entry) => decoded.push({ messageId, entry }),
    result: (messageId, operation, result) => decoded.push({ messageId, operation, result })
  })
  reader.binaryAttributes = new Set(binaryAttributes.map((a) => a.toLowerCase()))
  let from = 0
  for (const cut of [...cuts, bytes.length]) {
    if (cut > from) reader.push(bytes.subarray(from, cut))
    from = Math.max(from, cut)
  }
  return decoded
}

const everyNth = (length: number, n: number): number[] =>
  Array.from({ length: Math.ceil(length / n) }, (_, i) => i * n)

/** Deterministic pseudo-random cut points (a linear congruential sequence). */
function randomCuts(length: number, seed: number): number[] {
  const cuts: number[] = []
  let state = seed
  for (let at = 0; at < length;) {
    state = (state * 1103515245 + 12345) % 2 ** 31
    at += 1 + (state % 97)
    cuts.push(at)
  }
  return cuts
}

// Bytes that are not UTF-8: a GUID-like value and a lone continuation byte in text.
const guid = Buffer.from('8f1c2ae04b7d11d0a9f700c04fd930c9', 'hex')
const notUtf8 = Buffer.from([0x41, 0x80, 0x42, 0xff])

const corpus = Buffer.concat([
  entryMessage(2, 'uid=ada,ou=people,dc=lab,dc=example', [
    ['uid', ['ada']],
    ['givenName', ['Ada']],
    ['SN', ['Lovelace']],
    ['telephoneNumber', ['+1 408 555 0100', '+1 408 555 0101', '+1 408 555 0102']]
  ]),
  entryMessage(2, 'uid=zoë,ou=people,dc=lab,dc=example', [
    ['uid', ['zoë']],
    ['cn', ['Zoë Núñez', '张伟', 'Ünïcødé 🎉']],
    ['title', ['']]
  ]),
  referenceMessage(2, ['ldap://elsewhere.example/ou=people,dc=lab,dc=example']),
  entryMessage(2, 'cn=binary,ou=people,dc=lab,dc=example', [
    ['objectGUID', [guid]],
    ['description', [notUtf8]],
    ['mail', []]
  ]),
  // Four-byte lengths on every element, as Active Directory sends them, and a control on an entry.
  entryMessage(
    2,
    'uid=long,ou=people,dc=lab,dc=example',
    [
      ['uid', ['long']],
      ['description', ['x'.repeat(200), 'y'.repeat(70_000)]]
    ],
    { form: 'long', controls: [control('1.3.6.1.4.1.42.2.27.8.5.1', Buffer.from([0x30, 0x00]))] }
  ),
  entryMessage(2, 'uid=empty,ou=people,dc=lab,dc=example', []),
  resultMessage(
    2,
    Op.searchDone,
    { code: 0 },
    {
      controls: [
        control('1.2.840.113556.1.4.1339', Buffer.from([0x30, 0x00])),
        pagedControl(Buffer.from('cookie-1'), { criticality: false, size: 5000 })
      ]
    }
  ),
  resultMessage(3, Op.searchDone, { code: 0 }, { form: 'long', controls: [pagedControl(Buffer.alloc(0))] }),
  resultMessage(4, Op.searchDone, { code: 4, diagnostic: 'Size limit exceeded' }),
  resultMessage(5, Op.searchDone, { code: 32, matchedDn: 'dc=lab,dc=example', diagnostic: 'No such object' }),
  resultMessage(6, Op.bindResponse, { code: 49, diagnostic: 'Invalid credentials' }),
  resultMessage(7, Op.modifyResponse, { code: 50, diagnostic: 'no write access to parent' }),
  resultMessage(8, Op.searchDone, { code: 51, diagnostic: 'busy' }),
  resultMessage(9, Op.searchDone, { code: 53, diagnostic: 'unwilling to perform' })
])

describe('LDAP reply decoder against ldapts', () => {
  const binary = ['objectGUID']
  const oracle = ldaptsReading(corpus, binary)

  it('reads what ldapts reads: entries, multi-valued, non-ASCII and binary values, results and cookies', () => {
    expect(oracle.length).toBeGreaterThan(10)
    expect(readInChunks(corpus, [], binary)).toEqual(oracle)
    // The reference's reading of what it was built for, spelled out once.
    const entries = oracle.flatMap((d) => ('entry' in d ? [d.entry] : []))
    expect(entries[0].attributes).toEqual({
      uid: ['ada'],
      givenname: ['Ada'],
      sn: ['Lovelace'],
      telephonenumber: ['+1 408 555 0100', '+1 408 555 0101', '+1 408 555 0102']
    })
    expect(entries[2].attributes.objectguid).toEqual([guid.toString('hex')])
    expect(entries[2].attributes).not.toHaveProperty('mail')
    expect(entries[3].attributes.description[1]).toHaveLength(70_000)
  })

  it.for([1, 2, 3, 5, 7, 64, 1000, 65_536])('reads the same from chunks of %i bytes', (size) => {
    expect(readInChunks(corpus, everyNth(corpus.length, size), binary)).toEqual(oracle)
  })

  it.for([1, 2, 3, 4])('reads the same from chunks cut at random (seed %i)', (seed) => {
    expect(readInChunks(corpus, randomCuts(corpus.length, seed), binary)).toEqual(oracle)
  })

  it('keeps an attribute named __proto__ as an attribute, not as the entry’s prototype', () => {
    const [decoded] = readInChunks(
      entryMessage(2, 'uid=proto', [
        ['__proto__', ['polluted']],
        ['constructor', ['c']]
      ]),
      []
    )
    const { attributes } = (decoded as { entry: DirectoryEntry }).entry
    expect(Object.getPrototypeOf(attributes)).toBe(Object.prototype)
    expect(Object.entries(attributes)).toEqual([
      ['__proto__', ['polluted']],
      ['constructor', ['c']]
    ])
  })

  it('skips intermediate responses (which ldapts cannot read) and fields after the LDAPResult', () => {
    const bytes = Buffer.concat([
      intermediateMessage(2),
      resultMessage(
        3,
        Op.bindResponse,
        { code: 0 },
        { trailing: [element(0x87, Buffer.from('sasl'))], controls: [pagedControl(Buffer.from('c'))] }
      ),
      noticeOfDisconnection(52, 'server shutting down')
    ])
    expect(readInChunks(bytes, everyNth(bytes.length, 1))).toEqual([
      {
        messageId: 3,
        operation: Op.bindResponse,
        result: { code: 0, matchedDn: '', diagnostic: '', pagedCookie: Buffer.from('c') }
      },
      {
        messageId: 0,
        operation: Op.extendedResponse,
        result: { code: 52, matchedDn: '', diagnostic: 'server shutting down' }
      }
    ])
  })
})

describe('LDAP reply decoder: malformed replies', () => {
  const refused = (bytes: Buffer): string => {
    try {
      readInChunks(bytes, [])
    } catch (error) {
      expect(error).toBeInstanceOf(MalformedReplyError)
      return (error as Error).message
    }
    throw new Error('the reply was accepted')
  }
  const good = entryMessage(1, 'uid=a', [['uid', ['a']]])

  it('names the field and the rule it breaks', () => {
    expect(refused(Buffer.from([0x31, 0x00]))).toBe(
      'The directory server sent a malformed reply: an LDAPMessage must be a SEQUENCE (tag 0x30), found tag 0x31.'
    )
    expect(refused(Buffer.from([0x30, 0x80, 0x00, 0x00]))).toMatch(
      /an LDAPMessage length must be definite and at most 4 bytes long, found the length byte 0x80/
    )
    expect(refused(Buffer.from([0x30, 0x85, 1, 0, 0, 0, 0]))).toMatch(/at most 4 bytes long/)
    expect(refused(Buffer.from([0x30, 0x84, 0x7f, 0xff, 0xff, 0xff]))).toBe(
      `The directory server sent a malformed reply: an LDAPMessage of 2147483647 bytes exceeds the limit of ${MAX_REPLY_BYTES} bytes.`
    )
    // The value's OCTET STRING tag (0x04) turned into an INTEGER's.
    const wrongTag = Buffer.from(good)
    wrongTag[good.lastIndexOf(0x04)] = 0x02
    expect(refused(wrongTag)).toMatch(/an attribute value must have tag 0x04, found tag 0x02 at byte \d+\./)
    // The attribute list claims five bytes where its entry holds two.
    const overrun = element(0x30, [
      element(0x02, Buffer.from([1])),
      element(Op.searchEntry, [element(0x04, Buffer.from('uid=a')), Buffer.from([0x30, 0x05, 0x30, 0x00])])
    ])
    expect(refused(overrun)).toBe(
      'The directory server sent a malformed reply: the attributes of an entry at byte 14 runs past the end of the element holding it.'
    )
    expect(refused(element(0x30, [element(0x02, Buffer.from([0xff]))]))).toMatch(
      /the messageID at byte 4 must be a number from 0 to 2\^31 - 1/
    )
    expect(refused(element(0x30, [element(0x02, Buffer.from([0x01]))]))).toBe(
      'The directory server sent a malformed reply: message 1 has no protocol operation.'
    )
  })

  it('holds a short reply to a limit below 128 bytes like a long one', () => {
    const reader = new LdapReplyReader({ entry: () => undefined, result: () => undefined }, good.length - 3)
    expect(() => reader.push(good)).toThrow(
      `The directory server sent a malformed reply: an LDAPMessage of ${good.length - 2} bytes exceeds the limit of ${good.length - 3} bytes.`
    )
  })

  it('waits for the rest of a message cut anywhere, its header included', () => {
    for (let cut = 1; cut < good.length; cut++) expect(readInChunks(good, [cut])).toHaveLength(1)
  })
})
