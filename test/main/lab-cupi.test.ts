// The lab's simulated Unity Connection CUPI server, exercised over plain node:https (protocols.md §2).
import https from 'node:https'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { LabCluster } from '../../src-main/lab/cluster'
import { startCupiServer } from '../../src-main/lab/cupi/server'
import type { LabFaults } from '../../src-main/lab/faults'
import { selfSignedCertificate, type TestCertificate } from './helpers/certificates'

interface Mailbox {
  ObjectId: string
  Alias: string
  DisplayName: string
  FirstName: string
  LastName: string
  EmailAddress: string
  DtmfAccessId: string
  CosObjectId: string
  Inactive: string
  CreationTime: string
  PartitionObjectId: string
  IsVmEnrolled: string
  SmtpProxyAddress: string
  UnifiedMessagingAccount: string
}

interface Cos {
  ObjectId: string
  DisplayName: string
  AccessTts: string
}

interface Reply {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

const cluster = new LabCluster({ name: 'lab', seed: 7, users: 200 })
const faults: LabFaults = {}
let certificate: TestCertificate
let server: { port: number; url: string; close(): Promise<void> }

beforeAll(async () => {
  certificate = await selfSignedCertificate('cuc.example.test')
  server = await startCupiServer({
    cluster,
    username: 'cucadmin',
    password: 'secret',
    key: certificate.key,
    cert: certificate.cert,
    faults
  })
})
afterAll(() => server.close())
beforeEach(() => {
  for (const key of Object.keys(faults)) delete faults[key as keyof LabFaults]
})

/** One request on its own connection (no agent), so concurrent calls really are concurrent. */
function get(path: string, options: { accept?: string; credentials?: string | null } = {}): Promise<Reply> {
  const credentials = options.credentials === undefined ? 'cucadmin:secret' : options.credentials
  const headers: Record<string, string> = {}
  if (options.accept) headers.Accept = options.accept
  if (credentials !== null) headers.Authorization = `Basic ${Buffer.from(credentials).toString('base64')}`
  return new Promise((resolve, reject) => {
    const req = https.get(
      {
        host: '127.0.0.1',
        port: server.port,
        path,
        ca: certificate.cert,
        checkServerIdentity: () => undefined,
        agent: false,
        headers
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('error', reject)
        // A connection cut mid-body ends the response without completing it.
        res.on('close', () => {
          if (!res.complete) reject(new Error(`response to ${path} was cut off`))
          else
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: Buffer.concat(chunks).toString('utf8')
            })
        })
      }
    )
    req.on('error', reject)
  })
}

async function json<T>(path: string): Promise<T> {
  const reply = await get(path, { accept: 'application/json' })
  expect(reply.status, `${path}: ${reply.body}`).toBe(200)
  expect(reply.headers['content-type']).toMatch(/application\/json/)
  return JSON.parse(reply.body) as T
}

/** CUPI returns one item as an object and several as an array; clients must normalise. */
function items<T>(value: T | T[] | undefined): T[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value]
}

async function allMailboxes(rowsPerPage: number): Promise<{ total: number; pages: Mailbox[][] }> {
  const { '@total': total } = await json<{ '@total': string }>('/vmrest/users?rowsPerPage=0')
  const pages: Mailbox[][] = []
  for (let page = 1; pages.flat().length < Number(total); page++) {
    const body = await json<{ User?: Mailbox | Mailbox[] }>(
      `/vmrest/users?rowsPerPage=${rowsPerPage}&pageNumber=${page}`
    )
    const list = items(body.User)
    if (list.length === 0) break
    pages.push(list)
  }
  return { total: Number(total), pages }
}

const clusterIndex = new Map(Array.from({ length: cluster.users }, (_, i) => [cluster.userid(i), i]))

