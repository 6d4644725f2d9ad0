import { pageLabel } from './paging'

interface PagerProps {
  /** The pager's accessible name, e.g. "Run pages". */
  label: string
  /** What the list holds, capitalized: "Runs 1–50 of 230". */
  what: string
  offset: number
  /** How many rows this page shows. */
  shown: number
  total: number
  pageSize: number
  previous: string
  next: string
  /** Turns the buttons off while a page loads. */
  busy?: boolean
  onChange: (offset: number) => void
}

/** Previous and next page of a long list, and which rows are shown (announced as it changes). */
export function Pager({
  label,
  what,
  offset,
  shown,
  total,
  pageSize,
  previous,
  next,
  busy,
  onChange
}: PagerProps) {
  return (
    <nav className="pager" aria-label={label}>
      <button
        type="button"
        disabled={busy || offset === 0}
        onClick={() => onChange(Math.max(0, offset - pageSize))}
      >
        {previous}
      </button>
      <span aria-live="polite">{pageLabel(what, offset, shown, total)}</span>
      <button
        type="button"
        disabled={busy || offset + pageSize >= total}
        onClick={() => onChange(offset + pageSize)}
      >
        {next}
      </button>
    </nav>
  )
}
