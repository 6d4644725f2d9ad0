// Issue 28, item 4: the LDAP connectors (the synchronization's DirectoryClient and Test Connection's
// probe) against servers on 127.0.0.1 that answer with random and pathological bytes. Every case must
// end in a clean, classified error (or a clean success) within its deadline and under a memory cap.
//
// Memory is measured in this process: V8 heap plus external memory (where Buffers live), sampled every
// few milliseconds while a case runs, against a baseline taken after a forced garbage collection (and
// collected again before a sample past the cap counts, so only memory held counts, not garbage). The
// client runs exactly as in production (no build step, no second process), the hostile servers wait
// for the client to read before writing more (so their memory stays small), and the client's caps are
// shortened (1 MiB per search, 256 KiB per reply): a bounded client stays far below the cap, while one
// that keeps what it reads crosses it within a second. A case that crosses it is stopped at once.
//
// Cases come from a seeded generator: a failure names its seed, and
//   SWITCHBOARD_FUZZ_SEED=<seed> npx vitest run test/main/ldapFuzz.test.ts -t "random case <n> "
// replays it. SWITCHBOARD_FUZZ_CASES sets how many random cases run (npm run test:resilience runs many).
import type net from 'node:net'
import v8 from 'node:v8'
import vm from 'node:vm'
import { describe, expect, it } from 'vitest'
import type { ConnectionSecurity, Device, TestResult } from '../../src-preload/contract'
import { DirectoryClient, DirectoryError, type DirectoryTarget } from '../../src-main/connectors/ldap/client'
import type { DirectoryLimits } from '../../src-main/connectors/ldap/limits'
import { systemClock } from '../../src-main/core/clock'
import { testConnection } from '../../src-main/devices/testConnection'
import {
  element,
  entryMessage,
  noticeOfDisconnection,
  Op,
  pagedControl,
  resultMessage
} from './helpers/ldapMessages'
import { scriptedServer, stream, type LdapRequest } from './helpers/ldapServer'
import { Random } from './helpers/random'

const RANDOM_CASES = Number(process.env.SWITCHBOARD_FUZZ_CASES ?? 24)
const SEED = Number(process.env.SWITCHBOARD_FUZZ_SEED ?? 20_261_122)

const LIMITS: Partial<DirectoryLimits> = {
  idleMs: 80,
  operationDeadlineMs: 250,
  searchDeadlineMs: 400,
  maxSearchBytes: 1024 * 1024,
  maxReplyBytes: 256 * 1024
}
/** Connect, bind and search with the limits above take well under a second; the rest is slack for a loaded machine. */
const CASE_DEADLINE_MS = 3_000
/** Heap and external memory a case may add: many times what the shortened caps let the client keep. */
const MEMORY_CAP = 32 * 1024 * 1024
const PAGE_SIZE = 50
const PASSWORD = 'fuzz-bind-secret'
const BASE = 'ou=people,dc=lab,dc=example'
const EXTENDED_REQUEST = 0x77
const DIRECTORY_ERROR_KINDS = ['auth', 'network', 'no-such-base', 'protocol', 'limit', 'request', 'tls']

v8.setFlagsFromString('--expose-gc')
const collectGarbage = vm.runInNewContext('gc') as () => void

/** What a hostile server may do, with the case's generator and timers cleared when the case ends. */
interface Context {
  request: LdapRequest
  socket: net.Socket
  random: Random
  /** Search requests so far (1 for the first page). */
  page: number
  later(ms: number, action: () => void): void
}

type Responder = (context: Context) => void

interface FuzzCase {
  name: string
  /** Which connector runs: the synchronization's client, or Test Connection's probe. */
  connector: 'sync' | 'probe'
  security?: ConnectionSecurity
  /** The answer to the bind (default: success). */
  bind?: Responder
  /** The answer to StartTLS, searches and anything else. */
  other?: Responder
}

const person = (messageId: number, n: number): Buffer =>
  entryMessage(messageId, `uid=u${n},${BASE}`, [
    ['uid', [`u${n}`]],
    ['sn', [`Family${n}`]]
  ])
const pageDone = (messageId: number, cookie: Buffer): Buffer =>
  resultMessage(messageId, Op.searchDone, { code: 0 }, { controls: [pagedControl(cookie)] })
const bound = (messageId: number): Buffer => resultMessage(messageId, Op.bindResponse, { code: 0 })

/** Writes `bytes` `size` bytes at a time, one piece every `ms`. */
function trickle(context: Context, bytes: Buffer, size: number, ms: number): void {
  let at = 0
  const next = (): void => {
    if (at >= bytes.length || context.socket.destroyed) return
    context.socket.write(bytes.subarray(at, at + size))
    at += size
    context.later(ms, next)
  }
  next()
}

