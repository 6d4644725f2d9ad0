// DEV-04, DEV-07, DEV-10..14, DEV-20: Test Connection with each product's real protocol, TLS always
// verified, trust on first use for self-signed certificates, a changed certificate fails loudly.
import { afterEach, describe, expect, it } from 'vitest'
import { closedPort } from './helpers/net'
import { selfSignedCertificate } from './helpers/certificates'
import { testCore, type TestCore } from './helpers/core'
import { startAxlServer, startCupiServer, startLdapServer, type RunningServer } from './helpers/servers'

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

function track<T extends RunningServer>(server: T): T {
  cleanups.push(() => server.close())
  return server
}

function core(): TestCore {
  const c = testCore()
  cleanups.push(() => c.dispose())
  return c
}

/** An AXL endpoint with a fresh self-signed certificate, registered as a device whose certificate is trusted. */
async function trustedCallProcessor(
  c: TestCore,
  options: {
    name?: string
    acceptedVersions?: string[]
    version?: string
    serverPassword?: string
    devicePassword?: string
  }
) {
  const certificate = await selfSignedCertificate()
  const axl = track(
    await startAxlServer({
      ...certificate,
      acceptedVersions: options.acceptedVersions ?? ['15.0'],
      version: options.version ?? '15.0.1',
      username: 'axladmin',
      password: options.serverPassword ?? 'p'
    })
  )
  const name = options.name ?? 'CUCM'
  await c.value('devices:add', {
    name,
    kind: 'call-processor',
    product: 'cucm',
    host: '127.0.0.1',
    port: axl.port,
    username: 'axladmin',
    password: options.devicePassword ?? 'p'
  })
  await c.value('devices:trust', { name, fingerprint: certificate.fingerprint })
  return { certificate, axl, name }
}

describe('Call Processor (AXL getCCMVersion)', () => {
  it('fails on an untrusted self-signed certificate with its fingerprint, succeeds once trusted, detects the version', async () => {
    const certificate = await selfSignedCertificate()
    const axl = track(
      await startAxlServer({
        ...certificate,
        acceptedVersions: ['14.0', '12.5'],
        version: '14.0.1.13900-155',
        username: 'axladmin',
        password: 'Secr3t!'
      })
    )
    const c = core()
    await c.value('devices:add', {
      name: 'CUCM-Pub',
      kind: 'call-processor',
      product: 'cucm',
      host: '127.0.0.1',
      port: axl.port,
      username: 'axladmin',
      password: 'Secr3t!'
    })

    const first = await c.value('devices:test', { name: 'CUCM-Pub' })
    expect(first.status).toBe('failure')
    expect(first.reason).toBe('tls-untrusted')
    expect(first.fingerprint).toBe(certificate.fingerprint)
    expect(first.message).toContain(certificate.fingerprint)
    expect(axl.requests).toHaveLength(0) // no credentials were sent over the unverified connection

    const wrong = await c.dispatch(
      'devices:trust',
      { name: 'CUCM-Pub', fingerprint: 'AA'.repeat(32) },
      { origin: 'test' }
    )
    expect(wrong.ok).toBe(false)
    if (!wrong.ok) expect(wrong.error.field).toBe('fingerprint')

    const pinned = await c.value('devices:trust', {
      name: 'CUCM-Pub',
      fingerprint: certificate.fingerprint.toLowerCase()
    })
    expect(pinned.fingerprint).toBe(certificate.fingerprint)

    const second = await c.value('devices:test', { name: 'CUCM-Pub' })
    expect(second).toMatchObject({ status: 'success', version: '14.0.1.13900-155' })
    // Newest schema first, then fall back after HTTP 599.
    expect(axl.requests.map((r) => r.soapAction)).toEqual([
      '"CUCM:DB ver=15.0 getCCMVersion"',
      '"CUCM:DB ver=14.0 getCCMVersion"'
    ])
    const device = await c.value('devices:get', { name: 'CUCM-Pub' })
    expect(device.version).toBe('14.0.1.13900-155')
    expect(device.lastTest.status).toBe('success')
  })

  it('fails loudly when a pinned certificate changes, and sends nothing to the impostor', async () => {
    const original = await selfSignedCertificate()
    const c = core()
    const first = await startAxlServer({
      ...original,
      acceptedVersions: ['15.0'],
      version: '15.0.1.10000-1',
      username: 'u',
      password: 'p'
    })
    await c.value('devices:add', {
      name: 'CUCM',
      kind: 'call-processor',
      product: 'cucm',
      host: '127.0.0.1',
      port: first.port,
      username: 'u',
      password: 'p'
    })
    await c.value('devices:trust', { name: 'CUCM', fingerprint: original.fingerprint })
    expect((await c.value('devices:test', { name: 'CUCM' })).status).toBe('success')
    await first.close()

    const replacement = await selfSignedCertificate()
    const impostor = track(
      await startAxlServer({
        ...replacement,
        port: first.port,
        acceptedVersions: ['15.0'],
        version: '15.0.1.10000-1',
        username: 'u',
        password: 'p'
      })
    )
    const changed = await c.value('devices:test', { name: 'CUCM' })
    expect(changed).toMatchObject({
      status: 'failure',
      reason: 'tls-changed',
      fingerprint: replacement.fingerprint
    })
    expect(changed.message).toContain(original.fingerprint)
    expect(impostor.requests).toHaveLength(0)
  })

  it('drops a pin when the device moves to another endpoint', async () => {
    const c = core()
    await trustedCallProcessor(c, {})
    expect((await c.value('devices:get', { name: 'CUCM' })).pinnedCertificates).toHaveLength(1)
    await c.value('devices:edit', { name: 'CUCM', changes: { host: 'localhost' } })
    expect((await c.value('devices:get', { name: 'CUCM' })).pinnedCertificates).toHaveLength(0)
  })

  it('reports bad AXL credentials as an authentication failure', async () => {
    const c = core()
    await trustedCallProcessor(c, { serverPassword: 'right', devicePassword: 'wrong' })
    const result = await c.value('devices:test', { name: 'CUCM' })
    expect(result).toMatchObject({ status: 'failure', reason: 'auth' })
    expect(result.message).toContain('HTTP 401')
  })

  it('reports an unsupported release when every schema version gets HTTP 599', async () => {
    const c = core()
    await trustedCallProcessor(c, { name: 'Old CUCM', acceptedVersions: ['9.1'], version: '9.1' })
    expect(await c.value('devices:test', { name: 'Old CUCM' })).toMatchObject({
      status: 'failure',
      reason: 'version'
    })
  })

  it('reports a refused connection on a closed port', async () => {
    const c = core()
    const port = await closedPort()
    await c.value('devices:add', {
      name: 'CUCM',
      kind: 'call-processor',
      product: 'cucm',
      host: '127.0.0.1',
      port,
      username: 'u',
      password: 'p'
    })
    const result = await c.value('devices:test', { name: 'CUCM' })
    expect(result).toMatchObject({ status: 'failure', reason: 'refused' })
    expect(result.message).toContain(`127.0.0.1:${port}`)
  })

  it('reports a DNS failure for a host name that does not resolve', async () => {
    const c = core()
    await c.value('devices:add', {
      name: 'CUCM',
      kind: 'call-processor',
      product: 'cucm',
      host: 'cucm.invalid',
      username: 'u',
      password: 'p'
    })
    expect(await c.value('devices:test', { name: 'CUCM' })).toMatchObject({
      status: 'failure',
      reason: 'dns'
    })
  })
})

