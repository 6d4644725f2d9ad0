import type { ReactNode } from 'react'

interface GridTableProps {
  /** Read by screen readers and tests (the table's accessible name). */
  caption: string
  columns: readonly string[]
  /** Rows (<tr> elements). */
  children: ReactNode
}

/** A table of selectable rows with a hidden caption, scrolling sideways inside its panel. */
export function GridTable({ caption, columns, children }: GridTableProps) {
  return (
    <div className="table-scroll">
      <table className="grid">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column} scope="col">
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
