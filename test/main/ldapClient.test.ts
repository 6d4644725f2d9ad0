// Issue 6: the LDAP client against a real OpenLDAP slapd on 127.0.0.1 — paging past the server's
// 500-entry soft limit, LDAPS with a pinned certificate, failover, escaping of values built from
// input (non-ASCII, DN specials, injection-like text), cancellation, and every entry read as ldapts,
// the client's former reader, reads it.
import { Client } from 'ldapts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { escapeFilterValue } from '../../src-preload/rules/ldapFilter'
import { DirectoryClient, DirectoryError, type DirectoryTarget } from '../../src-main/connectors/ldap/client'
import { CancelledError } from '../../src-main/connectors/common/retry'
import { directoryEntryOf } from './helpers/ldapMessages'
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
const PEOPLE_COUNT = 1_200

const special: LdapPerson[] = [
  { uid: 'zoe.nunez', givenName: 'Zoë', sn: 'Núñez', mail: 'zoe@lab.example', title: 'Ingeniera' },
  { uid: 'smith, john', givenName: 'John', sn: 'Smith', cn: 'Smith, John (Sales)', title: 'Sales*Lead' },
  { uid: 'multi', givenName: 'Multi', sn: 'Phone', telephoneNumber: ['+1 408 555 0100', '+1 408 555 0101'] },
  { uid: 'inject', givenName: 'Eve', sn: '*)(uid=*', title: '*)(|(uid=*' }
]

let slapd: RunningSlapd
const target = (): DirectoryTarget => ({
  primary: { host: '127.0.0.1', port: slapd.port },
  security: 'none',
  bindDn: READER_DN,
  password: READER_PASSWORD,
  activeDirectory: false
})

