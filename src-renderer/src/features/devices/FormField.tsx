import type { ReactNode } from 'react'

export interface ControlProps {
  id: string
  'aria-invalid'?: true
  'aria-describedby'?: string
}

interface FormFieldProps {
  /** The form field name; the error element is `<field>-error`, the hint `<field>-hint`. */
  field: string
  label: string
  hint?: string
  /** Shown until the choice that prompts it changes (not an error: the form can still be saved). */
  warning?: string
  error?: string
  checkbox?: boolean
  /** Renders the control with the id and ARIA links that tie it to its label, hint and error. */
  children: (control: ControlProps) => ReactNode
}

/** One labelled form row with its hint and its error from the server. */
export function FormField({ field, label, hint, warning, error, checkbox, children }: FormFieldProps) {
  const described = [error && `${field}-error`, warning && `${field}-warning`, hint && `${field}-hint`]
    .filter(Boolean)
    .join(' ')
  const control = children({
    id: `device-${field}`,
    ...(error ? { 'aria-invalid': true } : {}),
    ...(described ? { 'aria-describedby': described } : {})
  })
  return (
    <div className={checkbox ? 'field checkbox' : 'field'}>
      <label htmlFor={`device-${field}`}>{label}</label>
      {control}
      {hint && (
        <span id={`${field}-hint`} className="hint">
          {hint}
        </span>
      )}
      {warning && (
        <span id={`${field}-warning`} className="field-warning">
          {warning}
        </span>
      )}
      {error && (
        <span id={`${field}-error`} className="field-error">
          {error}
        </span>
      )}
    </div>
  )
}
