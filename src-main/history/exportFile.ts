// CSV and JSON exports of log views and of the audit trail (issue 8 item 6).
import type { ExportFile, ExportFormat } from '../../src-preload/contract'

/** What a spreadsheet reads as the start of a formula: `=`, `+`, `-`, `@`, a tab or a carriage return. */
const FORMULA_START = /^[=+\-@\t\r]/
const PLAIN_NUMBER = /^[-+]?\d+(\.\d+)?$/

/**
 * One CSV field per RFC 4180: quoted when it holds a comma, a quote or a line break; quotes doubled.
 * Text that a spreadsheet would run as a formula (a user name or an LDAP value such as
 * `=HYPERLINK(…)` comes from devices and directories) gets a leading `'`, so it shows as text; plain
 * numbers stay numbers.
 */
export function csvField(value: string): string {
  const safe = FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

/** A column of an export: its header and how a row's value reads as text. */
export interface Column<T> {
  header: string
  value: (row: T) => string | number | undefined
}

/** The fields of T that export as they are. */
type PlainField<T> = {
  [K in keyof T]-?: T[K] extends string | number | undefined ? K : never
}[keyof T] &
  string

/** Columns headed by a field's own name, each holding that field as it is. */
export function fieldColumns<T>(...fields: PlainField<T>[]): Column<T>[] {
  return fields.map((field) => ({ header: field, value: (row) => row[field] as string | number | undefined }))
}

/**
 * Writes rows as CSV (a header row, CRLF line ends as RFC 4180 asks) or as a JSON array of the rows
 * as they are. Rows are read once, as they come, so a run of 500,000 entries is not held twice.
 */
export function exportRows<T>(
  rows: Iterable<T>,
  format: ExportFormat,
  columns: Column<T>[],
  baseName: string
): ExportFile {
  const parts: string[] = []
  let count = 0
  if (format === 'csv') {
    parts.push(columns.map((c) => csvField(c.header)).join(','))
    for (const row of rows) {
      parts.push(columns.map((c) => csvField(String(c.value(row) ?? ''))).join(','))
      count += 1
    }
    return { fileName: `${baseName}.csv`, content: `${parts.join('\r\n')}\r\n`, rows: count }
  }
  for (const row of rows) {
    parts.push(JSON.stringify(row))
    count += 1
  }
  return {
    fileName: `${baseName}.json`,
    content: count === 0 ? '[]\n' : `[\n${parts.join(',\n')}\n]\n`,
    rows: count
  }
}
