import { useId } from 'react'
import type { DomainSyncSummary } from '../../../../src-preload/contract'
import { DetailList } from '../../components/DetailList'
import { when } from '../sync/runModel'
import { RunStatusLabel } from '../sync/RunStatusLabel'

/** The domain's latest synchronization: status, start and end (DOM-07). */
export function LastSynchronization({ last }: { last?: DomainSyncSummary }) {
  const titleId = useId()
  return (
    <section aria-labelledby={titleId}>
      <h4 id={titleId}>Last Synchronization</h4>
      {last ? (
        <DetailList
          rows={[
            ['Status', <RunStatusLabel status={last.status} />],
            ['Start', when(last.startedAt)],
            ['End', last.finishedAt ? when(last.finishedAt) : '—'],
            ['Summary', last.summary && <span className="message">{last.summary}</span>]
          ]}
        />
      ) : (
        <p className="muted">Never synchronized.</p>
      )}
    </section>
  )
}
