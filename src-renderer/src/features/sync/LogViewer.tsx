import { useVirtualizer } from '@tanstack/react-virtual'
import { memo, useCallback, useEffect, useLayoutEffect, useRef, useState, type CSSProperties } from 'react'
import { severities, type LogEntry, type RunSummary, type TypeCounts } from '../../../../src-preload/contract'
import { call } from '../../api/client'
import { DataTable, type Column } from '../../components/DataTable'
import { formatMoment } from '../../components/dateTime'
import { Dialog } from '../../components/Dialog'
import { ErrorSummary } from '../../components/ErrorSummary'
import { FilterSelect } from '../../components/Filters'
import { ExportButtons } from '../logs/ExportButtons'
import { PAGE_SIZE, logFilterQuery, noLogFilters, pagesToDrop, type LogFilters } from './logModel'
import { runSubjectWords } from './runModel'

/**
 * Rows in view that changed again within this long mean a scroll is under way: their pages are fetched
 * once it pauses this long, so a fast scroll does not fetch every page it passes. The first rows, a
 * jump and the first step of a scroll are fetched at once.
 */
const FETCH_DELAY_MS = 40
/**
 * A row's height until it is measured (one line of 12 px text and its padding); rows whose message
 * wraps are measured as they render, so this only places rows not rendered yet.
 */
const ESTIMATED_ROW_HEIGHT = 24
/** Rows rendered beyond each edge of the view, so a short scroll shows rows already laid out. */
const OVERSCAN = 10

type Query = (offset: number, limit: number) => ReturnType<typeof call<'logs:entries'>>

const columnHeaders = ['Time', 'Level', 'Code', 'Object type', 'Object', 'Message']

/**
 * The entries of one filter as a table, fetched by page as they scroll into view: only the rows near
 * the view render (@tanstack/react-virtual, which measures each row, so messages wrap rather than
 * being cut), and only pages near the view stay in memory. The table is as tall as its rows, up to a
 * maximum past which it scrolls. Remounted when the run or the filter changes.
 */
function LogEntries({ query, onError }: { query: Query; onError: (message: string) => void }) {
  const [total, setTotal] = useState<number>()
  const [pages, setPages] = useState<ReadonlyMap<number, LogEntry[]>>(new Map())
  // Pages asked for or held; a page leaves when it is dropped or its request failed, so it is asked again.
  const requested = useRef(new Set<number>())
  const viewport = useRef<HTMLDivElement>(null)
  // The virtualizer re-renders this component on every scroll by design: nothing here is memoized.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: total ?? 0,
    getScrollElement: () => viewport.current,
    estimateSize: () => ESTIMATED_ROW_HEIGHT,
    overscan: OVERSCAN
  })
  const rows = virtualizer.getVirtualItems()
  const totalSize = virtualizer.getTotalSize()

  // Rows are measured as they load, so the end moves after a jump to the bottom: whoever is at the
  // end of the log stays there (as a terminal's scrollback does) instead of landing rows short.
  const atEnd = useRef(false)
  const onScroll = (): void => {
    const element = viewport.current
    if (element) atEnd.current = element.scrollTop + element.clientHeight >= element.scrollHeight - 2
  }
  useLayoutEffect(() => {
    const element = viewport.current
    if (element && atEnd.current) element.scrollTop = element.scrollHeight
  }, [totalSize, pages])

  const firstPage = Math.floor((rows[0]?.index ?? 0) / PAGE_SIZE)
  const lastPage = Math.floor((rows.at(-1)?.index ?? 0) / PAGE_SIZE)
  const lastRangeChange = useRef(-Infinity)
  useEffect(() => {
    const now = performance.now()
    const scrolling = now - lastRangeChange.current < FETCH_DELAY_MS
    lastRangeChange.current = now
    const fetchInView = (): void => {
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
    }
    if (!scrolling) {
      fetchInView()
      return
    }
    const timer = setTimeout(fetchInView, FETCH_DELAY_MS)
    return () => clearTimeout(timer)
  }, [firstPage, lastPage, query, onError])

  return (
    <>
      <p className="muted" aria-live="polite">
        {total === undefined ? 'Loading…' : `${total} entries`}
      </p>
      {/* Not live, or every row scrolled into view would be read. */}
      <div className="log-table" role="log" aria-label="Log entries" aria-live="off">
        <div role="table" aria-label="Log entries" aria-rowcount={(total ?? 0) + 1}>
          <div role="rowgroup" className="log-head">
            <div role="row" aria-rowindex={1} className="log-columns">
              {columnHeaders.map((header) => (
                <span key={header} role="columnheader">
                  {header}
                </span>
              ))}
            </div>
          </div>
          {/* Focusable so the keyboard scrolls it; its rows' height sizes it until the user drags its corner. */}
          <div
            role="rowgroup"
            className="log-viewport"
            ref={viewport}
            tabIndex={0}
            onScroll={onScroll}
            style={{ '--log-rows-height': `${totalSize}px` } as CSSProperties}
          >
            <div className="log-spacer" style={{ height: totalSize }}>
              {rows.map((row) => {
                const entry = pages.get(Math.floor(row.index / PAGE_SIZE))?.[row.index % PAGE_SIZE]
                return (
                  <div
                    key={row.key}
                    ref={virtualizer.measureElement}
                    data-index={row.index}
                    role="row"
                    aria-rowindex={row.index + 2}
                    data-seq={entry?.seq}
                    className={`log-row log-columns ${entry?.severity ?? ''}`}
                    style={{ transform: `translateY(${row.start}px)` }}
                  >
                    {entry ? <LogCells entry={entry} /> : <span className="muted">…</span>}
                  </div>
                )
              })}
            </div>
          </div>
        </div>
      </div>
    </>
  )
}

/**
 * One entry's cells: its time as every page shows a moment, and its message and hint in full. Memoized:
 * the table re-renders on every scroll, its loaded entries do not change.
 */
const LogCells = memo(function LogCells({ entry }: { entry: LogEntry }) {
  return (
    <>
      <span role="cell" className="log-time">
        <time dateTime={entry.at}>{formatMoment(entry.at)}</time>
      </span>
      <span role="cell" className={`log-severity ${entry.severity}`}>
        {entry.severity}
      </span>
      <span role="cell" className="log-code">
        {entry.code}
      </span>
      <span role="cell">{entry.objectType}</span>
      <span role="cell">{entry.objectName}</span>
      <span role="cell" className="log-message">
        {entry.message}
        {entry.hint && <span className="log-hint">{entry.hint}</span>}
      </span>
    </>
  )
})

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
    <Dialog title={`Detailed log: run ${run.id}, ${runSubjectWords(run)}`} onClose={onClose} wide>
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