describe('CUPI lab server: authentication and version', () => {
  it('answers 401 with a Basic challenge without or with wrong credentials, on every path', async () => {
    for (const path of ['/vmrest/version/product', '/vmrest/users', '/vmrest/nowhere']) {
      const missing = await get(path, { credentials: null })
      expect(missing.status).toBe(401)
      expect(missing.headers['www-authenticate']).toMatch(/^Basic /)
      expect((await get(path, { credentials: 'cucadmin:wrong' })).status).toBe(401)
    }
  })

  it('reports the product version as XML by default and as JSON when asked', async () => {
    const xml = await get('/vmrest/version/product')
    expect(xml.status).toBe(200)
    expect(xml.headers['content-type']).toMatch(/xml/)
    expect(xml.body).toContain('<ProductVersion>15.0.1.10000-32</ProductVersion>')
    expect(await json('/vmrest/version/product')).toEqual({ ProductVersion: '15.0.1.10000-32' })
  })
})

describe('CUPI lab server: users', () => {
  it('returns only the total for rowsPerPage=0 or pageNumber=0, in JSON and XML', async () => {
    const byRows = await json<Record<string, unknown>>('/vmrest/users?rowsPerPage=0')
    const byPage = await json<Record<string, unknown>>('/vmrest/users?rowsPerPage=10&pageNumber=0')
    expect(Object.keys(byRows)).toEqual(['@total'])
    expect(byPage).toEqual(byRows)
    const total = Number(byRows['@total'])
    // Most cluster users have a mailbox, plus Unity-only mailboxes (about users / 20).
    expect(total).toBeGreaterThan(cluster.users * 0.9)
    expect(total).toBeLessThan(cluster.users * 1.1)
    const xml = await get('/vmrest/users?rowsPerPage=0')
    expect(xml.body).toMatch(new RegExp(`<Users total="${total}"\\s*/>`))
  })

  it('pages through every mailbox exactly once, with the total and stable content', async () => {
    const { total, pages } = await allMailboxes(37)
    const all = pages.flat()
    expect(all).toHaveLength(total)
    expect(pages.slice(0, -1).every((p) => p.length === 37)).toBe(true)
    expect(new Set(all.map((m) => m.ObjectId)).size).toBe(total)
    expect(new Set(all.map((m) => m.Alias.toLowerCase())).size).toBe(total)
    for (const m of all) expect(m.ObjectId).toMatch(/^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/i)
    const past = await json<{ '@total': string; User?: unknown }>(
      `/vmrest/users?rowsPerPage=37&pageNumber=${pages.length + 1}`
    )
    expect(past).toEqual({ '@total': String(total) })
    // Generated from the seed: a second read is identical.
    expect((await allMailboxes(37)).pages.flat()).toEqual(all)
  })

  it('derives mailboxes from the cluster: most on the user’s primary DN, some elsewhere, some Unity-only', async () => {
    const all = (await allMailboxes(100)).pages.flat()
    const coses = items((await json<{ Cos: Cos | Cos[] }>('/vmrest/coses')).Cos).map((c) => c.ObjectId)
    const dns = new Set(Array.from({ length: cluster.lines }, (_, k) => cluster.linePattern(k)))
    let matching = 0
    let elsewhere = 0
    for (const m of all) {
      expect(coses).toContain(m.CosObjectId)
      for (const field of ['Inactive', 'IsVmEnrolled', 'UnifiedMessagingAccount'] as const)
        expect(['true', 'false']).toContain(m[field])
      expect(Number.isNaN(Date.parse(m.CreationTime))).toBe(false)
      expect(m.PartitionObjectId).toBeTruthy()
      const i = clusterIndex.get(m.Alias)
      if (i === undefined) continue
      expect(m).toMatchObject({
        FirstName: cluster.firstName(i),
        LastName: cluster.lastName(i),
        DisplayName: `${cluster.firstName(i)} ${cluster.lastName(i)}`,
        EmailAddress: `${m.Alias}@example.test`,
        SmtpProxyAddress: expect.stringContaining(`${m.Alias}@example.test`) as unknown
      })
      if (m.DtmfAccessId === cluster.linePattern(i)) matching++
      else {
        expect(dns.has(m.DtmfAccessId)).toBe(false)
        elsewhere++
      }
    }
    expect(matching / cluster.users).toBeGreaterThan(0.82)
    expect(matching / cluster.users).toBeLessThan(0.97)
    expect(elsewhere).toBeGreaterThan(0)
    expect(elsewhere / cluster.users).toBeLessThan(0.12)
    const unityOnly = all.filter((m) => !clusterIndex.has(m.Alias)).map((m) => m.Alias)
    expect(unityOnly).toEqual(expect.arrayContaining(['operator', 'undeliverablemessagesmailbox']))
    expect(unityOnly.some((alias) => /^vm-lobby-\d+$/.test(alias))).toBe(true)
    expect(all.some((m) => m.UnifiedMessagingAccount === 'true')).toBe(true)
    expect(all.some((m) => m.UnifiedMessagingAccount === 'false')).toBe(true)
  })

  it('returns a single result as an object and several as an array (the JSON quirk)', async () => {
    const one = await json<{ '@total': string; User: unknown }>('/vmrest/users?rowsPerPage=1&pageNumber=1')
    expect(Array.isArray(one.User)).toBe(false)
    expect(one.User).toHaveProperty('Alias')
    const two = await json<{ User: unknown }>('/vmrest/users?rowsPerPage=2&pageNumber=1')
    expect(Array.isArray(two.User)).toBe(true)
    const sample = (await json<{ User: Mailbox[] }>('/vmrest/users?rowsPerPage=10&pageNumber=4')).User[7]
    const byAlias = await json<{ '@total': string; User: unknown }>(
      `/vmrest/users?query=${encodeURIComponent(`(alias is ${sample.Alias})`)}`
    )
    expect(byAlias['@total']).toBe('1')
    expect(byAlias.User).toEqual(sample)
  })

  it('filters with (alias startswith …), (alias is …) and (dtmfaccessid is …)', async () => {
    const all = (await allMailboxes(500)).pages.flat()
    const lobby = await json<{ '@total': string; User?: Mailbox | Mailbox[] }>(
      `/vmrest/users?query=${encodeURIComponent('(alias startswith vm-lobby)')}`
    )
    const expected = all.filter((m) => m.Alias.startsWith('vm-lobby')).map((m) => m.Alias)
    expect(expected.length).toBeGreaterThan(1)
    expect(Number(lobby['@total'])).toBe(expected.length)
    expect(items(lobby.User).map((m) => m.Alias)).toEqual(expected)

    const sample = all[Math.floor(all.length / 2)]
    const byExtension = await json<{ User?: Mailbox | Mailbox[] }>(
      `/vmrest/users?query=${encodeURIComponent(`(dtmfaccessid is ${sample.DtmfAccessId})`)}`
    )
    expect(items(byExtension.User)).toEqual(all.filter((m) => m.DtmfAccessId === sample.DtmfAccessId))
    const paged = await json<{ '@total': string; User?: Mailbox | Mailbox[] }>(
      `/vmrest/users?rowsPerPage=2&pageNumber=2&query=${encodeURIComponent('(alias startswith vm-lobby)')}`
    )
    expect(paged['@total']).toBe(String(expected.length))
    expect(items(paged.User).map((m) => m.Alias)).toEqual(expected.slice(2, 4))
    const none = await json<Record<string, unknown>>(
      `/vmrest/users?query=${encodeURIComponent('(alias is nobody-here)')}`
    )
    expect(none).toEqual({ '@total': '0' })
  })

  it('serves XML lists as <Users total="N"><User>…</User></Users>', async () => {
    const { body, status } = await get('/vmrest/users?rowsPerPage=3&pageNumber=2', {
      accept: 'application/xml'
    })
    expect(status).toBe(200)
    const total = (await json<{ '@total': string }>('/vmrest/users?rowsPerPage=0'))['@total']
    expect(body).toMatch(new RegExp(`<Users total="${total}"><User>.*</User></Users>$`))
    expect(body.match(/<User>/g)).toHaveLength(3)
    expect(body.match(/<DtmfAccessId>/g)).toHaveLength(3)
  })

  it('reads one user by ObjectId, and answers 404 with ErrorDetails for unknown ids and paths', async () => {
    const page = await json<{ User: Mailbox[] }>('/vmrest/users?rowsPerPage=5&pageNumber=3')
    const wanted = page.User[4]
    expect(await json(`/vmrest/users/${wanted.ObjectId}`)).toEqual(wanted)
    const xml = await get(`/vmrest/users/${wanted.ObjectId}`)
    expect(xml.body).toContain(`<User><ObjectId>${wanted.ObjectId}</ObjectId>`)
    for (const path of [
      '/vmrest/users/00000000-0000-0000-0000-000000000000',
      '/vmrest/coses/nope',
      '/vmrest/mailboxes'
    ]) {
      const missing = await get(path, { accept: 'application/json' })
      expect(missing.status).toBe(404)
      expect(JSON.parse(missing.body)).toHaveProperty('ErrorDetails.errors.message')
      expect((await get(path)).body).toMatch(/<ErrorDetails><errors><code>.*<\/code><message>.+<\/message>/)
    }
  })
})

