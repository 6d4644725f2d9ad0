import { InsufficientAccessError, NoSuchObjectError, ResultCodeError } from 'ldapts'
import type { ConnectionSecurity } from '../../../src-preload/contract'
import { ProbeFailure } from '../common/failure'
import type { Pin } from '../common/tls'
import { describeBindRefusal, describeLdapError } from './client'
import { LdapConnection, LdapRequestError } from './connection'
import { DIRECTORY_LIMITS, DirectoryLimitError } from './limits'
import { MalformedReplyError } from './replies'

export interface LdapProbeTarget {
  host: string
  port: number
  security: ConnectionSecurity
  bindDn: string
  password: string
  searchBase: string
  pin?: Pin
  timeoutMs?: number
}

/**
 * Test Connection for a directory: a bind alone proves little (many servers accept it for any DN
 * with an empty password), so the probe also reads the search base itself with a base-scope search.
 * It uses the synchronization's own connection: the same StartTLS, limits and deadlines.
 */
export async function probeLdap(target: LdapProbeTarget): Promise<void> {
  const host = target.host.includes(':') ? `[${target.host}]` : target.host
  const url = `${target.security === 'ssl' ? 'ldaps' : 'ldap'}://${host}:${target.port}`
  const timeoutMs = target.timeoutMs ?? DIRECTORY_LIMITS.idleMs
  let connection: LdapConnection | undefined
  try {
    connection = await LdapConnection.open({
      host: target.host,
      port: target.port,
      security: target.security,
      ...(target.pin ? { pin: target.pin } : {}),
      limits: { ...DIRECTORY_LIMITS, idleMs: timeoutMs }
    })
    try {
      await connection.bind(target.bindDn, target.password)
    } catch (error) {
      if (!(error instanceof ResultCodeError)) throw error
      throw new ProbeFailure(
        'auth',
        `${url} rejected the bind as "${target.bindDn}": ${describeBindRefusal(error)}.`
      )
    }
    try {
      await connection.readBase(target.searchBase)
    } catch (error) {
      if (error instanceof NoSuchObjectError) {
        throw new ProbeFailure(
          'search-base',
          `The user search base "${target.searchBase}" does not exist on ${url} (LDAP result 32, no such object), or the bind account cannot see it.`
        )
      }
      if (error instanceof ResultCodeError)
        throw new ProbeFailure(
          error instanceof InsufficientAccessError ? 'search-base' : 'protocol',
          `Reading the user search base "${target.searchBase}" on ${url} failed: ${describeLdapError(error)}.`
        )
      throw error
    }
  } catch (error) {
    if (
      error instanceof DirectoryLimitError ||
      error instanceof MalformedReplyError ||
      error instanceof LdapRequestError
    )
      throw new ProbeFailure('protocol', `${url}: ${error.message}`)
    throw error
  } finally {
    await connection?.close().catch(() => undefined)
  }
}
