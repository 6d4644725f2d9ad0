import { useId, type ReactNode } from 'react'

export interface FieldControlProps {
  id: string
  'aria-invalid'?: true
  'aria-describedby'?: string
}

export interface FieldNoteProps {
  hint?: string
  /** Shown until the choice that prompts it changes (not an error: the form can still be saved). */
  warning?: string
  error?: string
}

interface FieldProps extends FieldNoteProps {
  label: string
  /**
   * The form field's name, where the notes need ids that stay put (`<name>-error`, `<name>-warning`,
   * `<name>-hint`); otherwise they are unique per render.
   */
  name?: string
  checkbox?: boolean
  /** Renders the control with the id and ARIA links that tie it to its label, hint and error. */
  children: (control: FieldControlProps) => ReactNode
}

/** The ids of a control's notes, and its aria-describedby (most urgent first), or none. */
export function useFieldNotes(notes: FieldNoteProps, name?: string) {
  const id = useId()
  const base = name ?? id
  const described = [
    notes.error && `${base}-error`,
    notes.warning && `${base}-warning`,
    notes.hint && `${base}-hint`
  ]
    .filter(Boolean)
    .join(' ')
  return { id, base, describedBy: described || undefined }
}

/** A control's hint, warning and error, under it, each with the id its aria-describedby names. */
export function FieldNotes({ base, hint, warning, error }: FieldNoteProps & { base: string }) {
  return (
    <>
      {hint && (
        <span id={`${base}-hint`} className="hint">
          {hint}
        </span>
      )}
      {warning && (
        <span id={`${base}-warning`} className="field-warning">
          {warning}
        </span>
      )}
      {error && (
        <span id={`${base}-error`} className="field-error">
          {error}
        </span>
      )}
    </>
  )
}

/** One labelled form row with its hint, its warning and its error from the server. */
export function Field({ label, name, checkbox, children, ...notes }: FieldProps) {
  const { id, base, describedBy } = useFieldNotes(notes, name)
  const control = children({
    id,
    ...(notes.error ? { 'aria-invalid': true } : {}),
    ...(describedBy ? { 'aria-describedby': describedBy } : {})
  })
  return (
    <div className={checkbox ? 'field checkbox' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {control}
      <FieldNotes base={base} {...notes} />
    </div>
  )
}
