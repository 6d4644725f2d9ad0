import { useEffect, useId, useState } from 'react'
import type { RunSummary } from '../../../../src-preload/contract'
import { call } from '../../api/client'
import { Dialog } from '../../components/Dialog'
import { GridTable } from '../../components/GridTable'
import { onRowKeyDown } from '../../components/rowKeys'
import { useStore } from '../../store'
import { LogViewer } from '../sync/LogViewer'
import { runStatusLabels, when } from '../sync/runModel'

const runColumns = ['Run', 'Started', 'Finished', 'Status', 'Summary']
const childColumns = ['Run', 'Synchronization', 'Device or Domain', 'Status', 'Summary', 'Log']

/** Logs → View (SCHED-02, issue 7 item 6): a job's runs and, per run, the synchronizations it started. */
export function JobLogDialog({ name, onClose }: { name: string; onClose: () => void }) {
  // Reloads follow the job's changes and every synchronization that starts or ends.
  const job = useStore((s) => s.jobs.find((j) => j.name === name))
  const activeRuns = useStore((s) => Object.keys(s.progress).join(','))
  const [runs, setRuns] = useState<RunSummary[]>()
  const [chosenRunId, setChosenRunId] = useState<number>()
  const [childRuns, setChildRuns] = useState<{ parentRunId: number; runs: RunSummary[] }>()
  const [viewing, setViewing] = useState<RunSummary>()
  const [error, setError] = useState<string>()
  const childrenTitleId = useId()

  useEffect(() => {
    let current = true
    void call('jobs:runs', { name, limit: 20 }).then((result) => {
      if (!current) return
      if (result.ok) setRuns(result.value)
      else setError(result.error.message)
    })
    return () => {
      current = false
    }
  }, [name, job, activeRuns])

  // The newest run until another is chosen.
  const shown = runs?.find((r) => r.id === chosenRunId) ?? runs?.[0]
  const shownId = shown?.id
  useEffect(() => {
    if (shownId === undefined) return
    let current = true
    void call('sync:runs', { parentRunId: shownId, limit: 1000 }).then((result) => {
      if (!current) return
      if (result.ok) setChildRuns({ parentRunId: shownId, runs: result.value })
      else setError(result.error.message)
    })
    return () => {
      current = false
    }
  }, [shownId, job, activeRuns])

  const started = childRuns?.parentRunId === shownId ? childRuns?.runs : undefined

  return (
    <>
      <Dialog
        title={`Job log: ${name}`}
        onClose={onClose}
        wide
        footer={
          <button type="button" onClick={onClose}>
            Close
          </button>
        }
      >
        {error && (
          <p role="alert" className="error-summary">
            The job's log could not be loaded: {error}
          </p>
        )}
        {runs === undefined && !error && <p className="muted">Loading…</p>}
        {runs?.length === 0 && <p className="empty">This job has not run yet.</p>}
        {runs && runs.length > 0 && (
          <GridTable caption="Job runs" columns={runColumns} numeric={['Run']}>
            {runs.map((run) => {
              const isShown = run.id === shown?.id
              return (
                <tr
                  key={run.id}
                  tabIndex={0}
                  aria-selected={isShown}
                  className={isShown ? 'selected' : undefined}
                  onClick={() => setChosenRunId(run.id)}
                  onKeyDown={(e) => onRowKeyDown(e, () => setChosenRunId(run.id))}
                >
                  <td className="num">{run.id}</td>
                  <td>{when(run.startedAt)}</td>
                  <td>{run.finishedAt ? when(run.finishedAt) : ''}</td>
                  <td>
                    <span className={`status ${run.status}`}>{runStatusLabels[run.status]}</span>
                  </td>
                  <td className="wrap">{run.summary ?? ''}</td>
                </tr>
              )
            })}
          </GridTable>
        )}
        {shown && (
          <section className="job-run" aria-labelledby={childrenTitleId}>
            <div className="panel-header">
              <h3 id={childrenTitleId}>Run {shown.id}: synchronizations started</h3>
              <button type="button" onClick={() => setViewing(shown)}>
                View Detailed Log of job run {shown.id}
              </button>
            </div>
            {started?.length === 0 && (
              <p className="muted">
                {shown.status === 'running' ? 'None yet.' : 'None: see the detailed log for why.'}
              </p>
            )}
            {started && started.length > 0 && (
              <GridTable
                caption={`Synchronizations started by run ${shown.id}`}
                columns={childColumns}
                numeric={['Run']}
              >
                {started.map((child) => (
                  <tr key={child.id}>
                    <td className="num">{child.id}</td>
                    <td>{child.kind}</td>
                    <td>{child.device}</td>
                    <td>
                      <span className={`status ${child.status}`}>{runStatusLabels[child.status]}</span>
                    </td>
                    <td className="wrap">{child.summary ?? ''}</td>
                    <td>
                      <button type="button" className="link" onClick={() => setViewing(child)}>
                        View Detailed Log of run {child.id}
                      </button>
                    </td>
                  </tr>
                ))}
              </GridTable>
            )}
          </section>
        )}
      </Dialog>
      {/* Beside the job log rather than inside it, so the job log keeps its own size. */}
      {viewing && <LogViewer run={viewing} onClose={() => setViewing(undefined)} />}
    </>
  )
}