describe.skipIf(unavailable !== undefined)(
  `LDAP client against real slapd${unavailable ? ` (skipped: ${unavailable})` : ''}`,
  () => {
    beforeAll(async () => {
      const people: LdapPerson[] = [...special]
      for (let i = 1; i <= PEOPLE_COUNT; i++)
        people.push({
          uid: `user${String(i).padStart(5, '0')}`,
          givenName: `Given${i}`,
          sn: `Family${i % 97}`,
          mail: `user${i}@lab.example`,
          departmentNumber: i % 3 === 0 ? 'Sales' : 'Engineering',
          employeeNumber: String(100000 + i)
        })
      slapd = await startSlapd(people)
    }, 60_000)
    afterAll(async () => {
      await slapd?.stop()
    })

    async function all(client: DirectoryClient, filter: string, pageSize?: number) {
      const entries = []
      for await (const page of client.search(
        PEOPLE,
        filter,
        ['uid', 'cn', 'sn', 'givenName', 'mail', 'telephoneNumber', 'title'],
        { pageSize }
      ))
        entries.push(...page)
      return entries
    }

    it('pages past the 500-entry limit that an unpaged search would hit', async () => {
      const client = await DirectoryClient.connect(target())
      try {
        const entries = await all(client, '(objectClass=inetOrgPerson)', 250)
        expect(entries).toHaveLength(PEOPLE_COUNT + special.length)
      } finally {
        await client.close()
      }
    })

    it('reads non-ASCII values, escaped DNs and multi-valued attributes, and escapes input it searches with', async () => {
      const client = await DirectoryClient.connect(target())
      try {
        const [zoe] = await all(client, `(sn=${escapeFilterValue('Núñez')})`)
        expect(zoe.attributes.givenname).toEqual(['Zoë'])
        const [smith] = await all(client, `(uid=${escapeFilterValue('smith, john')})`)
        expect(smith.dn).toMatch(/^uid=smith(\\,|\\2C) john,ou=people/i) // RFC 4514 allows either escape
        expect(smith.attributes.cn).toEqual(['Smith, John (Sales)'])
        expect((await all(client, '(uid=multi)'))[0].attributes.telephonenumber).toHaveLength(2)
        // Injection-like input matches only itself once escaped.
        const injected = await all(client, `(sn=${escapeFilterValue('*)(uid=*')})`)
        expect(injected.map((e) => e.attributes.uid[0])).toEqual(['inject'])
        expect(await all(client, `(title=${escapeFilterValue('Sales*Lead')})`)).toHaveLength(1)
        expect(await all(client, `(title=${escapeFilterValue('Sales')}*)`)).toHaveLength(1)
      } finally {
        await client.close()
      }
    })

    it('reads every entry as ldapts reads it, binary values included', async () => {
      const photo = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46])
      slapd.modify(
        `dn: uid=multi,${PEOPLE}\nchangetype: modify\nadd: jpegPhoto\njpegPhoto:: ${photo.toString('base64')}\n`
      )
      const filter = '(objectClass=inetOrgPerson)'
      const attributes = ['uid', 'cn', 'sn', 'givenName', 'mail', 'telephoneNumber', 'title', 'jpegPhoto']
      const client = await DirectoryClient.connect(target())
      const ours = []
      for await (const page of client.search(PEOPLE, filter, attributes, {
        pageSize: 250,
        binaryAttributes: ['jpegPhoto']
      }))
        ours.push(...page)
      await client.close()
      const reference = new Client({ url: slapd.url })
      await reference.bind(READER_DN, READER_PASSWORD)
      const theirs = []
      for await (const page of reference.searchPaginated(PEOPLE, {
        scope: 'sub',
        filter,
        attributes,
        paged: { pageSize: 250 },
        explicitBufferAttributes: ['jpegPhoto']
      }))
        theirs.push(...page.searchEntries.map((e) => directoryEntryOf(e, new Set(['jpegphoto']))))
      await reference.unbind()
      expect(ours).toHaveLength(PEOPLE_COUNT + special.length)
      expect(ours).toEqual(theirs)
      expect(ours.find((e) => e.attributes.uid[0] === 'multi')?.attributes.jpegphoto).toEqual([
        photo.toString('hex')
      ])
    })

    it('connects over LDAPS only to the pinned certificate', async () => {
      const client = await DirectoryClient.connect({
        ...target(),
        security: 'ssl',
        primary: {
          host: '127.0.0.1',
          port: slapd.ldapsPort,
          pin: { fingerprint: slapd.certificate.fingerprint, anchorPem: slapd.certificate.cert }
        }
      })
      expect((await all(client, '(uid=user00001)'))[0].attributes.mail).toEqual(['user1@lab.example'])
      await client.close()
      // Without a pin the self-signed certificate is refused (verification is never turned off).
      await expect(
        DirectoryClient.connect({
          ...target(),
          security: 'ssl',
          primary: { host: '127.0.0.1', port: slapd.ldapsPort }
        })
      ).rejects.toThrow(/self[- ]signed|certificate/i)
    })

    it('fails over to the backup server when the primary is unreachable, but not after a refused bind', async () => {
      const client = await DirectoryClient.connect({
        ...target(),
        primary: { host: '127.0.0.1', port: 1 },
        backup: { host: '127.0.0.1', port: slapd.port }
      })
      expect(client.url).toBe(slapd.url)
      await client.close()
      const refused = await DirectoryClient.connect({
        ...target(),
        password: 'wrong',
        backup: { host: '127.0.0.1', port: slapd.port }
      }).catch((e: unknown) => e)
      expect(refused).toBeInstanceOf(DirectoryError)
      expect((refused as DirectoryError).kind).toBe('auth')
    })

    it('reports a missing search base, and stops between pages when cancelled', async () => {
      const client = await DirectoryClient.connect(target())
      try {
        const missing = client.search('ou=nowhere,dc=lab,dc=example', '(objectClass=*)', ['uid'])
        await expect(missing.next()).rejects.toThrow(/does not exist/)
        const controller = new AbortController()
        let pages = 0
        const cancelled = (async () => {
          for await (const _page of client.search(PEOPLE, '(objectClass=inetOrgPerson)', ['uid'], {
            pageSize: 100,
            signal: controller.signal
          })) {
            pages += 1
            if (pages === 2) controller.abort()
          }
        })()
        await expect(cancelled).rejects.toBeInstanceOf(CancelledError)
        expect(pages).toBe(2)
      } finally {
        await client.close()
      }
    })
  }
)
