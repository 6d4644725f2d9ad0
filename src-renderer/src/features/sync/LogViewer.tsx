import { useCallback, useEffect, useRef, useState } from 'react'
import { severities, type LogEntry, type RunSummary, type TypeCounts } from '../../../../src-preload/contract'
import { call } from '../../api/client'
import { DataTable, type Column } from '../../components/DataTable'
import { Dialog } from '../../components/Dialog'
import { ErrorSummary } from '../../components/ErrorSummary'
import { FilterSelect } from '../../components/Filters'
import { ExportButtons } from '../logs/ExportButtons'
import {
  PAGE_SIZE,
  ROW_HEIGHT,
  logFilterQuery,
  noLogFilters,
  pagesToDrop,
  visibleRange,
  type LogFilters
} from './logModel'

const VIEWPORT = 440
/** Pages are fetched once scrolling pauses this long, so a fast scroll does not fetch every page it passes. */
const FETCH_DELAY_MS = 40

type Query = (offset: number, limit: number) => ReturnType<typeof call<'logs:entries'>>

/**
 * The entries of one filter, fetched by page as they scroll into view: only the visible rows render and
 * only pages near the view stay in memory. Remounted when the run or the filter changes.
 */
function LogEntries({ query, onError }: { query: Query; onError: (message: string) => void }) {
  const [total, setTotal] = useState<number>()
  const [pages, setPages] = useState<ReadonlyMap<number, LogEntry[]>>(new Map())
  const [scrollTop, setScrollTop] = useState(0)
  // Pages asked for or held; a page leaves when it is dropped or its request failed, so it is asked again.
  const requested = useRef(new Set<number>())

  const { first, last } = visibleRange(scrollTop, VIEWPORT, total ?? 1)
  const firstPage = Math.floor(first / PAGE_SIZE)
  const lastPage = Math.floor(Math.max(first, last) / PAGE_SIZE)
  useEffect(() => {
    const timer = setTimeout(() => {
      for (let page = firstPage; page <= lastPage; page++) {
        if (requested.current.has(page)) continue
        requested.current.add(page)
        void query(page * PAGE_SIZE, PAGE_SIZE).then((result) => {
          if (!result.ok) {
            requested.current.delete(page)
            return onError(result.error.message)
          }
          setTotal(result.value.total)
          setPages((current) => {
            const next = new Map(current).set(page, result.value.entries)
            for (const dropped of pagesToDrop([...next.keys()], page)) {
              next.delete(dropped)
              requested.current.delete(dropped)
            }
            return next
          })
        })
      }
    }, FETCH_DELAY_MS)
    return () => clearTimeout(timer)
  }, [firstPage, lastPage, query, onError])

  const rows: { index: number; entry?: LogEntry }[] = []
  for (let index = first; index <= Math.min(last, (total ?? 0) - 1); index++) {
    rows.push({ index, entry: pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE] })
  }
  return (
    <>
      <p className="muted" aria-live="polite">
        {total === undefined ? 'Loading…' : `${total} entries`}
      </p>
      {/* Focusable so the keyboard scrolls it; not live, or every row scrolled into view would be read. */}
      <div
        className="log-viewport"
        role="log"
        aria-label="Log entries"
        aria-live="off"
        tabIndex={0}
        onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      >
        <div className="log-spacer" style={{ height: (total ?? 0) * ROW_HEIGHT }}>
          {rows.map(({ index, entry }) => (
            <div
              key={index}
              className={`log-row ${entry?.severity ?? ''}`}
              style={{ top: index * ROW_HEIGHT }}
            >
              {entry ? (
                <>
                  <span className="log-seq">{entry.seq}</span>
                  <span className={`log-severity ${entry.severity}`}>{entry.severity}</span>
                  <span className="log-code">{entry.code}</span>
                  <span className="log-object">
                    {[entry.objectType, entry.objectName].filter(Boolean).join(' ')}
                  </span>
                  <span
                    className="log-message"
                    title={entry.hint ? `${entry.message}\n${entry.hint}` : entry.message}
                  >
                    {entry.message}
                  </span>
                </>
              ) : (
                <span className="muted">…</span>
              )}
            </div>
          ))}
        </div>
      </div>
    </>
  )
}

const textFilters: { key: 'code' | 'objectType' | 'search'; label: string; placeholder: string }[] = [
  { key: 'code', label: 'Code', placeholder: 'SYNC_TYPE_FAILED' },
  { key: 'objectType', label: 'Object type', placeholder: 'Phone' },
  { key: 'search', label: 'Search', placeholder: 'object name or message' }
]

/**
 * A run's detailed log with its filters and exports. Filtering and search run in the store, so a run of
 * hundreds of thousands of entries opens as fast as a small one.
 */
export function LogBrowser({ run }: { run: RunSummary }) {
  const [filters, setFilters] = useState<LogFilters>(noLogFilters)
  const [error, setError] = useState<string>()

  const query = useCallback<Query>(
    (offset, limit) => call('logs:entries', { runId: run.id, offset, limit, ...logFilterQuery(filters) }),
    [run.id, filters]
  )

  return (
    <div className="log-browser">
      <div className="log-filters">
        <FilterSelect
          label="Severity"
          value={filters.severity}
          all="All"
          options={severities}
          onChange={(severity) => setFilters({ ...filters, severity })}
        />
        {textFilters.map(({ key, label, placeholder }) => (
          <label key={key}>
            {label}
            <input
              type={key === 'search' ? 'search' : undefined}
              value={filters[key]}
              onChange={(e) => setFilters({ ...filters, [key]: e.target.value })}
              placeholder={placeholder}
            />
          </label>
        ))}
        <div className="log-exports">
          <ExportButtons
            what="The log"
            request={(format) => call('logs:export', { runId: run.id, format, ...logFilterQuery(filters) })}
            onError={setError}
          />
        </div>
      </div>
      <ErrorSummary>{error}</ErrorSummary>
      {/* A run that finishes while open has more entries: its new status starts the list afresh. */}
      <LogEntries
        key={`${run.id} ${run.status} ${JSON.stringify(filters)}`}
        query={query}
        onError={setError}
      />
    </div>
  )
}

/** Quick View → View Detailed Log: the run's counts per type and its log, in a dialog. */
export function LogViewer({ run, onClose }: { run: RunSummary; onClose: () => void }) {
  const types = Object.entries(run.counts)
  return (
    <Dialog
      title={`Detailed log: run ${run.id}, ${run.kind} synchronization of ${run.device}`}
      onClose={onClose}
      wide
    >
      {run.summary && <p className="message">{run.summary}</p>}
      {types.length > 0 && (
        <details className="counts">
          <summary>Objects per type ({types.length} types)</summary>
          <DataTable
            caption={`Objects per type, run ${run.id}`}
            columns={countColumns}
            rows={types}
            rowKey={([type]) => type}
          />
        </details>
      )}
      <LogBrowser run={run} />
    </Dialog>
  )
}

const outcomeLabels: Record<keyof TypeCounts, string> = {
  added: 'Added',
  changed: 'Changed',
  removed: 'Removed',
  unchanged: 'Unchanged'
}

/** A run's objects per type and outcome. */
const countColumns: Column<[type: string, counts: TypeCounts]>[] = [
  { header: 'Type', cell: ([type]) => type },
  ...(Object.keys(outcomeLabels) as (keyof TypeCounts)[]).map((outcome): Column<[string, TypeCounts]> => ({
    header: outcomeLabels[outcome],
    numeric: true,
    cell: ([, counts]) => counts[outcome]
  }))
]
