import { useId, useState } from 'react'
import type { AuditEntry, FieldChange } from '../../../../src-preload/contract'
import { call } from '../../api/client'
import { useCall } from '../../api/useCall'
import { DataTable, type Column } from '../../components/DataTable'
import { DetailList } from '../../components/DetailList'
import { fieldLabel } from '../../components/fieldLabel'
import { FilterBar } from '../../components/Filters'
import { EmptyList, ListPage } from '../../components/ListPage'
import { Pager } from '../../components/Pager'
import { TimeRangeFields } from '../../components/TimeRangeFields'
import { useTypingPause } from '../../components/useTypingPause'
import { ExportButtons } from '../logs/ExportButtons'
import { timeRangeProblem } from '../logs/runListModel'
import { when } from '../sync/runModel'
import {
  AUDIT_PAGE_SIZE,
  auditActionChoices,
  auditDetails,
  auditFilter,
  auditQuery,
  noAuditFilters,
  valueText,
  type AuditFilters
} from './auditModel'

const actionChoices = auditActionChoices()

const originLabels: Record<string, string> = {
  electron: 'Desktop app',
  headless: 'Browser (headless host)',
  cli: 'Command line',
  test: 'Test'
}

const columns: Column<AuditEntry>[] = [
  { header: 'When', cell: (entry) => when(entry.at) },
  { header: 'Who', cell: (entry) => entry.actor },
  { header: 'Action', cell: (entry) => entry.action },
  { header: 'Target', wrap: true, cell: (entry) => entry.target ?? '' }
]

const changeColumns: Column<FieldChange>[] = [
  {
    header: 'Field',
    rowHeader: true,
    title: (change) => change.field,
    cell: (change) => fieldLabel(change.field)
  },
  { header: 'Before', wrap: true, cell: (change) => valueText(change.before) },
  { header: 'After', wrap: true, cell: (change) => valueText(change.after) }
]

function Json({ value }: { value: unknown }) {
  return <pre className="json">{JSON.stringify(value, null, 2)}</pre>
}

/** One entry: who did what when, the fields a change touched before → after, and what was asked. */
function AuditEntryDetails({ entry, onClose }: { entry: AuditEntry; onClose: () => void }) {
  const titleId = useId()
  const details = auditDetails(entry)
  return (
    <aside className="quickview audit-details" aria-labelledby={titleId}>
      <div className="panel-header">
        <h2 id={titleId}>Audit entry {entry.id}</h2>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      <DetailList
        rows={[
          ['When', when(entry.at)],
          ['Who', entry.actor],
          ['Action', details.effect ? `${entry.action} (${details.effect})` : entry.action],
          ['Target', entry.target],
          ['From', details.origin && (originLabels[details.origin] ?? details.origin)],
          ['Error', details.error && <span className="message">{details.error}</span>]
        ]}
      />
      {details.changes.length > 0 && (
        <>
          <h3>Before and after</h3>
          <DataTable
            caption={`Fields changed by audit entry ${entry.id}`}
            columns={changeColumns}
            rows={details.changes}
            rowKey={(change) => change.field}
          />
        </>
      )}
      {details.input !== undefined && (
        <details>
          <summary>What was asked</summary>
          <Json value={details.input} />
        </details>
      )}
      {details.result !== undefined && (
        <details>
          <summary>Result</summary>
          <Json value={details.result} />
        </details>
      )}
      {Object.keys(details.other).length > 0 && <Json value={details.other} />}
    </aside>
  )
}

/** Administration → Audit Trail: who changed what and started which action, with before and after. */
export function AuditPage() {
  const actionListId = useId()
  const [filters, setFilters] = useState<AuditFilters>(noAuditFilters)
  // The text filters as typed; they reach `filters` once typing pauses.
  const [typed, setTyped] = useState({ action: '', target: '' })
  const [offset, setOffset] = useState(0)
  const [selected, setSelected] = useState<AuditEntry>()
  const [exportError, setExportError] = useState<string>()

  const changeFilters = (changes: Partial<AuditFilters>) => {
    setFilters({ ...filters, ...changes })
    setOffset(0)
  }
  useTypingPause(typed, { action: filters.action, target: filters.target }, changeFilters)

  const rangeProblem = timeRangeProblem(filters)
  const { value: page, error } = useCall('audit:list', rangeProblem ? undefined : auditQuery(filters, offset))

  return (
    <ListPage
      title="Audit Trail"
      actions={
        <ExportButtons
          what="The audit trail"
          request={(format) => call('audit:export', { ...auditFilter(filters), format })}
          onError={setExportError}
        />
      }
      filters={
        <FilterBar label="Filter the audit trail" className="run-filters">
          <label>
            Action
            <input
              list={actionListId}
              value={typed.action}
              onChange={(e) => setTyped({ ...typed, action: e.target.value })}
              placeholder="devices: or devices:edit"
            />
            <datalist id={actionListId}>
              {actionChoices.map((action) => (
                <option key={action} value={action} />
              ))}
            </datalist>
          </label>
          <label>
            Target
            <input
              type="search"
              value={typed.target}
              onChange={(e) => setTyped({ ...typed, target: e.target.value })}
            />
          </label>
          <TimeRangeFields from={filters.from} to={filters.to} onChange={changeFilters} />
        </FilterBar>
      }
      error={rangeProblem ?? exportError ?? (error && `The audit trail could not be loaded: ${error}`)}
    >
      {page === undefined ? (
        <EmptyList loading="Loading the audit trail…" />
      ) : (
        <div className="split wide-aside">
          <div className="stack">
            <DataTable
              caption="Audit trail"
              columns={columns}
              rows={page.entries}
              rowKey={(entry) => entry.id}
              onRowClick={setSelected}
              isSelected={(entry) => entry.id === selected?.id}
              emptyText="No audit entry matches these filters."
            />
            <Pager
              label="Audit trail pages"
              what="Entries"
              offset={offset}
              shown={page.entries.length}
              total={page.total}
              pageSize={AUDIT_PAGE_SIZE}
              previous="Newer entries"
              next="Older entries"
              onChange={setOffset}
            />
          </div>
          {selected && <AuditEntryDetails entry={selected} onClose={() => setSelected(undefined)} />}
        </div>
      )}
    </ListPage>
  )
}
