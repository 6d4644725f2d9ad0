import { useState } from 'react'
import { runKinds, runStatuses, type RunSummary } from '../../../../src-preload/contract'
import { useCall } from '../../api/useCall'
import { ActionButton } from '../../components/ActionButton'
import { checkColumn, DataTable, type Column } from '../../components/DataTable'
import { ErrorSummary } from '../../components/ErrorSummary'
import { FilterBar, FilterSelect } from '../../components/Filters'
import { EmptyList } from '../../components/ListPage'
import { Pager } from '../../components/Pager'
import { TimeRangeFields } from '../../components/TimeRangeFields'
import { useReadOnly } from '../../components/useReadOnly'
import { useTypingPause } from '../../components/useTypingPause'
import { useStore } from '../../store'
import { runStatusLabels, when } from '../sync/runModel'
import { RunStatusLabel } from '../sync/RunStatusLabel'
import { ReviewExportDialog } from './ReviewExportDialog'
import {
  RUNS_PAGE_SIZE,
  comparisonChoice,
  formatDuration,
  runDurationMs,
  runKindLabels,
  runListQuery,
  timeRangeProblem,
  type RunFilters
} from './runListModel'

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

const columns: Column<RunSummary>[] = [
  { header: 'Run', numeric: true, cell: (run) => run.id },
  { header: 'Device or domain', cell: (run) => run.device },
  { header: 'Kind', cell: (run) => runKindLabels[run.kind] },
  { header: 'Status', cell: (run) => <RunStatusLabel status={run.status} /> },
  { header: 'Started', cell: (run) => when(run.startedAt) },
  { header: 'Duration', numeric: true, cell: (run) => formatDuration(runDurationMs(run)) },
  { header: 'Summary', wrap: true, cell: (run) => run.summary ?? '' }
]

/** The run list: filters, one page of runs, and the runs ticked for a comparison. */
export function RunList({ state, onChange, onOpen, onCompare }: RunListProps) {
  const { filters, offset, chosen } = state
  const [target, setTarget] = useState(filters.target)
  const [exporting, setExporting] = useState(false)
  const readOnly = useReadOnly().export
  // A run that starts or finishes changes the list: reload when the set of running runs changes.
  const activeRuns = useStore((s) => Object.keys(s.progress).join(' '))

  const setFilters = (changes: Partial<RunFilters>) =>
    onChange({ ...state, filters: { ...filters, ...changes }, offset: 0 })
  useTypingPause(target, filters.target, (typed) => setFilters({ target: typed }))

  const rangeProblem = timeRangeProblem(filters)
  const { value: page, error } = useCall(
    'runs:list',
    rangeProblem ? undefined : runListQuery(filters, offset, RUNS_PAGE_SIZE),
    activeRuns
  )

  const isChosen = (run: RunSummary) => chosen.some((c) => c.id === run.id)
  const toggle = (run: RunSummary) =>
    onChange({
      ...state,
      chosen: isChosen(run) ? chosen.filter((c) => c.id !== run.id) : [...chosen, run]
    })
  const choice = comparisonChoice(chosen)
  const compareColumn = checkColumn<RunSummary>('Compare', (run) => `Compare run ${run.id}`, isChosen, toggle)

  return (
    <>
      <FilterBar label="Filter runs" className="run-filters">
        <label>
          Device or domain
          <input type="search" value={target} onChange={(e) => setTarget(e.target.value)} />
        </label>
        <FilterSelect
          label="Kind"
          value={filters.kind}
          all="All kinds"
          options={runKinds}
          labels={runKindLabels}
          onChange={(kind) => setFilters({ kind })}
        />
        <FilterSelect
          label="Status"
          value={filters.status}
          all="All statuses"
          options={runStatuses}
          labels={runStatusLabels}
          onChange={(status) => setFilters({ status })}
        />
        <TimeRangeFields from={filters.from} to={filters.to} onChange={setFilters} />
      </FilterBar>
      <ErrorSummary>{rangeProblem ?? (error && `Runs could not be loaded: ${error}`)}</ErrorSummary>
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
        <ActionButton blocked={readOnly} onClick={() => setExporting(true)}>
          Export Review Bundle…
        </ActionButton>
        {chosen.length > 0 && (
          <button type="button" className="link" onClick={() => onChange({ ...state, chosen: [] })}>
            Clear choice
          </button>
        )}
      </div>
      {exporting && <ReviewExportDialog chosen={chosen} onClose={() => setExporting(false)} />}
      {page === undefined ? (
        <EmptyList loading="Loading runs…" />
      ) : (
        <>
          <DataTable
            caption="Runs"
            columns={[compareColumn, ...columns]}
            rows={page.runs}
            rowKey={(run) => run.id}
            onRowClick={(run) => onOpen(run.id)}
            emptyText="No run matches these filters."
          />
          <Pager
            label="Run pages"
            what="Runs"
            offset={offset}
            shown={page.runs.length}
            total={page.total}
            pageSize={RUNS_PAGE_SIZE}
            previous="Newer runs"
            next="Older runs"
            onChange={(next) => onChange({ ...state, offset: next })}
          />
        </>
      )}
    </>
  )
}