/** Replies to other operations every `ms`, without end. */
function foreign(context: Context, ms: number): void {
  let n = 0
  const next = (): void => {
    if (context.socket.destroyed) return
    context.socket.write(person(context.request.messageId + 1 + (n % 5), n++))
    context.later(ms, next)
  }
  next()
}

/** An entry whose attribute list holds SEQUENCEs nested `depth` deep. */
function nested(messageId: number, depth: number): Buffer {
  let inner: Buffer = Buffer.alloc(0)
  for (let i = 0; i < depth; i++) inner = element(0x30, inner, 'long')
  return element(0x30, [
    element(0x02, Buffer.from([messageId])),
    element(
      Op.searchEntry,
      [element(0x04, Buffer.from(`uid=deep,${BASE}`)), element(0x30, inner, 'long')],
      'long'
    )
  ])
}

const named: FuzzCase[] = [
  { name: 'random bytes for the bind', connector: 'sync', bind: (c) => c.socket.write(c.random.bytes(4096)) },
  {
    name: 'random bytes for the search',
    connector: 'sync',
    other: (c) => c.socket.write(c.random.bytes(1 + c.random.int(8192)))
  },
  {
    name: 'an entry cut short, then silence',
    connector: 'sync',
    other: (c) => c.socket.write(person(c.request.messageId, 1).subarray(0, 9))
  },
  {
    name: 'a length past the reply limit',
    connector: 'sync',
    other: (c) => c.socket.write(Buffer.from([0x30, 0x84, 0x7f, 0xff, 0xff, 0xff, 0x02, 0x01]))
  },
  {
    name: 'a length past the bytes that follow, then silence',
    connector: 'sync',
    other: (c) =>
      c.socket.write(Buffer.concat([Buffer.from([0x30, 0x83, 0x03, 0x00, 0x00]), c.random.bytes(512)]))
  },
  {
    name: 'elements nested 5,000 deep',
    connector: 'sync',
    other: (c) => c.socket.write(nested(c.request.messageId, 5_000))
  },
  {
    name: 'endless entries',
    connector: 'sync',
    other: (c) => {
      let n = 0
      stream(c.socket, () => person(c.request.messageId, n++))
    }
  },
  {
    name: 'endless pages',
    connector: 'sync',
    other: (c) =>
      c.socket.write(
        Buffer.concat([
          person(c.request.messageId, c.page),
          pageDone(c.request.messageId, Buffer.from(`p${c.page}`))
        ])
      )
  },
  {
    name: 'the same page and cookie forever',
    connector: 'sync',
    other: (c) =>
      c.socket.write(
        Buffer.concat([person(c.request.messageId, 1), pageDone(c.request.messageId, Buffer.from('again'))])
      )
  },
  {
    name: 'empty pages with the cookie asked with',
    connector: 'sync',
    other: (c) => c.socket.write(pageDone(c.request.messageId, Buffer.from('same')))
  },
  { name: 'replies to other message ids, without end', connector: 'sync', other: (c) => foreign(c, 10) },
  {
    name: 'one byte every 30 ms',
    connector: 'sync',
    other: (c) => trickle(c, pageDone(c.request.messageId, Buffer.alloc(0)), 1, 30)
  },
  {
    name: 'a Notice of Disconnection',
    connector: 'sync',
    other: (c) => c.socket.write(noticeOfDisconnection(52, 'bye'))
  },
  {
    name: 'the connection closed in the middle of a reply',
    connector: 'sync',
    other: (c) => c.socket.end(person(c.request.messageId, 1).subarray(0, 12))
  },
  {
    name: 'a bind answered with a SearchResultDone',
    connector: 'sync',
    bind: (c) => c.socket.write(resultMessage(c.request.messageId, Op.searchDone, { code: 0 }))
  },
  {
    name: 'a message id of five bytes',
    connector: 'sync',
    bind: (c) =>
      c.socket.write(
        Buffer.from([0x30, 0x0c, 0x02, 0x05, 0x01, 0x00, 0x00, 0x00, 0x01, 0x61, 0x03, 0x0a, 0x01, 0x00])
      )
  },
  {
    name: 'an indefinite length',
    connector: 'sync',
    bind: (c) => c.socket.write(Buffer.from([0x30, 0x80, 0x02, 0x01, 0x01]))
  },
  {
    name: 'a 200 KB cookie on every page',
    connector: 'sync',
    other: (c) =>
      c.socket.write(
        Buffer.concat([
          person(c.request.messageId, c.page),
          pageDone(c.request.messageId, c.random.bytes(200_000))
        ])
      )
  },
  {
    name: 'an entry of 15,000 attributes',
    connector: 'sync',
    other: (c) =>
      c.socket.write(
        entryMessage(
          c.request.messageId,
          `uid=wide,${BASE}`,
          Array.from({ length: 15_000 }, (_, i): [string, string[]] => [`a${i}`, ['']])
        )
      )
  },
  {
    name: 'StartTLS answered with random bytes',
    connector: 'sync',
    security: 'starttls',
    other: (c) => c.socket.write(c.random.bytes(2048))
  },
  {
    name: 'StartTLS accepted, then no TLS handshake',
    connector: 'sync',
    security: 'starttls',
    other: (c) => c.socket.write(resultMessage(c.request.messageId, Op.extendedResponse, { code: 0 }))
  },
  {
    name: 'Test Connection: random bytes for the bind',
    connector: 'probe',
    bind: (c) => c.socket.write(c.random.bytes(300))
  },
  {
    name: 'Test Connection: endless entries for the base',
    connector: 'probe',
    other: (c) => {
      let n = 0
      stream(c.socket, () => person(c.request.messageId, n++))
    }
  },
  { name: 'Test Connection: replies to other message ids', connector: 'probe', other: (c) => foreign(c, 10) },
  {
    // Found by random case 41: an LDAP result code is a number where socket codes are strings.
    name: 'Test Connection: the base search answered "busy"',
    connector: 'probe',
    other: (c) =>
      c.socket.write(resultMessage(c.request.messageId, Op.searchDone, { code: 51, diagnostic: 'busy' }))
  }
]