describe('Unified Message Processor (CUPI)', () => {
  it('reads the product version and a page of users', async () => {
    const certificate = await selfSignedCertificate('cuc.example.test')
    const cupi = track(
      await startCupiServer({
        ...certificate,
        username: 'cucadmin',
        password: 'pw',
        version: '15.0.1.10000-32',
        users: 42
      })
    )
    const c = core()
    await c.value('devices:add', {
      name: 'CUC',
      kind: 'message-processor',
      product: 'unity-connection',
      host: '127.0.0.1',
      port: cupi.port,
      username: 'cucadmin',
      password: 'pw',
      osUsername: 'platform',
      osPassword: 'ospw'
    })
    await c.value('devices:trust', { name: 'CUC', fingerprint: certificate.fingerprint })
    const result = await c.value('devices:test', { name: 'CUC' })
    expect(result).toMatchObject({ status: 'success', version: '15.0.1.10000-32' })
  })
})

describe('Directory server (LDAP bind + base-scope search)', () => {
  const bindDn = 'cn=admin,dc=example,dc=com'

  async function directory(c: TestCore, port: number, extra: Record<string, unknown> = {}): Promise<void> {
    await c.value('devices:add', {
      name: 'Corp LDAP',
      kind: 'directory',
      product: 'openldap',
      host: '127.0.0.1',
      port,
      adminDn: bindDn,
      password: 'pw',
      searchBase: 'ou=people,dc=example,dc=com',
      ...extra
    })
  }

  it('succeeds when the bind works and the search base exists', async () => {
    const server = track(
      await startLdapServer({ bindDn, password: 'pw', entries: ['ou=people,dc=example,dc=com'] })
    )
    const c = core()
    await directory(c, server.port)
    const result = await c.value('devices:test', { name: 'Corp LDAP' })
    expect(result).toMatchObject({ status: 'success' })
    // Issue 28: plain LDAP is a choice Test Connection does not let pass in silence.
    expect(result.message).toMatch(
      /the bind password is sent in clear text\. Choose StartTLS or SSL \(LDAPS\)\.$/
    )
  })

  it('fails with the search-base reason when the base does not exist (a bind alone is not enough)', async () => {
    const server = track(
      await startLdapServer({ bindDn, password: 'pw', entries: ['ou=staff,dc=example,dc=com'] })
    )
    const c = core()
    await directory(c, server.port)
    const result = await c.value('devices:test', { name: 'Corp LDAP' })
    expect(result).toMatchObject({ status: 'failure', reason: 'search-base' })
    expect(result.message).toContain('ou=people,dc=example,dc=com')
  })

  it('fails with the auth reason on invalid credentials', async () => {
    const server = track(
      await startLdapServer({ bindDn, password: 'other', entries: ['ou=people,dc=example,dc=com'] })
    )
    const c = core()
    await directory(c, server.port)
    expect(await c.value('devices:test', { name: 'Corp LDAP' })).toMatchObject({
      status: 'failure',
      reason: 'auth'
    })
  })

  it('fails over to the backup server when the primary is unreachable', async () => {
    const server = track(
      await startLdapServer({ bindDn, password: 'pw', entries: ['ou=people,dc=example,dc=com'] })
    )
    const c = core()
    await directory(c, await closedPort(), { backupHost: '127.0.0.1', backupPort: server.port })
    const result = await c.value('devices:test', { name: 'Corp LDAP' })
    expect(result.status).toBe('success')
    expect(result.endpoint).toBe(`127.0.0.1:${server.port}`)
    expect(result.message).toContain('backup server')
  })
})
