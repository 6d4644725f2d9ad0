import { useId, useMemo, useState } from 'react'
import type { RunSummary } from '../../../../src-preload/contract'
import { useCall } from '../../api/useCall'
import { DataTable, type Column } from '../../components/DataTable'
import { Dialog } from '../../components/Dialog'
import { ErrorSummary } from '../../components/ErrorSummary'
import { useStore } from '../../store'
import { LogViewer } from '../sync/LogViewer'
import { when } from '../sync/runModel'
import { RunStatusLabel } from '../sync/RunStatusLabel'

const runColumn: Column<RunSummary> = { header: 'Run', numeric: true, cell: (run) => run.id }
const statusColumn: Column<RunSummary> = {
  header: 'Status',
  cell: (run) => <RunStatusLabel status={run.status} />
}
const summaryColumn: Column<RunSummary> = { header: 'Summary', wrap: true, cell: (run) => run.summary ?? '' }

const runColumns: Column<RunSummary>[] = [
  runColumn,
  { header: 'Started', cell: (run) => when(run.startedAt) },
  { header: 'Finished', cell: (run) => (run.finishedAt ? when(run.finishedAt) : '') },
  statusColumn,
  summaryColumn
]

/** Logs → View (SCHED-02, issue 7 item 6): a job's runs and, per run, the synchronizations it started. */
export function JobLogDialog({ name, onClose }: { name: string; onClose: () => void }) {
  // Reloads follow the job's changes and every synchronization that starts or ends.
  const job = useStore((s) => s.jobs.find((j) => j.name === name))
  const activeRuns = useStore((s) => Object.keys(s.progress).join(','))
  const [chosenRunId, setChosenRunId] = useState<number>()
  const [viewing, setViewing] = useState<RunSummary>()
  const childrenTitleId = useId()
  const refresh = useMemo(() => ({ job, activeRuns }), [job, activeRuns])

  const { value: runs, error } = useCall('jobs:runs', { name, limit: 20 }, refresh)
  // The newest run until another is chosen.
  const shown = runs?.find((r) => r.id === chosenRunId) ?? runs?.[0]
  const childRuns = useCall('sync:runs', shown && { parentRunId: shown.id, limit: 1000 }, refresh)
  const started = childRuns.current ? childRuns.value : undefined

  const childColumns: Column<RunSummary>[] = [
    runColumn,
    { header: 'Synchronization', cell: (child) => child.kind },
    { header: 'Device or Domain', cell: (child) => child.device },
    statusColumn,
    summaryColumn,
    {
      header: 'Log',
      cell: (child) => (
        <button type="button" className="link" onClick={() => setViewing(child)}>
          View Detailed Log of run {child.id}
        </button>
      )
    }
  ]

  return (
    <>
      <Dialog title={`Job log: ${name}`} onClose={onClose} wide>
        <ErrorSummary>
          {(error ?? childRuns.error) && `The job's log could not be loaded: ${error ?? childRuns.error}`}
        </ErrorSummary>
        {runs === undefined && !error && <p className="muted">Loading…</p>}
        {runs?.length === 0 && <p className="empty">This job has not run yet.</p>}
        {runs && runs.length > 0 && (
          <DataTable
            caption="Job runs"
            columns={runColumns}
            rows={runs}
            rowKey={(run) => run.id}
            onRowClick={(run) => setChosenRunId(run.id)}
            isSelected={(run) => run.id === shown?.id}
          />
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
              <DataTable
                caption={`Synchronizations started by run ${shown.id}`}
                columns={childColumns}
                rows={started}
                rowKey={(child) => child.id}
              />
            )}
          </section>
        )}
      </Dialog>
      {/* Beside the job log rather than inside it, so the job log keeps its own size. */}
      {viewing && <LogViewer run={viewing} onClose={() => setViewing(undefined)} />}
    </>
  )
}
