import { FieldNotes, useFieldNotes } from './Field'

interface CheckboxGroupProps {
  legend: string
  options: readonly string[]
  selected: readonly string[]
  onChange: (selected: string[]) => void
  hint?: string
  error?: string
  /** Shown instead of the options when there are none. */
  emptyText?: string
  disabled?: boolean
}

/**
 * A multi-select as a labelled group of checkboxes. The selection keeps the options' order; selected
 * values that are no longer offered are kept rather than silently dropped.
 */
export function CheckboxGroup({
  legend,
  options,
  selected,
  onChange,
  hint,
  error,
  emptyText,
  disabled
}: CheckboxGroupProps) {
  const { base, describedBy } = useFieldNotes({ hint, error })
  const toggle = (option: string, on: boolean) =>
    onChange([
      ...options.filter((o) => (o === option ? on : selected.includes(o))),
      ...selected.filter((s) => !options.includes(s))
    ])
  return (
    <fieldset className="field-group" aria-invalid={error ? true : undefined} aria-describedby={describedBy}>
      <legend>{legend}</legend>
      {options.length === 0 && <span className="muted">{emptyText ?? 'None available'}</span>}
      <div className="choices">
        {options.map((option) => (
          <label key={option} className="choice">
            <input
              type="checkbox"
              checked={selected.includes(option)}
              disabled={disabled}
              onChange={(e) => toggle(option, e.target.checked)}
            />
            {option}
          </label>
        ))}
      </div>
      <FieldNotes base={base} hint={hint} error={error} />
    </fieldset>
  )
}