/** A reply a server might send for `context`'s request, possibly broken, possibly another's. */
function randomReply(context: Context): Buffer {
  const { random, request } = context
  const id = random.next() < 0.8 ? request.messageId : random.int(300)
  const valid = (): Buffer => {
    switch (random.int(5)) {
      case 0:
        return bound(id)
      case 1:
        return person(id, random.int(1000))
      case 2:
        return pageDone(id, random.next() < 0.3 ? Buffer.alloc(0) : random.bytes(random.int(40)))
      case 3:
        return resultMessage(id, random.pick([Op.searchDone, Op.bindResponse, Op.extendedResponse]), {
          code: random.int(130),
          diagnostic: random.bytes(random.int(30)).toString('latin1')
        })
      default:
        return noticeOfDisconnection(random.int(90), 'random')
    }
  }
  const bytes = Buffer.from(valid())
  switch (random.int(5)) {
    case 0: // as it is
      return bytes
    case 1: // a few bytes flipped
      for (let i = 0; i < 1 + random.int(3); i++) bytes[random.int(bytes.length)] = random.int(256)
      return bytes
    case 2: // cut short
      return bytes.subarray(0, random.int(bytes.length))
    case 3: // random bytes spliced in
      return Buffer.concat([bytes.subarray(0, random.int(bytes.length)), random.bytes(random.int(64)), bytes])
    default: // nothing like LDAP
      return random.bytes(1 + random.int(256))
  }
}

/** A server answering each request with a few random replies, at once or slowly, then maybe closing. */
const randomResponder: Responder = (context) => {
  const { random, socket } = context
  const replies = Buffer.concat(Array.from({ length: random.int(4) }, () => randomReply(context)))
  const ending = random.int(6)
  const end = (): void => {
    if (ending === 0) socket.end()
    else if (ending === 1) socket.destroy()
  }
  if (random.next() < 0.7) {
    socket.write(replies)
    end()
  } else {
    let at = 0
    const next = (): void => {
      if (at >= replies.length) return end()
      const size = 1 + random.int(64)
      socket.write(replies.subarray(at, at + size))
      at += size
      context.later(random.int(40), next)
    }
    next()
  }
}

function randomCase(n: number): FuzzCase {
  const random = new Random(SEED + n * 7919)
  return {
    name: `random case ${n} (seed ${SEED})`,
    connector: random.next() < 0.75 ? 'sync' : 'probe',
    security: random.next() < 0.1 ? 'starttls' : 'none',
    ...(random.next() < 0.4 ? { bind: randomResponder } : {}),
    other: randomResponder
  }
}

type Outcome = { ok: true } | { ok: false; error: unknown } | TestResult

async function runSync(port: number, security: ConnectionSecurity): Promise<Outcome> {
  const target: DirectoryTarget = {
    primary: { host: '127.0.0.1', port },
    security,
    bindDn: 'cn=reader,dc=lab,dc=example',
    password: PASSWORD,
    activeDirectory: false,
    limits: LIMITS
  }
  try {
    const client = await DirectoryClient.connect(target)
    try {
      for await (const _page of client.search(BASE, '(uid=*)', ['uid', 'sn'], { pageSize: PAGE_SIZE })) {
        // read on
      }
    } finally {
      await client.close()
    }
    return { ok: true }
  } catch (error) {
    return { ok: false, error }
  }
}

