// A review bundle's signer in words, the same in `review open`, `serve --review` and the page's banner.
import type { ReviewSigner } from '../contract/app'

export interface SignerStatement {
  /** A bundle nobody here vouches for: say so loudly. */
  warning: boolean
  headline: string
  detail: string
}

export function describeSigner(signer: ReviewSigner): SignerStatement {
  switch (signer.status) {
    case 'own':
      return {
        warning: false,
        headline: 'Signed by this installation',
        detail: `with its own key ${signer.fingerprint}.`
      }
    case 'trusted':
      return {
        warning: false,
        headline: `Signed by ${signer.name}`,
        detail: `with key ${signer.fingerprint}, trusted here since ${signer.trustedAt.slice(0, 10)} by ${signer.trustedBy}.`
      }
    case 'unknown':
      return {
        warning: true,
        headline: 'UNKNOWN SIGNER',
        detail: `signed with key ${signer.fingerprint}, which this installation does not trust: anyone could have written or changed this bundle. Check the fingerprint with its sender before relying on it.`
      }
    case 'unsigned':
      return {
        warning: true,
        headline: 'UNSIGNED',
        detail:
          'this bundle carries no signature (it was written before Switchboard signed bundles, or its signature was removed): who wrote it, and whether it was changed since, cannot be checked.'
      }
  }
}
