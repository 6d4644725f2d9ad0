// Issue 26, item 5: the LDAP reply decoder (connectors/ldap/replies.ts) stays, as ldapts alone does not
// read the synchronization's search within 1.25× of ldapsearch (`npm run bench -- ldapReader`), so it
// is fuzzed on its own: a hostile server may only cause a clean error. Cases are replies built by a
// seeded generator (entries, results with controls, references, every length form BER allows), then
// broken in one place: a length past the bytes that hold it or short of its content, an indefinite
// length, a length of 5 to 127 bytes, a changed tag, a message id or result code out of range,
// SEQUENCEs and SETs nested up to 100,000 deep, flipped or spliced bytes, a cut stream. Each case is
// decoded whole, in random chunks and byte by byte, and must:
// - raise nothing but MalformedReplyError, the same one (up to byte offsets) however it is cut, and
//   raise it wherever a tag, length or number the decoder must check was broken;
// - hand on exactly what the generator built for every reply before the broken one, and for all of
//   them when only what the decoder reads past was broken; keep no more unread than the reply limit;
// - give entries whose attributes are own properties of a plain object, whatever they are called.
// An endless stream of entries is stopped by the connection (the page's entry cap), so those cases run
// against a scripted server through DirectoryClient, with a broken entry before or after the cap.
//
// A failure names its case and seed; SWITCHBOARD_FUZZ_SEED=<seed> npx vitest run
// test/main/ldapRepliesFuzz.test.ts -t "random case <n>:" replays it. SWITCHBOARD_FUZZ_CASES sets how
// many random cases run (npm run test:resilience runs many).
import { describe, expect, it } from 'vitest'
import { DirectoryClient, DirectoryError, type DirectoryEntry } from '../../src-main/connectors/ldap/client'
import { DirectoryLimitError } from '../../src-main/connectors/ldap/limits'
import { LdapReplyReader, MAX_REPLY_BYTES, MalformedReplyError } from '../../src-main/connectors/ldap/replies'
import { Op, type Decoded } from './helpers/ldapMessages'
import { scriptedServer, stream } from './helpers/ldapServer'
import { Random } from './helpers/random'

const RANDOM_CASES = Number(process.env.SWITCHBOARD_FUZZ_CASES ?? 120)
const SEED = Number(process.env.SWITCHBOARD_FUZZ_SEED ?? 20_261_126)
/** Endless streams run over a socket, slower than decoding from memory: one for every 25 random cases. */
const ENDLESS_CASES = Math.max(4, Math.ceil(RANDOM_CASES / 25))

// ---------------------------------------------------------------------------------------------------
// BER as the generator builds it

/** One element: tag, content (bytes or elements) and how its length is written. */
interface Node {
  tag: number
  content: Buffer | Node[]
  /** Bytes of the long form (1–4), or 0 for the shortest form: both are valid BER, and servers differ. */
  lengthBytes: number
  /** A broken length header in place of the true one. */
  header?: (contentLength: number) => Buffer
  /** Bytes after the content (the end-of-contents octets of an indefinite length). */
  trailer?: Buffer
  /**
   * What the decoder reads of it: its tag and length, only its length (a tag it dispatches on or
   * skips whatever it is), or nothing (content it reads past).
   */
  read?: 'tag' | 'length'
}

function lengthHeader(length: number, lengthBytes: number): Buffer {
  if (lengthBytes === 0 && length < 0x80) return Buffer.from([length])
  let count = Math.max(lengthBytes, 1)
  while (count < 4 && length >= 2 ** (8 * count)) count++
  const header = Buffer.alloc(1 + count)
  header[0] = 0x80 | count
  header.writeUIntBE(length, 1, count)
  return header
}

function encode(node: Node): Buffer {
  const content = Buffer.isBuffer(node.content) ? node.content : Buffer.concat(node.content.map(encode))
  const header = node.header ? node.header(content.length) : lengthHeader(content.length, node.lengthBytes)
  return Buffer.concat([Buffer.from([node.tag]), header, content, node.trailer ?? Buffer.alloc(0)])
}

