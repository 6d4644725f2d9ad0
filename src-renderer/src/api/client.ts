// The renderer's one way to reach the Core: the Electron preload bridge when present, otherwise the
// headless host's WebSocket (same contract, same results). Components use this through the stores.
import {
  requestChannels,
  type EventChannel,
  type RequestChannel
} from '../../../src-preload/contract/channels'
import type { Api, Bridge, EventListener, Input, Output, Result } from '../../../src-preload/contract'
import type { ClientMessage, ServerMessage } from '../../../src-preload/contract/wire'
import { connectionAfterClose, connectionAfterMessage, REFUSED_REASON, type Connection } from './connection'

declare global {
  interface Window {
    switchboard?: Bridge
  }
}

/** A bridge that also says whether the Core can be reached (store/events.ts shows it). */
export interface HostBridge extends Bridge {
  connection(): Connection
  onConnection(listener: (connection: Connection) => void): () => void
  /** Tries the host again after the connection was lost; a refused page stays refused. */
  reconnect(): void
}

/** Bridge over the headless host: `ws://<host>/ws?token=…`, token taken from the page URL. */
export function webSocketBridge(url: string): HostBridge {
  let nextId = 1
  const pending = new Map<number, (result: Result<unknown>) => void>()
  const listeners = new Map<EventChannel, Set<(payload: unknown) => void>>()
  const connectionListeners = new Set<(connection: Connection) => void>()
  const queue: string[] = []
  let socket: WebSocket | undefined
  let connection: Connection = { state: 'connecting' }

  const setConnection = (next: Connection): void => {
    if (next.state === connection.state && next.reason === connection.reason) return
    connection = next
    for (const listener of connectionListeners) listener(connection)
  }

  const connect = (): WebSocket => {
    setConnection({ state: 'connecting' })
    const ws = new WebSocket(url)
    ws.addEventListener('open', () => {
      for (const message of queue.splice(0)) ws.send(message)
    })
    ws.addEventListener('message', (event: MessageEvent<string>) => {
      setConnection(connectionAfterMessage(connection))
      const message = JSON.parse(event.data) as ServerMessage
      if (message.type === 'response') {
        pending.get(message.id)?.(message.result)
        pending.delete(message.id)
      } else {
        for (const listener of listeners.get(message.event) ?? []) listener(message.payload)
      }
    })
    ws.addEventListener('close', (event) => {
      setConnection(connectionAfterClose(connection.state, event.code))
      for (const resolve of pending.values())
        resolve({ ok: false, error: { code: 'INTERNAL', message: connection.reason ?? '' } })
      pending.clear()
      queue.length = 0
      // The next request, or Reconnect, tries again.
      socket = undefined
    })
    return ws
  }

  const request = (channel: RequestChannel, input: unknown): Promise<Result<unknown>> =>
    new Promise((resolve) => {
      if (connection.state === 'refused')
        return resolve({ ok: false, error: { code: 'INTERNAL', message: REFUSED_REASON } })
      socket ??= connect()
      const id = nextId++
      pending.set(id, resolve)
      const message: ClientMessage = { type: 'request', id, channel, input }
      const text = JSON.stringify(message)
      if (socket.readyState === WebSocket.OPEN) socket.send(text)
      else queue.push(text)
    })

  const api = Object.fromEntries(
    requestChannels.map((channel) => [channel, (input: unknown) => request(channel, input)])
  ) as Api

  return {
    api,
    on<E extends EventChannel>(event: E, listener: EventListener<E>): () => void {
      if (connection.state !== 'refused') socket ??= connect()
      const set = listeners.get(event) ?? new Set()
      set.add(listener as (payload: unknown) => void)
      listeners.set(event, set)
      return () => set.delete(listener as (payload: unknown) => void)
    },
    connection: () => connection,
    onConnection(listener) {
      connectionListeners.add(listener)
      return () => connectionListeners.delete(listener)
    },
    reconnect() {
      if (connection.state === 'lost') socket ??= connect()
    }
  }
}

/** The desktop app's preload bridge: the Core is in the same app, so it is always there. */
function preloadBridge(bridge: Bridge): HostBridge {
  const connected: Connection = { state: 'connected' }
  return {
    ...bridge,
    connection: () => connected,
    onConnection: () => () => undefined,
    reconnect: () => undefined
  }
}

function resolveBridge(): HostBridge {
  if (window.switchboard) return preloadBridge(window.switchboard)
  const token = new URLSearchParams(window.location.search).get('token') ?? ''
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws'
  return webSocketBridge(`${scheme}://${window.location.host}/ws?token=${encodeURIComponent(token)}`)
}

export const bridge: HostBridge = resolveBridge()

/** Typed request helper: `await call('devices:list', {})`. */
export function call<C extends RequestChannel>(channel: C, input: Input<C>): Promise<Result<Output<C>>> {
  return bridge.api[channel](input)
}
