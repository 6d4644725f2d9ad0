// The lab's server-time model (issue 26): every response costs server time per request plus per
// returned row, and a publisher builds one heavy read at a time: a second heavy read while the first is
// in progress is answered with AXL's "Maximum AXL Memory Allocation Consumed" fault.
import { afterEach, beforeEach, expect, it } from 'vitest'
import { AxlClient, AxlError } from '../../src-main/connectors/axl/client'
import { CUCM_USER_OBJECTS } from '../../src-main/connectors/axl/objects'
import { startAxlServer, type RunningAxlServer } from '../../src-main/lab/axl/server'
import { labCertificate, type ServerCertificate } from '../../src-main/lab/certificate'
import { LabCluster } from '../../src-main/lab/cluster'
import { parseFaults, type LabFaults } from '../../src-main/lab/faults'

let certificate: ServerCertificate
let server: RunningAxlServer
let faults: LabFaults
const cluster = new LabCluster({ name: 'C', seed: 4, users: 200 })
const PHONE = CUCM_USER_OBJECTS.find((s) => s.type === 'Phone')!
const USER = CUCM_USER_OBJECTS.find((s) => s.type === 'User')!

beforeEach(async () => {
  certificate ??= await labCertificate('cucm-server-time.example.test')
  faults = {}
  server = await startAxlServer({
    cluster,
    versions: ['15.0'],
    username: 'axl',
    password: 'pw',
    ...certificate,
    faults
  })
})
afterEach(() => server.close())

/** A client that never retries: the fault reaches the test as the server sent it. */
function connect(): Promise<AxlClient> {
  return AxlClient.connect({
    target: {
      host: '127.0.0.1',
      port: server.port,
      username: 'axl',
      password: 'pw',
      pin: { fingerprint: certificate.fingerprint, anchorPem: certificate.cert }
    },
    retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 }
  })
}

/** One page of a list, without reading ahead: exactly one request. */
async function firstPage(axl: AxlClient, spec: typeof PHONE, first: number): Promise<number> {
  const returnedTags = Object.fromEntries(spec.returnedTags.map((t) => [t, '']))
  const element = spec.type.charAt(0).toLowerCase() + spec.type.slice(1)
  const result = await axl.call(`list${spec.type}`, {
    searchCriteria: { [spec.searchField]: '%' },
    returnedTags,
    skip: 0,
    first
  })
  const rows = result[element]
  return Array.isArray(rows) ? rows.length : rows ? 1 : 0
}

it('parses the server-time model from --faults text', () => {
  expect(parseFaults('latency=30,server-ms=10,row-us=50,heavy-bytes=2097152')).toEqual({
    latencyMs: 30,
    serverMs: 10,
    rowUs: 50,
    heavyReadBytes: 2097152
  })
  expect(() => parseFaults('row-us=fast')).toThrow('--faults row-us: expected a whole number, got "fast"')
})

it('charges server time per request and per returned row', async () => {
  const axl = await connect()
  try {
    Object.assign(faults, { serverMs: 40, rowUs: 2000 })
    const started = performance.now()
    expect(await firstPage(axl, PHONE, 100)).toBe(100)
    // 40 ms + 100 rows × 2 ms: timers never fire early, so this is a lower bound.
    expect(performance.now() - started).toBeGreaterThanOrEqual(240)
  } finally {
    axl.close()
  }
})

it('answers a second heavy read in progress with the memory fault; small reads pass beside it', async () => {
  const axl = await connect()
  try {
    // Connections opened first: a TLS handshake under load must not outlast the heavy read.
    await Promise.all([1, 2, 3].map(() => firstPage(axl, USER, 1)))
    // A page of 100 phones is heavy, a page of 2 users is not; a heavy read takes 2.5 s to build.
    Object.assign(faults, { serverMs: 2500, heavyReadBytes: 4096 })
    const heavy = firstPage(axl, PHONE, 100)
    const second = firstPage(axl, PHONE, 100).then(
      () => undefined,
      (error: unknown) => error
    )
    const small = firstPage(axl, USER, 2)
    const refused = await second
    expect(refused).toBeInstanceOf(AxlError)
    expect(refused).toMatchObject({ kind: 'memory', details: { axlcode: -1 } })
    expect((refused as AxlError).message).toBe(
      'Maximum AXL Memory Allocation Consumed. Please retry once requests in progress have completed'
    )
    expect(await small).toBe(2)
    expect(await heavy).toBe(100)
    // The first heavy read has been sent: the next one is built.
    faults.serverMs = 0
    expect(await firstPage(axl, PHONE, 100)).toBe(100)
  } finally {
    axl.close()
  }
})
