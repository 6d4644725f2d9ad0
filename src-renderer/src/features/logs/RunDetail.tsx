import { useEffect, useId, useMemo, useState } from 'react'
import type { RunSummary } from '../../../../src-preload/contract'
import { call } from '../../api/client'
import { useStore } from '../../store'
import { LogBrowser } from '../sync/LogViewer'
import { runStatusLabels, when } from '../sync/runModel'
import { Chart } from './Chart'
import { outcomesChart } from './chartModel'
import { RunTrends } from './RunTrends'
import { formatDuration, runDurationMs, runKindLabels } from './runListModel'

interface RunDetailProps {
  runId: number
  /** Opens another run: the job run that started this one, or one this job run started. */
  onOpen: (runId: number) => void
  onBack: () => void
}

/** One run: its summary, its objects per type and outcome, its device's trends and its detailed log. */
export function RunDetail({ runId, onOpen, onBack }: RunDetailProps) {
  const [run, setRun] = useState<RunSummary>()
  const [children, setChildren] = useState<RunSummary[]>([])
  const [error, setError] = useState<string>()
  const titleId = useId()
  // A running run's counts and status change until it finishes.
  const running = useStore((s) => runId in s.progress)

  useEffect(() => {
    let current = true
    void call('sync:run', { runId }).then((result) => {
      if (!current) return
      if (result.ok) setRun(result.value)
      else setError(result.error.message)
    })
    return () => {
      current = false
    }
  }, [runId, running])

  const isJob = run?.kind === 'job'
  useEffect(() => {
    if (!isJob) return
    let current = true
    void call('sync:runs', { parentRunId: runId, limit: 1000 }).then((result) => {
      if (current && result.ok) setChildren(result.value)
    })
    return () => {
      current = false
    }
  }, [isJob, runId, running])

  const outcomes = useMemo(() => run && outcomesChart(run.counts, `run ${run.id} of ${run.device}`), [run])

  return (
    <article className="run-detail" aria-labelledby={titleId}>
      <div className="toolbar">
        <button type="button" onClick={onBack}>
          Back to all runs
        </button>
      </div>
      <h2 id={titleId}>
        {run ? `Run ${run.id}: ${runKindLabels[run.kind]} run of ${run.device}` : `Run ${runId}`}
      </h2>
      {error && (
        <p role="alert" className="error-summary">
          The run could not be loaded: {error}
        </p>
      )}
      {run && (
        <>
          <dl className="details run-summary">
            <div>
              <dt>Status</dt>
              <dd>
                <span className={`status ${run.status}`}>{runStatusLabels[run.status]}</span>
              </dd>
            </div>
            <div>
              <dt>Started</dt>
              <dd>{when(run.startedAt)}</dd>
            </div>
            <div>
              <dt>Finished</dt>
              <dd>{run.finishedAt ? when(run.finishedAt) : 'Not yet'}</dd>
            </div>
            <div>
              <dt>Duration</dt>
              <dd>{formatDuration(runDurationMs(run))}</dd>
            </div>
            {run.parentRunId !== undefined && (
              <div>
                <dt>Started by</dt>
                <dd>
                  <button type="button" className="link" onClick={() => onOpen(run.parentRunId!)}>
                    Job run {run.parentRunId}
                  </button>
                </dd>
              </div>
            )}
            {run.summary && (
              <div>
                <dt>Summary</dt>
                <dd className="message">{run.summary}</dd>
              </div>
            )}
            {run.failedTypes.length > 0 && (
              <div>
                <dt>Failed types</dt>
                <dd>
                  <ul className="plain">
                    {run.failedTypes.map((f) => (
                      <li key={f.type}>
                        {f.type}: {f.reason}
                      </li>
                    ))}
                  </ul>
                </dd>
              </div>
            )}
          </dl>
          {children.length > 0 && (
            <section aria-label="Runs this job started">
              <h3>Runs this job started</h3>
              <ul className="plain">
                {children.map((child) => (
                  <li key={child.id}>
                    <button type="button" className="link" onClick={() => onOpen(child.id)}>
                      Run {child.id}
                    </button>{' '}
                    {runKindLabels[child.kind]} run of {child.device}:{' '}
                    <span className={`status ${child.status}`}>{runStatusLabels[child.status]}</span>
                  </li>
                ))}
              </ul>
            </section>
          )}
          {outcomes && outcomes.labels.length > 0 && (
            // Collapsible: a Call Processor has dozens of types between the summary and the log.
            <details className="run-section" open>
              <summary>
                <h3>
                  Objects per type and outcome ({outcomes.labels.length}{' '}
                  {outcomes.labels.length === 1 ? 'type' : 'types'})
                </h3>
              </summary>
              <Chart spec={outcomes} />
            </details>
          )}
          <RunTrends run={run} />
          <section aria-label="Detailed log">
            <h3>Detailed log</h3>
            <LogBrowser run={run} />
          </section>
        </>
      )}
    </article>
  )
}
