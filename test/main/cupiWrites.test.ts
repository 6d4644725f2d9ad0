// Issue 20: Unity Connection (CUPI) writes against the lab, which answers them as Unity Connection
// does: each write is a request value shown with the PIN masked, each create answers 201 + Location
// and reads back, each refusal is a typed error, a device without "Allow changes" sends nothing, and
// what a write changes is seen by the lab's listings and the voicemail synchronization.
import type { IncomingMessage } from 'node:http'
import https from 'node:https'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CupiClient } from '../../src-main/connectors/cupi/client'
import {
  CupiWriteError,
  CupiWriter,
  createUserRequest,
  cupiErrorDetails,
  deleteUserRequest,
  importLdapUserRequest,
  maskedCupiRequest,
  setPinRequest,
  updateUserRequest,
  type CupiWritableDevice
} from '../../src-main/connectors/cupi/writes'
import type { HttpsTarget } from '../../src-main/connectors/common/http'
import type { RetryPolicy } from '../../src-main/connectors/common/retry'
import { endpointKey } from '../../src-main/connectors/common/tls'
import { WritePacer } from '../../src-main/connectors/common/writePacer'
import { labCertificate, type ServerCertificate } from '../../src-main/lab/certificate'
import { LabCluster } from '../../src-main/lab/cluster'
import { startCupiServer, type RunningCupiServer } from '../../src-main/lab/cupi/server'
import { parseFaults } from '../../src-main/lab/faults'
import { startLab, type RunningLab } from '../../src-main/lab'
import { addTrustedLabDevice, testCore, type TestCore } from './helpers/core'
import { finishedRun } from './helpers/runs'
import { QUICK_RETRY, faultsClearedEachTest, pinnedTarget, rejection, withOpen } from './helpers/writeLab'

let certificate: ServerCertificate
let server: RunningCupiServer
const faults = faultsClearedEachTest()
const cluster = new LabCluster({ name: 'W', seed: 11, users: 40 })
const allowed: CupiWritableDevice = { name: 'Lab Unity W', allow_changes: 1 }
const PIN = '739164'

beforeAll(async () => {
  certificate = await labCertificate('cuc.example.test')
  server = await startCupiServer({ cluster, username: 'cucadmin', password: 'pw', ...certificate, faults })
})
afterAll(() => server.close())

const target = (port = server.port): HttpsTarget =>
  pinnedTarget(port, certificate, { username: 'cucadmin', password: 'pw' })

function withWriter<T>(
  run: (writer: CupiWriter) => Promise<T>,
  options: {
    device?: CupiWritableDevice
    retry?: RetryPolicy
    onRetry?: () => void
    port?: number
    pacer?: WritePacer
  } = {}
): Promise<T> {
  const open = CupiWriter.connect(options.device ?? allowed, {
    target: target(options.port),
    retry: options.retry ?? QUICK_RETRY,
    onRetry: options.onRetry,
    // Each test's own: what one test's throttle taught must not slow the next.
    writePacer: options.pacer ?? new WritePacer()
  })
  return withOpen(open, run)
}

/** The typed error a write rejects with. */
const failure = (write: Promise<unknown>): Promise<CupiWriteError> => rejection(write, CupiWriteError)

/** Every item of a lab listing, read through the read connector. */
async function listed(collection: string, item: string): Promise<Record<string, string>[]> {
  const client = new CupiClient({ target: target() })
  try {
    const all: Record<string, string>[] = []
    for await (const page of client.list(collection, item, 25)) all.push(...page)
    return all
  } finally {
    client.close()
  }
}

/** The lab's credential settings of a user's PIN (when it changed; the PIN is never returned). */
function pinSettings(objectId: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    https
      .get(
        {
          host: '127.0.0.1',
          port: server.port,
          path: `/vmrest/users/${objectId}/credential/pin`,
          ca: certificate.cert,
          checkServerIdentity: () => undefined,
          agent: false,
          headers: {
            Accept: 'application/json',
            Authorization: `Basic ${Buffer.from('cucadmin:pw').toString('base64')}`
          }
        },
        (res) => {
          const chunks: Buffer[] = []
          res.on('data', (chunk: Buffer) => chunks.push(chunk))
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') })
          )
        }
      )
      .on('error', reject)
  })
}

