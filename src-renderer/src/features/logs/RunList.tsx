import { useEffect, useState } from 'react'
import { runKinds, runStatuses, type RunPage, type RunSummary } from '../../../../src-preload/contract'
import { call } from '../../api/client'
import { GridTable } from '../../components/GridTable'
import { onRowKeyDown } from '../../components/rowKeys'
import { useStore } from '../../store'
import { runStatusLabels, when } from '../sync/runModel'
import {
  RUNS_PAGE_SIZE,
  comparisonChoice,
  formatDuration,
  pageLabel,
  runDurationMs,
  runKindLabels,
  runListQuery,
  timeRangeProblem,
  type RunFilters
} from './runListModel'
import { TimeRangeFields } from '../../components/TimeRangeFields'
import { useReadOnly } from '../../components/useReadOnly'
import { ReviewExportDialog } from './ReviewExportDialog'

export interface RunListState {
  filters: RunFilters
  offset: number
  /** Runs ticked for a comparison, kept across pages. */
  chosen: RunSummary[]
}

interface RunListProps {
  state: RunListState
  onChange: (state: RunListState) => void
  onOpen: (runId: number) => void
  onCompare: (older: RunSummary, newer: RunSummary) => void
}

const columns = ['Compare', 'Run', 'Device or domain', 'Kind', 'Status', 'Started', 'Duration', 'Summary']
/** Typing in the name filter asks the store once the typing pauses. */
const TYPING_DELAY_MS = 300

/** The run list: filters, one page of runs, and the runs ticked for a comparison. */
export function RunList({ state, onChange, onOpen, onCompare }: RunListProps) {
  const { filters, offset, chosen } = state
  const [target, setTarget] = useState(filters.target)
  const [page, setPage] = useState<RunPage>()
  const [error, setError] = useState<string>()
  const [exporting, setExporting] = useState(false)
  const readOnly = useReadOnly().export
  // A run that starts or finishes changes the list: reload when the set of running runs changes.
  const activeRuns = useStore((s) => Object.keys(s.progress).join(' '))

  const setFilters = (changes: Partial<RunFilters>) =>
    onChange({ ...state, filters: { ...filters, ...changes }, offset: 0 })

  useEffect(() => {
    if (target === filters.target) return
    const timer = setTimeout(
      () => onChange({ ...state, filters: { ...filters, target }, offset: 0 }),
      TYPING_DELAY_MS
    )
    return () => clearTimeout(timer)
  }, [target, filters, state, onChange])

  const rangeProblem = timeRangeProblem(filters)
  useEffect(() => {
    if (rangeProblem) return
    let current = true
    void call('runs:list', runListQuery(filters, offset, RUNS_PAGE_SIZE)).then((result) => {
      if (!current) return
      if (result.ok) {
        setPage(result.value)
        setError(undefined)
      } else setError(result.error.message)
    })
    return () => {
      current = false
    }
  }, [filters, offset, rangeProblem, activeRuns])

  const isChosen = (run: RunSummary) => chosen.some((c) => c.id === run.id)
  const toggle = (run: RunSummary) =>
    onChange({
      ...state,
      chosen: isChosen(run) ? chosen.filter((c) => c.id !== run.id) : [...chosen, run]
    })
  const choice = comparisonChoice(chosen)

  return (
    <>
      <form
        className="log-filters run-filters"
        role="search"
        aria-label="Filter runs"
        onSubmit={(e) => e.preventDefault()}
      >
        <label>
          Device or domain
          <input type="search" value={target} onChange={(e) => setTarget(e.target.value)} />
        </label>
        <label>
          Kind
          <select
            value={filters.kind}
            onChange={(e) => setFilters({ kind: e.target.value as RunFilters['kind'] })}
          >
            <option value="">All kinds</option>
            {runKinds.map((kind) => (
              <option key={kind} value={kind}>
                {runKindLabels[kind]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Status
          <select
            value={filters.status}
            onChange={(e) => setFilters({ status: e.target.value as RunFilters['status'] })}
          >
            <option value="">All statuses</option>
            {runStatuses.map((status) => (
              <option key={status} value={status}>
                {runStatusLabels[status]}
              </option>
            ))}
          </select>
        </label>
        <TimeRangeFields from={filters.from} to={filters.to} onChange={setFilters} />
      </form>
      {(rangeProblem ?? error) && (
        <p role="alert" className="error-summary">
          {rangeProblem ?? `Runs could not be loaded: ${error}`}
        </p>
      )}
      <div className="toolbar run-actions">
        <button
          type="button"
          disabled={'problem' in choice}
          onClick={() => 'problem' in choice || onCompare(choice.older, choice.newer)}
        >
          Compare
        </button>
        <span className="muted" aria-live="polite">
          {'problem' in choice
            ? choice.problem
            : `Run ${choice.older.id} with run ${choice.newer.id} of ${choice.older.device}.`}
        </span>
        <button type="button" disabled={!!readOnly} title={readOnly} onClick={() => setExporting(true)}>
          Export Review Bundle…
        </button>
        {chosen.length > 0 && (
          <button type="button" className="link" onClick={() => onChange({ ...state, chosen: [] })}>
            Clear choice
          </button>
        )}
      </div>
      {exporting && <ReviewExportDialog chosen={chosen} onClose={() => setExporting(false)} />}
      {page === undefined ? (
        <p className="empty">Loading runs…</p>
      ) : (
        <>
          <GridTable caption="Runs" columns={columns} numeric={['Run', 'Duration']}>
            {page.runs.map((run) => (
              <tr
                key={run.id}
                tabIndex={0}
                onClick={() => onOpen(run.id)}
                onKeyDown={(e) => e.target === e.currentTarget && onRowKeyDown(e, () => onOpen(run.id))}
              >
                <td onClick={(e) => e.stopPropagation()}>
                  <input
                    type="checkbox"
                    aria-label={`Compare run ${run.id}`}
                    checked={isChosen(run)}
                    onChange={() => toggle(run)}
                  />
                </td>
                <td className="num">{run.id}</td>
                <td>{run.device}</td>
                <td>{runKindLabels[run.kind]}</td>
                <td>
                  <span className={`status ${run.status}`}>{runStatusLabels[run.status]}</span>
                </td>
                <td>{when(run.startedAt)}</td>
                <td className="num">{formatDuration(runDurationMs(run))}</td>
                <td className="wrap">{run.summary ?? ''}</td>
              </tr>
            ))}
            {page.runs.length === 0 && (
              <tr>
                <td colSpan={columns.length} className="empty">
                  No run matches these filters.
                </td>
              </tr>
            )}
          </GridTable>
          <nav className="pager" aria-label="Run pages">
            <button
              type="button"
              disabled={offset === 0}
              onClick={() => onChange({ ...state, offset: Math.max(0, offset - RUNS_PAGE_SIZE) })}
            >
              Newer runs
            </button>
            <span>{pageLabel('Runs', offset, page.runs.length, page.total)}</span>
            <button
              type="button"
              disabled={offset + RUNS_PAGE_SIZE >= page.total}
              onClick={() => onChange({ ...state, offset: offset + RUNS_PAGE_SIZE })}
            >
              Older runs
            </button>
          </nav>
        </>
      )}
    </>
  )
}
