import type { ReactNode } from 'react'

interface SectionProps {
  legend: string
  /** About the group as a whole, e.g. "choose at least one rule". */
  error?: string
  /** More classes of the group, e.g. to lay out its rows. */
  className?: string
  children: ReactNode
}

/** A titled group of form fields (a fieldset and its legend), with an error about the whole group. */
export function Section({ legend, error, className, children }: SectionProps) {
  return (
    <fieldset className={className ? `field-group ${className}` : 'field-group'}>
      <legend>{legend}</legend>
      {error && <span className="field-error">{error}</span>}
      {children}
    </fieldset>
  )
}
