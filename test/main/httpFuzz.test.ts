// Issue 28: the AXL and CUPI connectors against hostile servers. Raw TLS servers on 127.0.0.1 (the
// pinned lab certificate) send garbage, endless interim responses, headers, bodies, elements or
// nesting, drip one byte at a time, stay silent, answer another operation, or lie about totals; then
// seeded random mixes of all of these. Every case must end in a classified connector error within its
// deadline, and without the process's memory growing past a cap.
//
// Memory is measured in this process (heap plus array buffers, sampled while the case runs): the
// connectors are TypeScript run by vitest, so a child process with its own heap limit would need a
// build. The caps under test are 1 MiB per response, so a correct connector grows by a few MiB; one
// reading without a cap passes 128 MiB long before its deadline at loopback speed.
import tls from 'node:tls'
import { performance } from 'node:perf_hooks'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { AxlClient, AxlError, isTransient } from '../../src-main/connectors/axl/client'
import { CUCM_USER_OBJECTS } from '../../src-main/connectors/axl/objects'
import { SOAP_LIMITS } from '../../src-main/connectors/axl/soap'
import { httpsRequest } from '../../src-main/connectors/common/http'
import { HttpClient } from '../../src-main/connectors/common/httpClient'
import { CUPI_CONCURRENT_READS, CupiClient, CupiError } from '../../src-main/connectors/cupi/client'
import { labCertificate, type ServerCertificate } from '../../src-main/lab/certificate'

const MIB = 1024 * 1024
/** Growth of heap and buffers allowed while one case runs. */
const MEMORY_CAP = 128 * MIB
/** Each request's overall deadline, its idle timeout, and the run's deadline in these tests. */
const REQUEST_DEADLINE_MS = 400
const IDLE_MS = 150
const RUN_DEADLINE_MS = 1_000
/** Time a case may take past its deadline: TLS handshakes, retries' back-off, a loaded CI machine. */
const SLACK_MS = 1_500
const RETRY = { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 }
const RANDOM_CASES = Number(process.env.SWITCHBOARD_FUZZ_CASES ?? 16)
const SEED = Number(process.env.SWITCHBOARD_FUZZ_SEED ?? 28)

const PHONE = CUCM_USER_OBJECTS.find((s) => s.type === 'Phone')!

let certificate: ServerCertificate
beforeAll(async () => {
  certificate = await labCertificate('fuzz.example.test')
})

// ---------------------------------------------------------------------------------------------------
// A raw HTTPS server whose every answer is written by the case.

interface Exchange {
  /** The AXL operation of the SOAPAction header, or the CUPI path. */
  operation: string
  head: string
  /** Requests so far on every connection, this one included. */
  index: number
  socket: tls.TLSSocket
}

type Responder = (exchange: Exchange) => void

interface HostileServer {
  port: number
  requests: Exchange[]
  close(): Promise<void>
}

const servers: HostileServer[] = []
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close()
})

