import type { FormEvent, ReactNode, Ref } from 'react'
import { Dialog } from './Dialog'
import { useReadOnly } from './useReadOnly'

interface FormDialogProps {
  title: string
  /** The form's id, which the footer's Save button submits. */
  formId: string
  formRef?: Ref<HTMLFormElement>
  busy: boolean
  onSubmit: (event: FormEvent<HTMLFormElement>) => void
  onClose: () => void
  /** Shown as an alert at the top of the form, e.g. "The role was not saved: …". */
  errorSummary?: string
  /** Lets fields point at the summary (aria-describedby). */
  errorSummaryId?: string
  wide?: boolean
  children: ReactNode
}

/** A dialog around one form, with Save and Cancel, and the reason the last save failed. */
export function FormDialog({
  title,
  formId,
  formRef,
  busy,
  onSubmit,
  onClose,
  errorSummary,
  errorSummaryId,
  wide,
  children
}: FormDialogProps) {
  // A review bundle shows its settings in these forms, but nothing can be saved.
  const readOnly = useReadOnly().change
  return (
    <Dialog
      title={title}
      onClose={onClose}
      wide={wide}
      footer={
        <>
          <button
            type="submit"
            form={formId}
            className="primary"
            disabled={busy || !!readOnly}
            title={readOnly}
          >
            Save
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </>
      }
    >
      <form ref={formRef} id={formId} className="form" onSubmit={onSubmit} noValidate>
        {errorSummary && (
          <p id={errorSummaryId} role="alert" className="error-summary">
            {errorSummary}
          </p>
        )}
        {children}
      </form>
    </Dialog>
  )
}