/** Every element of `node` with the element holding it, `node` itself first. */
function elementsOf(node: Node, parent?: Node): { node: Node; parent?: Node }[] {
  const children = Buffer.isBuffer(node.content) ? [] : node.content
  return [{ node, parent }, ...children.flatMap((child) => elementsOf(child, node))]
}

/** Marks `node` and everything in it as content the decoder reads past. */
function unread(node: Node): Node {
  for (const { node: element } of elementsOf(node)) delete element.read
  return node
}

/** SEQUENCEs and SETs (`tags` in turn) nested `depth` deep, built inside out without recursion. */
function nested(depth: number, tags: number[], indefinite: boolean): Buffer {
  const sizes: number[] = [0]
  for (let level = 1; level <= depth; level++) {
    const inner = sizes[level - 1]
    sizes.push(inner + 1 + (indefinite ? 3 : lengthHeader(inner, 0).length))
  }
  const bytes = Buffer.alloc(sizes[depth])
  for (let level = depth, at = 0; level >= 1; level--) {
    const inner = sizes[level - 1]
    bytes[at++] = tags[level % tags.length]
    const header = indefinite ? Buffer.from([0x80]) : lengthHeader(inner, 0)
    header.copy(bytes, at)
    at += header.length
    // The end-of-contents octets of an indefinite level follow its content.
    if (indefinite) bytes.writeUInt16BE(0, at + inner)
  }
  return bytes
}

// ---------------------------------------------------------------------------------------------------
// Replies and what the decoder must make of them

/** Names a decoder keeping attributes in a plain object must not trip over, and names real servers send. */
const NAMES = [
  'uid',
  'cn',
  'CN',
  'sn',
  'givenName',
  'mail',
  'telephoneNumber',
  'objectGUID',
  'objectSid',
  'memberOf',
  'member;range=0-1499',
  'cn;lang-de',
  'userAccountControl',
  'Ünïcødé',
  '',
  '0',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty'
]
const BINARY_CANDIDATES = ['objectguid', 'objectsid', 'jpegphoto', 'cn', '__proto__']
const TEXTS = ['Zoë Núñez', '张伟', 'Ünïcødé 🎉', 'uid=a,ou=people,dc=lab,dc=example', '+1 408 555 0100']
const PAGED_RESULTS_OID = '1.2.840.113556.1.4.319'

interface Reply {
  node: Node
  /** What the decoder hands on for it; undefined for replies it skips (references and the like). */
  decoded?: Decoded
}

class Replies {
  constructor(
    private readonly random: Random,
    private readonly binary: ReadonlySet<string>
  ) {}

  /** An element whose tag and length the decoder reads; callers mark what it reads less of. */
  element(tag: number, content: Buffer | Node[]): Node {
    return { tag, content, lengthBytes: this.random.next() < 0.7 ? 0 : 1 + this.random.int(4), read: 'tag' }
  }

  /** An element the decoder reads only the length of. */
  lengthRead(tag: number, content: Buffer | Node[]): Node {
    return { ...this.element(tag, content), read: 'length' }
  }

  octets(value: Buffer): Node {
    return this.element(0x04, value)
  }

  /** A non-negative INTEGER or ENUMERATED, shortest two's complement form. */
  integer(tag: number, value: number): Node {
    const bytes: number[] = []
    for (let rest = value; rest > 0 || bytes.length === 0; rest = Math.floor(rest / 256))
      bytes.unshift(rest % 256)
    if (bytes[0] >= 0x80) bytes.unshift(0)
    return this.element(tag, Buffer.from(bytes))
  }

  text(): Buffer {
    const random = this.random
    switch (random.int(4)) {
      case 0:
        return Buffer.from(random.pick(TEXTS))
      case 1:
        return random.bytes(random.int(48))
      case 2:
        return Buffer.from(`value ${random.int(100_000)}`)
      default:
        return Buffer.alloc(random.int(50) === 0 ? 70_000 : random.int(300), 'x')
    }
  }

  name(): Buffer {
    const random = this.random
    const draw = random.next()
    if (draw < 0.6) return Buffer.from(random.pick(NAMES))
    // More names than the decoder keeps decoded (256), and names that are not UTF-8.
    if (draw < 0.85) return Buffer.from(`attr${random.int(400)}`)
    return random.bytes(1 + random.int(40))
  }

