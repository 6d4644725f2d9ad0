import { ActionButton } from './ActionButton'

interface EditDeleteLinksProps {
  /** What the row is, for the buttons' names: "Edit user role Sales". */
  what: string
  /** Why neither can be used now (a read-only review bundle). */
  blocked?: string
  /** Why this row cannot be deleted, if it cannot. */
  deleteBlocked?: string
  onEdit: () => void
  onDelete: () => void
}

/** A table row's Edit and Delete, as links named after the row. */
export function EditDeleteLinks({ what, blocked, deleteBlocked, onEdit, onDelete }: EditDeleteLinksProps) {
  return (
    <>
      <ActionButton className="link" aria-label={`Edit ${what}`} blocked={blocked} onClick={onEdit}>
        Edit
      </ActionButton>
      <ActionButton
        className="link danger"
        aria-label={`Delete ${what}`}
        blocked={blocked ?? deleteBlocked}
        onClick={onDelete}
      >
        Delete
      </ActionButton>
    </>
  )
}
