import type { ReactNode } from 'react'

/** A failure said at once (an alert): nothing is shown while there is none. */
export function ErrorSummary({ id, children }: { id?: string; children: ReactNode }) {
  if (!children) return null
  return (
    <p id={id} role="alert" className="error-summary">
      {children}
    </p>
  )
}
