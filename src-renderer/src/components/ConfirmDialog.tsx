import { useState, type ReactNode } from 'react'
import { Dialog } from './Dialog'

interface ConfirmDialogProps {
  title: string
  confirmLabel: string
  danger?: boolean
  /** Keeps the confirm button disabled, e.g. until a required acknowledgement is ticked. */
  confirmDisabled?: boolean
  /** Runs the action; returns an error message to show (the dialog stays open), or nothing on success. */
  onConfirm: () => Promise<string | undefined>
  onClose: () => void
  children: ReactNode
}

/** A yes/no dialog whose action can fail: the error is shown in place and nothing else changes. */
export function ConfirmDialog({
  title,
  confirmLabel,
  danger,
  confirmDisabled,
  onConfirm,
  onClose,
  children
}: ConfirmDialogProps) {
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)
  const confirm = async () => {
    setBusy(true)
    setError(undefined)
    const problem = await onConfirm()
    setBusy(false)
    if (problem) setError(problem)
  }
  return (
    <Dialog
      title={title}
      onClose={onClose}
      footer={
        <>
          <button
            type="button"
            className={danger ? 'danger' : 'primary'}
            disabled={busy || confirmDisabled}
            onClick={() => void confirm()}
          >
            {confirmLabel}
          </button>
          {/* A destructive action starts on Cancel, so a stray Enter does no harm. */}
          <button type="button" data-autofocus={danger ? true : undefined} onClick={onClose}>
            Cancel
          </button>
        </>
      }
    >
      {children}
      {error && (
        <p role="alert" className="error-summary">
          {error}
        </p>
      )}
    </Dialog>
  )
}
