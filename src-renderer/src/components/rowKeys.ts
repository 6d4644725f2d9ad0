import type { KeyboardEvent } from 'react'

/** Selectable table rows: Enter or Space selects a row; the arrow keys move between rows. */
export function onRowKeyDown(event: KeyboardEvent<HTMLTableRowElement>, select: () => void): void {
  const row = event.currentTarget
  if (event.key === 'Enter' || event.key === ' ') {
    event.preventDefault()
    select()
  } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
    event.preventDefault()
    const next = event.key === 'ArrowDown' ? row.nextElementSibling : row.previousElementSibling
    if (next instanceof HTMLTableRowElement && next.tabIndex === 0) next.focus()
  }
}
