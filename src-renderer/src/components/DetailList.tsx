import type { ReactNode } from 'react'

/** A label and its value; a row without a value (undefined, null, false or '') is left out. */
export type Detail = readonly [label: string, value: ReactNode]

/** Labelled values of one thing (a device, a run, an audit entry), as a description list. */
export function DetailList({ rows, className }: { rows: readonly Detail[]; className?: string }) {
  return (
    <dl className={className ? `details ${className}` : 'details'}>
      {rows
        .filter(([, value]) => value !== undefined && value !== null && value !== false && value !== '')
        .map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
    </dl>
  )
}
