// Issue 6: AD-only behaviour of directory synchronization against a real Samba AD domain controller
// on 127.0.0.1 — sAMAccountName and userPrincipalName as user ids, disabled accounts
// (userAccountControl bit 2) left out unless "Sync Inactive (Disabled) Users" (LDAP-12), and LDAPS
// with a pinned certificate; StartTLS on the plain port (issue 28).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunSummary } from '../../src-preload/contract'
import { DirectoryClient, DirectoryError, type DirectoryTarget } from '../../src-main/connectors/ldap/client'
import {
  AD_ADMIN,
  AD_ADMIN_PASSWORD,
  AD_OU,
  sambaUnavailable,
  startSambaDc,
  type AdUser,
  type RunningSambaDc
} from './helpers/samba'
import { testCore, type TestCore } from './helpers/core'
import { finishedRun } from './helpers/runs'

const unavailable = await sambaUnavailable()
const USERS: AdUser[] = Array.from({ length: 120 }, (_, k) => ({
  sam: `aduser${String(k + 1).padStart(4, '0')}`,
  givenName: k === 4 ? 'Åsa' : `Given${k + 1}`,
  sn: `Family${k + 1}`,
  department: k % 2 === 0 ? 'Sales' : 'Engineering',
  disabled: (k + 1) % 10 === 0
}))
const DISABLED = USERS.filter((u) => u.disabled).length

let dc: RunningSambaDc
let c: TestCore

async function ldapSync(domain: string): Promise<RunSummary> {
  const { runId } = await c.value('ldap:sync', { domain })
  return finishedRun(c, runId)
}

describe.skipIf(unavailable !== undefined)(
  `Active Directory synchronization against Samba AD${unavailable ? ` (skipped: ${unavailable})` : ''}`,
  () => {
    beforeAll(async () => {
      dc = await startSambaDc(USERS)
      c = testCore()
      await c.value('devices:add', {
        name: 'Samba AD',
        kind: 'directory',
        product: 'ad',
        host: '127.0.0.1',
        port: 636,
        useSsl: true,
        adminDn: AD_ADMIN,
        password: AD_ADMIN_PASSWORD,
        searchBase: AD_OU
      })
      await c.value('devices:trust', { name: 'Samba AD', fingerprint: dc.certificate.fingerprint })
      await c.value('devices:add', {
        name: 'CUCM AD',
        kind: 'call-processor',
        product: 'cucm',
        host: '127.0.0.1',
        port: 9,
        username: 'a',
        password: 'b'
      })
      await c.value('domains:add', {
        name: 'AD Domain',
        callProcessors: ['CUCM AD'],
        rules: { syncAllUsers: true }
      })
    }, 120_000)
    afterAll(async () => {
      await c?.dispose()
      await dc?.stop()
    })

    it('passes Test Connection over LDAPS with the pinned certificate', async () => {
      expect((await c.value('devices:test', { name: 'Samba AD' })).status).toBe('success')
    })

    it.for(['Administrator@lab.example', 'LAB\\Administrator'])(
      'binds as %s, as AD administrators write it (issue 25 item 10)',
      async (adminDn) => {
        const name = `Samba AD ${adminDn.includes('@') ? 'UPN' : 'down-level'}`
        await c.value('devices:add', {
          name,
          kind: 'directory',
          product: 'ad',
          host: '127.0.0.1',
          port: 636,
          useSsl: true,
          adminDn,
          password: AD_ADMIN_PASSWORD,
          searchBase: AD_OU
        })
        await c.value('devices:trust', { name, fingerprint: dc.certificate.fingerprint })
        expect(await c.value('devices:test', { name })).toMatchObject({ status: 'success' })
        await c.value('devices:edit', { name, changes: { password: 'wrong password' } })
        expect(await c.value('devices:test', { name })).toMatchObject({ status: 'failure' })
        await c.value('devices:delete', { name })
      }
    )

    it('binds and searches over StartTLS on port 389 with the pinned certificate, and not without it (issue 28)', async () => {
      const target: DirectoryTarget = {
        primary: {
          host: '127.0.0.1',
          port: 389,
          pin: { fingerprint: dc.certificate.fingerprint, anchorPem: dc.certificate.cert }
        },
        security: 'starttls',
        bindDn: AD_ADMIN,
        password: AD_ADMIN_PASSWORD,
        activeDirectory: true
      }
      const client = await DirectoryClient.connect(target)
      try {
        const entries = []
        for await (const page of client.search(AD_OU, '(sAMAccountName=aduser0005)', ['givenName']))
          entries.push(...page)
        expect(entries.map((e) => e.attributes.givenname)).toEqual([['Åsa']])
      } finally {
        await client.close()
      }
      const { pin: _pin, ...unpinned } = target.primary
      const refused = await DirectoryClient.connect({ ...target, primary: unpinned }).catch((e: unknown) => e)
      expect(refused).toBeInstanceOf(DirectoryError)
      expect((refused as DirectoryError).kind).toBe('tls')
    })

    it('identifies users by sAMAccountName and leaves disabled accounts out unless asked', async () => {
      const settings = await c.value('ldap:set', { domain: 'AD Domain', changes: { directory: 'Samba AD' } })
      expect(settings.mappings.userId).toBe('sAMAccountName')
      const run = await ldapSync('AD Domain')
      expect(run.status).toBe('succeeded')
      expect(run.summary).toMatch(new RegExp(`Read ${USERS.length - DISABLED} entries`))
      expect((await c.value('users:get', { userid: 'aduser0005' })).firstName).toBe('Åsa')
      await expect(c.value('users:get', { userid: 'aduser0010' })).rejects.toThrow(/no user/)

      await c.value('ldap:set', { domain: 'AD Domain', changes: { syncDisabledUsers: true } })
      const all = await ldapSync('AD Domain')
      expect(all.summary).toMatch(new RegExp(`Read ${USERS.length} entries: ${DISABLED} users created`))
    })

    it('maps the user id to userPrincipalName and filters with an advanced query on AD attributes', async () => {
      await c.value('domains:add', {
        name: 'UPN Domain',
        callProcessors: ['CUCM AD'],
        rules: { syncAllUsers: true }
      })
      await c.value('ldap:set', {
        domain: 'UPN Domain',
        changes: {
          directory: 'Samba AD',
          mappings: { userId: 'userPrincipalName' },
          filter: { kind: 'advanced', filter: '(&(department=Engineering)(sAMAccountName=aduser00*))' }
        }
      })
      const run = await ldapSync('UPN Domain')
      expect(run.status).toBe('succeeded')
      const users = (await c.value('users:list', { domain: 'UPN Domain', limit: 1000 })).users
      expect(users.length).toBeGreaterThan(0)
      expect(users.every((u) => u.userid.endsWith('@lab.example') && u.department === 'Engineering')).toBe(
        true
      )
    })
  }
)
