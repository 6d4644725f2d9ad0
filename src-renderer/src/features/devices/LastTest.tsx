import { useState } from 'react'
import type { Device } from '../../../../src-preload/contract'
import { formatAge, formatMoment } from '../../components/dateTime'
import { useNow } from '../../components/useNow'
import { useReadOnly } from '../../components/useReadOnly'
import {
  failureReasonLabels,
  isBackupEndpoint,
  testStatusLabels,
  trustableFingerprint,
  type DeviceStatus
} from './deviceModel'
import { TrustDialog } from './TrustDialog'

/** Outcome of the latest Test Connection; offers to trust the certificate when that is what failed. */
export function LastTest({ device, status }: { device: Device; status: DeviceStatus }) {
  const [trusting, setTrusting] = useState(false)
  const now = useNow()
  const readOnly = useReadOnly().change
  const result = status === 'in-progress' ? undefined : device.lastTest.result
  const fingerprint = trustableFingerprint(device, status)
  return (
    <section aria-labelledby="last-test">
      <h3 id="last-test">Last test</h3>
      <p>
        <span className={`status ${status}`}>{testStatusLabels[status]}</span>
        {result && status === 'stale' && (
          <>
            {' '}
            · before the restart:{' '}
            <span className={`status ${result.status}`}>{testStatusLabels[result.status]}</span>
          </>
        )}
        {result && (
          <span className="muted">
            {' '}
            · {formatMoment(result.at)} ({formatAge(result.at, now)}) · {result.durationMs} ms
          </span>
        )}
      </p>
      {result?.reason && (
        <p>
          Reason: {failureReasonLabels[result.reason]} <span className="muted">({result.reason})</span>
        </p>
      )}
      {result && <p className="message">{result.message}</p>}
      {fingerprint && (
        <div className="fingerprint">
          <p>
            SHA-256 fingerprint of the certificate{' '}
            {result?.endpoint ? `${result.endpoint} presents` : 'presented'}:
          </p>
          <code className="block">{fingerprint}</code>
          <div>
            <button type="button" disabled={!!readOnly} title={readOnly} onClick={() => setTrusting(true)}>
              Trust this certificate
            </button>
          </div>
        </div>
      )}
      {trusting && fingerprint && (
        <TrustDialog
          device={device}
          fingerprint={fingerprint}
          endpoint={result?.endpoint}
          backup={isBackupEndpoint(device, result?.endpoint)}
          onClose={() => setTrusting(false)}
        />
      )}
    </section>
  )
}