describe('CUPI write requests', () => {
  it('are pure values: method, path with query and the body with only the fields set', () => {
    expect(
      createUserRequest('voicemailusertemplate', { alias: 'jdoe', dtmfAccessId: '7890', firstName: 'Jo' })
    ).toEqual({
      operation: 'createUser',
      target: 'jdoe',
      method: 'POST',
      path: '/vmrest/users?templateAlias=voicemailusertemplate',
      body: { Alias: 'jdoe', DtmfAccessId: '7890', FirstName: 'Jo' }
    })
    expect(
      importLdapUserRequest('vm tpl', {
        alias: 'sdavis',
        dtmfAccessId: '12123',
        pkid: 'c2e2bf1c',
        lastName: 'Davis'
      })
    ).toMatchObject({
      method: 'POST',
      path: '/vmrest/import/users/ldap?templateAlias=vm%20tpl',
      body: { alias: 'sdavis', dtmfAccessId: '12123', pkid: 'c2e2bf1c', lastName: 'Davis' }
    })
    const ref = { objectId: '0a1b2c3d-0000-4000-8000-00000000abcd', alias: 'jdoe' }
    expect(updateUserRequest(ref, { displayName: 'J. Doe' })).toEqual({
      operation: 'updateUser',
      target: 'jdoe (0a1b2c3d-0000-4000-8000-00000000abcd)',
      method: 'PUT',
      path: `/vmrest/users/${ref.objectId}`,
      body: { DisplayName: 'J. Doe' }
    })
    expect(deleteUserRequest(ref)).toMatchObject({ method: 'DELETE', path: `/vmrest/users/${ref.objectId}` })
    expect(deleteUserRequest(ref).body).toBeUndefined()
    expect(setPinRequest(ref, PIN)).toMatchObject({
      method: 'PUT',
      path: `/vmrest/users/${ref.objectId}/credential/pin`,
      body: { Credentials: PIN }
    })
  })

  it('refuse bad input naming the field and the rule, never repeating a PIN', () => {
    const ref = { objectId: '0a1b2c3d-0000-4000-8000-00000000abcd' }
    expect(() => createUserRequest('t', { alias: '', dtmfAccessId: '1' })).toThrow(/alias: must be 1 to 64/)
    expect(() => createUserRequest('t', { alias: 'a', dtmfAccessId: '12a' })).toThrow(
      'dtmfAccessId: "12a" is not an extension: 1 to 40 digits'
    )
    expect(() => createUserRequest(' ', { alias: 'a', dtmfAccessId: '1' })).toThrow(/templateAlias/)
    expect(() => importLdapUserRequest('t', { alias: 'a', dtmfAccessId: '1', pkid: '' })).toThrow(/pkid: /)
    expect(() => updateUserRequest(ref, {})).toThrow(/changes: an update must change at least one field/)
    expect(() => deleteUserRequest({ objectId: '../coses' })).toThrow(/objectId: "..\/coses" is not/)
    const badPin = () => setPinRequest(ref, 'x739164')
    expect(badPin).toThrow('pin: a PIN is digits only')
    expect(badPin).not.toThrow(/739164/)
  })

  it('maskedCupiRequest shows the PIN as ******** and leaves the request itself intact', () => {
    const request = setPinRequest({ objectId: '0a1b2c3d-0000-4000-8000-00000000abcd' }, PIN)
    const shown = maskedCupiRequest(request)
    expect(shown.body).toEqual({ Credentials: '********' })
    expect(JSON.stringify(shown)).not.toContain(PIN)
    expect(request.body).toEqual({ Credentials: PIN })
    const create = createUserRequest('t', { alias: 'a', dtmfAccessId: '1' })
    expect(maskedCupiRequest(create)).toEqual(create)
  })

  it('read CUPI error bodies: JSON, JSON in ErrorDetails, XML and Tomcat pages', () => {
    expect(cupiErrorDetails('{"errors":{"code":"DATA_EXCEPTION","message":"Alias exists"}}')).toEqual({
      code: 'DATA_EXCEPTION',
      message: 'Alias exists'
    })
    expect(cupiErrorDetails('{"ErrorDetails":{"errors":{"code":"X","message":"m"}}}')).toEqual({
      code: 'X',
      message: 'm'
    })
    expect(
      cupiErrorDetails(
        '<?xml version="1.0"?><ErrorDetails><errors><code>INVALID_PARAMETER</code><message>Bad &amp; wrong</message></errors></ErrorDetails>'
      )
    ).toEqual({ code: 'INVALID_PARAMETER', message: 'Bad & wrong' })
    expect(
      cupiErrorDetails(
        '<html><body><h1>HTTP Status 500</h1><b>Exception:</b><pre>java.lang.NullPointerException\n  at x</pre></body></html>'
      )
    ).toEqual({ message: 'java.lang.NullPointerException at x' })
    expect(
      cupiErrorDetails(
        '<html><body><h1>HTTP Status 400 - Bad Request</h1><p><b>message</b> <u>Broken</u></p></body></html>'
      )
    ).toEqual({ message: 'Broken' })
    expect(cupiErrorDetails('')).toEqual({})
    expect(cupiErrorDetails('{"other":1}')).toEqual({})
    expect(cupiErrorDetails('Service temporarily down')).toEqual({ message: 'Service temporarily down' })
  })
})

