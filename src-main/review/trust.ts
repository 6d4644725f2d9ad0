// Whom this installation believes: its own signing key implicitly, and colleagues' keys the user
// trusted once by fingerprint (`review trust`), like a device certificate. A bundle's signature only
// proves which key signed it; this says whose key that is.
import type { ReviewSigner, ReviewSigners, TrustedSigner } from '../../src-preload/contract'
import { osUser } from '../audit'
import type { Clock } from '../core/clock'
import { UserError } from '../core/errors'
import { formatFingerprint } from '../connectors/common/tls'
import type { Store } from '../store'
import type { ReviewSignersTable } from '../store/reviewSigners'
import type { BundleSigner } from './format'
import { signerFingerprint } from './signature'

/** The installation's own key (when it has exported) and the keys it trusts. */
export function signersOf(table: ReviewSignersTable): ReviewSigners {
  const own = table.signingKey()
  return {
    ...(own
      ? {
          own: {
            fingerprint: signerFingerprint(Buffer.from(own.publicKey, 'base64')),
            createdAt: own.createdAt
          }
        }
      : {}),
    trusted: table.trusted()
  }
}

/** A verified signer (or none) as these signers judge it. */
export function signerStatus(signer: BundleSigner | undefined, signers: ReviewSigners): ReviewSigner {
  if (!signer) return { status: 'unsigned' }
  const { fingerprint } = signer
  if (signers.own?.fingerprint === fingerprint) return { status: 'own', fingerprint }
  const trusted = signers.trusted.find((t) => t.fingerprint === fingerprint)
  if (!trusted) return { status: 'unknown', fingerprint }
  const { name, trustedAt, trustedBy } = trusted
  return { status: 'trusted', fingerprint, name, trustedAt, trustedBy }
}

/** review:signers, review:trust and review:untrust. */
export class ReviewTrustService {
  constructor(private readonly deps: { store: Store; clock: Clock }) {}

  signers(): ReviewSigners {
    return signersOf(this.deps.store.reviewSigners)
  }

  /** `fingerprint` as the contract passes it: 64 hex digits, upper case. */
  trust(request: { fingerprint: string; name: string; trustedFrom?: string }): TrustedSigner {
    const fingerprint = formatFingerprint(request.fingerprint)
    const table = this.deps.store.reviewSigners
    if (signersOf(table).own?.fingerprint === fingerprint)
      throw new UserError(
        'CONFLICT',
        `${fingerprint} is this installation's own key: the bundles it signs are trusted already.`,
        'fingerprint'
      )
    const known = table.byFingerprint(fingerprint)
    if (known)
      throw new UserError(
        'CONFLICT',
        `${fingerprint} is trusted already, as "${known.name}" since ${known.trustedAt} (by ${known.trustedBy}). To give it another name, untrust it first.`,
        'fingerprint'
      )
    const signer: TrustedSigner = {
      fingerprint,
      name: request.name,
      trustedAt: this.deps.clock.now().toISOString(),
      trustedBy: osUser(),
      ...(request.trustedFrom !== undefined ? { trustedFrom: request.trustedFrom } : {})
    }
    table.trust(signer)
    return signer
  }

  untrust(fingerprint64: string): TrustedSigner {
    const fingerprint = formatFingerprint(fingerprint64)
    const table = this.deps.store.reviewSigners
    const known = table.byFingerprint(fingerprint)
    if (!known)
      throw new UserError('NOT_FOUND', `No trusted signer has the key ${fingerprint}.`, 'fingerprint')
    table.untrust(fingerprint)
    return known
  }
}
