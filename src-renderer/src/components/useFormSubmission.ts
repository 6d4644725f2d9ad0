import { useEffect, useRef, useState, type FormEvent, type RefObject } from 'react'
import type { AppError, Result } from '../../../src-preload/contract'
import { fieldErrors } from '../api/errors'

/** A form's save in progress or refused: what FormDialog needs to run and report it. */
export interface FormSubmission {
  /** Why the last save was refused. */
  error?: AppError
  busy: boolean
  formRef: RefObject<HTMLFormElement | null>
  submit: (event: FormEvent) => Promise<void>
}

/**
 * A form's save: busy while the request runs, the refusal kept for the error summary and the fields,
 * and, after a refused save, focus on the first field to fix (keyboard users land where to act).
 */
export function useFormSubmission<T>(
  request: () => Promise<Result<T>>,
  onSaved: (value: T) => void | Promise<void>
) {
  const [error, setError] = useState<AppError>()
  const [busy, setBusy] = useState(false)
  const formRef = useRef<HTMLFormElement>(null)

  useEffect(() => {
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus()
  }, [error])

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setBusy(true)
    const result = await request()
    setBusy(false)
    if (!result.ok) return setError(result.error)
    await onSaved(result.value)
  }
  const submission: FormSubmission = { error, busy, formRef, submit }
  return { ...submission, errors: fieldErrors(error), submission }
}
