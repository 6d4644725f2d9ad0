import type { Key, MouseEvent, ReactNode } from 'react'
import { onRowKeyDown } from './rowKeys'

export interface Column<Row> {
  /** The header's text; also the column's key. */
  header: string
  /** Read by screen readers only, e.g. over a column of row actions. */
  hiddenHeader?: boolean
  /** Right-aligned numbers, under a right-aligned header. */
  numeric?: boolean
  /** Long text, which wraps rather than widening the table. */
  wrap?: boolean
  /** The cell names its row (a row header). */
  rowHeader?: boolean
  /** Clicks in the cell belong to its control (a check box, a link), not to the row. */
  control?: boolean
  /** The cell's tooltip. */
  title?: (row: Row) => string | undefined
  /** How many rows the cell spans; 0 where a cell above spans this row. */
  rowSpan?: (row: Row) => number
  cell: (row: Row) => ReactNode
}

interface DataTableProps<Row> {
  /** Read by screen readers and tests (the table's accessible name); not shown. */
  caption: string
  columns: readonly Column<Row>[]
  rows: readonly Row[]
  /** What tells rows apart across renders (the index, where rows have nothing else). */
  rowKey: (row: Row, index: number) => Key
  /** Makes rows choosable: by click, Enter or Space; the arrow keys move between them. */
  onRowClick?: (row: Row) => void
  /** The chosen rows (aria-selected), among choosable ones. */
  isSelected?: (row: Row) => boolean
  /** Said in one row across the table when there are no rows. */
  emptyText?: string
  /** More classes of the table, e.g. to size a column. */
  className?: string
  /** More classes of the box that scrolls the table sideways (or down, e.g. inside a dialog). */
  scrollClassName?: string
}

/** A column of check boxes that choose rows for an action (Compare, Delete), each named after its row. */
export function checkColumn<Row>(
  header: string,
  label: (row: Row) => string,
  isChecked: (row: Row) => boolean,
  onToggle: (row: Row) => void
): Column<Row> {
  return {
    header,
    control: true,
    cell: (row) => (
      <input
        type="checkbox"
        aria-label={label(row)}
        checked={isChecked(row)}
        onChange={() => onToggle(row)}
      />
    )
  }
}

const stopClick = (event: MouseEvent) => event.stopPropagation()

function classes(...names: (string | false | undefined)[]): string | undefined {
  return names.filter(Boolean).join(' ') || undefined
}

/**
 * Every table of the app: a hidden caption, column headers, rows that may be choosable, an empty-table
 * row, all inside a box that scrolls the table sideways rather than widening its panel.
 */
export function DataTable<Row>({
  caption,
  columns,
  rows,
  rowKey,
  onRowClick,
  isSelected,
  emptyText,
  className,
  scrollClassName
}: DataTableProps<Row>) {
  const rowHeaders = columns.some((column) => column.rowHeader)
  return (
    <div className={classes('table-scroll', scrollClassName)}>
      <table className={classes('grid', !onRowClick && 'static', rowHeaders && 'row-headers', className)}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.header} scope="col" className={column.numeric ? 'num' : undefined}>
                {column.hiddenHeader ? (
                  <span className="visually-hidden">{column.header}</span>
                ) : (
                  column.header
                )}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => {
            const selected = onRowClick && isSelected ? isSelected(row) : undefined
            const choose = onRowClick && (() => onRowClick(row))
            return (
              <tr
                key={rowKey(row, index)}
                tabIndex={choose ? 0 : undefined}
                aria-selected={selected}
                className={selected ? 'selected' : undefined}
                onClick={choose}
                // Keys typed in the row's own controls are theirs.
                onKeyDown={choose && ((e) => e.target === e.currentTarget && onRowKeyDown(e, choose))}
              >
                {columns.map((column) => (
                  <TableCell key={column.header} column={column} row={row} />
                ))}
              </tr>
            )
          })}
          {rows.length === 0 && emptyText && (
            <tr>
              <td colSpan={columns.length} className="empty">
                {emptyText}
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  )
}

function TableCell<Row>({ column, row }: { column: Column<Row>; row: Row }) {
  const rowSpan = column.rowSpan?.(row)
  if (rowSpan === 0) return null
  const props = {
    title: column.title?.(row),
    rowSpan: rowSpan === 1 ? undefined : rowSpan,
    onClick: column.control ? stopClick : undefined
  }
  const content = column.cell(row)
  if (column.rowHeader)
    return (
      <th scope="row" {...props}>
        {content}
      </th>
    )
  return (
    <td className={classes(column.numeric && 'num', column.wrap && 'wrap')} {...props}>
      {content}
    </td>
  )
}
