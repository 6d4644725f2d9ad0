import { useEffect, useRef, useState, type FormEvent } from 'react'
import type { AppError, Result } from '../../../src-preload/contract'
import { fieldErrors } from '../api/errors'

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
  return { error, errors: fieldErrors(error), busy, formRef, submit }
}
