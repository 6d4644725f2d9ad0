import { useEffect, useId, useState } from 'react'
import { describeLoss, type Device, type RunSummary } from '../../../../src-preload/contract'
import { useShallow } from 'zustand/react/shallow'
import { useReadOnly } from '../../components/useReadOnly'
import { useStore } from '../../store'
import { LogViewer } from './LogViewer'
import { runStatusLabels, when } from './runModel'

// A stable empty list, so a device without runs does not re-render on every store change.
const noRuns: RunSummary[] = []

/** Quick View → Synchronization Status: start, follow, cancel and review runs of one device. */
export function SyncPanel({ device }: { device: Device }) {
  const { recent, held, loadRuns, startSync, cancelSync } = useStore(
    useShallow((s) => ({
      recent: s.runs[device.name] ?? noRuns,
      held: s.held[device.name] ?? noRuns,
      loadRuns: s.loadRuns,
      startSync: s.startSync,
      cancelSync: s.cancelSync
    }))
  )
  // A domain may share a device's name; its runs are shown in Provisioning Setup.
  const progress = useStore((s) =>
    Object.values(s.progress).find(
      (p) => p.kind !== 'domain' && p.kind !== 'ldap' && p.device === device.name
    )
  )
  const [viewing, setViewing] = useState<RunSummary>()
  const cannotSync = useReadOnly().contact(device.name)

  useEffect(() => {
    void loadRuns(device.name)
  }, [device.name, loadRuns])

  if (device.kind === 'directory') {
    return (
      <p className="muted">
        Directory servers are synchronized per domain (LDAP synchronization), from Provisioning Setup.
      </p>
    )
  }
  const running = progress !== undefined
  return (
    <section aria-labelledby="sync-status">
      <h3 id="sync-status">Synchronization Status</h3>
      <div className="actions">
        <button
          type="button"
          disabled={running || !!cannotSync}
          title={cannotSync}
          onClick={() => void startSync(device.name, 'infrastructure')}
        >
          Start Infrastructure Synchronization
        </button>
        {device.kind !== 'presence-processor' && (
          <button
            type="button"
            disabled={running || !!cannotSync}
            title={cannotSync}
            onClick={() => void startSync(device.name, 'user')}
          >
            Start User Synchronization
          </button>
        )}
      </div>
      {device.kind === 'presence-processor' && (
        <p className="muted">
          No user synchronization here: IM and Presence 9.0 and later is integrated with Unified CM, so its
          users come from the Call Processor
          {device.callProcessor ? ` ${device.callProcessor}` : ''}.
        </p>
      )}
      {progress && (
        <div className="progress">
          <progress
            max={100}
            value={progress.percent}
            aria-label={`${progress.kind} synchronization progress`}
          />
          <span>
            {progress.percent}% · {progress.objectType ?? 'connecting'} · {progress.objects} objects ·{' '}
            {progress.typesDone}/{progress.typesTotal} types
          </span>
          <button type="button" onClick={() => void cancelSync(progress.runId)}>
            Cancel
          </button>
        </div>
      )}
      {held.map((run) => (
        <HeldRun
          key={run.id}
          run={run}
          disabled={running || !!cannotSync}
          title={cannotSync}
          onApprove={() =>
            void startSync(device.name, run.kind === 'infrastructure' ? 'infrastructure' : 'user', run.id)
          }
        />
      ))}
      {recent.length > 0 && (
        <ul className="runs">
          {recent.map((run) => (
            <li key={run.id}>
              <span className={`status ${run.status}`}>{runStatusLabels[run.status]}</span> · {run.kind} · run{' '}
              {run.id} · {when(run.startedAt)}
              {run.summary && <div className="message">{run.summary}</div>}
              <button type="button" className="link" onClick={() => setViewing(run)}>
                View Detailed Log
              </button>
            </li>
          ))}
        </ul>
      )}
      {viewing && <LogViewer run={viewing} onClose={() => setViewing(undefined)} />}
    </section>
  )
}

/**
 * A run the deletion guard held: what each type would lose, and Approve, which synchronizes again
 * accepting at most those removals (synchronizing again without it holds again if they persist).
 */
function HeldRun(props: { run: RunSummary; disabled: boolean; title?: string; onApprove: () => void }) {
  const { run } = props
  const headingId = useId()
  const kind = run.kind === 'infrastructure' ? 'Infrastructure' : 'User'
  return (
    <section aria-labelledby={headingId} className="error-summary">
      <h4 id={headingId}>{kind} synchronization needs approval</h4>
      <p>
        Run {run.id} would remove more than the deletion guard allows ({run.held?.percent} % of a type, or all
        of it), so it changed nothing. Approve if these objects were removed on purpose:
      </p>
      <ul className="held-types">
        {run.held?.types.map((t) => (
          <li key={t.type}>
            {t.type}: {describeLoss(t)} would be removed
          </li>
        ))}
      </ul>
      <div className="actions">
        <button type="button" disabled={props.disabled} title={props.title} onClick={props.onApprove}>
          Approve and Synchronize
        </button>
      </div>
    </section>
  )
}
