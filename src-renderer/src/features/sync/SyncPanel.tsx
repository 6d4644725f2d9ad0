import { useEffect, useId } from 'react'
import { describeLoss, type Device, type RunSummary } from '../../../../src-preload/contract'
import { useShallow } from 'zustand/react/shallow'
import { ActionButton } from '../../components/ActionButton'
import { useReadOnly } from '../../components/useReadOnly'
import { useStore } from '../../store'
import { RecentRuns, RunProgress } from './RecentRuns'

// A stable empty list, so a device without runs does not re-render on every store change.
const noRuns: RunSummary[] = []

/** Quick View → Synchronization Status: start, follow, cancel and review runs of one device. */
export function SyncPanel({ device }: { device: Device }) {
  const { recent, held, loadRuns, startSync } = useStore(
    useShallow((s) => ({
      recent: s.runs[device.name] ?? noRuns,
      held: s.held[device.name] ?? noRuns,
      loadRuns: s.loadRuns,
      startSync: s.startSync
    }))
  )
  // A domain may share a device's name; its runs are shown in Provisioning Setup.
  const progress = useStore((s) =>
    Object.values(s.progress).find(
      (p) => p.kind !== 'domain' && p.kind !== 'ldap' && p.device === device.name
    )
  )
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
        <ActionButton
          disabled={running}
          blocked={cannotSync}
          onClick={() => void startSync(device.name, 'infrastructure')}
        >
          Start Infrastructure Synchronization
        </ActionButton>
        {device.kind !== 'presence-processor' && (
          <ActionButton
            disabled={running}
            blocked={cannotSync}
            onClick={() => void startSync(device.name, 'user')}
          >
            Start User Synchronization
          </ActionButton>
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
        <RunProgress progress={progress} label={`${progress.kind} synchronization progress`}>
          {`${progress.percent}% · ${progress.objectType ?? 'connecting'} · ${progress.objects} objects · ${progress.typesDone}/${progress.typesTotal} types`}
        </RunProgress>
      )}
      {held.map((run) => (
        <HeldRun
          key={run.id}
          run={run}
          disabled={running}
          blocked={cannotSync}
          onApprove={() =>
            void startSync(device.name, run.kind === 'infrastructure' ? 'infrastructure' : 'user', run.id)
          }
        />
      ))}
      <RecentRuns runs={recent} />
    </section>
  )
}

/**
 * A run the deletion guard held: what each type would lose, and Approve, which synchronizes again
 * accepting at most those removals (synchronizing again without it holds again if they persist).
 */
function HeldRun(props: { run: RunSummary; disabled: boolean; blocked?: string; onApprove: () => void }) {
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
        <ActionButton disabled={props.disabled} blocked={props.blocked} onClick={props.onApprove}>
          Approve and Synchronize
        </ActionButton>
      </div>
    </section>
  )
}
