import type { ComponentProps } from 'react'
import { Field, type FieldNoteProps } from './Field'

type InputProps = Omit<ComponentProps<'input'>, 'id' | 'value' | 'checked' | 'onChange'>

interface TextFieldProps extends FieldNoteProps, InputProps {
  label: string
  value: string
  onChange: (value: string) => void
}

/** A labelled text input (or number, date, password: `type`) as a form row. */
export function TextField({ label, hint, warning, error, value, onChange, ...input }: TextFieldProps) {
  return (
    <Field label={label} hint={hint} warning={warning} error={error}>
      {(control) => (
        <input {...input} {...control} value={value} onChange={(e) => onChange(e.target.value)} />
      )}
    </Field>
  )
}

interface CheckboxFieldProps extends FieldNoteProps {
  label: string
  checked: boolean
  disabled?: boolean
  onChange: (checked: boolean) => void
}

/** A labelled check box as a form row. */
export function CheckboxField({ label, checked, disabled, onChange, ...notes }: CheckboxFieldProps) {
  return (
    <Field label={label} checkbox {...notes}>
      {(control) => (
        <input
          {...control}
          type="checkbox"
          checked={checked}
          disabled={disabled}
          onChange={(e) => onChange(e.target.checked)}
        />
      )}
    </Field>
  )
}
