import { useId, type ReactNode } from 'react'
import { ErrorSummary } from './ErrorSummary'

interface ListPageProps {
  title: string
  /** The page's actions, beside its title. */
  actions?: ReactNode
  /** Search and filters, under the title. */
  filters?: ReactNode
  /** Why the list could not be loaded, said at the top of the page. */
  error?: ReactNode
  /** The list, with what goes beside it (a Quick View) and its dialogs. */
  children: ReactNode
}

/** A page of the main menu: its title and actions, its filters, a failure to load, then its list. */
export function ListPage({ title, actions, filters, error, children }: ListPageProps) {
  const titleId = useId()
  return (
    <section className="page" aria-labelledby={titleId}>
      <header className="page-header">
        <h1 id={titleId}>{title}</h1>
        {actions && <div className="toolbar">{actions}</div>}
      </header>
      {filters}
      <ErrorSummary>{error}</ErrorSummary>
      {children}
    </section>
  )
}

/** What a list says in place of an empty table: that it is loading, or how to fill it. */
export function EmptyList({ loading, children }: { loading?: string | false; children?: ReactNode }) {
  return <p className="empty">{loading || children}</p>
}
