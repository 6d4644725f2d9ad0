import { useId } from 'react'
import type { DomainSyncSummary } from '../../../../src-preload/contract'
import { runStatusLabels, when } from '../sync/runModel'

/** The domain's latest synchronization: status, start and end (DOM-07). */
export function LastSynchronization({ last }: { last?: DomainSyncSummary }) {
  const titleId = useId()
  return (
    <section aria-labelledby={titleId}>
      <h4 id={titleId}>Last Synchronization</h4>
      {last ? (
        <dl className="details">
          <div>
            <dt>Status</dt>
            <dd>
              <span className={`status ${last.status}`}>{runStatusLabels[last.status]}</span>
            </dd>
          </div>
          <div>
            <dt>Start</dt>
            <dd>{when(last.startedAt)}</dd>
          </div>
          <div>
            <dt>End</dt>
            <dd>{last.finishedAt ? when(last.finishedAt) : '—'}</dd>
          </div>
          {last.summary && (
            <div>
              <dt>Summary</dt>
              <dd className="message">{last.summary}</dd>
            </div>
          )}
        </dl>
      ) : (
        <p className="muted">Never synchronized.</p>
      )}
    </section>
  )
}
