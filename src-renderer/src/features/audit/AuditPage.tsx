import { useEffect, useId, useState } from 'react'
import type { AuditEntry, AuditPage as AuditPageData, ExportFormat } from '../../../../src-preload/contract'
import { call } from '../../api/client'
import { fieldLabel } from '../../components/fieldLabel'
import { GridTable } from '../../components/GridTable'
import { onRowKeyDown } from '../../components/rowKeys'
import { downloadExport } from '../logs/download'
import { pageLabel, timeRangeProblem } from '../logs/runListModel'
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
import { TimeRangeFields } from '../../components/TimeRangeFields'

const columns = ['When', 'Who', 'Action', 'Target']
const actionChoices = auditActionChoices()
/** Typing in a text filter asks the store once the typing pauses. */
const TYPING_DELAY_MS = 300

const originLabels: Record<string, string> = {
  electron: 'Desktop app',
  headless: 'Browser (headless host)',
  cli: 'Command line',
  test: 'Test'
}

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
      <dl className="details">
        <div>
          <dt>When</dt>
          <dd>{when(entry.at)}</dd>
        </div>
        <div>
          <dt>Who</dt>
          <dd>{entry.actor}</dd>
        </div>
        <div>
          <dt>Action</dt>
          <dd>
            {entry.action}
            {details.effect && ` (${details.effect})`}
          </dd>
        </div>
        {entry.target && (
          <div>
            <dt>Target</dt>
            <dd>{entry.target}</dd>
          </div>
        )}
        {details.origin && (
          <div>
            <dt>From</dt>
            <dd>{originLabels[details.origin] ?? details.origin}</dd>
          </div>
        )}
        {details.error && (
          <div>
            <dt>Error</dt>
            <dd className="message">{details.error}</dd>
          </div>
        )}
      </dl>
      {details.changes.length > 0 && (
        <>
          <h3>Before and after</h3>
          <table className="grid static row-headers">
            <caption className="visually-hidden">Fields changed by audit entry {entry.id}</caption>
            <thead>
              <tr>
                <th scope="col">Field</th>
                <th scope="col">Before</th>
                <th scope="col">After</th>
              </tr>
            </thead>
            <tbody>
              {details.changes.map((change) => (
                <tr key={change.field}>
                  <th scope="row" title={change.field}>
                    {fieldLabel(change.field)}
                  </th>
                  <td className="wrap">{valueText(change.before)}</td>
                  <td className="wrap">{valueText(change.after)}</td>
                </tr>
              ))}
            </tbody>
          </table>
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
  const titleId = useId()
  const actionListId = useId()
  const [filters, setFilters] = useState<AuditFilters>(noAuditFilters)
  // The text filters as typed; they reach `filters` once typing pauses.
  const [typed, setTyped] = useState({ action: '', target: '' })
  const [offset, setOffset] = useState(0)
  const [page, setPage] = useState<AuditPageData>()
  const [selected, setSelected] = useState<AuditEntry>()
  const [error, setError] = useState<string>()

  const changeFilters = (changes: Partial<AuditFilters>) => {
    setFilters({ ...filters, ...changes })
    setOffset(0)
  }

  useEffect(() => {
    if (typed.action === filters.action && typed.target === filters.target) return
    const timer = setTimeout(() => {
      setFilters({ ...filters, ...typed })
      setOffset(0)
    }, TYPING_DELAY_MS)
    return () => clearTimeout(timer)
  }, [typed, filters])

  const rangeProblem = timeRangeProblem(filters)
  useEffect(() => {
    if (rangeProblem) return
    let current = true
    void call('audit:list', auditQuery(filters, offset)).then((result) => {
      if (!current) return
      if (result.ok) {
        setPage(result.value)
        setError(undefined)
      } else setError(`The audit trail could not be loaded: ${result.error.message}`)
    })
    return () => {
      current = false
    }
  }, [filters, offset, rangeProblem])

  const exportTrail = async (format: ExportFormat) => {
    const result = await call('audit:export', { ...auditFilter(filters), format })
    if (!result.ok) return setError(`The audit trail was not exported: ${result.error.message}`)
    setError(undefined)
    downloadExport(result.value, format)
  }

  return (
    <section className="page" aria-labelledby={titleId}>
      <header className="page-header">
        <h1 id={titleId}>Audit Trail</h1>
        <div className="toolbar">
          <button type="button" onClick={() => void exportTrail('csv')}>
            Export CSV
          </button>
          <button type="button" onClick={() => void exportTrail('json')}>
            Export JSON
          </button>
        </div>
      </header>
      <form
        className="log-filters run-filters"
        role="search"
        aria-label="Filter the audit trail"
        onSubmit={(e) => e.preventDefault()}
      >
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
      </form>
      {(rangeProblem ?? error) && (
        <p role="alert" className="error-summary">
          {rangeProblem ?? error}
        </p>
      )}
      {page === undefined ? (
        <p className="empty">Loading the audit trail…</p>
      ) : (
        <div className="split wide-aside">
          <div className="stack">
            <GridTable caption="Audit trail" columns={columns}>
              {page.entries.map((entry) => {
                const isSelected = entry.id === selected?.id
                return (
                  <tr
                    key={entry.id}
                    tabIndex={0}
                    aria-selected={isSelected}
                    className={isSelected ? 'selected' : undefined}
                    onClick={() => setSelected(entry)}
                    onKeyDown={(e) => onRowKeyDown(e, () => setSelected(entry))}
                  >
                    <td>{when(entry.at)}</td>
                    <td>{entry.actor}</td>
                    <td>{entry.action}</td>
                    <td className="wrap">{entry.target ?? ''}</td>
                  </tr>
                )
              })}
              {page.entries.length === 0 && (
                <tr>
                  <td colSpan={columns.length} className="empty">
                    No audit entry matches these filters.
                  </td>
                </tr>
              )}
            </GridTable>
            <nav className="pager" aria-label="Audit trail pages">
              <button
                type="button"
                disabled={offset === 0}
                onClick={() => setOffset(Math.max(0, offset - AUDIT_PAGE_SIZE))}
              >
                Newer entries
              </button>
              <span>{pageLabel('Entries', offset, page.entries.length, page.total)}</span>
              <button
                type="button"
                disabled={offset + AUDIT_PAGE_SIZE >= page.total}
                onClick={() => setOffset(offset + AUDIT_PAGE_SIZE)}
              >
                Older entries
              </button>
            </nav>
          </div>
          {selected && <AuditEntryDetails entry={selected} onClose={() => setSelected(undefined)} />}
        </div>
      )}
    </section>
  )
}
