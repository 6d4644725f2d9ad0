import { randomBytes } from 'node:crypto'
import { acceptedAxlVersions, startAxlServer } from './axl/server'
import { labCertificate, type ServerCertificate } from './certificate'
import { startChangeFeed } from './changeFeed'
import { LabCluster } from './cluster'
import { startCupiServer } from './cupi/server'
import { emptyTally, type LabFaults, type LabTally } from './faults'
import { startDirectoryServer } from './ldap/server'
import type { Listening } from './listen'
import type { LabServer } from './servers'

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

export { labDeviceFields, type LabServer } from './servers'

export interface RunningLab {
  servers: LabServer[]
  clusters: LabCluster[]
  faults: LabFaults
  /** What the AXL and CUPI servers have been sent: requests, writes, writes throttled. */
  tally: LabTally
  /** Takes one server off the network, as when an appliance goes down; the others keep running. */
  stopServer(name: string): Promise<void>
  /**
   * Starts one server again on its port (stopping it first if it runs). With `renewCertificate` it
   * presents a fresh self-signed certificate, as after an appliance regenerated its certificate:
   * clients that pinned the old one must refuse it. Returns the server's description, updated.
   */
  restartServer(name: string, options?: { renewCertificate?: boolean }): Promise<LabServer>
  stop(): Promise<void>
}

export const IMP_VERSION = '15.0.1.10000-14'
export const CUC_VERSION = '15.0.1.10000-32'
/** IM and Presence "user settings" infrastructure served over its AXL endpoint. */
export const IMP_TYPES = ['PresenceGroup', 'ServiceProfile', 'UcService']

/** One server of the lab: how to (re)start it on a port, and how to stop it while it runs. */
interface ServerHandle {
  server: LabServer
  /** TLS servers: the name their certificate is issued to, and the certificate they present. */
  commonName?: string
  certificate?: ServerCertificate
  listen(port: number | undefined, certificate: ServerCertificate | undefined): Promise<RunningServer>
  running?: RunningServer
}

interface RunningServer extends Listening {
  url: string
}

async function startServer(handle: ServerHandle, port?: number): Promise<void> {
  handle.running = await handle.listen(port, handle.certificate)
}

async function stopServer(handle: ServerHandle): Promise<void> {
  const running = handle.running
  handle.running = undefined
  await running?.close()
}

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
  const tally = emptyTally()
  const password = options.password ?? randomBytes(12).toString('base64url')
  const handles: ServerHandle[] = []
  const closers: (() => Promise<void>)[] = []
  const clusters: LabCluster[] = []
  const stopAll = async (): Promise<void> => {
    await Promise.all([...closers.map((close) => close()), ...handles.map(stopServer)])
  }
  /**
   * Starts a server and fills in where it listens (127.0.0.1, a port chosen then and kept by restarts)
   * and, for a TLS server, its certificate's fingerprint.
   */
  const add = async (
    handle: Omit<ServerHandle, 'running' | 'server'> & { server: Omit<LabServer, 'url' | 'host' | 'port'> }
  ): Promise<void> => {
    const running = await handle.listen(undefined, handle.certificate)
    const { kind, product, name, version, ...account } = handle.server
    const server: LabServer = {
      kind,
      product,
      name,
      version,
      url: running.url,
      host: '127.0.0.1',
      port: running.port,
      ...account,
      ...(handle.certificate ? { fingerprint: handle.certificate.fingerprint } : {})
    }
    handles.push({ ...handle, server, running })
  }
  /** The same for a TLS server, with a certificate issued to `commonName`. */
  const addTls = async (
    commonName: string,
    listen: ServerHandle['listen'],
    server: Parameters<typeof add>[0]['server']
  ): Promise<void> => add({ commonName, certificate: await labCertificate(commonName), listen, server })
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
      /** An AXL endpoint on the cluster's data: Unified CM's serves every type, IM and Presence's `types`. */
      const axlEndpoint =
        (version: string, types?: string[]): ServerHandle['listen'] =>
        (port, certificate) =>
          startAxlServer({
            cluster,
            versions: acceptedAxlVersions(version),
            username: 'axladmin',
            password,
            ...tlsOf(certificate),
            faults: options.faults,
            tally,
            version,
            types,
            port
          })

      await addTls(`cucm${suffix}-pub.lab.example.test`, axlEndpoint(cluster.version), {
        kind: 'call-processor',
        product: 'cucm',
        name: `Lab CUCM ${suffix}`,
        version: cluster.version,
        username: 'axladmin',
        password
      })

      await addTls(`imp${suffix}.lab.example.test`, axlEndpoint(IMP_VERSION, IMP_TYPES), {
        kind: 'presence-processor',
        product: 'imp',
        name: `Lab IMP ${suffix}`,
        version: IMP_VERSION,
        username: 'axladmin',
        password,
        callProcessor: `Lab CUCM ${suffix}`
      })

      await addTls(
        `cuc${suffix}.lab.example.test`,
        (port, certificate) =>
          startCupiServer({
            cluster,
            username: 'cucadmin',
            password,
            ...tlsOf(certificate),
            faults: options.faults,
            tally,
            version: CUC_VERSION,
            port
          }),
        {
          kind: 'message-processor',
          product: 'unity-connection',
          name: `Lab Unity ${suffix}`,
          version: CUC_VERSION,
          username: 'cucadmin',
          password,
          callProcessor: `Lab CUCM ${suffix}`
        }
      )
    }
    const bindDn = 'CN=svc-switchboard,OU=Service Accounts,DC=example,DC=test'
    let usersDn = ''
    await add({
      listen: async (port) => {
        const directory = await startDirectoryServer({ cluster: clusters[0], bindDn, password, port })
        usersDn = directory.usersDn
        return directory
      },
      server: {
        kind: 'directory',
        product: 'ad',
        name: 'Lab AD',
        version: 'Windows Server 2022 (simulated)',
        username: bindDn,
        password,
        adminDn: bindDn
      }
    })
    const directory = handles[handles.length - 1].server
    directory.searchBase = usersDn
  } catch (error) {
    await stopAll()
    throw error
  }
  const handleOf = (name: string): ServerHandle => {
    const handle = handles.find((h) => h.server.name === name)
    if (!handle) throw new Error(`The lab has no server named "${name}".`)
    return handle
  }
  return {
    servers: handles.map((h) => h.server),
    clusters,
    faults: options.faults,
    tally,
    stopServer: (name) => stopServer(handleOf(name)),
    restartServer: async (name, restart = {}) => {
      const handle = handleOf(name)
      await stopServer(handle)
      if (restart.renewCertificate && handle.commonName) {
        handle.certificate = await labCertificate(handle.commonName)
        handle.server.fingerprint = handle.certificate.fingerprint
      }
      await startServer(handle, handle.server.port)
      return handle.server
    },
    stop: stopAll
  }
}

function tlsOf(certificate: ServerCertificate | undefined): { key: string; cert: string } {
  if (!certificate) throw new Error('This lab server needs a certificate.')
  return { key: certificate.key, cert: certificate.cert }
}
