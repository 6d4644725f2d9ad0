import type { TrustedSigner } from '../../src-preload/contract'
import type { Db } from './db'

/** This installation's review-bundle signing key as stored: the private key encrypted at rest. */
export interface SigningKeyRow {
  /** The raw 32-byte Ed25519 public key, base64. */
  publicKey: string
  privateKeyCiphertext: string
  createdAt: string
}

interface TrustedSignerRow {
  fingerprint: string
  name: string
  trusted_at: string
  trusted_by: string
  trusted_from: string | null
}

function toSigner(row: TrustedSignerRow): TrustedSigner {
  return {
    fingerprint: row.fingerprint,
    name: row.name,
    trustedAt: row.trusted_at,
    trustedBy: row.trusted_by,
    ...(row.trusted_from !== null ? { trustedFrom: row.trusted_from } : {})
  }
}

/** The installation's signing key and the colleagues' keys it trusts (review bundles). */
export class ReviewSignersTable {
  constructor(private readonly db: Db) {}

  signingKey(): SigningKeyRow | undefined {
    return this.db
      .prepare(
        `SELECT public_key AS publicKey, private_key_ciphertext AS privateKeyCiphertext, created_at AS createdAt
         FROM review_signing_key WHERE id = 1`
      )
      .get() as SigningKeyRow | undefined
  }

  /** Stores the first key; an installation never replaces its key silently, so a second one throws. */
  createSigningKey(row: SigningKeyRow): void {
    this.db
      .prepare(
        `INSERT INTO review_signing_key (id, public_key, private_key_ciphertext, created_at)
         VALUES (1, @publicKey, @privateKeyCiphertext, @createdAt)`
      )
      .run(row)
  }

  trusted(): TrustedSigner[] {
    const rows = this.db
      .prepare('SELECT * FROM trusted_signers ORDER BY name COLLATE NOCASE, fingerprint')
      .all() as TrustedSignerRow[]
    return rows.map(toSigner)
  }

  byFingerprint(fingerprint: string): TrustedSigner | undefined {
    const row = this.db.prepare('SELECT * FROM trusted_signers WHERE fingerprint = ?').get(fingerprint) as
      TrustedSignerRow | undefined
    return row ? toSigner(row) : undefined
  }

  trust(signer: TrustedSigner): void {
    this.db
      .prepare(
        `INSERT INTO trusted_signers (fingerprint, name, trusted_at, trusted_by, trusted_from)
         VALUES (?, ?, ?, ?, ?)`
      )
      .run(signer.fingerprint, signer.name, signer.trustedAt, signer.trustedBy, signer.trustedFrom ?? null)
  }

  untrust(fingerprint: string): void {
    this.db.prepare('DELETE FROM trusted_signers WHERE fingerprint = ?').run(fingerprint)
  }
}
