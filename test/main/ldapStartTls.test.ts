// Issue 28, item 8: StartTLS for directories, with the same verification and pinning as LDAPS. Against
// a real OpenLDAP slapd on 127.0.0.1 (StartTLS on its plain port, a fresh self-signed certificate):
// the client, the trust-on-first-use flow of Test Connection, and a synchronization. Against scripted
// servers: a refused StartTLS, or plain text after acceptance, fails before the password is sent.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { DirectoryClient, DirectoryError, type DirectoryTarget } from '../../src-main/connectors/ldap/client'
import { addOfflineCallProcessor, testCore, type TestCore } from './helpers/core'
import { element, Op, resultMessage } from './helpers/ldapMessages'
import { scriptedServer, type ScriptedServer } from './helpers/ldapServer'
import { finishedRun } from './helpers/runs'
import {
  PEOPLE,
  READER_DN,
  READER_PASSWORD,
  slapdUnavailable,
  startSlapd,
  type RunningSlapd
} from './helpers/slapd'

const EXTENDED_REQUEST = 0x77
const START_TLS_OID = '1.3.6.1.4.1.1466.20037'

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

function core(): TestCore {
  const c = testCore()
  cleanups.push(() => c.dispose())
  return c
}

const startTlsTarget = (port: number, pin?: DirectoryTarget['primary']['pin']): DirectoryTarget => ({
  primary: { host: '127.0.0.1', port, ...(pin ? { pin } : {}) },
  security: 'starttls',
  bindDn: READER_DN,
  password: READER_PASSWORD,
  activeDirectory: false,
  limits: { idleMs: 2_000 }
})

/** A server that answers StartTLS with `reply` (and binds anyone, which must not happen). */
async function startTlsServer(reply: (messageId: number) => Buffer): Promise<ScriptedServer> {
  const server = await scriptedServer((request, socket) => {
    if (request.operation === EXTENDED_REQUEST && request.bytes.includes(Buffer.from(START_TLS_OID)))
      socket.write(reply(request.messageId))
  })
  cleanups.push(() => server.close())
  return server
}

describe('StartTLS refused or tampered with: the password is never sent', () => {
  it('fails when the server refuses StartTLS, without a bind', async () => {
    const server = await startTlsServer((messageId) =>
      resultMessage(messageId, Op.extendedResponse, { code: 2, diagnostic: 'unsupported extended operation' })
    )
    const error = await DirectoryClient.connect(startTlsTarget(server.port)).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DirectoryError)
    expect((error as DirectoryError).kind).toBe('tls')
    expect((error as DirectoryError).message).toBe(
      `TLS with ldap://127.0.0.1:${server.port} failed: the server refused StartTLS (LDAP result 2: unsupported extended operation); the bind password was not sent`
    )
    expect(server.requests.map((r) => r.operation)).toEqual([EXTENDED_REQUEST])
  })

  it('fails when plain text follows the acceptance (an injected reply), without a bind', async () => {
    const server = await startTlsServer((messageId) =>
      Buffer.concat([
        resultMessage(messageId, Op.extendedResponse, { code: 0 }),
        resultMessage(messageId + 1, Op.bindResponse, { code: 0 })
      ])
    )
    const error = await DirectoryClient.connect(startTlsTarget(server.port)).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DirectoryError)
    expect((error as DirectoryError).message).toMatch(
      /failed: The directory server sent a malformed reply: the server sent more after accepting StartTLS, before the TLS handshake\.$/
    )
    expect(server.requests.map((r) => r.operation)).toEqual([EXTENDED_REQUEST])
  })

  it('fails when the answer to StartTLS is not an ExtendedResponse', async () => {
    const server = await startTlsServer((messageId) =>
      resultMessage(messageId, Op.bindResponse, { code: 0 }, { trailing: [element(0x87, Buffer.alloc(0))] })
    )
    const error = await DirectoryClient.connect(startTlsTarget(server.port)).catch((e: unknown) => e)
    expect((error as DirectoryError).kind).toBe('protocol')
    expect((error as DirectoryError).message).toMatch(
      /answered StartTLS with tag 0x61, not an ExtendedResponse\.$/
    )
    expect(server.requests.map((r) => r.operation)).toEqual([EXTENDED_REQUEST])
  })
})

const unavailable = slapdUnavailable()