describe('CUPI writes against the lab', () => {
  it('creates a user from a template: 201 + Location, read back, listed', async () => {
    await withWriter(async (writer) => {
      const user = await writer.createUser('voicemailusertemplate', {
        alias: 'new.hire',
        dtmfAccessId: '7001',
        firstName: 'Noa',
        lastName: 'Hire',
        smtpAddress: 'new.hire@example.test'
      })
      expect(user.ObjectId).toMatch(/^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/)
      expect(user).toMatchObject({
        Alias: 'new.hire',
        DtmfAccessId: '7001',
        FirstName: 'Noa',
        LastName: 'Hire',
        DisplayName: 'Noa Hire',
        SmtpAddress: 'new.hire@example.test'
      })
      expect(await writer.findUserByAlias('NEW.HIRE')).toEqual(user)
      expect(await writer.findUserByAlias('nobody-at-all')).toBeNull()
      // The template's class of service is the new user's.
      const template = (await listed('usertemplates', 'UserTemplate')).find(
        (t) => t.Alias === 'voicemailusertemplate'
      )
      expect(user.CosObjectId).toBe(template?.CosObjectId)
      expect((await listed('users', 'User')).filter((u) => u.Alias === 'new.hire')).toEqual([user])
    })
  })

  it('imports an LDAP user by pkid and extension; it leaves the import listing', async () => {
    const importable = await listed('import/users/ldap', 'ImportUser')
    expect(importable.length).toBeGreaterThan(0)
    const candidate = importable[0]
    await withWriter(async (writer) => {
      const user = await writer.importLdapUser('voicemailusertemplate', {
        alias: candidate.alias,
        dtmfAccessId: '7002',
        pkid: candidate.pkid
      })
      expect(user).toMatchObject({
        Alias: candidate.alias,
        DtmfAccessId: '7002',
        FirstName: candidate.firstName,
        LastName: candidate.lastName
      })
      expect((await listed('import/users/ldap', 'ImportUser')).map((u) => u.pkid)).not.toContain(
        candidate.pkid
      )
      // Imported once: a second import of the pkid is refused.
      const again = await failure(
        writer.importLdapUser('voicemailusertemplate', {
          alias: candidate.alias,
          dtmfAccessId: '7003',
          pkid: candidate.pkid
        })
      )
      expect(again.failure).toBe('not-valid')
      // Unity Connection requires both pkid and dtmfAccessId, whatever the client checks.
      const { pkid: _pkid, ...withoutPkid } = importLdapUserRequest('voicemailusertemplate', {
        alias: 'x',
        dtmfAccessId: '7004',
        pkid: 'p'
      }).body as Record<string, string>
      const missing = await failure(
        writer.send({
          ...importLdapUserRequest('voicemailusertemplate', { alias: 'x', dtmfAccessId: '7004', pkid: 'p' }),
          body: withoutPkid
        })
      )
      expect(missing).toMatchObject({ failure: 'not-valid', status: 400 })
      expect(missing.message).toContain('An LDAP import must specify both a pkid and a dtmfAccessId')
    })
  })

  it('updates only the fields given and reads them back; an unknown field is refused', async () => {
    await withWriter(async (writer) => {
      const user = await writer.createUser('voicemailusertemplate', {
        alias: 'to.change',
        dtmfAccessId: '7010',
        firstName: 'Before'
      })
      const ref = { objectId: user.ObjectId, alias: user.Alias }
      const changed = await writer.updateUser(ref, { displayName: 'After Change', dtmfAccessId: '7011' })
      expect(changed).toMatchObject({
        DisplayName: 'After Change',
        DtmfAccessId: '7011',
        FirstName: 'Before'
      })
      expect(await writer.getUser(user.ObjectId)).toEqual(changed)
      const unknown = await failure(
        writer.send({ ...updateUserRequest(ref, { lastName: 'x' }), body: { Bogus: '1' } })
      )
      expect(unknown).toMatchObject({ failure: 'not-valid', status: 400 })
      expect(unknown.message).toMatch(
        /^updateUser to.change \(.+\) failed: Unity Connection answered HTTP 400: .*Bogus/
      )
    })
  })

  it('deletes a user, confirmed by a 404 read-back; a delete of an unknown user is not-found', async () => {
    await withWriter(async (writer) => {
      const user = await writer.createUser('voicemailusertemplate', {
        alias: 'to.delete',
        dtmfAccessId: '7020'
      })
      await writer.deleteUser({ objectId: user.ObjectId, alias: 'to.delete' })
      expect(await writer.findUserByAlias('to.delete')).toBeNull()
      expect((await failure(writer.getUser(user.ObjectId))).failure).toBe('not-found')
      const gone = await failure(writer.deleteUser({ objectId: user.ObjectId, alias: 'to.delete' }))
      expect(gone).toMatchObject({ failure: 'not-found', status: 404, operation: 'deleteUser' })
      // The alias and extension are free again.
      await writer.createUser('voicemailusertemplate', { alias: 'to.delete', dtmfAccessId: '7020' })
    })
  })

  it('sets a PIN (204, never echoed) and never shows it in an error', async () => {
    await withWriter(async (writer) => {
      const user = await writer.createUser('voicemailusertemplate', {
        alias: 'with.pin',
        dtmfAccessId: '7030'
      })
      expect(JSON.parse((await pinSettings(user.ObjectId)).body)).toMatchObject({ TimeChanged: '' })
      await writer.setPin({ objectId: user.ObjectId, alias: 'with.pin' }, PIN)
      const settings = await pinSettings(user.ObjectId)
      expect((JSON.parse(settings.body) as { TimeChanged: string }).TimeChanged).toMatch(/^\d{4}-\d\d-\d\dT/)
      expect(settings.body).not.toContain(PIN)
      const short = await failure(writer.setPin({ objectId: user.ObjectId, alias: 'with.pin' }, '739'))
      expect(short).toMatchObject({ failure: 'not-valid', status: 400 })
      expect(short.message).toContain('credential policy')
      const unknown = await failure(writer.setPin({ objectId: '0a1b2c3d-0000-4000-8000-00000000abcd' }, PIN))
      expect(unknown.failure).toBe('not-found')
      for (const error of [short, unknown]) {
        expect(error.message).not.toContain(PIN)
        expect(error.message).not.toMatch(/\b739\b/)
      }
    })
  })

  it('a duplicate alias, a duplicate extension and an unknown template are refused and change nothing', async () => {
    const existing = (await listed('users', 'User')).find((u) => u.DtmfAccessId !== '')!
    await withWriter(async (writer) => {
      const alias = await failure(
        writer.createUser('voicemailusertemplate', {
          alias: existing.Alias.toUpperCase(),
          dtmfAccessId: '7040'
        })
      )
      expect(alias).toMatchObject({ failure: 'duplicate', status: 400 })
      expect(alias.message).toContain(`createUser ${existing.Alias.toUpperCase()} failed:`)
      const extension = await failure(
        writer.createUser('voicemailusertemplate', {
          alias: 'ext.clash',
          dtmfAccessId: existing.DtmfAccessId
        })
      )
      expect(extension).toMatchObject({ failure: 'duplicate', status: 400 })
      expect(extension.message).toContain(existing.DtmfAccessId)
      const template = await failure(
        writer.createUser('no-such-template', { alias: 'ext.clash', dtmfAccessId: '7041' })
      )
      expect(template).toMatchObject({ failure: 'not-valid', status: 400 })
      expect(template.message).toContain('no-such-template')
      expect(await writer.findUserByAlias('ext.clash')).toBeNull()
      // Taking another user's extension in an update is a duplicate too.
      const mine = await writer.createUser('voicemailusertemplate', {
        alias: 'ext.mine',
        dtmfAccessId: '7042'
      })
      const taken = await failure(
        writer.updateUser({ objectId: mine.ObjectId }, { dtmfAccessId: existing.DtmfAccessId })
      )
      expect(taken.failure).toBe('duplicate')
      expect((await writer.getUser(mine.ObjectId)).DtmfAccessId).toBe('7042')
    })
  })

  it('a device without "Allow changes" is refused before any request reaches the server', async () => {
    const before = server.requests()
    await expect(
      withWriter(() => Promise.resolve(), { device: { ...allowed, allow_changes: 0 } })
    ).rejects.toMatchObject({
      code: 'CHANGES_NOT_ALLOWED'
    })
    expect(server.requests()).toBe(before)
    // Turned off while a writer is open: the next write is refused too.
    const device: CupiWritableDevice = { ...allowed }
    await withWriter(
      async (writer) => {
        device.allow_changes = 0
        const refused = writer.createUser('voicemailusertemplate', {
          alias: 'never.sent',
          dtmfAccessId: '7050'
        })
        await expect(refused).rejects.toMatchObject({ code: 'CHANGES_NOT_ALLOWED' })
        await expect(refused).rejects.toThrow(/createUser never.sent was refused before anything was sent/)
      },
      { device }
    )
    expect(server.requests()).toBe(before)
  })

  it('a read-only administrator may read but its writes are refused (401 → not-permitted)', async () => {
    faults.readOnlyAccount = true
    await withWriter(async (writer) => {
      expect(await writer.findUserByAlias('operator')).toMatchObject({ Alias: 'operator' })
      const refused = await failure(
        writer.createUser('voicemailusertemplate', { alias: 'read.only', dtmfAccessId: '7060' })
      )
      expect(refused).toMatchObject({ failure: 'not-permitted', status: 401 })
      expect(refused.message).toContain('HTTP 401')
    })
  })

  it('the write throttle answers 503 above its rate; the pacer learns the rate and the writes land', async () => {
    faults.writesPerSecond = 2
    let retries = 0
    const pacer = new WritePacer()
    await withWriter(
      async (writer) => {
        for (let i = 0; i < 5; i++)
          await writer.createUser('voicemailusertemplate', { alias: `burst.${i}`, dtmfAccessId: `707${i}` })
      },
      { retry: { attempts: 10, baseDelayMs: 100, maxDelayMs: 400 }, onRetry: () => retries++, pacer }
    )
    expect(retries).toBeGreaterThan(0)
    // Learned from the 503: two writes a second (one fewer, were a write to reach the lab early).
    expect(pacer.limit).toBeGreaterThanOrEqual(1)
    expect(pacer.limit).toBeLessThanOrEqual(2)
    expect((await listed('users', 'User')).filter((u) => u.Alias.startsWith('burst.'))).toHaveLength(5)
  })

  it('a throttle that does not let up ends in a typed throttled error', async () => {
    faults.writesPerSecond = 0
    await withWriter(async (writer) => {
      const throttled = await failure(
        writer.createUser('voicemailusertemplate', { alias: 'throttled', dtmfAccessId: '7080' })
      )
      expect(throttled).toMatchObject({ failure: 'throttled', status: 503 })
    })
  })

  it('fails the Nth write with a 500, which changes nothing', async () => {
    faults.failWriteIn = 2
    await withWriter(async (writer) => {
      await writer.createUser('voicemailusertemplate', { alias: 'first.ok', dtmfAccessId: '7090' })
      const failed = await failure(
        writer.createUser('voicemailusertemplate', { alias: 'second.fails', dtmfAccessId: '7091' })
      )
      expect(failed).toMatchObject({ failure: 'failed', status: 500 })
      expect(failed.message).toContain('injected')
      expect(await writer.findUserByAlias('second.fails')).toBeNull()
      await writer.createUser('voicemailusertemplate', { alias: 'second.fails', dtmfAccessId: '7091' })
    })
  })

  it('a create whose answer was lost is not repeated, and findUserByAlias finds that it landed', async () => {
    faults.loseWriteAnswerIn = 1
    const before = server.requests()
    await withWriter(async (writer) => {
      const lost = await failure(
        writer.createUser('voicemailusertemplate', { alias: 'lost.answer', dtmfAccessId: '7100' })
      )
      expect(lost.failure).toBe('failed')
      expect(lost.message).toContain('It may have been made')
      expect(server.requests()).toBe(before + 1)
      expect(await writer.findUserByAlias('lost.answer')).toMatchObject({
        Alias: 'lost.answer',
        DtmfAccessId: '7100'
      })
    })
  })
})

