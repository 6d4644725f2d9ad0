import { useEffect, useId, useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { AppError, Domain, RunSummary } from '../../../../src-preload/contract'
import { ActionButton } from '../../components/ActionButton'
import { useReadOnly } from '../../components/useReadOnly'
import { useStore } from '../../store'
import { RecentRuns, RunProgress } from '../sync/RecentRuns'
import { isRulesRefusal } from './domainModel'
import { LastSynchronization } from './LastSynchronization'
import { PreviewDialog } from './PreviewDialog'

// A stable empty list, so a domain without runs does not re-render on every store change.
const noRuns: RunSummary[] = []

interface Props {
  domain: Domain
  /** Opens the domain's edit dialog on its rules. */
  onConfigureRules: () => void
}

/** Quick View → start, preview, follow and review the domain's synchronizations. */
export function DomainSyncPanel({ domain, onConfigureRules }: Props) {
  const { recent, loadDomainRuns, startDomainSync } = useStore(
    useShallow((s) => ({
      recent: s.domainRuns[domain.name] ?? noRuns,
      loadDomainRuns: s.loadDomainRuns,
      startDomainSync: s.startDomainSync
    }))
  )
  const progress = useStore((s) =>
    Object.values(s.progress).find((p) => p.kind === 'domain' && p.device === domain.name)
  )
  // A refusal is about the domain as it was: an edit (e.g. of its rules) clears it.
  const [refusal, setRefusal] = useState<{ error: AppError; updatedAt: string }>()
  const [previewing, setPreviewing] = useState(false)
  const [starting, setStarting] = useState(false)
  const cannotStart = useReadOnly().start
  const titleId = useId()
  const runsId = useId()

  useEffect(() => {
    void loadDomainRuns(domain.name)
  }, [domain.name, loadDomainRuns])

  const start = async () => {
    setStarting(true)
    const error = await startDomainSync(domain.name)
    setStarting(false)
    setRefusal(error && { error, updatedAt: domain.updatedAt })
  }
  const shownRefusal = refusal?.updatedAt === domain.updatedAt ? refusal.error : undefined

  return (
    <section aria-labelledby={titleId}>
      <h3 id={titleId}>Domain Synchronization</h3>
      <div className="actions">
        <ActionButton
          className="primary"
          disabled={starting || progress !== undefined}
          blocked={cannotStart}
          onClick={() => void start()}
        >
          Start Domain Synchronization
        </ActionButton>
        <button type="button" onClick={() => setPreviewing(true)}>
          Preview
        </button>
      </div>
      {shownRefusal && (
        <div role="alert" className="error-summary">
          <p>The domain synchronization did not start: {shownRefusal.message}</p>
          {isRulesRefusal(shownRefusal) && (
            <button type="button" onClick={onConfigureRules}>
              Configure Synchronization Rules
            </button>
          )}
        </div>
      )}
      {progress && (
        <RunProgress progress={progress} label="Domain synchronization progress">
          {`${progress.percent}% · ${progress.objectType ?? 'starting'} · ${progress.objects} objects`}
        </RunProgress>
      )}
      <LastSynchronization last={domain.lastSync} />
      {recent.length > 0 && (
        <section aria-labelledby={runsId}>
          <h4 id={runsId}>Recent runs</h4>
          <RecentRuns runs={recent} />
        </section>
      )}
      {previewing && <PreviewDialog domain={domain.name} onClose={() => setPreviewing(false)} />}
    </section>
  )
}
