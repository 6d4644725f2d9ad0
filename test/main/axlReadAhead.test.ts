// The AXL connector reads list and SQL pages one ahead: the next page is asked for as soon as a full
// page has arrived (one request at a time), and no longer once the caller stops reading.
import { afterEach, beforeEach, expect, it } from 'vitest'
import { AxlClient } from '../../src-main/connectors/axl/client'
import { CUCM_USER_OBJECTS } from '../../src-main/connectors/axl/objects'
import { startAxlServer, type RunningAxlServer } from '../../src-main/lab/axl/server'
import { labCertificate, type ServerCertificate } from '../../src-main/lab/certificate'
import { LabCluster } from '../../src-main/lab/cluster'
import type { LabFaults } from '../../src-main/lab/faults'

let certificate: ServerCertificate
let server: RunningAxlServer
let faults: LabFaults
const cluster = new LabCluster({ name: 'C', seed: 3, users: 100 })
const PHONE = CUCM_USER_OBJECTS.find((s) => s.type === 'Phone')!

// A server per test: its fault counters start from zero.
beforeEach(async () => {
  certificate ??= await labCertificate('cucm-ahead.example.test')
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

async function client(sent: string[]): Promise<AxlClient> {
  return AxlClient.connect({
    target: {
      host: '127.0.0.1',
      port: server.port,
      username: 'axl',
      password: 'pw',
      pin: { fingerprint: certificate.fingerprint, anchorPem: certificate.cert }
    },
    retry: { attempts: 3, baseDelayMs: 10, maxDelayMs: 10 },
    onRequest: (xml) => sent.push(/<skip>(\d+)<\/skip>|SKIP (\d+)/.exec(xml)?.slice(1).join('') ?? 'other')
  })
}

it('asks for the next page as soon as a full page arrives, and reads every object once', async () => {
  const sent: string[] = []
  const axl = await client(sent)
  const pages = axl.list(PHONE, 40)
  const first = await pages.next()
  expect(first.value).toHaveLength(40)
  expect(sent).toEqual(['other', '0', '40'])
  const names = new Set((first.value as { fields: { name: string } }[]).map((o) => o.fields.name))
  for await (const page of pages) for (const o of page) names.add(String(o.fields.name))
  expect(names.size).toBe(cluster.phones)
  expect(sent).toEqual(['other', '0', '40', '80', '120'])
  axl.close()
})

it('cancels the page read ahead when the caller stops: it is neither retried nor followed', async () => {
  const sent: string[] = []
  const axl = await client(sent)
  const rows = axl.sql(
    'SELECT {{page}} d.name AS device FROM device d JOIN devicenumplanmap dm ON dm.fkdevice = d.pkid',
    25
  )
  // The page read ahead (the second paged answer) is slow, then cut off: a live request would be retried.
  faults.latencyMs = 300
  faults.dropEveryNth = 2
  try {
    expect((await rows.next()).value).toHaveLength(25)
    expect(sent).toEqual(['other', '0', '25'])
    // return() resolves once the page read ahead has ended: a retry or a next page would be sent by then.
    await rows.return(undefined)
    expect(sent).toEqual(['other', '0', '25'])
  } finally {
    axl.close()
  }
})
