import type { ReactNode } from 'react'
import { OptionList } from './Select'

/** A list's filters, in a row over it; they apply as they change (there is nothing to submit). */
export function FilterBar({
  label,
  className,
  children
}: {
  label: string
  className?: string
  children: ReactNode
}) {
  return (
    <form
      className={className ? `log-filters ${className}` : 'log-filters'}
      role="search"
      aria-label={label}
      onSubmit={(e) => e.preventDefault()}
    >
      {children}
    </form>
  )
}

interface FilterSelectProps<Value extends string> {
  label: string
  value: Value | ''
  /** The first choice, which filters nothing, e.g. "All kinds". */
  all: string
  options: readonly Value[]
  labels?: Partial<Record<string, string>>
  onChange: (value: Value | '') => void
}

/** One filter: a value among `options`, or all of them. */
export function FilterSelect<Value extends string>({
  label,
  value,
  all,
  options,
  labels,
  onChange
}: FilterSelectProps<Value>) {
  return (
    <label>
      {label}
      {/* The options are `options` and '', so the chosen value is one of them. */}
      <select value={value} onChange={(e) => onChange(e.target.value as Value | '')}>
        <option value="">{all}</option>
        <OptionList options={options} labels={labels} />
      </select>
    </label>
  )
}