function runProbe(port: number, security: ConnectionSecurity): Promise<TestResult> {
  const device: Device = {
    id: 1,
    name: 'Fuzzed LDAP',
    kind: 'directory',
    product: 'openldap',
    host: '127.0.0.1',
    port,
    useSsl: false,
    startTls: security === 'starttls',
    allowChanges: false,
    adminDn: 'cn=reader,dc=lab,dc=example',
    searchBase: BASE,
    hasPassword: true,
    hasOsPassword: false,
    createdAt: '2026-11-22T00:00:00.000Z',
    updatedAt: '2026-11-22T00:00:00.000Z',
    lastTest: { status: 'never' },
    pinnedCertificates: []
  }
  return testConnection({
    device,
    password: PASSWORD,
    pins: new Map(),
    clock: systemClock,
    timeoutMs: LIMITS.idleMs
  })
}

const memoryInUse = (): number => {
  const usage = process.memoryUsage()
  return usage.heapUsed + usage.external
}

/** Runs one case; fails it when it overruns its deadline or the memory cap. */
async function run(fuzzCase: FuzzCase, seed: number): Promise<void> {
  const random = new Random(seed)
  const timers = new Set<NodeJS.Timeout>()
  const later = (ms: number, action: () => void): void => {
    const timer = setTimeout(() => {
      timers.delete(timer)
      action()
    }, ms)
    timers.add(timer)
  }
  let page = 0
  const respond =
    (responder: Responder | undefined, fallback: Responder) => (request: LdapRequest, socket: net.Socket) =>
      (responder ?? fallback)({ request, socket, random, page, later })
  const server = await scriptedServer(
    (request, socket, searches) => {
      page = searches
      if (request.operation === Op.searchRequest || request.operation === EXTENDED_REQUEST)
        respond(fuzzCase.other, () => undefined)(request, socket)
    },
    { bind: respond(fuzzCase.bind, (c) => c.socket.write(bound(c.request.messageId))) }
  )
  collectGarbage()
  const baseline = memoryInUse()
  let peak = 0
  let overrun: string | undefined
  let stopCase: () => void = () => undefined
  const stopped = new Promise<void>((resolve) => (stopCase = resolve))
  const sampler = setInterval(() => {
    let added = memoryInUse() - baseline
    // Garbage counts for nothing: past the cap, only what a collection leaves is held.
    if (added > MEMORY_CAP) {
      collectGarbage()
      added = memoryInUse() - baseline
    }
    peak = Math.max(peak, added)
    if (added > MEMORY_CAP && !overrun) {
      overrun = `it held ${Math.round(added / 1048576)} MiB more memory, past the cap of ${MEMORY_CAP / 1048576} MiB`
      stopCase()
    }
  }, 5)
  const watchdog = setTimeout(() => {
    overrun ??= `it did not end within ${CASE_DEADLINE_MS} ms`
    stopCase()
  }, CASE_DEADLINE_MS)
  const started = performance.now()
  const security = fuzzCase.security ?? 'none'
  const work =
    fuzzCase.connector === 'sync' ? runSync(server.port, security) : runProbe(server.port, security)
  let outcome: Outcome | undefined
  try {
    outcome = await Promise.race([work, stopped.then(() => undefined)])
  } finally {
    clearInterval(sampler)
    clearTimeout(watchdog)
    for (const timer of timers) clearTimeout(timer)
    await server.close()
    // An overrun case is ended by its server going away; its error is not what is checked.
    if (!outcome) await work
  }
  const elapsed = performance.now() - started
  expect(overrun, `${fuzzCase.name}: ${overrun}`).toBeUndefined()
  expect(elapsed).toBeLessThan(CASE_DEADLINE_MS)
  expect(peak).toBeLessThan(MEMORY_CAP)
  if ('status' in outcome!) {
    // Test Connection: a result, and a failure says why.
    if (outcome.status === 'failure') expect(outcome.reason).toBeDefined()
    return
  }
  if (!outcome!.ok) {
    const { error } = outcome!
    expect(error, `${fuzzCase.name}: ${String(error)}`).toBeInstanceOf(DirectoryError)
    expect(DIRECTORY_ERROR_KINDS).toContain((error as DirectoryError).kind)
  }
  // Whatever StartTLS got for an answer, the password goes only through TLS, which never comes up here.
  if (security === 'starttls') expect(server.received().includes(Buffer.from(PASSWORD))).toBe(false)
}

describe('LDAP connectors against hostile servers', () => {
  it.for(named.map((c, i) => ({ ...c, seed: SEED + i })))('$name', async (fuzzCase) => {
    await run(fuzzCase, fuzzCase.seed)
  })

  it.for(Array.from({ length: RANDOM_CASES }, (_, n) => ({ ...randomCase(n), n })))(
    '$name',
    async (fuzzCase) => {
      await run(fuzzCase, SEED + fuzzCase.n * 104_729)
    }
  )
})
