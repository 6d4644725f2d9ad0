import { useId, type ReactNode } from 'react'

interface RunViewProps {
  /** The view's class, for its layout. */
  className: string
  title: ReactNode
  onBack: () => void
  children: ReactNode
}

/** What the Logs page shows instead of its list (a run, a comparison): the way back, a title, the rest. */
export function RunView({ className, title, onBack, children }: RunViewProps) {
  const titleId = useId()
  return (
    <article className={className} aria-labelledby={titleId}>
      <div className="toolbar">
        <button type="button" onClick={onBack}>
          Back to all runs
        </button>
      </div>
      <h2 id={titleId}>{title}</h2>
      {children}
    </article>
  )
}
