// What the lab's servers look like from outside, apart from the servers themselves: a host (the demo)
// can describe and register them without loading the lab until it starts it.
import type { DeviceFields } from '../../src-preload/contract'

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
  /** IM and Presence: the Call Processor it belongs to; Unity Connection: the one whose lines it serves. */
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
