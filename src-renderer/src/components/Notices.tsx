import { useShallow } from 'zustand/react/shallow'
import { useStore } from '../store'

/** Recent outcomes, announced politely to screen readers; each can be dismissed. */
export function Notices() {
  const { notices, dismiss } = useStore(useShallow((s) => ({ notices: s.notices, dismiss: s.dismiss })))
  return (
    <div className="notices" role="status" aria-live="polite">
      {notices.map((notice) => (
        <div key={notice.id} className={`notice ${notice.tone}`}>
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
    </div>
  )
}
