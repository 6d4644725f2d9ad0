// Scenario 1 of the benchmark issue: a CUCM user synchronization of a 40,000-user lab over HTTPS,
// against a floor measured in the same run: a plain client fetching the same pages and discarding them.
import { writeFileSync } from 'node:fs'
import https from 'node:https'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { RunSummary } from '../../src-preload/contract'
import { CUCM_USER_OBJECTS } from '../../src-main/connectors/axl/objects'
import { startLab, type RunningLab } from '../../src-main/lab'
import { testCore, type TestCore } from '../main/helpers/core'
import { axlEnvelope } from '../main/helpers/axlClient'

const quick = process.env.BENCH_QUICK === '1'
const USERS = quick ? 4_000 : 40_000
const PAGE = 1000
let lab: RunningLab
let core: TestCore
const results: {
  scenario: string
  metric: string
  value: number
  unit: string
  floor?: number
  ratio?: number
  target?: string
  pass?: boolean
}[] = []

function report(
  metric: string,
  value: number,
  unit: string,
  extra: Partial<(typeof results)[number]> = {}
): void {
  results.push({ scenario: 'cucm-user-sync', metric, value, unit, ...extra })
  console.log(`cucm-user-sync ${metric} ${value} ${unit}`)
}

beforeAll(async () => {
  lab = await startLab({ users: USERS, clusters: 1, seed: 9, faults: {} })
  core = testCore()
  const s = lab.servers.find((x) => x.kind === 'call-processor')!
  await core.value('devices:add', {
    name: 'Bench CUCM',
    kind: 'call-processor',
    product: 'cucm',
    host: s.host,
    port: s.port,
    username: s.username,
    password: s.password
  })
  await core.value('devices:trust', { name: 'Bench CUCM', fingerprint: s.fingerprint! })
})
afterAll(async () => {
  await core.dispose()
  await lab.stop()
  writeFileSync('bench-results.json', JSON.stringify(results, null, 2))
})

/** The floor: the same list pages, same size, one at a time, over one keep-alive connection, discarded. */
async function floor(port: number, password: string): Promise<number> {
  const agent = new https.Agent({ keepAlive: true, maxSockets: 1, rejectUnauthorized: false })
  const auth = `Basic ${Buffer.from(`axladmin:${password}`).toString('base64')}`
  const started = performance.now()
  for (const spec of CUCM_USER_OBJECTS) {
    for (let skip = 0; ; skip += PAGE) {
      const tags = spec.returnedTags.map((t) => `<${t}>${spec.markers[t] ?? ''}</${t}>`).join('')
      const body = axlEnvelope(
        `list${spec.type}`,
        `<searchCriteria><${spec.searchField}>%</${spec.searchField}></searchCriteria><returnedTags>${tags}</returnedTags><skip>${skip}</skip><first>${PAGE}</first>`,
        '15.0'
      )
      const rows = await new Promise<number>((resolve, reject) => {
        const req = https.request(
          {
            host: '127.0.0.1',
            port,
            path: '/axl/',
            method: 'POST',
            agent,
            headers: {
              'Content-Type': 'text/xml',
              SOAPAction: `"CUCM:DB ver=15.0 list${spec.type}"`,
              Authorization: auth
            }
          },
          (res) => {
            let count = 0
            res.on('data', (c: Buffer) => (count += c.toString('latin1').split(' uuid="{').length - 1))
            res.on('end', () => resolve(count))
            res.on('error', reject)
          }
        )
        req.on('error', reject)
        req.end(body)
      })
      if (rows < PAGE / 2) break
    }
  }
  agent.destroy()
  return performance.now() - started
}

it(`user synchronization of ${USERS} users against its floor`, async () => {
  const s = lab.servers.find((x) => x.kind === 'call-processor')!
  const floorMs = await floor(s.port, s.password)
  let peak = 0
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50)
  const started = performance.now()
  const finished = new Promise<RunSummary>((resolve) =>
    core.events.subscribe((event, payload) => event === 'sync:finished' && resolve(payload as RunSummary))
  )
  await core.value('sync:start', { device: 'Bench CUCM', kind: 'user' })
  const run = await finished
  const ms = performance.now() - started
  clearInterval(sampler)
  expect(run.status).toBe('succeeded')
  const objects = Object.values(run.counts).reduce((n, c) => n + c.added + c.changed + c.unchanged, 0)
  report('floor', Math.round(floorMs), 'ms')
  report('wall', Math.round(ms), 'ms', {
    floor: Math.round(floorMs),
    ratio: Number((ms / floorMs).toFixed(2)),
    target: '≤ 2× floor',
    pass: ms <= 2 * floorMs
  })
  report('objects', objects, 'objects')
  report('throughput', Math.round(objects / (ms / 1000)), 'objects/s')
  report('peak-rss', Math.round(peak / 1024 / 1024), 'MB', {
    target: '≤ 512 MB (lab in the same process)',
    pass: peak <= 512 * 1024 * 1024
  })
})

// Scenario 3: domain synchronization of every user of that cluster with their services into 20
// service areas. It reads the store only, so its floor is the work itself: target ≥ 20,000 users/s.
it(`domain synchronization of ${USERS} users into 20 service areas`, async () => {
  const infra = new Promise<RunSummary>((resolve) =>
    core.events.subscribe(
      (event, payload) =>
        event === 'sync:finished' &&
        (payload as RunSummary).kind === 'infrastructure' &&
        resolve(payload as RunSummary)
    )
  )
  await core.value('sync:start', { device: 'Bench CUCM', kind: 'infrastructure' })
  expect((await infra).status).toBe('succeeded')
  await core.value('domains:add', {
    name: 'Bench',
    callProcessors: ['Bench CUCM'],
    rules: { syncAllUsers: true }
  })
  const choices = await core.value('service-areas:choices', { callProcessor: 'Bench CUCM' })
  for (let i = 0; i < 20; i++) {
    await core.value('service-areas:add', {
      domain: 'Bench',
      name: `Area ${i + 1}`,
      callProcessor: 'Bench CUCM',
      attributes: {
        devicePool: choices.devicePools[i % choices.devicePools.length],
        ...(i >= choices.devicePools.length ? { protocol: i % 2 === 0 ? 'SIP' : 'SCCP' } : {})
      }
    })
  }
  const started = performance.now()
  const finished = new Promise<RunSummary>((resolve) =>
    core.events.subscribe(
      (event, payload) =>
        event === 'sync:finished' &&
        (payload as RunSummary).kind === 'domain' &&
        resolve(payload as RunSummary)
    )
  )
  await core.value('domains:sync', { name: 'Bench' })
  const run = await finished
  const ms = performance.now() - started
  expect(run.status).toBe('succeeded')
  const users = (await core.value('domains:get', { name: 'Bench' })).users
  const perSecond = Math.round(users / (ms / 1000))
  const line = (
    metric: string,
    value: number,
    unit: string,
    extra: Partial<(typeof results)[number]> = {}
  ) => {
    results.push({ scenario: 'domain-sync', metric, value, unit, ...extra })
    console.log(`domain-sync ${metric} ${value} ${unit}`)
  }
  line('wall', Math.round(ms), 'ms')
  line('users', users, 'users')
  line('throughput', perSecond, 'users/s', { target: '≥ 20,000 users/s', pass: perSecond >= 20_000 })
})
