import { useId, type ReactNode } from 'react'

interface PanelProps {
  title: string
  /** Buttons beside the title, e.g. "Add User Role". */
  actions?: ReactNode
  /** More classes of the panel. */
  className?: string
  children: ReactNode
}

/** A titled part of a page (a domain's service areas, its user roles, the job queue). */
export function Panel({ title, actions, className, children }: PanelProps) {
  const titleId = useId()
  return (
    <section className={className ? `panel ${className}` : 'panel'} aria-labelledby={titleId}>
      <header className="panel-header">
        <h2 id={titleId}>{title}</h2>
        {actions}
      </header>
      {children}
    </section>
  )
}