  messageId(): number {
    return this.random.pick([0, 1, 127, 128, 255, 65_535, 2 ** 31 - 1, this.random.int(2 ** 31)])
  }

  /** An LDAPMessage; the decoder reads the controls of results only. */
  message(messageId: number, operation: Node, controls: Node[], controlsRead = false): Node {
    const wrapper = this.lengthRead(0xa0, controls)
    return this.element(0x30, [
      this.integer(0x02, messageId),
      operation,
      ...(controls.length > 0 ? [controlsRead ? wrapper : unread(wrapper)] : [])
    ])
  }

  /** A control, and the cookie the decoder reads from it if it is the paged-results control. */
  control(): { node: Node; cookie?: Buffer } {
    const random = this.random
    // Skipped whatever its tag in the paged-results control, not read at all in others.
    const criticality =
      random.next() < 0.3 ? [this.lengthRead(0x01, Buffer.from([random.pick([0, 0xff])]))] : []
    if (random.next() < 0.5) {
      const cookie = random.next() < 0.2 ? Buffer.alloc(0) : random.bytes(random.int(40))
      const value = this.element(0x30, [this.integer(0x02, random.int(100_000)), this.octets(cookie)])
      const node = this.element(0x30, [
        this.octets(Buffer.from(PAGED_RESULTS_OID)),
        ...criticality,
        this.octets(encode(value))
      ])
      return { node, cookie }
    }
    const value = random.next() < 0.5 ? [this.octets(random.bytes(random.int(30)))] : []
    return {
      node: this.element(0x30, [
        this.octets(Buffer.from(`1.3.6.1.4.1.${random.int(99_999)}`)),
        ...[...criticality, ...value].map(unread)
      ])
    }
  }

  entry(messageId = this.messageId()): Reply {
    const random = this.random
    const dn = this.text()
    const attributes = Array.from({ length: random.int(12) }, () => ({
      name: this.name(),
      values: Array.from({ length: random.int(5) }, () => this.text())
    }))
    const list = attributes.map(({ name, values }) =>
      this.element(0x30, [
        this.octets(name),
        this.element(
          0x31,
          values.map((v) => this.octets(v))
        )
      ])
    )
    // Controls on an entry are allowed and not read.
    const controls = random.next() < 0.1 ? [this.control().node] : []
    const node = this.message(
      messageId,
      this.lengthRead(Op.searchEntry, [this.octets(dn), this.element(0x30, list)]),
      controls
    )
    // Own properties, whatever the names: what the decoder must build.
    const expected = new Map<string, string[]>()
    for (const { name, values } of attributes) {
      const key = name.toString('utf8').toLowerCase()
      if (values.length > 0)
        expected.set(
          key,
          values.map((v) => v.toString(this.binary.has(key) ? 'hex' : 'utf8'))
        )
    }
    const entry: DirectoryEntry = { dn: dn.toString('utf8'), attributes: Object.fromEntries(expected) }
    return { node, decoded: { messageId, entry } }
  }

  result(): Reply {
    const random = this.random
    const messageId = this.messageId()
    const operation = random.pick([Op.bindResponse, Op.searchDone, Op.modifyResponse, Op.extendedResponse])
    const code = random.pick([0, 4, 32, 49, 51, 53, random.int(2 ** 31)])
    const matchedDn = this.text()
    const diagnostic = this.text()
    // Referral [3], serverSaslCreds [7], responseName [10], responseValue [11]: read past.
    const trailing = Array.from({ length: random.int(3) }, () =>
      unread(
        random.next() < 0.3
          ? this.element(0xa3, [this.octets(Buffer.from('ldap://elsewhere.example'))])
          : this.element(random.pick([0x87, 0x8a, 0x8b]), random.bytes(random.int(20)))
      )
    )
    const controls = Array.from({ length: random.int(4) }, () => this.control())
    const cookies = controls.flatMap((c) => (c.cookie ? [c.cookie] : []))
    const node = this.message(
      messageId,
      this.lengthRead(operation, [
        this.integer(0x0a, code),
        this.octets(matchedDn),
        this.octets(diagnostic),
        ...trailing
      ]),
      controls.map((c) => c.node),
      true
    )
    const result = {
      code,
      matchedDn: matchedDn.toString('utf8'),
      diagnostic: diagnostic.toString('utf8'),
      ...(cookies.length > 0 ? { pagedCookie: cookies[cookies.length - 1] } : {})
    }
    return { node, decoded: { messageId, operation, result } }
  }

