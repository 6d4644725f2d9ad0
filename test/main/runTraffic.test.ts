// Issue 26 item 2: a run records what it asked its device (requests, retries included, and response
// bytes), read back with the run and printed by the CLI; Unity Connection pages are read four at a time,
// within its five-request allowance.
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { RunSummary } from '../../src-preload/contract'
import { CUPI_CONCURRENT_READS, CupiClient } from '../../src-main/connectors/cupi/client'
import { noTraffic } from '../../src-main/connectors/common/traffic'
import { endpointKey } from '../../src-main/connectors/common/tls'
import { startLab, type RunningLab } from '../../src-main/lab'
import { describeRun } from '../../src-main/cli/commands/sync'
import { addTrustedLabDevice, testCore, type TestCore } from './helpers/core'

let lab: RunningLab
let c: TestCore

beforeAll(async () => {
  lab = await startLab({ users: 300, clusters: 1, seed: 26, faults: {} })
  c = testCore()
  for (const server of lab.servers) await addTrustedLabDevice(c, server)
}, 60_000)
afterAll(async () => {
  await c.dispose()
  await lab.stop()
})

async function userSync(device: string): Promise<RunSummary> {
  let runId = -1
  let resolveFinished: (run: RunSummary) => void = () => undefined
  const finished = new Promise<RunSummary>((resolve) => (resolveFinished = resolve))
  const off = c.events.subscribe((event, payload) => {
    if (event === 'sync:finished' && (payload as RunSummary).id === runId)
      resolveFinished(payload as RunSummary)
  })
  try {
    runId = (await c.value('sync:start', { device, kind: 'user' })).runId
    return await finished
  } finally {
    off()
  }
}

it('records the requests and bytes of a user synchronization, retries included', async () => {
  const clean = await userSync('Lab CUCM 1')
  expect(clean.status).toBe('succeeded')
  // getCCMVersion, then at least one page of each of the ten steps.
  expect(clean.traffic?.requests).toBeGreaterThanOrEqual(11)
  expect(clean.traffic?.bytes).toBeGreaterThan(100_000)

  // Two requests answered 503 and retried: two more requests, no more bytes (503 has no body).
  lab.faults.serviceUnavailable = 2
  const retried = await userSync('Lab CUCM 1')
  expect(retried.status).toBe('succeeded')
  expect(retried.traffic).toEqual({
    requests: (clean.traffic?.requests ?? 0) + 2,
    bytes: clean.traffic?.bytes
  })

  const stored = (await c.value('runs:list', { device: 'Lab CUCM 1', kinds: ['user'] })).runs
  expect(stored.find((r) => r.id === retried.id)?.traffic).toEqual(retried.traffic)
  expect(describeRun(retried)).toContain(
    `Traffic: ${retried.traffic?.requests} requests, ${((retried.traffic?.bytes ?? 0) / 1_000_000).toFixed(1)} MB received`
  )
})

it('reads Unity Connection pages four at a time, in order, never refused by its allowance', async () => {
  const unity = lab.servers.find((s) => s.kind === 'message-processor')
  if (!unity?.fingerprint) throw new Error('the lab has no Unity Connection')
  const device = await c.value('devices:get', { name: unity.name })
  const pinned = c.store.pinnedCertificates.get(device.id, endpointKey(unity.host, unity.port))
  if (!pinned) throw new Error('the Unity Connection certificate was not stored')
  const traffic = noTraffic()
  const cupi = new CupiClient({
    target: {
      host: unity.host,
      port: unity.port,
      username: unity.username,
      password: unity.password,
      pin: { fingerprint: pinned.fingerprint, anchorPem: pinned.anchor_pem }
    },
    // No retry: a 503 from the five-request allowance would fail the listing.
    retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
    traffic
  })
  try {
    const aliases: string[] = []
    for await (const page of cupi.list('users', 'User', 10)) aliases.push(...page.map((u) => u.Alias))
    const all: string[] = []
    for await (const page of cupi.list('users', 'User', 1000)) all.push(...page.map((u) => u.Alias))
    expect(aliases).toEqual(all)
    expect(all.length).toBeGreaterThan(10 * CUPI_CONCURRENT_READS)
    expect(traffic.requests).toBe(Math.ceil(all.length / 10) + 1)
  } finally {
    cupi.close()
  }
})
