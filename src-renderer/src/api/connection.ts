// The state of the page's link to the Core, without the DOM. Over the headless host's WebSocket the
// link can be refused (wrong or missing token: the host closes with 4401) or lost (the host stopped);
// the desktop app's preload bridge is always connected.

export type ConnectionState = 'connecting' | 'connected' | 'lost' | 'refused'

export interface Connection {
  state: ConnectionState
  /** Why the link is lost or refused, in words the page shows. */
  reason?: string
}

/** The close code the headless host refuses a page with (src-main/host/server.ts). */
export const TOKEN_REFUSED = 4401

export const REFUSED_REASON =
  'The Switchboard host refused this page: the access token in the URL is missing or wrong. Open the URL that `switchboard serve` printed, with its ?token=….'
export const LOST_REASON =
  'The connection to the Switchboard host was closed. Is `switchboard serve` still running?'

/** What a closed socket means. A refusal is final: the token in the URL will not become right. */
export function connectionAfterClose(previous: ConnectionState, code: number): Connection {
  if (code === TOKEN_REFUSED || previous === 'refused') return { state: 'refused', reason: REFUSED_REASON }
  return { state: 'lost', reason: LOST_REASON }
}

/** The first message from the host proves the token was accepted (the host closes right away if not). */
export function connectionAfterMessage(previous: Connection): Connection {
  return previous.state === 'connected' ? previous : { state: 'connected' }
}