  /** A reply the decoder reads past: a reference, an intermediate response, an operation it does not know. */
  skipped(): Reply {
    const random = this.random
    const tag = random.pick([Op.searchReference, Op.intermediateResponse, 0x62, 0x6a, 0x7f])
    const content =
      random.next() < 0.5
        ? [this.octets(Buffer.from('ldap://elsewhere.example/dc=lab')), this.octets(this.text())]
        : random.bytes(random.int(64))
    return { node: this.message(this.messageId(), unread(this.element(tag, content)), []) }
  }

  any(): Reply {
    const draw = this.random.next()
    return draw < 0.6 ? this.entry() : draw < 0.9 ? this.result() : this.skipped()
  }
}

// ---------------------------------------------------------------------------------------------------
// Decoding a case, cut every which way

interface Outcome {
  decoded: Decoded[]
  /** The MalformedReplyError's message, byte offsets masked (they count from where the chunk began). */
  error?: string
  /** What the reader holds of a message not all arrived; -1 after an error. */
  buffered: number
}

function decode(bytes: Buffer, cuts: number[], maxReplyBytes: number, binary: ReadonlySet<string>): Outcome {
  const decoded: Decoded[] = []
  const reader = new LdapReplyReader(
    {
      entry: (messageId, entry) => decoded.push({ messageId, entry }),
      result: (messageId, operation, result) => decoded.push({ messageId, operation, result })
    },
    maxReplyBytes
  )
  reader.binaryAttributes = binary
  let from = 0
  for (const cut of [...cuts, bytes.length]) {
    if (cut <= from) continue
    try {
      reader.push(bytes.subarray(from, cut))
    } catch (error) {
      // Anything else (a RangeError, a TypeError) fails the case with its own stack.
      if (!(error instanceof MalformedReplyError)) throw error
      return { decoded, error: error.message.replace(/\d+/g, '#'), buffered: -1 }
    }
    from = cut
    // A header and one reply at most: the limit holds whatever the lengths claim.
    if (reader.bufferedBytes > maxReplyBytes + 6)
      throw new Error(`the reader holds ${reader.bufferedBytes} bytes, past the limit of ${maxReplyBytes}`)
  }
  return { decoded, buffered: reader.bufferedBytes }
}

/** Cut points: none, random ones (small and large pieces), and every byte for a short stream. */
function chunkings(length: number, random: Random): number[][] {
  const cuts = (largest: number): number[] => {
    const at: number[] = []
    for (let next = 1 + random.int(largest); next < length; next += 1 + random.int(largest)) at.push(next)
    return at
  }
  const small = length <= 20_000 ? Array.from({ length }, (_, i) => i) : cuts(Math.ceil(length / 5_000))
  // Pieces of a few bytes across a long reply only wait for its end: the small ones go to short streams.
  return [[], cuts(length > 100_000 ? 509 : 7), cuts(4096), small]
}

/** Decodes the same bytes in every chunking; all must agree. */
function decodeEveryWay(
  bytes: Buffer,
  random: Random,
  maxReplyBytes: number,
  binary: ReadonlySet<string>
): Outcome {
  const [whole, ...cut] = chunkings(bytes.length, random).map((cuts) =>
    decode(bytes, cuts, maxReplyBytes, binary)
  )
  for (const outcome of cut) expect(outcome).toEqual(whole)
  for (const decoded of whole.decoded)
    if ('entry' in decoded) expect(Object.getPrototypeOf(decoded.entry.attributes)).toBe(Object.prototype)
  return whole
}

const handedOn = (replies: Reply[]): Decoded[] => replies.flatMap((r) => (r.decoded ? [r.decoded] : []))

