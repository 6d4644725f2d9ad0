import { useId } from 'react'

interface RadioChoicesProps<Value extends string> {
  value: Value
  options: readonly Value[]
  labels: Record<Value, string>
  /** Shown but not choosable. */
  disabled?: (option: Value) => boolean
  onChange: (value: Value) => void
}

/** One of a few choices as radio buttons, in a row (inside a Section, whose legend names them). */
export function RadioChoices<Value extends string>({
  value,
  options,
  labels,
  disabled,
  onChange
}: RadioChoicesProps<Value>) {
  const name = useId()
  return (
    <div className="choices">
      {options.map((option) => (
        <label key={option} className="choice">
          <input
            type="radio"
            name={name}
            checked={value === option}
            disabled={disabled?.(option)}
            onChange={() => onChange(option)}
          />
          {labels[option]}
        </label>
      ))}
    </div>
  )
}
