import { useId } from 'react'

interface EmptyPageProps {
  title: string
  children: string
}

/** A page whose feature is not available yet: says honestly what will be here and what comes first. */
export function EmptyPage({ title, children }: EmptyPageProps) {
  const titleId = useId()
  return (
    <section className="page" aria-labelledby={titleId}>
      <header className="page-header">
        <h1 id={titleId}>{title}</h1>
      </header>
      <p className="empty">{children}</p>
    </section>
  )
}
