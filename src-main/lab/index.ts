import { randomBytes } from 'node:crypto'
import type { DeviceFields } from '../../src-preload/contract'
import { acceptedAxlVersions, startAxlServer } from './axl/server'
import { labCertificate } from './certificate'
import { startChangeFeed } from './changeFeed'
import { LabCluster } from './cluster'
import { startCupiServer } from './cupi/server'
import type { LabFaults } from './faults'
import { startDirectoryServer } from './ldap/server'

export interface LabOptions {
  /** End users per cluster. */
  users: number
  clusters: number
  seed: number
  faults: LabFaults
  /** Changes per minute the change feed applies to every cluster (0 or absent: none). */
  changesPerMinute?: number
  /** Password of every simulated server's administrator (default: random per start). */
  password?: string
}

/** One simulated server, described so a person or a script can add it as a device. */
export interface LabServer {
  kind: 'call-processor' | 'message-processor' | 'presence-processor' | 'directory'
  product: 'cucm' | 'unity-connection' | 'imp' | 'ad'
  name: string
  version: string
  url: string
  host: string
  port: number
  username: string
  password: string
  /** SHA-256 of the server's self-signed certificate (absent for plain LDAP). */
  fingerprint?: string
  /** IM and Presence: the Call Processor it belongs to. */
  callProcessor?: string
  /** Directory: bind DN and user search base. */
  adminDn?: string
  searchBase?: string
}

/** A lab server as Device Setup fields: what `devices:add` needs to register it. */
export function labDeviceFields(server: LabServer): DeviceFields {
  return {
    name: server.name,
    kind: server.kind,
    product: server.product,
    host: server.host,
    port: server.port,
    password: server.password,
    ...(server.kind === 'directory'
      ? { adminDn: server.adminDn, searchBase: server.searchBase }
      : { username: server.username }),
    ...(server.callProcessor ? { callProcessor: server.callProcessor } : {})
  }
}

export interface RunningLab {
  servers: LabServer[]
  clusters: LabCluster[]
  faults: LabFaults
  stop(): Promise<void>
}

export const IMP_VERSION = '15.0.1.10000-14'
export const CUC_VERSION = '15.0.1.10000-32'
/** IM and Presence "user settings" infrastructure served over its AXL endpoint. */
export const IMP_TYPES = ['PresenceGroup', 'ServiceProfile', 'UcService']

/**
 * Starts the demo lab on 127.0.0.1: per cluster a Unified CM (AXL), an IM and Presence node (AXL)
 * and a Unity Connection (CUPI), plus one Active Directory-like LDAP directory for the first cluster.
 */
export async function startLab(options: LabOptions): Promise<RunningLab> {
  if (!Number.isInteger(options.users) || options.users < 1 || options.users > 200_000) {
    throw new Error('users must be a whole number between 1 and 200000')
  }
  if (!Number.isInteger(options.clusters) || options.clusters < 1 || options.clusters > 10) {
    throw new Error('clusters must be a whole number between 1 and 10')
  }
  const password = options.password ?? randomBytes(12).toString('base64url')
  const servers: LabServer[] = []
  const closers: (() => Promise<void>)[] = []
  const clusters: LabCluster[] = []
  try {
    for (let c = 0; c < options.clusters; c++) {
      const suffix = String(c + 1)
      const cluster = new LabCluster({
        name: `CUCM${suffix}`,
        seed: options.seed + c * 1000,
        users: options.users
      })
      clusters.push(cluster)
      if (options.changesPerMinute) {
        const feed = startChangeFeed(cluster, { perMinute: options.changesPerMinute })
        closers.push(() => Promise.resolve(feed.stop()))
      }

      const cucmCert = await labCertificate(`cucm${suffix}-pub.lab.example.test`)
      const cucm = await startAxlServer({
        cluster,
        versions: acceptedAxlVersions(cluster.version),
        username: 'axladmin',
        password,
        ...cucmCert,
        faults: options.faults
      })
      closers.push(() => cucm.close())
      servers.push({
        kind: 'call-processor',
        product: 'cucm',
        name: `Lab CUCM ${suffix}`,
        version: cluster.version,
        url: cucm.url,
        host: '127.0.0.1',
        port: cucm.port,
        username: 'axladmin',
        password,
        fingerprint: cucmCert.fingerprint
      })

      const impCert = await labCertificate(`imp${suffix}.lab.example.test`)
      const imp = await startAxlServer({
        cluster,
        versions: acceptedAxlVersions(IMP_VERSION),
        username: 'axladmin',
        password,
        ...impCert,
        faults: options.faults,
        version: IMP_VERSION,
        types: IMP_TYPES
      })
      closers.push(() => imp.close())
      servers.push({
        kind: 'presence-processor',
        product: 'imp',
        name: `Lab IMP ${suffix}`,
        version: IMP_VERSION,
        url: imp.url,
        host: '127.0.0.1',
        port: imp.port,
        username: 'axladmin',
        password,
        fingerprint: impCert.fingerprint,
        callProcessor: `Lab CUCM ${suffix}`
      })

      const cucCert = await labCertificate(`cuc${suffix}.lab.example.test`)
      const cuc = await startCupiServer({
        cluster,
        username: 'cucadmin',
        password,
        ...cucCert,
        faults: options.faults,
        version: CUC_VERSION
      })
      closers.push(() => cuc.close())
      servers.push({
        kind: 'message-processor',
        product: 'unity-connection',
        name: `Lab Unity ${suffix}`,
        version: CUC_VERSION,
        url: cuc.url,
        host: '127.0.0.1',
        port: cuc.port,
        username: 'cucadmin',
        password,
        fingerprint: cucCert.fingerprint
      })
    }
    const bindDn = 'CN=svc-switchboard,OU=Service Accounts,DC=example,DC=test'
    const directory = await startDirectoryServer({ cluster: clusters[0], bindDn, password })
    closers.push(() => directory.close())
    servers.push({
      kind: 'directory',
      product: 'ad',
      name: 'Lab AD',
      version: 'Windows Server 2022 (simulated)',
      url: directory.url,
      host: '127.0.0.1',
      port: directory.port,
      username: bindDn,
      password,
      adminDn: bindDn,
      searchBase: directory.usersDn
    })
  } catch (error) {
    await Promise.all(closers.map((close) => close()))
    throw error
  }
  return {
    servers,
    clusters,
    faults: options.faults,
    stop: async () => {
      await Promise.all(closers.map((close) => close()))
    }
  }
}
