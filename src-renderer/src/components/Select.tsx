import { Field, type FieldNoteProps } from './Field'

interface OptionListProps<Value extends string> {
  options: readonly Value[]
  /** Shown instead of the value where given. */
  labels?: Partial<Record<string, string>>
  /** Shown but not choosable (not offered by this release yet). */
  unavailable?: readonly Value[]
}

/** A select's options: each value with its label. */
export function OptionList<Value extends string>({ options, labels, unavailable }: OptionListProps<Value>) {
  return options.map((option) => (
    <option key={option} value={option} disabled={unavailable?.includes(option)}>
      {labels?.[option] ?? option}
      {unavailable?.includes(option) ? ' (not available yet)' : ''}
    </option>
  ))
}

interface SelectProps<Value extends string> extends OptionListProps<Value>, FieldNoteProps {
  label: string
  /** Stable ids of the notes (see Field). */
  name?: string
  value: Value
  disabled?: boolean
  onChange: (value: Value) => void
}

/** A labelled choice of one value among `options`, as a form row. */
export function Select<Value extends string>({
  label,
  name,
  value,
  disabled,
  onChange,
  options,
  labels,
  unavailable,
  ...notes
}: SelectProps<Value>) {
  return (
    <Field label={label} name={name} {...notes}>
      {(control) => (
        <select
          {...control}
          value={value}
          disabled={disabled}
          // The options are `options`, so the chosen value is one of them.
          onChange={(e) => onChange(e.target.value as Value)}
        >
          <OptionList options={options} labels={labels} unavailable={unavailable} />
        </select>
      )}
    </Field>
  )
}
