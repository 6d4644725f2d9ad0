import { describeSigner } from '../../../src-preload/contract'
import { formatMoment } from './dateTime'
import { useReadOnly } from './useReadOnly'
import './ReviewBanner.css'

/**
 * Says, on every page, that this is a review bundle: whose, from where, who signed it (loudly when
 * nobody here vouches for it), and that it is read-only.
 */
export function ReviewBanner() {
  const { review } = useReadOnly()
  if (!review) return null
  const from = review.sourceDevices.length > 0 ? review.sourceDevices.join(', ') : review.createdOn
  const signer = describeSigner(review.signer)
  return (
    <section className="review-banner" aria-label="Review bundle">
      <p>
        <strong>Review bundle — read-only:</strong> created {formatMoment(review.createdAt)} by{' '}
        {review.createdBy} from {from}
      </p>
      <p className={signer.warning ? 'review-signer warning' : 'review-signer'}>
        <strong>{signer.headline}:</strong> {signer.detail}
      </p>
      <p className="muted">
        {review.fileName} · {review.selection} · exported on {review.createdOn} with Switchboard{' '}
        {review.appVersion}. Actions that would contact a server or change the configuration are off.
      </p>
    </section>
  )
}
