import { Client, InvalidCredentialsError, NoSuchObjectError } from 'ldapts'
import { ProbeFailure } from '../common/failure'
import { tlsOptions, type Pin } from '../common/tls'

export interface LdapProbeTarget {
  host: string
  port: number
  useSsl: boolean
  bindDn: string
  password: string
  searchBase: string
  pin?: Pin
  timeoutMs?: number
}

/**
 * Test Connection for a directory: a bind alone proves little (many servers accept it for any DN
 * with an empty password), so the probe also reads the search base itself with a base-scope search.
 */
export async function probeLdap(target: LdapProbeTarget): Promise<void> {
  const timeout = target.timeoutMs ?? 15_000
  const url = `${target.useSsl ? 'ldaps' : 'ldap'}://${target.host.includes(':') ? `[${target.host}]` : target.host}:${target.port}`
  const client = new Client({
    url,
    timeout,
    connectTimeout: timeout,
    strictDN: false,
    ...(target.useSsl ? { tlsOptions: tlsOptions(target.host, target.pin) } : {})
  })
  try {
    try {
      await client.bind(target.bindDn, target.password)
    } catch (error) {
      if (error instanceof InvalidCredentialsError) {
        throw new ProbeFailure(
          'auth',
          `${url} rejected the bind as "${target.bindDn}": invalid credentials (LDAP result 49).`
        )
      }
      throw error
    }
    try {
      await client.search(target.searchBase, {
        scope: 'base',
        filter: '(objectClass=*)',
        attributes: ['objectClass']
      })
    } catch (error) {
      if (error instanceof NoSuchObjectError) {
        throw new ProbeFailure(
          'search-base',
          `The user search base "${target.searchBase}" does not exist on ${url} (LDAP result 32, no such object), or the bind account cannot see it.`
        )
      }
      throw error
    }
  } finally {
    await client.unbind().catch(() => undefined)
  }
}
