import { useShallow } from 'zustand/react/shallow'
import { useStore } from '../store'

/**
 * Says on every page that the Switchboard host cannot be reached (the page's controls are off
 * meanwhile) and offers to try again.
 */
export function ConnectionBanner() {
  const { connection, reconnect } = useStore(
    useShallow((s) => ({ connection: s.connection, reconnect: s.reconnect }))
  )
  if (connection.state !== 'lost') return null
  return (
    <section className="connection-banner" role="alert" aria-label="Connection lost">
      <p>
        <strong>Connection to the Switchboard host lost.</strong> Is <code>switchboard serve</code> still
        running? What the page shows may be out of date (statuses are greyed); its actions are off until the
        connection is back.
      </p>
      <button type="button" onClick={reconnect}>
        Reconnect
      </button>
    </section>
  )
}

/** The whole page when the host refused it: only what to do about it. */
export function RefusedPage({ reason }: { reason?: string }) {
  return (
    <main className="refused-page">
      <h1>Switchboard</h1>
      <p role="alert">{reason}</p>
    </main>
  )
}