describe('CUPI writes against a misbehaving server', () => {
  /** An HTTPS server answering every request with `answer`, on the lab's certificate. */
  async function misbehaving(
    answer: (req: IncomingMessage) => {
      status: number
      headers?: Record<string, string>
      body?: string
    },
    run: (port: number) => Promise<void>
  ): Promise<void> {
    const odd = https.createServer({ key: certificate.key, cert: certificate.cert }, (req, res) => {
      const { status, headers = {}, body = '' } = answer(req)
      res.writeHead(status, { ...headers, 'Content-Length': Buffer.byteLength(body) })
      res.end(body)
    })
    await new Promise<void>((resolve) => odd.listen(0, '127.0.0.1', resolve))
    try {
      await run((odd.address() as AddressInfo).port)
    } finally {
      odd.closeAllConnections()
      await new Promise((resolve) => odd.close(resolve))
    }
  }

  it.each([
    ['no Location', {}],
    [
      'a Location that names no user',
      { Location: 'https://cuc/vmrest/coses/0a1b2c3d-0000-4000-8000-00000000abcd' }
    ],
    ['a Location without an ObjectId', { Location: 'https://cuc/vmrest/users/' }]
  ])('a 201 with %s is a protocol failure that says to look the user up', async (_case, headers) => {
    await misbehaving(
      () => ({ status: 201, headers }),
      (port) =>
        withWriter(
          async (writer) => {
            const refused = await failure(
              writer.createUser('voicemailusertemplate', { alias: 'odd.create', dtmfAccessId: '7200' })
            )
            expect(refused).toMatchObject({ failure: 'failed', status: 201 })
            expect(refused.message).toMatch(/without a usable Location.*look it up by alias/)
          },
          { port }
        )
    )
  })

  it.each([
    ['an error', 500, '{"errors":{"code":"X","message":"database down"}}'],
    ['a listing without a total', 200, '{"User":[]}'],
    ['a total without the user', 200, '{"@total":"1","User":{"ObjectId":"x","Alias":"someone.else"}}'],
    ['something other than JSON', 200, '<html>maintenance</html>']
  ])('findUserByAlias never reads %s as "none"', async (_case, status, body) => {
    await misbehaving(
      () => ({ status, body, headers: { 'Content-Type': 'application/json' } }),
      (port) =>
        withWriter(
          async (writer) => {
            expect((await failure(writer.findUserByAlias('wanted'))).failure).toBe('failed')
          },
          { port }
        )
    )
  })

  it('a read-back that does not show what was written is a failure', async () => {
    const objectId = '0a1b2c3d-0000-4000-8000-00000000abcd'
    await misbehaving(
      (req) =>
        req.method === 'POST'
          ? { status: 201, headers: { Location: `https://cuc/vmrest/users/${objectId}` } }
          : {
              status: 200,
              body: JSON.stringify({ ObjectId: objectId, Alias: 'odd.readback', DtmfAccessId: '9999' })
            },
      (port) =>
        withWriter(
          async (writer) => {
            const refused = await failure(
              writer.createUser('voicemailusertemplate', { alias: 'odd.readback', dtmfAccessId: '7201' })
            )
            expect(refused.message).toBe(
              'createUser odd.readback failed: the read-back shows DtmfAccessId "9999", not the "7201" sent.'
            )
          },
          { port }
        )
    )
  })

  it('a PUT answered 200 instead of 204, or an HTML error page, is reported in clean words', async () => {
    const ref = { objectId: '0a1b2c3d-0000-4000-8000-00000000abcd', alias: 'x' }
    await misbehaving(
      (req) =>
        req.url?.endsWith('/credential/pin')
          ? {
              status: 500,
              headers: { 'Content-Type': 'text/html' },
              body: `<html><body><h1>HTTP Status 500</h1><b>Exception:</b><pre>PIN ${PIN} rejected</pre></body></html>`
            }
          : { status: 200, body: '{}' },
      (port) =>
        withWriter(
          async (writer) => {
            const put = await failure(writer.send(updateUserRequest(ref, { lastName: 'y' })))
            expect(put.message).toBe(
              'updateUser x (0a1b2c3d-0000-4000-8000-00000000abcd) failed: Unity Connection answered HTTP 200 where 204 was expected.'
            )
            const pin = await failure(writer.setPin(ref, PIN))
            expect(pin.message).toBe(
              'setPin x (0a1b2c3d-0000-4000-8000-00000000abcd) failed: Unity Connection answered HTTP 500: PIN ******** rejected'
            )
          },
          { port }
        )
    )
  })
})