const OVER_LIMIT =
  'The directory server sent a malformed reply: an LDAPMessage of # bytes exceeds the limit of # bytes.'

/** What the decoder must hand on for replies that are whole and within the limit, and where it stops. */
function expectedFor(replies: Reply[], maxReplyBytes: number): Outcome {
  const encoded = replies.map((r) => encode(r.node))
  const over = encoded.findIndex((bytes) => contentLength(bytes) > maxReplyBytes)
  if (over < 0) return { decoded: handedOn(replies), buffered: 0 }
  return {
    decoded: handedOn(replies.slice(0, over)),
    error: OVER_LIMIT,
    buffered: -1
  }
}

/** The content length an encoded element declares. */
function contentLength(bytes: Buffer): number {
  const first = bytes[1]
  return first < 0x80 ? first : bytes.readUIntBE(2, first & 0x7f)
}

// ---------------------------------------------------------------------------------------------------
// How a case breaks its replies

const BREAKS = [
  'none',
  'length past its element',
  'length short of its content',
  'indefinite length',
  'length of 5 to 127 bytes',
  'tag changed',
  'number out of range',
  'nested deep',
  'bytes flipped',
  'bytes spliced',
  'cut short'
] as const
type Break = (typeof BREAKS)[number]

/** Breaks that leave a bad length header: the decoder must refuse any element it reads the length of. */
const LENGTH_BREAKS: readonly Break[] = [
  'length past its element',
  'indefinite length',
  'length of 5 to 127 bytes'
]

/**
 * Breaks `node`, an element of a reply, as `kind` says. `room` is how many bytes follow it in the
 * element holding it (or in the stream): a length past its element claims more than that.
 */
function breakElement(node: Node, kind: Break, random: Random, room: number): void {
  switch (kind) {
    case 'length past its element': {
      const past = random.next() < 0.2 ? 2 ** 32 : room + 1 + random.int(random.pick([4, 1000, 2 ** 24]))
      const lengthBytes = random.int(5)
      node.header = (length) => lengthHeader(Math.min(length + past, 2 ** 32 - 1), lengthBytes)
      return
    }
    case 'length short of its content': {
      const share = random.next()
      const lengthBytes = random.int(5)
      node.header = (length) => lengthHeader(Math.floor(share * length), lengthBytes)
      return
    }
    case 'indefinite length':
      node.header = () => Buffer.from([0x80])
      node.trailer = Buffer.from([0, 0])
      return
    case 'length of 5 to 127 bytes': {
      const count = 5 + random.int(123)
      node.header = (length) => {
        const header = Buffer.alloc(1 + count)
        header[0] = 0x80 | count
        header.writeUInt32BE(length, count - 3)
        return header
      }
      return
    }
    case 'tag changed':
      node.tag = random.pick([0x30, 0x31, 0x04, 0x02, 0x0a, 0xa0, 0x64, 0x65, 0x00, 0xff, random.int(256)])
      return
    case 'number out of range':
      // Negative, five bytes and more, or no bytes at all: no message id or result code is any of these.
      node.content = random.pick([
        Buffer.from([0x80 | random.int(128), ...random.bytes(random.int(4))]),
        Buffer.concat([Buffer.from([random.int(128)]), random.bytes(4 + random.int(8))]),
        Buffer.alloc(0)
      ])
      return
    case 'nested deep': {
      const tags = random.pick([[0x30], [0x31], [0x30, 0x31], [0xa0, 0x30]])
      node.content = nested(random.pick([2, 64, 10_000, 100_000]), tags, random.next() < 0.2)
      return
    }
    default:
      throw new Error(`${kind} does not break an element`)
  }
}

/** The bytes of `node`'s siblings after it in `parent`. */
function siblingBytesAfter(parent: Node, node: Node): number {
  const siblings = parent.content as Node[]
  return siblings.slice(siblings.indexOf(node) + 1).reduce((sum, sibling) => sum + encode(sibling).length, 0)
}

/**
 * Builds a case's replies and breaks one of them as `kind` says, then holds the decoder to what the
 * generator knows: everything as built when nothing the decoder reads was broken, the replies before
 * the broken one otherwise, and an error when it was a tag or length the decoder must check.
 */
