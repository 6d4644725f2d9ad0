interface EmptyPageProps {
  title: string
  children: string
}

/** A page whose feature is not configured yet: says what will be here and what comes first. */
export function EmptyPage({ title, children }: EmptyPageProps) {
  return (
    <section className="page" aria-labelledby="page-title">
      <header className="page-header">
        <h1 id="page-title">{title}</h1>
      </header>
      <p className="empty">{children}</p>
    </section>
  )
}
