// Ed25519 signatures of review bundles. A bundle is signed over the SHA-256 of every byte before the
// signature (header, manifest, gzip'd database): the manifest names the database's and the payload's
// SHA-256, so no byte of content or manifest can change, checksums recomputed or not, without the
// signature failing. The key travels in the manifest; whether to believe it is the reader's trust
// store's business (review/trust.ts), never the file's.
import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto'
import { formatFingerprint } from '../connectors/common/tls'

export const SIGNATURE_BYTES = 64
const PUBLIC_KEY_BYTES = 32

/** Binds a signature to this use, so a signature made by the same key for anything else never fits. */
const CONTEXT = Buffer.from('switchboard-review-bundle-signature\0', 'latin1')

/** What the key signs: the context and the digest of the bundle's bytes before the signature. */
const signedMessage = (digest: Buffer): Buffer => Buffer.concat([CONTEXT, digest])

export function signDigest(digest: Buffer, privateKey: KeyObject): Buffer {
  return sign(null, signedMessage(digest), privateKey)
}

/** False for a wrong signature and for a public key that is no Ed25519 key at all. */
export function verifyDigest(digest: Buffer, signature: Buffer, publicKey: Buffer): boolean {
  if (publicKey.length !== PUBLIC_KEY_BYTES || signature.length !== SIGNATURE_BYTES) return false
  try {
    const key = createPublicKey({
      key: { kty: 'OKP', crv: 'Ed25519', x: publicKey.toString('base64url') },
      format: 'jwk'
    })
    return verify(null, signedMessage(digest), key, signature)
  } catch {
    return false
  }
}

/** The raw 32-byte public key of an Ed25519 key (private or public). */
export function rawPublicKey(key: KeyObject): Buffer {
  const jwk = (key.type === 'private' ? createPublicKey(key) : key).export({ format: 'jwk' })
  return Buffer.from(jwk.x ?? '', 'base64url')
}

/**
 * The SHA-256 of the raw public key in the form device certificates are shown in (colon-separated
 * upper-case hex): people check both the same way, by reading them out to the other side, and the
 * whole digest is shown because a shortened one is a weaker check for the same reading.
 */
export function signerFingerprint(publicKey: Buffer): string {
  return formatFingerprint(createHash('sha256').update(publicKey).digest('hex'))
}
