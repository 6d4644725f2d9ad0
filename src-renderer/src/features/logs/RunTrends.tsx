import { useEffect, useMemo, useState } from 'react'
import { runSubject, type RunStats, type RunSummary } from '../../../../src-preload/contract'
import { call } from '../../api/client'
import { when } from '../sync/runModel'
import { Chart } from './Chart'
import { countsObjects, durationChart, objectCountChart } from './chartModel'
import { runKindLabels } from './runListModel'

/** How many of the latest runs the trend charts show: enough for a trend, few enough to read. */
const TREND_RUNS = 50

/** The device's or domain's runs of the same kind over time: how long they took and how many objects. */
export function RunTrends({ run }: { run: RunSummary }) {
  const [points, setPoints] = useState<RunStats[]>()
  const [error, setError] = useState<string>()

  useEffect(() => {
    let current = true
    void call('runs:stats', { ...runSubject(run), kinds: [run.kind], limit: TREND_RUNS }).then((result) => {
      if (!current) return
      if (result.ok) setPoints(result.value)
      else setError(result.error.message)
    })
    return () => {
      current = false
    }
  }, [run])

  const subject = `${runKindLabels[run.kind].toLowerCase()} runs of ${run.device}`
  const counted = countsObjects(run.kind)
  const charts = useMemo(
    () =>
      points && [
        durationChart(points, subject, when),
        ...(counted ? [objectCountChart(points, subject, when)] : [])
      ],
    [points, subject, counted]
  )

  return (
    <details className="run-section" open>
      <summary>
        <h3>Trends: {subject}</h3>
      </summary>
      {error && (
        <p role="alert" className="error-summary">
          The trends could not be loaded: {error}
        </p>
      )}
      {charts && !counted && (
        <p className="muted">
          {run.kind === 'job'
            ? 'Job runs count no objects themselves; the synchronizations they start do.'
            : `${runKindLabels[run.kind]} runs do not count objects per type; each run’s summary says what it did.`}
        </p>
      )}
      {charts && (
        <div className="chart-row">
          {charts.map((spec) => (
            <Chart key={spec.caption} spec={spec} />
          ))}
        </div>
      )}
    </details>
  )
}
