// The lab's Active Directory-like LDAP server (issue 3 §5): bind, filters, paging, AD's page cap.
import {
  Client,
  InvalidCredentialsError,
  NoSuchObjectError,
  OperationsError,
  SizeLimitExceededError
} from 'ldapts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LabCluster } from '../../src-main/lab/cluster'
import { LabDirectory } from '../../src-main/lab/ldap/directory'
import { startDirectoryServer, type RunningDirectoryServer } from '../../src-main/lab/ldap/server'

const bindDn = 'CN=svc-switchboard,OU=Service Accounts,DC=example,DC=test'
const cluster = new LabCluster({ name: 'CUCM1', seed: 8, users: 1200 })
let server: RunningDirectoryServer
let client: Client

beforeAll(async () => {
  server = await startDirectoryServer({ cluster, bindDn, password: 'pw' })
  client = new Client({ url: server.url, timeout: 10_000 })
  await client.bind(bindDn, 'pw')
})
afterAll(async () => {
  await client.unbind()
  await server.close()
})

const directory = new LabDirectory(cluster, 'DC=example,DC=test', bindDn)
const userCount = directory.userIndexes().length

describe('AD-like lab directory', () => {
  it('refuses a wrong password and an unauthenticated search', async () => {
    const other = new Client({ url: server.url })
    await expect(other.bind(bindDn, 'wrong')).rejects.toBeInstanceOf(InvalidCredentialsError)
    await expect(other.search(server.usersDn, { filter: '(objectClass=user)' })).rejects.toBeInstanceOf(
      OperationsError
    )
    await other.unbind()
  })

  it('pages every user with the paged results control, at most 1,000 per page', async () => {
    let total = 0
    let pages = 0
    for await (const page of client.searchPaginated(server.usersDn, {
      scope: 'sub',
      filter: '(objectClass=user)',
      attributes: ['sAMAccountName'],
      paged: { pageSize: 5000 }
    })) {
      expect(page.searchEntries.length).toBeLessThanOrEqual(1000)
      total += page.searchEntries.length
      pages++
    }
    expect(total).toBe(userCount)
    expect(pages).toBe(Math.ceil(userCount / 1000))
  })

  it('stops an unpaged search at 1,000 entries with sizeLimitExceeded, as AD does', async () => {
    const fresh = new Client({ url: server.url })
    await fresh.bind(bindDn, 'pw')
    await expect(
      fresh.search(server.usersDn, { scope: 'sub', filter: '(objectClass=user)', attributes: ['cn'] })
    ).rejects.toBeInstanceOf(SizeLimitExceededError)
    await fresh.unbind()
  })

  it('evaluates filters including the userAccountControl bit rule for disabled accounts', async () => {
    const disabled = [...Array(cluster.users).keys()].filter(
      (i) => directory.hasAccount(i) && directory.disabled(i)
    ).length
    expect(disabled).toBeGreaterThan(0)
    const { searchEntries } = await client.search(server.usersDn, {
      filter: '(userAccountControl:1.2.840.113556.1.4.803:=2)',
      attributes: ['sAMAccountName'],
      paged: true
    })
    expect(searchEntries).toHaveLength(disabled)
    const one = cluster.userid(5)
    const found = await client.search(server.usersDn, {
      filter: `(&(objectClass=user)(sAMAccountName=${one}))`,
      attributes: ['mail', 'ipPhone', 'userPrincipalName']
    })
    if (directory.hasAccount(5)) {
      expect(found.searchEntries[0]).toMatchObject({
        mail: `${one}@example.test`,
        ipPhone: cluster.linePattern(5),
        userPrincipalName: `${one}@example.test`
      })
    } else expect(found.searchEntries).toHaveLength(0)
    const prefix = await client.search(server.usersDn, {
      filter: '(sAMAccountName=dironly*)',
      attributes: ['cn']
    })
    expect(prefix.searchEntries.length).toBe(directory.extraUsers)
  })

  it('holds DNs that need escaping and non-ASCII names', async () => {
    const { searchEntries } = await client.search(server.usersDn, {
      filter: '(sn=Smith)',
      attributes: ['cn', 'displayName']
    })
    expect(searchEntries.length).toBeGreaterThan(0)
    // ldapjs writes the escaped comma in hex form (\2c), which is equivalent to "\," in RFC 4514.
    expect(searchEntries[0].dn).toMatch(/^CN=Smith(\\,|\\2c) Jane \d+,OU=Staff/i)
    const nordic = await client.search(server.usersDn, { filter: '(givenName=Åsa)', attributes: ['sn'] })
    expect(nordic.searchEntries[0]).toMatchObject({ sn: 'Østergaard' })
  })

  it('answers noSuchObject for a base that does not exist, and base-scope reads of the search base', async () => {
    await expect(client.search('OU=Nowhere,DC=example,DC=test', { scope: 'base' })).rejects.toBeInstanceOf(
      NoSuchObjectError
    )
    const base = await client.search(server.usersDn, { scope: 'base', filter: '(objectClass=*)' })
    expect(base.searchEntries).toHaveLength(1)
  })
})