describe('lab start --faults for CUPI writes', () => {
  it('parses lose-write and refuses a zeroth', () => {
    expect(parseFaults('read-only,write-rate=2,fail-write=3,lose-write=1')).toEqual({
      readOnlyAccount: true,
      writesPerSecond: 2,
      failWriteIn: 3,
      loseWriteAnswerIn: 1
    })
    expect(() => parseFaults('lose-write=0')).toThrow('--faults lose-write: counts writes from 1, got "0"')
  })
})

describe('a CUPI write seen by the existing voicemail synchronization', () => {
  let lab: RunningLab
  let core: TestCore
  beforeAll(async () => {
    lab = await startLab({ users: 30, clusters: 1, seed: 41, faults: {} })
    core = testCore()
    for (const product of ['cucm', 'unity-connection'])
      await addTrustedLabDevice(
        core,
        lab.servers.find((s) => s.product === product)!
      )
  }, 60_000)
  afterAll(async () => {
    await core.dispose()
    await lab.stop()
  })

  it('a mailbox created through CUPI appears in the inventory after a user sync of the Unity device', async () => {
    const unity = lab.servers.find((s) => s.product === 'unity-connection')!
    await core.value('devices:test', { name: unity.name })
    await core.value('devices:edit', { name: unity.name, changes: { allowChanges: true } })
    const row = core.store.devices.byName(unity.name)!
    const pin = core.store.pinnedCertificates.get(row.id, endpointKey(unity.host, unity.port))!
    const writer = await CupiWriter.connect(row, {
      target: {
        host: unity.host,
        port: unity.port,
        username: unity.username,
        password: unity.password,
        pin: { fingerprint: pin.fingerprint, anchorPem: pin.anchor_pem }
      }
    })
    let created: Record<string, string>
    try {
      created = await writer.createUser('voicemailusertemplate', {
        alias: 'written.mailbox',
        dtmfAccessId: '7300',
        displayName: 'Written Mailbox'
      })
    } finally {
      writer.close()
    }
    const run = await finishedRun(
      core,
      (await core.value('sync:start', { device: unity.name, kind: 'user' })).runId
    )
    expect(run.status).toBe('succeeded')
    const found = await core.value('inventory:list', {
      device: unity.name,
      type: 'UnityUser',
      search: 'written.mailbox'
    })
    expect(found.items.map((i) => i.data)).toEqual([
      expect.objectContaining({ ObjectId: created.ObjectId, Alias: 'written.mailbox', DtmfAccessId: '7300' })
    ])
  }, 60_000)
})
