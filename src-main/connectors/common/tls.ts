import { X509Certificate } from 'node:crypto'
import { isIP, type Socket } from 'node:net'
import tls, { type ConnectionOptions, type PeerCertificate } from 'node:tls'

/** A certificate an administrator trusted for one endpoint (trust on first use). */
export interface Pin {
  fingerprint: string
  /**
   * The trust anchor: the presented leaf certificate itself, so the pin holds whether the server
   * sends its chain or not (pins taken before held the top certificate of the chain presented then).
   */
  anchorPem: string
}

export interface PresentedCertificate {
  fingerprint: string
  /** The leaf, as PEM: what a pin trusts. */
  anchorPem: string
  subject: string
  issuer: string
  validTo: string
  /** Whether the platform's CA store already trusts this chain for this host. */
  trustedBySystem: boolean
}

export function endpointKey(host: string, port: number): string {
  return `${host}:${port}`
}

/** `AB:CD:…` upper-case SHA-256, the form browsers and Cisco's OS admin pages show. */
export function formatFingerprint(hex: string): string {
  const digits = hex.toUpperCase().replace(/[^0-9A-F]/g, '')
  return digits.match(/.{2}/g)?.join(':') ?? digits
}

function toPem(raw: Buffer): string {
  const body =
    raw
      .toString('base64')
      .match(/.{1,64}/g)
      ?.join('\n') ?? ''
  return `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`
}

/**
 * TLS options for a connection. Verification is always on: without a pin the platform's CA store and
 * the usual host-name check apply; with a pin the pinned anchor is the only CA and the leaf must have
 * exactly the pinned fingerprint (the host-name check is replaced by the stronger fingerprint check,
 * because appliance certificates often name the host differently from how it was entered). The
 * anchor may be the leaf itself, issued by a CA the server does not send (an AD domain controller
 * often presents its leaf alone): a partial chain ending at a pinned certificate is trusted.
 */
export function tlsOptions(host: string, pin?: Pin): ConnectionOptions {
  const base: ConnectionOptions = { rejectUnauthorized: true, minVersion: 'TLSv1.2' }
  if (!isIP(host)) base.servername = host
  if (!pin) return base
  const trusted = formatFingerprint(pin.fingerprint)
  return {
    ...base,
    ca: [pin.anchorPem],
    allowPartialTrustChain: true,
    checkServerIdentity: (_hostname: string, cert: PeerCertificate) => {
      const presented = formatFingerprint(cert.fingerprint256 ?? '')
      if (presented === trusted) return undefined
      const error = new Error(
        `The certificate changed: the server presented ${presented}, but ${trusted} is trusted.`
      ) as Error & { code: string }
      error.code = 'ERR_CERT_PIN_MISMATCH'
      return error
    }
  }
}

/**
 * A plain connection on which the server has agreed to start TLS (LDAP's StartTLS), for protocols
 * whose TLS begins after a plain-text exchange. It sends nothing else, and no credentials.
 */
export type TlsUpgrade = (host: string, port: number, timeoutMs: number) => Promise<Socket>

/**
 * Reads the certificate chain an endpoint presents so an administrator can inspect its fingerprint
 * before trusting it. The handshake here does not verify the chain, so this connection sends no data
 * and no credentials: it completes the handshake (after `upgrade`, when TLS starts on a plain
 * connection), reads the certificate and closes.
 */
export async function fetchPresentedCertificate(
  host: string,
  port: number,
  timeoutMs = 10_000,
  upgrade?: TlsUpgrade
): Promise<PresentedCertificate> {
  const options: ConnectionOptions = {
    ...(isIP(host) ? {} : { servername: host }),
    rejectUnauthorized: false,
    timeout: timeoutMs
  }
  const socket = upgrade
    ? tls.connect({ socket: await upgrade(host, port, timeoutMs), ...options })
    : tls.connect({ host, port, ...options })
  return new Promise((resolve, reject) => {
    const done = (error?: Error, value?: PresentedCertificate): void => {
      socket.destroy()
      if (error) reject(error)
      else if (value) resolve(value)
    }
    socket.once('timeout', () =>
      done(Object.assign(new Error(`No TLS handshake within ${timeoutMs} ms`), { code: 'ETIMEDOUT' }))
    )
    socket.once('error', (error: Error) => done(error))
    socket.once('secureConnect', () => {
      const leaf = socket.getPeerCertificate()
      if (!leaf || !leaf.raw) return done(new Error('The server presented no certificate'))
      const x509 = new X509Certificate(leaf.raw)
      done(undefined, {
        fingerprint: formatFingerprint(leaf.fingerprint256),
        anchorPem: toPem(leaf.raw),
        subject: x509.subject.replace(/\n/g, ', '),
        issuer: x509.issuer.replace(/\n/g, ', '),
        validTo: new Date(x509.validTo).toISOString(),
        trustedBySystem: socket.authorized
      })
    })
  })
}

const UNTRUSTED_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'CERT_UNTRUSTED',
  'ERR_TLS_CERT_ALTNAME_INVALID'
])

export function isUntrustedCertificateError(error: unknown): boolean {
  const code = (error as { code?: string } | undefined)?.code
  return code !== undefined && UNTRUSTED_CODES.has(code)
}

export function isPinMismatch(error: unknown): boolean {
  return (error as { code?: string } | undefined)?.code === 'ERR_CERT_PIN_MISMATCH'
}

/**
 * When TLS to a pinned endpoint fails, whether it is because the endpoint now presents another
 * certificate: the words for that (the certificate presented now, the pinned fingerprint, and how to
 * trust the new one when `howToTrust` knows), or undefined when it presents the pinned one or cannot
 * be reached at all.
 */
export async function changedCertificate(
  host: string,
  port: number,
  pinnedFingerprint: string,
  upgrade?: TlsUpgrade,
  howToTrust?: (fingerprint: string) => string
): Promise<{ message: string; fingerprint: string } | undefined> {
  let presented: PresentedCertificate
  try {
    presented = await fetchPresentedCertificate(host, port, undefined, upgrade)
  } catch {
    return undefined
  }
  if (presented.fingerprint === formatFingerprint(pinnedFingerprint)) return undefined
  const retrust = howToTrust ? howToTrust(presented.fingerprint) : 'trust the new fingerprint'
  return {
    fingerprint: presented.fingerprint,
    message: `The certificate of ${endpointKey(host, port)} changed: it now presents SHA-256 ${presented.fingerprint} (subject ${presented.subject}; issuer ${presented.issuer}; valid until ${presented.validTo}), but ${formatFingerprint(pinnedFingerprint)} is the trusted one. If the certificate was renewed on purpose, compare the new fingerprint with the server's and ${retrust}; otherwise treat this as a possible interception.`
  }
}
