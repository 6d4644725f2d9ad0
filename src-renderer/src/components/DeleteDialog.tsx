import type { ReactNode } from 'react'
import type { Result } from '../../../src-preload/contract'
import { ConfirmDialog } from './ConfirmDialog'

interface DeleteDialogProps<T> {
  title: string
  /** Deletes; a refusal is shown in the dialog and nothing else changes. */
  request: () => Promise<Result<T>>
  /** After the deletion: say so, close, reload what showed the deleted thing. */
  onDeleted: (value: T) => void | Promise<void>
  onClose: () => void
  /** What is deleted, and what happens to what depends on it. */
  children: ReactNode
}

/** Asks before deleting something; Delete is the danger button and Cancel has the focus. */
export function DeleteDialog<T>({ title, request, onDeleted, onClose, children }: DeleteDialogProps<T>) {
  const remove = async () => {
    const result = await request()
    if (!result.ok) return result.error.message
    await onDeleted(result.value)
    return undefined
  }
  return (
    <ConfirmDialog title={title} confirmLabel="Delete" danger onConfirm={remove} onClose={onClose}>
      {children}
    </ConfirmDialog>
  )
}
