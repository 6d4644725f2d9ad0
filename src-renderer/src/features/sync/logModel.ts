// Pure helpers of the detailed log view: which pages a scroll position needs, and exports.
import type { LogEntry } from '../../../../src-preload/contract'

export const ROW_HEIGHT = 22
export const PAGE_SIZE = 200

/** Indexes of the rows to render for a scroll position, with some overscan either side. */
export function visibleRange(
  scrollTop: number,
  viewportHeight: number,
  total: number,
  overscan = 10
): { first: number; last: number } {
  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - overscan)
  const last = Math.min(total - 1, Math.ceil((scrollTop + viewportHeight) / ROW_HEIGHT) + overscan)
  return { first, last }
}

/** The pages (of PAGE_SIZE entries) that hold rows first..last. */
export function pagesFor(first: number, last: number): number[] {
  if (last < first) return []
  const pages: number[] = []
  for (let page = Math.floor(first / PAGE_SIZE); page <= Math.floor(last / PAGE_SIZE); page++)
    pages.push(page)
  return pages
}

const CSV_COLUMNS = ['seq', 'at', 'severity', 'code', 'objectType', 'objectName', 'message', 'hint'] as const

/** RFC 4180 CSV: every field quoted when it holds a comma, quote or line break. */
export function toCsv(entries: LogEntry[]): string {
  const cell = (value: string | number | undefined): string => {
    const text = value === undefined ? '' : String(value)
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
  }
  return (
    [CSV_COLUMNS.join(','), ...entries.map((e) => CSV_COLUMNS.map((c) => cell(e[c])).join(','))].join(
      '\r\n'
    ) + '\r\n'
  )
}