async function hostileServer(respond: Responder): Promise<HostileServer> {
  const requests: Exchange[] = []
  const sockets = new Set<tls.TLSSocket>()
  const server = tls.createServer({ key: certificate.key, cert: certificate.cert }, (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => undefined)
    let buffered = Buffer.alloc(0)
    socket.on('data', (data: Buffer) => {
      buffered = Buffer.concat([buffered, data])
      for (;;) {
        const end = buffered.indexOf('\r\n\r\n')
        if (end < 0) return
        const head = buffered.toString('latin1', 0, end)
        const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0)
        if (buffered.length < end + 4 + length) return
        buffered = buffered.subarray(end + 4 + length)
        const action = /\r\nSOAPAction: *"CUCM:DB ver=[\d.]+ (\w+)"/i.exec(head)?.[1]
        const exchange = {
          operation: action ?? head.split(' ')[1] ?? '',
          head,
          index: requests.length,
          socket
        }
        requests.push(exchange)
        respond(exchange)
      }
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const running: HostileServer = {
    port: (server.address() as { port: number }).port,
    requests,
    close: async () => {
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
  servers.push(running)
  return running
}

/** Writes `next()` until the socket closes, waiting for drain: an endless stream at full speed. */
function endless(socket: tls.TLSSocket, first: string, next: () => string): void {
  socket.write(first)
  // Large writes: small ones would measure the cost of TLS records, not of what the client does.
  const batch = (): string => {
    let data = ''
    while (data.length < 16_384) data += next().toString()
    return data
  }
  const pump = (): void => {
    while (!socket.destroyed && socket.write(batch()));
    if (!socket.destroyed) socket.once('drain', pump)
  }
  pump()
}

/** Writes `first`, then one byte of `rest` (repeated) every `everyMs`: never idle long enough to time out. */
function drip(socket: tls.TLSSocket, first: string, rest: string, everyMs: number): void {
  socket.write(first)
  let at = 0
  const timer = setInterval(() => {
    if (socket.destroyed) return clearInterval(timer)
    socket.write(rest[at++ % rest.length])
  }, everyMs)
  socket.on('close', () => clearInterval(timer))
}

function httpOk(body: string, type = 'text/xml; charset=utf-8', extra = ''): string {
  return `HTTP/1.1 200 OK\r\nContent-Type: ${type}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${extra}\r\n${body}`
}

function soap(inner: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">` +
    `<soapenv:Body>${inner}</soapenv:Body></soapenv:Envelope>`
  )
}

const CCM_VERSION = soap(
  '<ns:getCCMVersionResponse xmlns:ns="http://www.cisco.com/AXL/API/15.0"><return><componentVersion>' +
    '<version>15.0.1.10000-1</version></componentVersion></return></ns:getCCMVersionResponse>'
)

/** getCCMVersion answered as Unified CM does; every other AXL request by `hostile`. */
function afterConnect(hostile: Responder): Responder {
  return (exchange) => {
    if (exchange.operation === 'getCCMVersion') exchange.socket.write(httpOk(CCM_VERSION))
    else hostile(exchange)
  }
}

// ---------------------------------------------------------------------------------------------------
// Clients with small limits, and the checks every case makes.

function target(port: number) {
  return {
    host: '127.0.0.1',
    port,
    username: 'axl',
    password: 'pw',
    timeoutMs: IDLE_MS,
    pin: { fingerprint: certificate.fingerprint, anchorPem: certificate.cert }
  }
}

const AXL_TEST_LIMITS = {
  requestDeadlineMs: REQUEST_DEADLINE_MS,
  runDeadlineMs: RUN_DEADLINE_MS,
  maxResponseBytes: MIB,
  soap: SOAP_LIMITS
}

/** Connects, then reads every phone (the call a synchronization makes); `pageSize` fixes the page. */
async function readPhones(port: number, pageSize?: number): Promise<number> {
  const client = await AxlClient.connect({
    target: target(port),
    versions: ['15.0'],
    retry: RETRY,
    limits: AXL_TEST_LIMITS
  })
  let objects = 0
  try {
    for await (const page of client.list(PHONE, pageSize)) objects += page.length
  } finally {
    client.close()
  }
  return objects
}

async function readCupiUsers(port: number, limits = {}): Promise<number> {
  const client = new CupiClient({
    target: target(port),
    retry: RETRY,
    limits: {
      requestDeadlineMs: REQUEST_DEADLINE_MS,
      runDeadlineMs: RUN_DEADLINE_MS,
      maxResponseBytes: MIB,
      ...limits
    }
  })
  let objects = 0
  try {
    for await (const page of client.list('users', 'User', 100)) objects += page.length
  } finally {
    client.close()
  }
  return objects
}

function memoryInUse(): number {
  const usage = process.memoryUsage()
  return usage.heapUsed + usage.arrayBuffers
}

interface Outcome<T> {
  value?: T
  error?: unknown
  ms: number
  grewBytes: number
}

/** Runs a case, timing it and sampling memory while it runs. */
async function measured<T>(run: () => Promise<T>): Promise<Outcome<T>> {
  const before = memoryInUse()
  let peak = before
  const sampler = setInterval(() => (peak = Math.max(peak, memoryInUse())), 5)
  const start = performance.now()
  const outcome: Outcome<T> = { ms: 0, grewBytes: 0 }
  try {
    outcome.value = await run()
  } catch (error) {
    outcome.error = error
  }
  outcome.ms = performance.now() - start
  clearInterval(sampler)
  outcome.grewBytes = Math.max(peak, memoryInUse()) - before
  return outcome
}

/** The case failed with a connector error of one of `kinds`, within `budgetMs`, under the memory cap. */
function expectClean(
  outcome: Outcome<unknown>,
  errorClass: typeof AxlError | typeof CupiError,
  kinds: string[],
  budgetMs: number,
  what: string
): void {
  expect(outcome.value, `${what}: must fail`).toBeUndefined()
  expect(outcome.error, `${what}: ${String(outcome.error)}`).toBeInstanceOf(errorClass)
  expect(kinds, `${what}: ${String(outcome.error)}`).toContain((outcome.error as AxlError | CupiError).kind)
  expect(outcome.ms, `${what}: took ${Math.round(outcome.ms)} ms`).toBeLessThan(budgetMs)
  expect(outcome.grewBytes, `${what}: memory grew ${Math.round(outcome.grewBytes / MIB)} MiB`).toBeLessThan(
    MEMORY_CAP
  )
}

/** A budget ending well before what an unbounded client would take (retries of idle timeouts, …). */
const WITHIN_DEADLINE = REQUEST_DEADLINE_MS + SLACK_MS
const WITHIN_RUN = RUN_DEADLINE_MS + SLACK_MS

// ---------------------------------------------------------------------------------------------------

describe('AXL against hostile servers', () => {
  const garbage = Buffer.from('\x00\xff garbage \x16\x03\x01 not http at all\r\n\r\n', 'latin1')
  const cases: [string, Responder, string[], number][] = [
    ['random bytes', afterConnect(({ socket }) => socket.write(garbage)), ['protocol'], WITHIN_DEADLINE],
    [
      'a garbage status line',
      afterConnect(({ socket }) => socket.write('HTTP/1.1 2x0 Fine\r\nContent-Length: 0\r\n\r\n')),
      ['protocol'],
      WITHIN_DEADLINE
    ],
    [
      'endless 100 Continue',
      afterConnect(({ socket }) => endless(socket, '', () => 'HTTP/1.1 100 Continue\r\n\r\n'.repeat(64))),
      ['protocol'],
      WITHIN_DEADLINE
    ],
    [
      'endless headers',
      afterConnect(({ socket }) => endless(socket, 'HTTP/1.1 200 OK\r\n', () => 'X-More: aaaaaaaa\r\n')),
      ['protocol'],
      WITHIN_DEADLINE
    ],
    [
      'an endless chunked body',
      afterConnect(({ socket }) =>
        // 1 KiB chunks: the size cap, not the deadline, must end it, even on a loaded machine.
        endless(socket, 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n', () =>
          `400\r\n${'<x></x>\n'.repeat(128)}\r\n`.repeat(16)
        )
      ),
      ['protocol'],
      WITHIN_DEADLINE
    ],
    [
      'endless XML elements',
      afterConnect(({ socket }) =>
        endless(
          socket,
          'HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n<soapenv:Envelope><soapenv:Body><ns:listPhoneResponse><return>',
          () => '<phone uuid="{1}"><name>SEP000000000001</name></phone>'.repeat(100)
        )
      ),
      ['protocol'],
      WITHIN_DEADLINE
    ],
    [
      'endless nesting',
      afterConnect(({ socket }) =>
        endless(socket, 'HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n', () => '<a>'.repeat(1000))
      ),
      ['protocol'],
      WITHIN_DEADLINE
    ],
    [
      'a text node without end',
      afterConnect(({ socket }) =>
        endless(socket, 'HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n<Envelope><Body><x>', () =>
          'y'.repeat(4096)
        )
      ),
      ['protocol'],
      WITHIN_DEADLINE
    ],
    [
      'one byte at a time, never idle long enough to time out',
      afterConnect(({ socket }) => drip(socket, 'HTTP/1.1 200 OK\r\nX-Slow: ', 'abcdefgh', IDLE_MS / 4)),
      ['timeout'],
      WITHIN_DEADLINE
    ],
    ['silence after the request', afterConnect(() => undefined), ['network', 'timeout'], WITHIN_DEADLINE],
    [
      "another operation's response (issue 28: it emptied the inventory)",
      afterConnect(({ socket }) => socket.write(httpOk(CCM_VERSION))),
      ['protocol'],
      WITHIN_DEADLINE
    ],
    [
      'an empty SOAP Body',
      afterConnect(({ socket }) => socket.write(httpOk(soap('')))),
      ['protocol'],
      WITHIN_DEADLINE
    ],
    [
      'users where phones were asked for',
      afterConnect(({ socket }) =>
        socket.write(
          httpOk(
            soap(
              '<ns:listPhoneResponse xmlns:ns="http://www.cisco.com/AXL/API/15.0"><return><user uuid="{1}">' +
                '<userid>a</userid></user></return></ns:listPhoneResponse>'
            )
          )
        )
      ),
      ['protocol'],
      WITHIN_DEADLINE
    ]
  ]

  it.each(cases)('ends %s with a clean error', async (what, respond, kinds, budgetMs) => {
    const server = await hostileServer(respond)
    expectClean(await measured(() => readPhones(server.port)), AxlError, kinds, budgetMs, what)
  })

  it('fails the run at its deadline when every page comes just in time (slowly, with new objects)', async () => {
    let page = 0
    const server = await hostileServer(
      afterConnect(({ socket }) => {
        const start = page++ * 1000
        const phones = Array.from(
          { length: 1000 },
          (_, i) =>
            `<phone uuid="{${start + i}}"><name>SEP${String(start + i).padStart(12, '0')}</name></phone>`
        ).join('')
        const body = soap(
          `<ns:listPhoneResponse xmlns:ns="http://www.cisco.com/AXL/API/15.0"><return>${phones}</return></ns:listPhoneResponse>`
        )
        // Each page alone is within the idle timeout; together they pass the run's deadline.
        const timer = setTimeout(() => socket.write(httpOk(body)), IDLE_MS / 2)
        socket.on('close', () => clearTimeout(timer))
      })
    )
    // Pages of the 1,000 rows asked for, each full: another always follows.
    const outcome = await measured(() => readPhones(server.port, 1000))
    expectClean(outcome, AxlError, ['timeout'], WITHIN_RUN, 'pages forever')
    expect((outcome.error as AxlError).message).toMatch(/synchronization passed its deadline of 1 s/)
    expect(page).toBeGreaterThan(2)
  })

  it('does not keep a session cookie that is not a valid JSESSIONIDSSO, and authenticates again', async () => {
    const server = await hostileServer((exchange) => {
      if (exchange.operation === 'getCCMVersion')
        exchange.socket.write(httpOk(CCM_VERSION, undefined, 'Set-Cookie: JSESSIONIDSSO=AB CD; Path=/\r\n'))
      else
        exchange.socket.write(
          httpOk(
            soap(
              '<ns:listPhoneResponse xmlns:ns="http://www.cisco.com/AXL/API/15.0"><return/></ns:listPhoneResponse>'
            )
          )
        )
    })
    expect(await readPhones(server.port)).toBe(0)
    expect(server.requests.map((r) => r.operation)).toEqual(['getCCMVersion', 'listPhone'])
    expect(server.requests[1].head).toMatch(/\r\nAuthorization: Basic /)
    expect(server.requests[1].head).not.toMatch(/\r\nCookie:/i)
  })

  it('refuses a response header with a control character as invalid HTTP, without retrying', async () => {
    const server = await hostileServer((exchange) =>
      exchange.socket.write(httpOk(CCM_VERSION, undefined, 'Set-Cookie: JSESSIONIDSSO=AB\x7fCD; Path=/\r\n'))
    )
    const outcome = await measured(() => readPhones(server.port))
    expectClean(outcome, AxlError, ['protocol'], WITHIN_DEADLINE, 'DEL in a header')
    expect(server.requests).toHaveLength(1)
  })

  it('refuses a request header it cannot send with a code that is never retried', async () => {
    const server = await hostileServer(() => undefined)
    const http = new HttpClient(
      { host: '127.0.0.1', port: server.port, pin: target(server.port).pin },
      { connections: 1, timeoutMs: IDLE_MS }
    )
    const sent = http.request({
      method: 'POST',
      path: '/axl/',
      headers: { Cookie: 'JSESSIONIDSSO=AB\x7fCD' },
      onBody: () => undefined
    })
    await expect(sent).rejects.toMatchObject({ code: 'UND_ERR_INVALID_ARG' })
    http.close()
    expect(server.requests).toHaveLength(0)
    expect(isTransient(new AxlError('network', 'refused', {}, 'UND_ERR_INVALID_ARG'))).toBe(false)
    expect(isTransient(new AxlError('network', 'reset', {}, 'ECONNRESET'))).toBe(true)
  })
})

describe('CUPI against hostile servers', () => {
  const users = (from: number, count: number): { ObjectId: string; Alias: string }[] =>
    Array.from({ length: count }, (_, i) => ({ ObjectId: `id-${from + i}`, Alias: `u${from + i}` }))
  const json = (value: unknown): string => httpOk(JSON.stringify(value), 'application/json')
  const cases: [string, Responder, string[], number][] = [
    [
      'an endless body (12 GB in 90 s before)',
      ({ socket }) =>
        endless(socket, 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{"User":[', () =>
          '{"ObjectId":"x","Alias":"y"},'.repeat(100)
        ),
      ['protocol'],
      WITHIN_DEADLINE
    ],
    [
      'one byte at a time',
      ({ socket }) => drip(socket, 'HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n', '{', IDLE_MS / 4),
      ['timeout'],
      WITHIN_DEADLINE
    ],
    ['silence', () => undefined, ['network', 'timeout'], WITHIN_DEADLINE],
    [
      'endless 100 Continue',
      ({ socket }) => endless(socket, '', () => 'HTTP/1.1 100 Continue\r\n\r\n'.repeat(64)),
      ['network', 'timeout', 'protocol'],
      WITHIN_DEADLINE
    ],
    ['garbage', ({ socket }) => socket.write('\x00\xffnot http\r\n\r\n'), ['network'], WITHIN_DEADLINE],
    ['JSON without a total', ({ socket }) => socket.write(json({})), ['protocol'], WITHIN_DEADLINE],
    [
      'users that are not objects',
      ({ socket }) => socket.write(json({ '@total': '2', User: ['a', 'b'] })),
      ['protocol'],
      WITHIN_DEADLINE
    ],
    [
      'a false total with new users on every page',
      ({ socket, index }) => socket.write(json({ '@total': '1000000000', User: users(index * 100, 100) })),
      ['protocol'],
      WITHIN_DEADLINE
    ]
  ]

  it.each(cases)('ends %s with a clean error', async (what, respond, kinds, budgetMs) => {
    const server = await hostileServer(respond)
    const outcome = await measured(() => readCupiUsers(server.port, { maxListObjects: 2000 }))
    expectClean(outcome, CupiError, kinds, budgetMs, what)
  })

  it('stops paging when a page adds nothing new, whatever the total claims', async () => {
    const server = await hostileServer(({ socket, index }) =>
      // Two real pages, then the last one again and again.
      socket.write(json({ '@total': '1000000000', User: users(Math.min(index, 1) * 100, 100) }))
    )
    expect(await readCupiUsers(server.port)).toBe(200)
    // The third page ends it; the pages read ahead beside it are the most that were asked beyond.
    expect(server.requests.length).toBeGreaterThanOrEqual(3)
    expect(server.requests.length).toBeLessThanOrEqual(3 + CUPI_CONCURRENT_READS)
  })
})

describe('Test Connection requests against hostile servers', () => {
  it('end at their overall deadline however slowly the server drips', async () => {
    const server = await hostileServer(({ socket }) =>
      drip(socket, 'HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n', '<', IDLE_MS / 4)
    )
    const outcome = await measured(() =>
      httpsRequest({
        host: '127.0.0.1',
        port: server.port,
        path: '/axl/',
        pin: target(server.port).pin,
        timeoutMs: IDLE_MS,
        deadlineMs: REQUEST_DEADLINE_MS
      })
    )
    expect(outcome.error).toMatchObject({ code: 'ETIMEDOUT', message: 'No complete response within 400 ms' })
    expect(outcome.ms).toBeLessThan(WITHIN_DEADLINE)
  })
})

// ---------------------------------------------------------------------------------------------------
// Seeded random servers: each answer is a random mix of framing, content and delivery, never a valid
// result, so every case must end in a classified error. SWITCHBOARD_FUZZ_CASES sets how many.

/** mulberry32: a small seeded generator, so a failing case can be replayed with its seed. */
function generator(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

interface RandomCase {
  describe: string
  respond: Responder
}

function randomCase(random: () => number, protocol: 'axl' | 'cupi'): RandomCase {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]
  const bytes = (n: number): Buffer =>
    Buffer.from(Array.from({ length: n }, () => Math.floor(random() * 256)))
  const tokens =
    protocol === 'axl'
      ? [
          '<',
          '>',
          '</',
          '/>',
          '<a>',
          '</a>',
          '<return>',
          '<phone uuid="{1}">',
          '&amp;',
          '&#x',
          '<!--',
          ']]>',
          'x'
        ]
      : ['{', '}', '[', ']', '"', ':', ',', '"User"', '"ObjectId"', 'null', '1e999', '\\u00', 'x']
  const junk = (n: number): string => Array.from({ length: n }, () => pick(tokens)).join('')
  const status = pick([
    'HTTP/1.1 200 OK',
    'HTTP/1.1 500 Oops',
    'HTTP/1.1 100 Continue',
    'HTTP/1.0 200 OK',
    'HTTP/9 200',
    ''
  ])
  const body = pick(['junk', 'bytes', 'truncated-envelope', 'empty'] as const)
  const content =
    body === 'junk'
      ? junk(1 + Math.floor(random() * 400))
      : body === 'bytes'
        ? bytes(1 + Math.floor(random() * 400)).toString('latin1')
        : body === 'truncated-envelope'
          ? soap('<ns:listPhoneResponse><return><phone uuid="{1}"><name>a</name></phone>').slice(
              0,
              Math.floor(random() * 200)
            )
          : ''
  const framing = pick(['length', 'wrong-length', 'chunked', 'bad-chunk', 'close', 'endless'] as const)
  const delivery = pick(['whole', 'pieces', 'drip', 'then-silence', 'then-close'] as const)
  const head = (extra: string): string => `${status}\r\n${extra}\r\n`
  const response =
    framing === 'length'
      ? head(`Content-Length: ${Buffer.byteLength(content, 'latin1')}\r\n`) + content
      : framing === 'wrong-length'
        ? head(
            `Content-Length: ${Buffer.byteLength(content, 'latin1') + 1 + Math.floor(random() * 50)}\r\n`
          ) + content
        : framing === 'chunked'
          ? head('Transfer-Encoding: chunked\r\n') +
            `${Buffer.byteLength(content, 'latin1').toString(16)}\r\n${content}\r\n0\r\n\r\n`
          : framing === 'bad-chunk'
            ? head('Transfer-Encoding: chunked\r\n') + `zz\r\n${content}`
            : head('Connection: close\r\n') + content
  return {
    describe: `${protocol}: ${JSON.stringify(status)}, ${body} body, ${framing}, ${delivery}`,
    respond: (exchange) => {
      const { socket } = exchange
      if (protocol === 'axl' && exchange.operation === 'getCCMVersion')
        return void socket.write(httpOk(CCM_VERSION))
      const data = Buffer.from(response, 'latin1')
      if (framing === 'endless') return endless(socket, response, () => junk(200))
      if (delivery === 'drip') return drip(socket, '', response, IDLE_MS / 4)
      if (delivery === 'pieces') {
        for (let at = 0; at < data.length;) {
          const size = 1 + Math.floor(random() * 64)
          socket.write(data.subarray(at, at + size))
          at += size
        }
      } else socket.write(data)
      if (delivery === 'then-close' || framing === 'close') socket.end()
    }
  }
}

describe(`random servers (${RANDOM_CASES} cases, seed ${SEED})`, () => {
  const random = generator(SEED)
  const cases = Array.from({ length: RANDOM_CASES }, (_, i) =>
    randomCase(random, i % 2 === 0 ? 'axl' : 'cupi')
  )

  it.each(cases.map((c, i) => [i, c.describe, c] as const))(
    'case %i (%s) ends in a clean error',
    async (_index, what, c) => {
      const server = await hostileServer(c.respond)
      const axl = what.startsWith('axl')
      const outcome = await measured(() => (axl ? readPhones(server.port) : readCupiUsers(server.port)))
      expectClean(
        outcome,
        axl ? AxlError : CupiError,
        ['protocol', 'network', 'timeout', 'http'],
        WITHIN_DEADLINE,
        what
      )
    }
  )
})