function runCase(kind: Break, seed: number): void {
  const random = new Random(seed)
  const binary = new Set(BINARY_CANDIDATES.filter(() => random.next() < 0.3))
  const builder = new Replies(random, binary)
  const replies = Array.from({ length: 1 + random.int(12) }, () => builder.any())
  const encoded = replies.map((r) => encode(r.node))
  const starts = encoded.map((_, i) => encoded.slice(0, i).reduce((sum, bytes) => sum + bytes.length, 0))
  const streamBytes = starts[replies.length - 1] + encoded[replies.length - 1].length
  const broken = random.int(replies.length)
  /** What the decoder must hand on for the replies before the broken one. */
  const before = handedOn(replies.slice(0, broken))
  // Now and then a limit the largest reply just breaks, breaks by more or just keeps to; otherwise the
  // production limit.
  const largest = Math.max(...encoded.map(contentLength))
  const maxReplyBytes =
    kind === 'none' && random.next() < 0.5
      ? Math.max(0, largest - random.pick([0, 1, 2 + random.int(64)]))
      : MAX_REPLY_BYTES
  const decodeBroken = (bytes: Buffer): Outcome => decodeEveryWay(bytes, random, maxReplyBytes, binary)

  switch (kind) {
    case 'none':
      expect(decodeBroken(Buffer.concat(encoded))).toEqual(expectedFor(replies, maxReplyBytes))
      return
    case 'cut short': {
      const cut = random.int(streamBytes)
      const whole = starts.filter((start, i) => start + encoded[i].length <= cut).length
      expect(decodeBroken(Buffer.concat(encoded).subarray(0, cut))).toEqual({
        decoded: handedOn(replies.slice(0, whole)),
        buffered: cut - starts[whole]
      })
      return
    }
    case 'bytes flipped':
    case 'bytes spliced': {
      const bytes = Buffer.concat(encoded)
      const at = starts[broken] + random.int(encoded[broken].length)
      let changed: Buffer
      if (kind === 'bytes flipped') {
        changed = Buffer.from(bytes)
        for (let i = 0; i < 1 + random.int(4); i++)
          changed[at + random.int(Math.min(16, streamBytes - at))] = random.int(256)
      } else
        changed = Buffer.concat([bytes.subarray(0, at), random.bytes(1 + random.int(64)), bytes.subarray(at)])
      expect(decodeBroken(changed).decoded.slice(0, before.length)).toEqual(before)
      return
    }
    default:
      break
  }

  const root = replies[broken].node
  const elements = elementsOf(root).filter(
    ({ node }) =>
      kind !== 'number out of range' || (node.read === 'tag' && (node.tag === 0x02 || node.tag === 0x0a))
  )
  const { node: target, parent } = elements[random.int(elements.length)]
  const tag = target.tag
  const room = parent
    ? siblingBytesAfter(parent, target)
    : streamBytes - starts[broken] - encoded[broken].length
  breakElement(target, kind, random, room)
  const outcome = decodeBroken(Buffer.concat(replies.map((r) => encode(r.node))))
  if (target === root && kind === 'length past its element') {
    // A reply claiming more than the stream holds is waited for, unless the claim breaks the limit.
    const claimed = contentLength(encode(root))
    expect(outcome).toEqual(
      claimed > maxReplyBytes
        ? { decoded: before, error: OVER_LIMIT, buffered: -1 }
        : {
            decoded: before,
            buffered: streamBytes - starts[broken] + encode(root).length - encoded[broken].length
          }
    )
  } else if (target.read === undefined) {
    // What the decoder reads past may be anything.
    expect(outcome).toEqual(expectedFor(replies, maxReplyBytes))
  } else if (
    LENGTH_BREAKS.includes(kind) ||
    kind === 'number out of range' ||
    (kind === 'tag changed' && target.read === 'tag' && target.tag !== tag)
  ) {
    expect(outcome.error, 'a broken element the decoder reads was accepted').toBeDefined()
    expect(outcome.decoded).toEqual(before)
  } else {
    expect(outcome.decoded.slice(0, before.length)).toEqual(before)
    // The reply's own frame holds when an element inside it lies: unless the decoder stopped at the
    // broken reply, it gives at most one thing of its own and reads the replies after it as built.
    if (target !== root && outcome.error === undefined) {
      const after = handedOn(replies.slice(broken + 1))
      const own = outcome.decoded.length - before.length - after.length
      expect(own === 0 || own === 1, `${own} replies from the broken one`).toBe(true)
      expect(outcome.decoded.slice(before.length + own)).toEqual(after)
    }
  }
}

