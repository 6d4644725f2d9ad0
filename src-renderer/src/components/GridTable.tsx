import type { ReactNode } from 'react'

interface GridTableProps {
  /** Read by screen readers and tests (the table's accessible name). */
  caption: string
  columns: readonly string[]
  /** Columns of numbers: their headers sit right, over the right-aligned numbers (cells with class num). */
  numeric?: readonly string[]
  /** Rows (<tr> elements). */
  children: ReactNode
}

/** A table of selectable rows with a hidden caption, scrolling sideways inside its panel. */
export function GridTable({ caption, columns, numeric = [], children }: GridTableProps) {
  return (
    <div className="table-scroll">
      <table className="grid">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column} scope="col" className={numeric.includes(column) ? 'num' : undefined}>
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  )
}
