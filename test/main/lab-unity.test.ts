// The lab's simulated Unity Connection CUPI endpoint (issue 3 §3, protocols.md §2).
import https from 'node:https'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { labCertificate, type ServerCertificate } from '../../src-main/lab/certificate'
import { LabCluster } from '../../src-main/lab/cluster'
import { startCupiServer, UnityDirectory, type RunningCupiServer } from '../../src-main/lab/cupi/server'
import type { LabFaults } from '../../src-main/lab/faults'

let certificate: ServerCertificate
let server: RunningCupiServer
const cluster = new LabCluster({ name: 'CUCM1', seed: 4, users: 120 })
const faults: LabFaults = {}

beforeAll(async () => {
  certificate = await labCertificate('cuc.lab.example.test')
  server = await startCupiServer({ cluster, username: 'cucadmin', password: 'pw', ...certificate, faults })
})
afterAll(() => server.close())
beforeEach(() => {
  for (const key of Object.keys(faults)) delete faults[key as keyof LabFaults]
})

function get(
  path: string,
  options: { json?: boolean; password?: string } = {}
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = https.get(
      {
        host: '127.0.0.1',
        port: server.port,
        path,
        ca: certificate.cert,
        checkServerIdentity: () => undefined,
        agent: false,
        headers: {
          Accept: options.json === false ? 'application/xml' : 'application/json',
          Authorization: `Basic ${Buffer.from(`cucadmin:${options.password ?? 'pw'}`).toString('base64')}`
        }
      },
      (res) => {
        let body = ''
        res.on('data', (c: Buffer) => (body += c.toString('utf8')))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
        res.on('error', reject)
      }
    )
    req.on('error', reject)
  })
}

describe('Unity Connection CUPI lab', () => {
  it('requires Basic auth and reports its version', async () => {
    expect((await get('/vmrest/version/product', { password: 'bad' })).status).toBe(401)
    expect(JSON.parse((await get('/vmrest/version/product')).body)).toEqual({
      ProductVersion: '15.0.1.10000-32'
    })
    expect((await get('/vmrest/version/product', { json: false })).body).toContain(
      '<ProductVersion>15.0.1.10000-32</ProductVersion>'
    )
  })

  it('pages users with a total; most extensions match CUCM primary DNs, not all', async () => {
    const count = JSON.parse((await get('/vmrest/users?rowsPerPage=0')).body) as { '@total': string }
    const total = Number(count['@total'])
    const unity = new UnityDirectory(cluster)
    const expected =
      [...Array(cluster.users).keys()].filter((i) => unity.mailboxOf(i) !== 'none').length +
      Math.max(2, Math.floor(cluster.users / 20))
    expect(total).toBe(expected)
    const seen: { Alias: string; DtmfAccessId: string }[] = []
    for (let page = 1; seen.length < total; page++) {
      const body = JSON.parse((await get(`/vmrest/users?rowsPerPage=25&pageNumber=${page}`)).body) as {
        User: { Alias: string; DtmfAccessId: string }[]
      }
      seen.push(...body.User)
    }
    expect(new Set(seen.map((u) => u.Alias)).size).toBe(total)
    const dns = new Set([...Array(cluster.users).keys()].map((i) => cluster.linePattern(i)))
    const matching = seen.filter((u) => dns.has(u.DtmfAccessId)).length
    expect(matching / total).toBeGreaterThan(0.75)
    expect(matching).toBeLessThan(total)
  })

  it('returns a single item as an object (the documented JSON quirk) and XML with a total attribute', async () => {
    const alias = cluster.userid(
      [...Array(cluster.users).keys()].find((i) => new UnityDirectory(cluster).mailboxOf(i) === 'matching')!
    )
    const one = JSON.parse((await get(`/vmrest/users?query=(alias%20is%20${alias})`)).body) as {
      '@total': string
      User: unknown
    }
    expect(one['@total']).toBe('1')
    expect(Array.isArray(one.User)).toBe(false)
    const xml = (await get('/vmrest/coses', { json: false })).body
    expect(xml).toMatch(/^<\?xml[^>]*><Coses total="4"><Cos><ObjectId>/)
  })

  it('serves user templates and classes of service, including one by id, and 404 for unknown ids', async () => {
    const templates = JSON.parse((await get('/vmrest/usertemplates')).body) as {
      UserTemplate: { Alias: string }[]
    }
    expect(templates.UserTemplate.map((t) => t.Alias)).toContain('voicemailusertemplate')
    const coses = JSON.parse((await get('/vmrest/coses')).body) as {
      Cos: { ObjectId: string; DisplayName: string }[]
    }
    const tts = coses.Cos.find((c) => c.DisplayName === 'UM with TTS')!
    expect(JSON.parse((await get(`/vmrest/coses/${tts.ObjectId}`)).body)).toMatchObject({
      DisplayName: 'UM with TTS',
      AccessTts: 'true'
    })
    expect((await get('/vmrest/coses/nope')).status).toBe(404)
  })

  it('refuses more than five concurrent requests with 503', async () => {
    faults.latencyMs = 300
    const replies = await Promise.all(Array.from({ length: 8 }, () => get('/vmrest/version/product')))
    expect(replies.filter((r) => r.status === 503)).toHaveLength(3)
    expect(replies.filter((r) => r.status === 200)).toHaveLength(5)
  })

  it('injects 503 storms, failing types and dropped pages', async () => {
    faults.serviceUnavailable = 1
    expect((await get('/vmrest/users')).status).toBe(503)
    expect((await get('/vmrest/users?rowsPerPage=1')).status).toBe(200)
    faults.failingTypes = ['Cos']
    expect((await get('/vmrest/coses')).status).toBe(500)
    faults.dropEveryNth = 1
    await expect(get('/vmrest/users?rowsPerPage=50')).rejects.toThrow()
  })
})
