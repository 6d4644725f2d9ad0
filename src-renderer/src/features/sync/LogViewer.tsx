import { useCallback, useEffect, useRef, useState } from 'react'
import {
  severities,
  type ExportFormat,
  type LogEntry,
  type RunSummary
} from '../../../../src-preload/contract'
import { call } from '../../api/client'
import { Dialog } from '../../components/Dialog'
import { downloadExport } from '../logs/download'
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

  const exportLog = async (format: ExportFormat) => {
    const result = await call('logs:export', { runId: run.id, format, ...logFilterQuery(filters) })
    if (!result.ok) return setError(`The log was not exported: ${result.error.message}`)
    setError(undefined)
    downloadExport(result.value, format)
  }

  return (
    <div className="log-browser">
      <div className="log-filters">
        <label>
          Severity
          <select
            value={filters.severity}
            onChange={(e) => setFilters({ ...filters, severity: e.target.value as LogFilters['severity'] })}
          >
            <option value="">All</option>
            {severities.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          Code
          <input
            value={filters.code}
            onChange={(e) => setFilters({ ...filters, code: e.target.value })}
            placeholder="SYNC_TYPE_FAILED"
          />
        </label>
        <label>
          Object type
          <input
            value={filters.objectType}
            onChange={(e) => setFilters({ ...filters, objectType: e.target.value })}
            placeholder="Phone"
          />
        </label>
        <label>
          Search
          <input
            type="search"
            value={filters.search}
            onChange={(e) => setFilters({ ...filters, search: e.target.value })}
            placeholder="object name or message"
          />
        </label>
        <div className="log-exports">
          <button type="button" onClick={() => void exportLog('csv')}>
            Export CSV
          </button>
          <button type="button" onClick={() => void exportLog('json')}>
            Export JSON
          </button>
        </div>
      </div>
      {error && (
        <p role="alert" className="error-summary">
          {error}
        </p>
      )}
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
  return (
    <Dialog
      title={`Detailed log: run ${run.id}, ${run.kind} synchronization of ${run.device}`}
      onClose={onClose}
      wide
      footer={
        <button type="button" onClick={onClose}>
          Close
        </button>
      }
    >
      {run.summary && <p className="message">{run.summary}</p>}
      {Object.keys(run.counts).length > 0 && (
        <details className="counts">
          <summary>Objects per type ({Object.keys(run.counts).length} types)</summary>
          <CountsTable run={run} />
        </details>
      )}
      <LogBrowser run={run} />
    </Dialog>
  )
}

/** A run's objects per type and outcome. */
function CountsTable({ run }: { run: RunSummary }) {
  return (
    <table className="grid static">
      <caption className="visually-hidden">Objects per type, run {run.id}</caption>
      <thead>
        <tr>
          <th scope="col">Type</th>
          <th scope="col" className="num">
            Added
          </th>
          <th scope="col" className="num">
            Changed
          </th>
          <th scope="col" className="num">
            Removed
          </th>
          <th scope="col" className="num">
            Unchanged
          </th>
        </tr>
      </thead>
      <tbody>
        {Object.entries(run.counts).map(([type, c]) => (
          <tr key={type}>
            <td>{type}</td>
            <td className="num">{c.added}</td>
            <td className="num">{c.changed}</td>
            <td className="num">{c.removed}</td>
            <td className="num">{c.unchanged}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
