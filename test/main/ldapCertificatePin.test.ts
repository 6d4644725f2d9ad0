// Issue 25 item 11: a directory server that presents its leaf certificate alone, as Active Directory
// domain controllers often do (their CA reaches Windows clients by group policy, not in the
// handshake). Against a real slapd on 127.0.0.1, restarted on the same ports to present the leaf
// alone, then with its chain, then a renewed leaf: trusting the presented leaf holds whatever chain
// comes with it, and a certificate that really changed names both fingerprints and how to re-trust.
import { afterEach, describe, expect, it } from 'vitest'
import type { RunSummary } from '../../src-preload/contract'
import { certificateAuthority, issuedCertificate, type IssuedCertificate } from './helpers/certificates'
import { addOfflineCallProcessor, testCore, type TestCore } from './helpers/core'
import {
  PEOPLE,
  READER_DN,
  READER_PASSWORD,
  slapdUnavailable,
  startSlapd,
  type LdapPerson,
  type RunningSlapd
} from './helpers/slapd'

const unavailable = slapdUnavailable()
const PERSON: LdapPerson = { uid: 'ada', givenName: 'Ada', sn: 'Lovelace', mail: 'ada@lab.example' }
const DC = 'Domain Controller'

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/** The leaf followed by its issuer, as a server that sends its chain presents it (`leaf` is the leaf alone). */
const withChain = (leaf: IssuedCertificate) => ({ ...leaf, cert: leaf.cert + leaf.issuer })

/** Runs an LDAP synchronization of `domain` and waits for its sync:finished event. */
async function ldapSync(c: TestCore, domain: string): Promise<RunSummary> {
  const finished = new Map<number, RunSummary>()
  let waiting: { runId: number; resolve: (run: RunSummary) => void } | undefined
  const off = c.events.subscribe((event, payload) => {
    if (event !== 'sync:finished') return
    const run = payload as RunSummary
    finished.set(run.id, run)
    if (waiting?.runId === run.id) waiting.resolve(run)
  })
  try {
    const { runId } = await c.value('ldap:sync', { domain })
    return await new Promise<RunSummary>((resolve) => {
      const done = finished.get(runId)
      if (done) resolve(done)
      else waiting = { runId, resolve }
    })
  } finally {
    off()
  }
}

describe.skipIf(unavailable !== undefined)(
  `Pinning the certificate of a directory that sends its leaf alone${unavailable ? ` (skipped: ${unavailable})` : ''}`,
  () => {
    it.for(['ssl', 'starttls'] as const)(
      '%s: the trusted leaf holds with or without its chain; a renewed leaf says what changed and how to trust it',
      { timeout: 60_000 },
      async (security) => {
        const ca = await certificateAuthority()
        const leaf = await issuedCertificate(ca)
        const renewed = await issuedCertificate(ca)
        let slapd: RunningSlapd = await startSlapd([PERSON], { certificate: leaf })
        cleanups.push(() => slapd.stop())
        const presenting = async (certificate: { key: string; cert: string; fingerprint: string }) => {
          const ports = { port: slapd.port, ldapsPort: slapd.ldapsPort }
          await slapd.stop()
          slapd = await startSlapd([PERSON], { certificate, ports })
        }
        const c = testCore()
        cleanups.push(() => c.dispose())
        await c.value('devices:add', {
          name: DC,
          kind: 'directory',
          product: 'openldap',
          host: '127.0.0.1',
          ...(security === 'ssl'
            ? { port: slapd.ldapsPort, useSsl: true }
            : { port: slapd.port, startTls: true }),
          adminDn: READER_DN,
          password: READER_PASSWORD,
          searchBase: PEOPLE
        })
        await addOfflineCallProcessor(c, 'CUCM West')
        await c.value('domains:add', {
          name: 'West',
          callProcessors: ['CUCM West'],
          rules: { syncAllUsers: true }
        })
        await c.value('ldap:set', { domain: 'West', changes: { directory: DC } })

        // First contact: the leaf, issued by a CA nobody here trusts, is offered for trust.
        expect(await c.value('devices:test', { name: DC })).toMatchObject({
          status: 'failure',
          reason: 'tls-untrusted',
          fingerprint: leaf.fingerprint
        })
        await c.value('devices:trust', { name: DC, fingerprint: leaf.fingerprint })
        expect(await c.value('devices:test', { name: DC })).toMatchObject({ status: 'success' })
        expect(await ldapSync(c, 'West')).toMatchObject({ status: 'succeeded' })

        // The server now sends its chain with the same leaf: the pin still holds.
        await presenting(withChain(leaf))
        expect(await c.value('devices:test', { name: DC })).toMatchObject({ status: 'success' })
        expect(await ldapSync(c, 'West')).toMatchObject({ status: 'succeeded' })

        // A renewed leaf from the same CA: refused, with both fingerprints and how to trust it.
        await presenting(withChain(renewed))
        const changed = await c.value('devices:test', { name: DC })
        expect(changed).toMatchObject({
          status: 'failure',
          reason: 'tls-changed',
          fingerprint: renewed.fingerprint
        })
        const endpoint = `127.0.0.1:${security === 'ssl' ? slapd.ldapsPort : slapd.port}`
        const explanation = [
          `The certificate of ${endpoint} changed: it now presents SHA-256 ${renewed.fingerprint} (subject CN=dc1.lab.example; issuer CN=Lab Root CA;`,
          `but ${leaf.fingerprint} is the trusted one.`,
          `trust it with: switchboard devices trust "${DC}" --fingerprint ${renewed.fingerprint} (in the app: Devices, select ${DC}, Test Connection, then Trust this certificate)`
        ]
        for (const words of explanation) expect(changed.message).toContain(words)
        const failed = await ldapSync(c, 'West')
        expect(failed.status).toBe('failed')
        for (const words of explanation) expect(failed.summary).toContain(words)

        // Trusting the renewed leaf as told, the server is reached again, leaf alone or with chain.
        await c.value('devices:trust', { name: DC, fingerprint: renewed.fingerprint })
        expect(await c.value('devices:test', { name: DC })).toMatchObject({ status: 'success' })
        await presenting(renewed)
        expect(await c.value('devices:test', { name: DC })).toMatchObject({ status: 'success' })
        expect(await ldapSync(c, 'West')).toMatchObject({ status: 'succeeded' })
      }
    )
  }
)
