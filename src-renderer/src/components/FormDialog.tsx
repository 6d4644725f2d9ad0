import type { ReactNode } from 'react'
import type { AppError } from '../../../src-preload/contract'
import { Dialog } from './Dialog'
import { ErrorSummary } from './ErrorSummary'
import type { FormSubmission } from './useFormSubmission'
import { useReadOnly } from './useReadOnly'

interface FormDialogProps {
  title: string
  /** The form's id, which the footer's Save button submits. */
  formId: string
  /** The form's save, from useFormSubmission. */
  submission: FormSubmission
  /** What a refused save says before the reason, e.g. "The role was not saved". */
  refused: string
  /** The refusal's reason in words; by default its message. */
  describe?: (error: AppError) => string
  /** Lets fields point at the error summary (aria-describedby). */
  errorSummaryId?: string
  onClose: () => void
  wide?: boolean
  /** Buttons before Save, e.g. a preview. */
  actions?: ReactNode
  /** The Save button's label, "Save" unless it says more (e.g. "Save and Close"). */
  saveLabel?: string
  /** Runs as Save is pressed, also by Enter in a field, before the form is submitted. */
  onSavePress?: () => void
  /** More classes of the form, for its layout. */
  formClassName?: string
  children: ReactNode
}

/** A dialog around one form, with Save and Cancel, and the reason the last save failed. */
export function FormDialog({
  title,
  formId,
  submission: { error, busy, formRef, submit },
  refused,
  describe = (refusal) => refusal.message,
  errorSummaryId,
  onClose,
  wide,
  actions,
  saveLabel = 'Save',
  onSavePress,
  formClassName,
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
          {actions}
          {/* The form's only submit button, so Enter in a field presses it. */}
          <button
            type="submit"
            form={formId}
            className="primary"
            disabled={busy || !!readOnly}
            title={readOnly}
            onClick={onSavePress}
          >
            {saveLabel}
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </>
      }
    >
      <form
        ref={formRef}
        id={formId}
        className={formClassName ? `form ${formClassName}` : 'form'}
        onSubmit={(e) => void submit(e)}
        noValidate
      >
        <ErrorSummary id={errorSummaryId}>{error && `${refused}: ${describe(error)}`}</ErrorSummary>
        {children}
      </form>
    </Dialog>
  )
}
