import { useId } from 'react'
import type { FieldChange, ObjectRef, RunSummary, TypeComparison } from '../../../../src-preload/contract'
import { useCall } from '../../api/useCall'
import { DataTable, type Column } from '../../components/DataTable'
import { DetailList } from '../../components/DetailList'
import { ErrorSummary } from '../../components/ErrorSummary'
import { valueText } from '../audit/auditModel'
import { when } from '../sync/runModel'
import { RunStatusLabel } from '../sync/RunStatusLabel'
import { basisExplanations, comparisonHeadline, notListed } from './comparisonModel'
import { runKindLabels } from './runListModel'
import { RunView } from './RunView'

interface RunComparisonViewProps {
  older: RunSummary
  newer: RunSummary
  onBack: () => void
}

function runLine(run: RunSummary) {
  return (
    <>
      Run {run.id}, started {when(run.startedAt)}, <RunStatusLabel status={run.status} />
    </>
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

/** One changed field of an object; the object's name heads its first field's row and spans the rest. */
interface ChangedField {
  object: TypeComparison['changed'][number]
  change: FieldChange
  index: number
}

const changedColumns: Column<ChangedField>[] = [
  {
    header: 'Object',
    rowHeader: true,
    rowSpan: ({ object, index }) => (index === 0 ? object.fields.length : 0),
    cell: ({ object }) => object.name
  },
  { header: 'Field', cell: ({ change }) => change.field },
  { header: 'Before', wrap: true, cell: ({ change }) => valueText(change.before) },
  { header: 'After', wrap: true, cell: ({ change }) => valueText(change.after) }
]

const typeColumns: Column<TypeComparison>[] = [
  { header: 'Object type', rowHeader: true, cell: (t) => t.type },
  { header: 'Appeared', numeric: true, cell: (t) => t.counts.appeared },
  { header: 'Disappeared', numeric: true, cell: (t) => t.counts.disappeared },
  { header: 'Changed', numeric: true, cell: (t) => t.counts.changed }
]

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
          <DataTable
            caption={`Changed ${type.type} objects, field by field`}
            columns={changedColumns}
            rows={type.changed.flatMap((object) =>
              object.fields.map((change, index) => ({ object, change, index }))
            )}
            rowKey={({ object, change }) => `${object.key} ${change.field}`}
          />
          {more && <p className="muted">{more}</p>}
        </details>
      )}
    </section>
  )
}

/** What appeared, disappeared and changed between two runs of one device or domain, per object type. */
export function RunComparisonView({ older, newer, onBack }: RunComparisonViewProps) {
  const { value: comparison, error } = useCall('runs:compare', { older: older.id, newer: newer.id })

  return (
    <RunView
      className="run-comparison"
      title={`Comparison of ${runKindLabels[older.kind].toLowerCase()} runs ${older.id} and ${newer.id} of ${older.device}`}
      onBack={onBack}
    >
      <DetailList
        rows={[
          ['Older', runLine(older)],
          ['Newer', runLine(newer)]
        ]}
      />
      <ErrorSummary>{error && `The runs could not be compared: ${error}`}</ErrorSummary>
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
            <DataTable
              caption="Differences per object type"
              columns={typeColumns}
              rows={comparison.types}
              rowKey={(t) => t.type}
            />
          )}
          {comparison.types.map((t) => (
            <TypeDifferences key={t.type} type={t} />
          ))}
        </>
      )}
    </RunView>
  )
}
