import type { TestFailureReason } from '../../../src-preload/contract'
import { isPinMismatch, isUntrustedCertificateError } from './tls'

/** A failed probe: the reason category the UI shows plus a sentence an administrator can act on. */
export class ProbeFailure extends Error {
  constructor(
    readonly reason: TestFailureReason,
    message: string,
    readonly fingerprint?: string
  ) {
    super(message)
    this.name = 'ProbeFailure'
  }
}

/** Maps socket, DNS and TLS errors to a failure reason with the endpoint in the message. */
export function networkFailure(error: unknown, endpoint: string): ProbeFailure {
  if (error instanceof ProbeFailure) return error
  // Socket and TLS codes are strings; an LDAP result error carries its result code as a number.
  const raw = (error as { code?: unknown } | undefined)?.code
  const code = typeof raw === 'string' ? raw : ''
  const detail = error instanceof Error ? error.message : String(error)
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') {
    return new ProbeFailure('dns', `The host name of ${endpoint} could not be resolved (DNS: ${code}).`)
  }
  if (code === 'ECONNREFUSED') {
    return new ProbeFailure(
      'refused',
      `${endpoint} refused the connection: nothing is listening on that port, or a firewall rejects it.`
    )
  }
  if (code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT' || /timed? ?out/i.test(detail)) {
    return new ProbeFailure('timeout', `${endpoint} did not answer in time: ${detail}`)
  }
  if (code === 'ECONNRESET' || code === 'EPIPE') {
    return new ProbeFailure(
      'network',
      `${endpoint} closed the connection unexpectedly (${code}); if the port speaks plain text, check the connection security (SSL).`
    )
  }
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') {
    return new ProbeFailure('network', `${endpoint} is unreachable from this machine (${code}).`)
  }
  if (isPinMismatch(error)) return new ProbeFailure('tls-changed', detail)
  if (
    isUntrustedCertificateError(error) ||
    code.startsWith('ERR_SSL') ||
    code.startsWith('ERR_TLS') ||
    /certificate|ssl|tls/i.test(detail)
  ) {
    return new ProbeFailure('tls', `TLS with ${endpoint} failed: ${detail}`)
  }
  return new ProbeFailure('network', `Could not talk to ${endpoint}: ${detail}`)
}

/** Network failures a retry will not fix: nothing listens, the name does not resolve, TLS is refused. */
export function isPersistentNetworkCode(code: string | undefined): boolean {
  return /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EAI_NONAME|EHOSTUNREACH|ENETUNREACH|ERR_TLS|ERR_SSL|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO|CERT_|ERR_CERT)/.test(
    code ?? ''
  )
}

/**
 * A request refused before it was sent (a header value that cannot be sent, such as a cookie the
 * server set with a control character in it; a path that cannot be written): node:http's and undici's
 * codes for invalid input. Sending it again fails the same way, so it is never retried.
 */
export function isLocalRequestError(code: string | undefined): boolean {
  return code !== undefined && /^(ERR_INVALID_|ERR_UNESCAPED_|UND_ERR_INVALID_ARG)/.test(code)
}