function randomCase(n: number): { name: string; seed: number; kind: Break } {
  const kind = BREAKS[n % BREAKS.length]
  return { name: `random case ${n}: ${kind} (seed ${SEED})`, seed: SEED + n * 104_729, kind }
}

describe('LDAP reply decoder against generated and broken replies', () => {
  it.for(BREAKS.map((kind, i) => ({ kind, seed: SEED + i })))('$kind', ({ kind, seed }) => {
    // Every kind of break, on several streams, whatever the random cases draw.
    for (let k = 0; k < 5; k++) runCase(kind, seed * 31 + k)
  })

  it.for(Array.from({ length: RANDOM_CASES }, (_, n) => randomCase(n)))('$name', ({ kind, seed }) => {
    runCase(kind, seed)
  })
})

describe('LDAP client against endless entries, some broken', () => {
  it.for(
    Array.from({ length: ENDLESS_CASES }, (_, n) => ({
      name: `endless case ${n} (seed ${SEED})`,
      seed: SEED + 7 + n * 7_919
    }))
  )('$name', async ({ seed }) => {
    const random = new Random(seed)
    const replies = new Replies(random, new Set())
    const pageSize = random.pick([1, 5, 50])
    const cap = 2 * pageSize
    /** Which of the search's own entries is broken (its DN runs past the entry), if one is. */
    const brokenAt = random.next() < 0.4 ? random.int(2 * cap) : -1
    const server = await scriptedServer((request, socket) => {
      if (request.operation !== Op.searchRequest) return
      let sent = 0
      // Without end: the search's entries, among references and entries of another operation.
      stream(socket, () => {
        const draw = random.next()
        if (draw < 0.1) return encode(replies.skipped().node)
        if (draw < 0.2) return encode(replies.entry(request.messageId + 1).node)
        const entry = replies.entry(request.messageId)
        if (sent++ === brokenAt) {
          const operation = (entry.node.content as Node[])[1]
          const dn = (operation.content as Node[])[0]
          breakElement(dn, 'length past its element', random, siblingBytesAfter(operation, dn))
        }
        return encode(entry.node)
      })
    })
    let entries = 0
    let failure: unknown
    try {
      const client = await DirectoryClient.connect({
        primary: { host: '127.0.0.1', port: server.port },
        security: 'none',
        bindDn: 'cn=reader,dc=lab,dc=example',
        password: 'secret',
        activeDirectory: false,
        // Far longer than the cap takes to reach: a deadline that stops the case fails it.
        limits: { idleMs: 5_000, operationDeadlineMs: 10_000, searchDeadlineMs: 10_000 }
      })
      try {
        for await (const page of client.search('ou=people,dc=lab,dc=example', '(uid=*)', ['uid'], {
          pageSize
        }))
          entries += page.length
      } finally {
        await client.close()
      }
    } catch (error) {
      failure = error
    } finally {
      await server.close()
    }
    expect(entries).toBe(0)
    expect(failure).toBeInstanceOf(DirectoryError)
    const error = failure as DirectoryError
    if (brokenAt >= 0 && brokenAt <= cap) {
      expect(error.kind).toBe('protocol')
      expect(error.cause).toBeInstanceOf(MalformedReplyError)
      expect(error.message).toMatch(/the objectName of an entry at byte \d+ runs past the end/)
    } else {
      expect(error.kind).toBe('limit')
      expect(error.cause).toBeInstanceOf(DirectoryLimitError)
      expect(error.message).toMatch(
        new RegExp(`page 1 has more than ${cap} entries, the most one page of ${pageSize} may have`)
      )
    }
  })
})
