import { useMemo } from 'react'
import { describeTraffic } from '../../../../src-preload/contract'
import { useCall } from '../../api/useCall'
import { DetailList } from '../../components/DetailList'
import { ErrorSummary } from '../../components/ErrorSummary'
import { useStore } from '../../store'
import { LogBrowser } from '../sync/LogViewer'
import { when } from '../sync/runModel'
import { RunStatusLabel } from '../sync/RunStatusLabel'
import { Chart } from './Chart'
import { outcomesChart } from './chartModel'
import { RunTrends } from './RunTrends'
import { formatDuration, runDurationMs, runKindLabels } from './runListModel'
import { RunView } from './RunView'

interface RunDetailProps {
  runId: number
  /** Opens another run: the job run that started this one, or one this job run started. */
  onOpen: (runId: number) => void
  onBack: () => void
}

/** One run: its summary, its objects per type and outcome, its device's trends and its detailed log. */
export function RunDetail({ runId, onOpen, onBack }: RunDetailProps) {
  // A running run's counts and status change until it finishes.
  const running = useStore((s) => runId in s.progress)
  const { value: run, error } = useCall('sync:run', { runId }, running)
  const isJob = run?.kind === 'job'
  const children =
    useCall('sync:runs', isJob ? { parentRunId: runId, limit: 1000 } : undefined, running).value ?? []

  const outcomes = useMemo(() => run && outcomesChart(run.counts, `run ${run.id} of ${run.device}`), [run])

  return (
    <RunView
      className="run-detail"
      title={run ? `Run ${run.id}: ${runKindLabels[run.kind]} run of ${run.device}` : `Run ${runId}`}
      onBack={onBack}
    >
      <ErrorSummary>{error && `The run could not be loaded: ${error}`}</ErrorSummary>
      {run && (
        <>
          <DetailList
            className="run-summary"
            rows={[
              ['Status', <RunStatusLabel status={run.status} />],
              ['Started', when(run.startedAt)],
              ['Finished', run.finishedAt ? when(run.finishedAt) : 'Not yet'],
              ['Duration', formatDuration(runDurationMs(run))],
              [
                'Started by',
                run.parentRunId !== undefined && (
                  <button type="button" className="link" onClick={() => onOpen(run.parentRunId!)}>
                    Job run {run.parentRunId}
                  </button>
                )
              ],
              ['Summary', run.summary && <span className="message">{run.summary}</span>],
              ['Traffic', run.traffic && describeTraffic(run.traffic)],
              [
                'Failed types',
                run.failedTypes.length > 0 && (
                  <ul className="plain">
                    {run.failedTypes.map((f) => (
                      <li key={f.type}>
                        {f.type}: {f.reason}
                      </li>
                    ))}
                  </ul>
                )
              ]
            ]}
          />
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
                    <RunStatusLabel status={child.status} />
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
    </RunView>
  )
}
