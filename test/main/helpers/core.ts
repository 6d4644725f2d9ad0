import { rmSync } from 'node:fs'
import type { RequestChannel } from '../../../src-preload/contract/channels'
import type { Output } from '../../../src-preload/contract'
import { createCore, type Core, type CoreOptions } from '../../../src-main/core'
import type { HttpsTarget } from '../../../src-main/connectors/common/http'
import { endpointKey } from '../../../src-main/connectors/common/tls'
import { labDeviceFields, type LabServer } from '../../../src-main/lab'
import { tempDir } from './tempDirs'

export { tempDir }

export interface TestCore extends Core {
  /** Dispatches and returns the value, failing the test with the error message otherwise. */
  value<C extends RequestChannel>(channel: C, input: unknown): Promise<Output<C>>
  dispose(): Promise<void>
}

export function testCore(dataDir = tempDir(), options: Partial<CoreOptions> = {}): TestCore {
  const core = createCore({ dataDir, host: 'cli', ...options })
  return {
    ...core,
    async value(channel, input) {
      const result = await core.dispatch(channel, input, { origin: 'test' })
      if (!result.ok) throw new Error(`${channel} failed: ${result.error.code} ${result.error.message}`)
      return result.value
    },
    async dispose() {
      await core.close()
      rmSync(dataDir, { recursive: true, force: true })
    }
  }
}

/** Adds a lab server as a device under its lab name and trusts its certificate, as an admin would. */
export async function addTrustedLabDevice(core: TestCore, server: LabServer): Promise<void> {
  await core.value('devices:add', labDeviceFields(server))
  if (server.fingerprint)
    await core.value('devices:trust', { name: server.name, fingerprint: server.fingerprint })
}

/**
 * How to reach a lab device the Core has trusted, with the certificate it pinned: for tests that look
 * at the device itself rather than through the inventory.
 */
export function trustedLabTarget(core: Pick<Core, 'store'>, server: LabServer): HttpsTarget {
  const row = core.store.devices.byName(server.name)
  if (!row) throw new Error(`${server.name} is not a device of this Core`)
  const pin = core.store.pinnedCertificates.get(row.id, endpointKey(server.host, server.port))
  if (!pin) throw new Error(`${server.name} has no pinned certificate`)
  return {
    host: server.host,
    port: server.port,
    username: server.username,
    password: server.password,
    pin: { fingerprint: pin.fingerprint, anchorPem: pin.anchor_pem }
  }
}

/** A Call Processor on a port where nothing listens: domains can name it, it is never contacted. */
export async function addOfflineCallProcessor(
  core: { value(channel: 'devices:add', input: unknown): Promise<unknown> },
  name: string
): Promise<void> {
  await core.value('devices:add', {
    name,
    kind: 'call-processor',
    product: 'cucm',
    host: '127.0.0.1',
    port: 9,
    username: 'axl',
    password: 'unused'
  })
}

/** An OpenLDAP directory on a port where nothing listens: LDAP planning can name it, it is never contacted. */
export async function addOfflineDirectory(
  core: { value(channel: 'devices:add', input: unknown): Promise<unknown> },
  name: string
): Promise<void> {
  await core.value('devices:add', {
    name,
    kind: 'directory',
    product: 'openldap',
    host: '127.0.0.1',
    port: 9,
    useSsl: false,
    adminDn: 'cn=reader,dc=lab,dc=example',
    password: 'unused',
    searchBase: 'ou=people,dc=lab,dc=example'
  })
}