describe('CUPI lab server: templates and classes of service', () => {
  it('lists classes of service with a text-to-speech flag, paged, and one by ObjectId', async () => {
    const body = await json<{ '@total': string; Cos: Cos[] }>('/vmrest/coses')
    expect(body['@total']).toBe(String(body.Cos.length))
    const names = body.Cos.map((c) => c.DisplayName)
    expect(names).toEqual(
      expect.arrayContaining(['Voice Mail User COS', 'System', 'UM with TTS', 'UM without TTS'])
    )
    const tts = Object.fromEntries(body.Cos.map((c) => [c.DisplayName, c.AccessTts]))
    expect(tts).toMatchObject({ 'UM with TTS': 'true', 'UM without TTS': 'false' })
    const second = await json<{ Cos: Cos[] }>('/vmrest/coses?rowsPerPage=2&pageNumber=2')
    expect(second.Cos).toEqual(body.Cos.slice(2, 4))
    expect(await json('/vmrest/coses?rowsPerPage=0')).toEqual({ '@total': body['@total'] })
    const um = body.Cos.find((c) => c.DisplayName === 'UM with TTS') as Cos
    expect(await json(`/vmrest/coses/${um.ObjectId}`)).toEqual(um)
    const xml = await get('/vmrest/coses')
    expect(xml.body).toMatch(new RegExp(`<Coses total="${body.Cos.length}"><Cos><ObjectId>`))
  })

  it('lists subscriber templates whose class of service exists', async () => {
    const coses = (await json<{ Cos: Cos[] }>('/vmrest/coses')).Cos.map((c) => c.ObjectId)
    const body = await json<{
      '@total': string
      UserTemplate: { ObjectId: string; Alias: string; CosObjectId: string }[]
    }>('/vmrest/usertemplates')
    const aliases = body.UserTemplate.map((t) => t.Alias)
    expect(aliases).toEqual(expect.arrayContaining(['voicemailusertemplate', 'administratortemplate']))
    expect(aliases.length).toBeGreaterThanOrEqual(2 + cluster.sites.length)
    expect(Number(body['@total'])).toBe(aliases.length)
    for (const t of body.UserTemplate) expect(coses).toContain(t.CosObjectId)
    const one = await json<{ UserTemplate: unknown }>('/vmrest/usertemplates?rowsPerPage=1&pageNumber=2')
    expect(one.UserTemplate).toEqual(body.UserTemplate[1])
    expect((await get('/vmrest/usertemplates', { accept: 'application/xml' })).body).toMatch(
      /<UserTemplates total="\d+"><UserTemplate>/
    )
  })
})

