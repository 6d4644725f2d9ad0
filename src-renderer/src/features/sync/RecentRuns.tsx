import { useState } from 'react'
import type { RunSummary, SyncProgress } from '../../../../src-preload/contract'
import { useStore } from '../../store'
import { LogViewer } from './LogViewer'
import { when } from './runModel'
import { RunStatusLabel } from './RunStatusLabel'

/** The latest runs of a device or domain, newest first, each with its detailed log a click away. */
export function RecentRuns({ runs }: { runs: RunSummary[] }) {
  const [viewing, setViewing] = useState<RunSummary>()
  if (runs.length === 0) return null
  return (
    <>
      <ul className="runs" aria-label="Recent runs">
        {runs.map((run) => (
          <li key={run.id}>
            <RunStatusLabel status={run.status} /> · {run.kind} · run {run.id} · {when(run.startedAt)}
            {run.summary && <div className="message">{run.summary}</div>}
            <button type="button" className="link" onClick={() => setViewing(run)}>
              View Detailed Log
            </button>
          </li>
        ))}
      </ul>
      {viewing && <LogViewer run={viewing} onClose={() => setViewing(undefined)} />}
    </>
  )
}

interface RunProgressProps {
  progress: SyncProgress
  /** The progress bar's accessible name. */
  label: string
  /** How far it got, in words. */
  children: string
}

/** A running synchronization: how far it got, and Cancel. */
export function RunProgress({ progress, label, children }: RunProgressProps) {
  const cancelSync = useStore((s) => s.cancelSync)
  return (
    <div className="progress">
      <progress max={100} value={progress.percent} aria-label={label} />
      <span>{children}</span>
      <button type="button" onClick={() => void cancelSync(progress.runId)}>
        Cancel
      </button>
    </div>
  )
}
