import { useEffect, useId, useState } from 'react'
import type { ObjectRef, RunComparison, RunSummary, TypeComparison } from '../../../../src-preload/contract'
import { call } from '../../api/client'
import { valueText } from '../audit/auditModel'
import { runStatusLabels, when } from '../sync/runModel'
import { basisExplanations, comparisonHeadline, notListed } from './comparisonModel'
import { runKindLabels } from './runListModel'

interface RunComparisonViewProps {
  older: RunSummary
  newer: RunSummary
  onBack: () => void
}

function RunLine({ label, run }: { label: string; run: RunSummary }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>
        Run {run.id}, started {when(run.startedAt)},{' '}
        <span className={`status ${run.status}`}>{runStatusLabels[run.status]}</span>
      </dd>
    </div>
  )
}

function ObjectList({ title, objects, total }: { title: string; objects: ObjectRef[]; total: number }) {
  if (total === 0) return null
  const more = notListed(objects.length, total)
  return (
    <details>
      <summary>
        {title} ({total})
      </summary>
      <ul className="object-list">
        {objects.map((o) => (
          <li key={o.key}>{o.name}</li>
        ))}
        {more && <li className="muted">{more}</li>}
      </ul>
    </details>
  )
}

/** One object type's differences: names that appeared and disappeared, and changed fields before → after. */
function TypeDifferences({ type }: { type: TypeComparison }) {
  const titleId = useId()
  const more = notListed(type.changed.length, type.counts.changed)
  return (
    <section className="type-differences" aria-labelledby={titleId}>
      <h4 id={titleId}>{type.type}</h4>
      {type.note && <p className="notice-inline">{type.note}</p>}
      <ObjectList title="Appeared" objects={type.appeared} total={type.counts.appeared} />
      <ObjectList title="Disappeared" objects={type.disappeared} total={type.counts.disappeared} />
      {type.counts.changed > 0 && (
        <details open>
          <summary>Changed ({type.counts.changed})</summary>
          <table className="grid static row-headers">
            <caption className="visually-hidden">Changed {type.type} objects, field by field</caption>
            <thead>
              <tr>
                <th scope="col">Object</th>
                <th scope="col">Field</th>
                <th scope="col">Before</th>
                <th scope="col">After</th>
              </tr>
            </thead>
            <tbody>
              {type.changed.flatMap((object) =>
                object.fields.map((change, index) => (
                  <tr key={`${object.key} ${change.field}`}>
                    {index === 0 && (
                      <th scope="row" rowSpan={object.fields.length}>
                        {object.name}
                      </th>
                    )}
                    <td>{change.field}</td>
                    <td className="wrap">{valueText(change.before)}</td>
                    <td className="wrap">{valueText(change.after)}</td>
                  </tr>
                ))
              )}
            </tbody>
          </table>
          {more && <p className="muted">{more}</p>}
        </details>
      )}
    </section>
  )
}

/** What appeared, disappeared and changed between two runs of one device or domain, per object type. */
export function RunComparisonView({ older, newer, onBack }: RunComparisonViewProps) {
  const [comparison, setComparison] = useState<RunComparison>()
  const [error, setError] = useState<string>()
  const titleId = useId()

  useEffect(() => {
    let current = true
    void call('runs:compare', { older: older.id, newer: newer.id }).then((result) => {
      if (!current) return
      if (result.ok) setComparison(result.value)
      else setError(result.error.message)
    })
    return () => {
      current = false
    }
  }, [older.id, newer.id])

  return (
    <article className="run-comparison" aria-labelledby={titleId}>
      <div className="toolbar">
        <button type="button" onClick={onBack}>
          Back to all runs
        </button>
      </div>
      <h2 id={titleId}>
        Comparison of {runKindLabels[older.kind].toLowerCase()} runs {older.id} and {newer.id} of{' '}
        {older.device}
      </h2>
      <dl className="details">
        <RunLine label="Older" run={older} />
        <RunLine label="Newer" run={newer} />
      </dl>
      {error && (
        <p role="alert" className="error-summary">
          The runs could not be compared: {error}
        </p>
      )}
      {!comparison && !error && <p className="muted">Comparing…</p>}
      {comparison && (
        <>
          <p className="muted">{basisExplanations[comparison.basis]}</p>
          <p role="status" className="comparison-headline">
            {comparisonHeadline(comparison.types)}
          </p>
          {comparison.truncated && (
            <p className="notice-inline">
              Some lists are long: they show the first objects only, and say how many more there are.
            </p>
          )}
          {comparison.types.length > 0 && (
            <table className="grid static row-headers">
              <caption className="visually-hidden">Differences per object type</caption>
              <thead>
                <tr>
                  <th scope="col">Object type</th>
                  <th scope="col" className="num">
                    Appeared
                  </th>
                  <th scope="col" className="num">
                    Disappeared
                  </th>
                  <th scope="col" className="num">
                    Changed
                  </th>
                </tr>
              </thead>
              <tbody>
                {comparison.types.map((t) => (
                  <tr key={t.type}>
                    <th scope="row">{t.type}</th>
                    <td className="num">{t.counts.appeared}</td>
                    <td className="num">{t.counts.disappeared}</td>
                    <td className="num">{t.counts.changed}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {comparison.types.map((t) => (
            <TypeDifferences key={t.type} type={t} />
          ))}
        </>
      )}
    </article>
  )
}