describe('CUPI lab server: throttling and faults', () => {
  it('processes at most five requests at once and answers the rest 503', async () => {
    faults.slowPageMs = 500
    const replies = await Promise.all(
      Array.from({ length: 8 }, (_, k) => get(`/vmrest/users?rowsPerPage=5&pageNumber=${k + 1}`))
    )
    expect(replies.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 503, 503, 503])
    // Slots are released once the slow requests finish.
    delete faults.slowPageMs
    const after = await Promise.all(Array.from({ length: 5 }, () => get('/vmrest/version/product')))
    expect(after.every((r) => r.status === 200)).toBe(true)
  })

  it('answers the next N requests 503 for serviceUnavailable, then recovers', async () => {
    faults.serviceUnavailable = 2
    expect((await get('/vmrest/users?rowsPerPage=1')).status).toBe(503)
    expect((await get('/vmrest/version/product')).status).toBe(503)
    expect(faults.serviceUnavailable).toBe(0)
    expect((await get('/vmrest/users?rowsPerPage=1')).status).toBe(200)
  })

  it('adds latencyMs to every response and slowPageMs to list pages only', async () => {
    faults.latencyMs = 200
    let start = performance.now()
    expect((await get('/vmrest/version/product')).status).toBe(200)
    expect(performance.now() - start).toBeGreaterThanOrEqual(190)
    delete faults.latencyMs
    faults.slowPageMs = 400
    start = performance.now()
    expect((await get('/vmrest/coses?rowsPerPage=2&pageNumber=1')).status).toBe(200)
    expect(performance.now() - start).toBeGreaterThanOrEqual(390)
    start = performance.now()
    expect((await get('/vmrest/version/product')).status).toBe(200)
    expect(performance.now() - start).toBeLessThan(390)
  })

  it('cuts every Nth paged response off mid-body, leaving other requests whole', async () => {
    faults.dropEveryNth = 3
    const outcomes: boolean[] = []
    for (let k = 0; k < 6; k++) {
      outcomes.push(
        await get(`/vmrest/users?rowsPerPage=20&pageNumber=${k + 1}`, { accept: 'application/json' }).then(
          (r) => {
            JSON.parse(r.body)
            return true
          },
          () => false
        )
      )
      expect((await get('/vmrest/version/product')).status).toBe(200)
    }
    const cut = outcomes.flatMap((ok, k) => (ok ? [] : [k]))
    expect(cut).toHaveLength(2)
    expect(cut[1] - cut[0]).toBe(3)
  })

  it.each([
    ['User', '/vmrest/users', '/vmrest/coses'],
    ['UserTemplate', '/vmrest/usertemplates', '/vmrest/users?rowsPerPage=1'],
    ['Cos', '/vmrest/coses', '/vmrest/usertemplates']
  ])('fails the %s list with 500 and ErrorDetails while other lists work', async (type, failing, other) => {
    faults.failingTypes = [type]
    const reply = await get(failing, { accept: 'application/json' })
    expect(reply.status).toBe(500)
    expect(JSON.parse(reply.body)).toHaveProperty('ErrorDetails.errors.message')
    expect((await get(other)).status).toBe(200)
    faults.failingTypes = []
    expect((await get(failing)).status).toBe(200)
  })
})