describe.skipIf(unavailable !== undefined)(
  `StartTLS against real slapd${unavailable ? ` (skipped: ${unavailable})` : ''}`,
  () => {
    let slapd: RunningSlapd
    beforeAll(async () => {
      slapd = await startSlapd([{ uid: 'ada', givenName: 'Ada', sn: 'Lovelace', mail: 'ada@lab.example' }])
    }, 60_000)
    afterAll(async () => {
      await slapd?.stop()
    })

    it('binds and searches over StartTLS only with the pinned certificate', async () => {
      const pin = { fingerprint: slapd.certificate.fingerprint, anchorPem: slapd.certificate.cert }
      const client = await DirectoryClient.connect(startTlsTarget(slapd.port, pin))
      try {
        const entries = []
        for await (const page of client.search(PEOPLE, '(uid=ada)', ['mail'])) entries.push(...page)
        expect(entries.map((e) => e.attributes.mail)).toEqual([['ada@lab.example']])
      } finally {
        await client.close()
      }
      // Without a pin the self-signed certificate is refused: verification is never turned off.
      const unpinned = await DirectoryClient.connect(startTlsTarget(slapd.port)).catch((e: unknown) => e)
      expect(unpinned).toBeInstanceOf(DirectoryError)
      expect((unpinned as DirectoryError).kind).toBe('tls')
      expect((unpinned as DirectoryError).message).toMatch(/self[- ]signed certificate/)
      // Another pinned certificate is refused too.
      const wrongPin = await DirectoryClient.connect(
        startTlsTarget(slapd.port, { fingerprint: 'AB'.repeat(32), anchorPem: slapd.certificate.cert })
      ).catch((e: unknown) => e)
      expect((wrongPin as DirectoryError).message).toMatch(
        /^The certificate of 127\.0\.0\.1:\d+ changed: it now presents SHA-256 [0-9A-F:]{95} .*, but (AB:){31}AB is the trusted one\./
      )
    })

    it('trusts the certificate presented after StartTLS on first use, then tests and synchronizes over it', async () => {
      const c = core()
      await c.value('devices:add', {
        name: 'Lab OpenLDAP',
        kind: 'directory',
        product: 'openldap',
        host: '127.0.0.1',
        port: slapd.port,
        startTls: true,
        adminDn: READER_DN,
        password: READER_PASSWORD,
        searchBase: PEOPLE
      })
      const first = await c.value('devices:test', { name: 'Lab OpenLDAP' })
      expect(first).toMatchObject({
        status: 'failure',
        reason: 'tls-untrusted',
        fingerprint: slapd.certificate.fingerprint
      })
      await c.value('devices:trust', { name: 'Lab OpenLDAP', fingerprint: slapd.certificate.fingerprint })
      const second = await c.value('devices:test', { name: 'Lab OpenLDAP' })
      expect(second.status).toBe('success')
      expect(second.message).toBe('Bind succeeded and the user search base exists.')

      await addOfflineCallProcessor(c, 'CUCM West')
      await c.value('domains:add', {
        name: 'West',
        callProcessors: ['CUCM West'],
        rules: { syncAllUsers: true }
      })
      await c.value('ldap:set', { domain: 'West', changes: { directory: 'Lab OpenLDAP' } })
      const run = await finishedRun(c, (await c.value('ldap:sync', { domain: 'West' })).runId)
      expect(run).toMatchObject({ status: 'succeeded' })
      expect(run.summary).toMatch(/^Read 1 entries: 1 users created/)
    })

    it('says in Test Connection’s result that plain LDAP sends the password in clear text', async () => {
      const c = core()
      await c.value('devices:add', {
        name: 'Plain OpenLDAP',
        kind: 'directory',
        product: 'openldap',
        host: '127.0.0.1',
        port: slapd.port,
        adminDn: READER_DN,
        password: READER_PASSWORD,
        searchBase: PEOPLE
      })
      const result = await c.value('devices:test', { name: 'Plain OpenLDAP' })
      expect(result.status).toBe('success')
      expect(result.message).toBe(
        'Bind succeeded and the user search base exists. Warning: this directory is reached without TLS, so the bind password is sent in clear text. Choose StartTLS or SSL (LDAPS).'
      )
      await expect(
        c.value('devices:trust', { name: 'Plain OpenLDAP', fingerprint: slapd.certificate.fingerprint })
      ).rejects.toThrow(/uses plain LDAP \(neither StartTLS nor SSL\): there is no certificate to trust/)
    })
  }
)
