import { useCallback, useEffect, useRef, useState } from 'react'
import { severities, type LogEntry, type RunSummary, type Severity } from '../../../../src-preload/contract'
import { call } from '../../api/client'
import { Dialog } from '../../components/Dialog'
import { PAGE_SIZE, ROW_HEIGHT, pagesFor, toCsv, visibleRange } from './logModel'

interface Filters {
  severity: '' | Severity
  code: string
  objectType: string
  search: string
}

const VIEWPORT = 440

function download(name: string, type: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }))
  const link = document.createElement('a')
  link.href = url
  link.download = name
  link.click()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}

type Query = (offset: number, limit: number) => ReturnType<typeof call<'logs:entries'>>

/** The entries of one filter: fetched by page as they scroll into view; remounted when the filter changes. */
function LogEntries({ query, onError }: { query: Query; onError: (message: string) => void }) {
  const [total, setTotal] = useState<number>()
  const [pages, setPages] = useState<Record<number, LogEntry[]>>({})
  const [scrollTop, setScrollTop] = useState(0)
  const requested = useRef(new Set<number>())

  const { first, last } = visibleRange(scrollTop, VIEWPORT, total ?? 1)
  useEffect(() => {
    for (const page of pagesFor(first, last)) {
      if (requested.current.has(page)) continue
      requested.current.add(page)
      void query(page * PAGE_SIZE, PAGE_SIZE).then((result) => {
        if (!result.ok) return onError(result.error.message)
        setTotal(result.value.total)
        setPages((current) => ({ ...current, [page]: result.value.entries }))
      })
    }
  }, [first, last, query, onError])

  const rows: { index: number; entry?: LogEntry }[] = []
  for (let index = first; index <= Math.min(last, (total ?? 0) - 1); index++) {
    rows.push({ index, entry: pages[Math.floor(index / PAGE_SIZE)]?.[index % PAGE_SIZE] })
  }
  return (
    <>
      <p className="muted" aria-live="polite">
        {total === undefined ? 'Loading…' : `${total} entries`}
      </p>
      <div
        className="log-viewport"
        role="log"
        aria-label="Log entries"
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

/** A run's detailed log: filters run in the store, rows are fetched by page and only visible rows render. */
export function LogViewer({ run, onClose }: { run: RunSummary; onClose: () => void }) {
  const [filters, setFilters] = useState<Filters>({ severity: '', code: '', objectType: '', search: '' })
  const [error, setError] = useState<string>()

  const query = useCallback<Query>(
    (offset, limit) =>
      call('logs:entries', {
        runId: run.id,
        offset,
        limit,
        ...(filters.severity ? { severity: filters.severity } : {}),
        ...(filters.code.trim() ? { code: filters.code.trim() } : {}),
        ...(filters.objectType.trim() ? { objectType: filters.objectType.trim() } : {}),
        ...(filters.search ? { search: filters.search } : {})
      }),
    [run.id, filters]
  )

  const exportAll = async (format: 'csv' | 'json') => {
    const entries: LogEntry[] = []
    for (let offset = 0; ; offset += 5000) {
      const result = await query(offset, 5000)
      if (!result.ok) return setError(result.error.message)
      entries.push(...result.value.entries)
      if (entries.length >= result.value.total || result.value.entries.length === 0) break
    }
    const base = `switchboard-run-${run.id}-log`
    if (format === 'csv') download(`${base}.csv`, 'text/csv', toCsv(entries))
    else download(`${base}.json`, 'application/json', JSON.stringify({ run, entries }, null, 2))
  }

  return (
    <Dialog
      title={`Detailed log: run ${run.id}, ${run.kind} synchronization of ${run.device}`}
      onClose={onClose}
      wide
      footer={
        <>
          <button type="button" onClick={() => void exportAll('csv')}>
            Export CSV
          </button>
          <button type="button" onClick={() => void exportAll('json')}>
            Export JSON
          </button>
          <button type="button" onClick={onClose}>
            Close
          </button>
        </>
      }
    >
      {run.summary && <p className="message">{run.summary}</p>}
      {Object.keys(run.counts).length > 0 && (
        <details className="counts">
          <summary>Objects per type ({Object.keys(run.counts).length} types)</summary>
          <table className="grid">
            <thead>
              <tr>
                <th scope="col">Type</th>
                <th scope="col">Added</th>
                <th scope="col">Changed</th>
                <th scope="col">Removed</th>
                <th scope="col">Unchanged</th>
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
        </details>
      )}
      <div className="log-filters">
        <label>
          Severity
          <select
            value={filters.severity}
            onChange={(e) => setFilters({ ...filters, severity: e.target.value as Filters['severity'] })}
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
      </div>
      {error && (
        <p role="alert" className="error-summary">
          {error}
        </p>
      )}
      <LogEntries key={JSON.stringify(filters)} query={query} onError={setError} />
    </Dialog>
  )
}
