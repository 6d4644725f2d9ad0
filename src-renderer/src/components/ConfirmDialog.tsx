import { useState, type ReactNode } from 'react'
import { Dialog } from './Dialog'

interface ConfirmDialogProps {
  title: string
  confirmLabel: string
  danger?: boolean
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
  onConfirm,
  onClose,
  children
}: ConfirmDialogProps) {
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)
  const confirm = async () => {
    setBusy(true)
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
            disabled={busy}
            onClick={() => void confirm()}
          >
            {confirmLabel}
          </button>
          <button type="button" onClick={onClose}>
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