/** One request of any method on its own connection, with an optional body. */
function call(
  method: string,
  path: string,
  options: { body?: string; contentType?: string; accept?: string } = {}
): Promise<Reply> {
  const headers: Record<string, string> = {
    Authorization: `Basic ${Buffer.from('cucadmin:secret').toString('base64')}`
  }
  if (options.accept) headers.Accept = options.accept
  if (options.body !== undefined) headers['Content-Type'] = options.contentType ?? 'application/json'
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        host: '127.0.0.1',
        port: server.port,
        path,
        method,
        ca: certificate.cert,
        checkServerIdentity: () => undefined,
        agent: false,
        headers
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('error', reject)
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8')
          })
        )
      }
    )
    req.on('error', reject)
    req.end(options.body)
  })
}

describe('CUPI lab server: writes', () => {
  it('creates from a template with 201, an empty body and the new user’s URI in Location', async () => {
    const reply = await call('POST', '/vmrest/users?templateAlias=voicemailusertemplate', {
      body: JSON.stringify({ Alias: 'lab.created', DtmfAccessId: '6100' })
    })
    expect(reply.status).toBe(201)
    expect(reply.body).toBe('')
    const location = String(reply.headers.location)
    expect(location).toMatch(
      new RegExp(
        `^https://127\\.0\\.0\\.1:${server.port}/vmrest/users/[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$`
      )
    )
    const user = await json<Mailbox>(new URL(location).pathname)
    expect(user).toMatchObject({ Alias: 'lab.created', DtmfAccessId: '6100', DisplayName: 'lab.created' })
    // PUT and DELETE answer 204 with no body.
    const changed = await call('PUT', new URL(location).pathname, { body: JSON.stringify({ LastName: 'L' }) })
    expect([changed.status, changed.body]).toEqual([204, ''])
    const deleted = await call('DELETE', new URL(location).pathname)
    expect([deleted.status, deleted.body]).toEqual([204, ''])
    expect((await get(new URL(location).pathname)).status).toBe(404)
  })

  it('refuses in ErrorDetails, as XML unless JSON is asked for; a body not JSON gets an HTML page', async () => {
    const unknownTemplate = await call('POST', '/vmrest/users?templateAlias=nope', {
      body: JSON.stringify({ Alias: 'x1', DtmfAccessId: '6101' })
    })
    expect(unknownTemplate.status).toBe(400)
    expect(unknownTemplate.body).toMatch(
      /<ErrorDetails><errors><code>INVALID_PARAMETER<\/code><message>No user template with the alias nope\.<\/message>/
    )
    const duplicate = await call('POST', '/vmrest/users?templateAlias=voicemailusertemplate', {
      body: JSON.stringify({ Alias: 'operator', DtmfAccessId: '6102' }),
      accept: 'application/json'
    })
    expect(duplicate.status).toBe(400)
    expect(JSON.parse(duplicate.body)).toEqual({
      ErrorDetails: {
        errors: { code: 'DATA_EXCEPTION', message: 'A user with the alias operator already exists.' }
      }
    })
    const broken = await call('POST', '/vmrest/users?templateAlias=voicemailusertemplate', {
      body: '{"Alias":'
    })
    expect(broken.status).toBe(400)
    expect(broken.headers['content-type']).toMatch(/text\/html/)
    expect(broken.body).toContain('syntactically incorrect')
    const xmlBody = await call('POST', '/vmrest/users?templateAlias=voicemailusertemplate', {
      body: '<User><Alias>x</Alias></User>',
      contentType: 'application/xml'
    })
    expect(xmlBody.status).toBe(415)
    expect((await call('PATCH', '/vmrest/users')).status).toBe(405)
  })

  it('sets a PIN with 204 and keeps only when it changed', async () => {
    const created = await call('POST', '/vmrest/users?templateAlias=voicemailusertemplate', {
      body: JSON.stringify({ Alias: 'lab.pin', DtmfAccessId: '6103' })
    })
    const path = `${new URL(String(created.headers.location)).pathname}/credential/pin`
    const set = await call('PUT', path, { body: JSON.stringify({ Credentials: '482915' }) })
    expect([set.status, set.body]).toEqual([204, ''])
    const settings = await get(path, { accept: 'application/json' })
    expect(settings.body).not.toContain('482915')
    expect(JSON.parse(settings.body)).toMatchObject({
      TimeChanged: expect.stringMatching(/^\d{4}-/) as unknown
    })
    const weak = await call('PUT', path, {
      body: JSON.stringify({ Credentials: '12' }),
      accept: 'application/json'
    })
    expect(weak.status).toBe(400)
    expect(weak.body).not.toContain('"12"')
  })

  it('holds writes to the five-request limit like reads (503 beyond it)', async () => {
    faults.latencyMs = 300
    const replies = await Promise.all(
      Array.from({ length: 8 }, (_, k) =>
        call('POST', '/vmrest/users?templateAlias=voicemailusertemplate', {
          body: JSON.stringify({ Alias: `lab.burst${k}`, DtmfAccessId: `611${k}` })
        })
      )
    )
    expect(replies.map((r) => r.status).sort()).toEqual([201, 201, 201, 201, 201, 503, 503, 503])
  })
})
