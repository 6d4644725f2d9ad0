import { useId, type ReactNode } from 'react'

export interface FieldControlProps {
  id: string
  'aria-invalid'?: true
  'aria-describedby'?: string
}

interface FieldProps {
  label: string
  hint?: string
  error?: string
  checkbox?: boolean
  /** Renders the control with the id and ARIA links that tie it to its label, hint and error. */
  children: (control: FieldControlProps) => ReactNode
}

/** One labelled form row with its hint and its error from the server; ids are unique per render. */
export function Field({ label, hint, error, checkbox, children }: FieldProps) {
  const id = useId()
  const described = [error && `${id}-error`, hint && `${id}-hint`].filter(Boolean).join(' ')
  const control = children({
    id,
    ...(error ? { 'aria-invalid': true } : {}),
    ...(described ? { 'aria-describedby': described } : {})
  })
  return (
    <div className={checkbox ? 'field checkbox' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {control}
      {hint && (
        <span id={`${id}-hint`} className="hint">
          {hint}
        </span>
      )}
      {error && (
        <span id={`${id}-error`} className="field-error">
          {error}
        </span>
      )}
    </div>
  )
}
