// The AXL connector against the lab: every envelope it sends validates against Cisco's schema, and it
// negotiates versions, reuses the session, pages and shrinks pages as the protocol requires.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AxlClient, AxlError } from '../../src-main/connectors/axl/client'
import { CUCM_INFRASTRUCTURE, CUCM_USER_OBJECTS } from '../../src-main/connectors/axl/objects'
import { startAxlServer, type RunningAxlServer } from '../../src-main/lab/axl/server'
import { labCertificate, type ServerCertificate } from '../../src-main/lab/certificate'
import { LabCluster } from '../../src-main/lab/cluster'
import type { LabFaults } from '../../src-main/lab/faults'
import { conformanceSkipReason, validateEnvelope } from './helpers/xmllint'

let certificate: ServerCertificate
let server: RunningAxlServer
const faults: LabFaults = {}
const cluster = new LabCluster({ name: 'C', seed: 5, users: 120 })

beforeAll(async () => {
  certificate = await labCertificate('cucm.example.test')
  server = await startAxlServer({
    cluster,
    versions: ['14.0', '12.5'],
    username: 'axl',
    password: 'pw',
    ...certificate,
    faults
  })
})
afterAll(() => server.close())

const target = () => ({
  host: '127.0.0.1',
  port: server.port,
  username: 'axl',
  password: 'pw',
  pin: { fingerprint: certificate.fingerprint, anchorPem: certificate.cert }
})

describe('AxlClient', () => {
  it('falls back from 15.0 to the newest version the cluster accepts', async () => {
    const client = await AxlClient.connect({ target: target() })
    expect(client.version).toBe('14.0')
    client.close()
  })

  it('refuses a changed certificate (pinning) and bad credentials without retrying', async () => {
    const other = await labCertificate('other')
    await expect(
      AxlClient.connect({
        target: { ...target(), pin: { fingerprint: other.fingerprint, anchorPem: other.cert } }
      })
    ).rejects.toBeInstanceOf(AxlError)
    await expect(AxlClient.connect({ target: { ...target(), password: 'wrong' } })).rejects.toMatchObject({
      kind: 'auth'
    })
  })

  it('shrinks the page to the suggested row count on the 8 MB fault', async () => {
    const client = await AxlClient.connect({ target: target() })
    faults.maxResponseBytes = 30_000
    let objects = 0
    const sizes: number[] = []
    for await (const page of client.list(CUCM_USER_OBJECTS.find((s) => s.type === 'Phone')!)) {
      objects += page.length
      sizes.push(page.length)
    }
    delete faults.maxResponseBytes
    expect(objects).toBe(cluster.phones)
    expect(Math.max(...sizes)).toBeLessThan(1000)
    client.close()
  })

  it.skipIf(conformanceSkipReason !== '')(
    `sends only schema-valid envelopes for every operation it uses${conformanceSkipReason ? ` (skipped: ${conformanceSkipReason})` : ''}`,
    async () => {
      const sent: string[] = []
      const client = await AxlClient.connect({
        target: target(),
        onRequest: (xml) => sent.push(xml),
        versions: ['15.0', '14.0']
      })
      for (const spec of [...CUCM_INFRASTRUCTURE, ...CUCM_USER_OBJECTS]) {
        for await (const page of client.list(spec, 50)) void page
      }
      for await (const rows of client.sql(
        'SELECT {{page}} d.name FROM device d JOIN devicenumplanmap dm ON dm.fkdevice = d.pkid',
        100
      ))
        void rows
      client.close()
      // One of each operation is enough: the envelope shape depends on the operation, not the page.
      const byOperation = new Map<string, string>()
      for (const xml of sent) byOperation.set(/<axl:(\w+)/.exec(xml)?.[1] ?? '?', xml)
      expect(byOperation.size).toBeGreaterThan(60)
      const problems = [...byOperation.entries()]
        .map(([operation, xml]) => {
          const version = /AXL\/API\/([\d.]+)/.exec(xml)?.[1] ?? '15.0'
          const verdict = validateEnvelope(xml, version)
          return verdict === 'valid' ? '' : `${operation}: ${verdict.split('\n').slice(0, 2).join(' ')}`
        })
        .filter(Boolean)
      expect(problems).toEqual([])
    },
    120_000
  )
})
