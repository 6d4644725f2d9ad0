import { useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { useStore } from '../store'

/**
 * Recent outcomes, announced politely to screen readers, in one line under the page: the newest
 * notice, and the earlier ones behind a toggle, so they never stack over results. Each can be
 * dismissed. An open dialog covers them (they belong to the page, and the dialog reports its own).
 */
export function Notices() {
  const { notices, dismiss } = useStore(useShallow((s) => ({ notices: s.notices, dismiss: s.dismiss })))
  const [expanded, setExpanded] = useState(false)
  const earlier = notices.slice(0, -1)
  const earlierFailures = earlier.filter((n) => n.tone === 'failure').length
  return (
    <div className={expanded ? 'notices expanded' : 'notices'} role="status" aria-live="polite">
      {/* The earlier ones stay in the region, folded away, so its text keeps every recent outcome. */}
      {notices.map((notice, index) => (
        <div
          key={notice.id}
          className={index < earlier.length ? `notice ${notice.tone} earlier` : `notice ${notice.tone}`}
        >
          <span>{notice.text}</span>
          <button
            type="button"
            className="link"
            aria-label="Dismiss notice"
            onClick={() => dismiss(notice.id)}
          >
            ×
          </button>
        </div>
      ))}
      {earlier.length > 0 && (
        <button
          type="button"
          className="link notices-toggle"
          aria-expanded={expanded}
          onClick={() => setExpanded(!expanded)}
        >
          {expanded
            ? 'Show the latest only'
            : `${earlier.length} earlier${earlierFailures > 0 ? ` (${earlierFailures} failed)` : ''}`}
        </button>
      )}
    </div>
  )
}
