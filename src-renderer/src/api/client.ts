// The renderer's one way to reach the Core: the Electron preload bridge when present, otherwise the
// headless host's WebSocket (same contract, same results). Components use this through the stores.
import { requestChannels, type EventChannel, type RequestChannel } from '../../../src-preload/channels'
import type { Api, Bridge, EventListener, Input, Output, Result } from '../../../src-preload/contract'
import type { ClientMessage, ServerMessage } from '../../../src-preload/wire'

declare global {
  interface Window {
    switchboard?: Bridge
  }
}

/** Bridge over the headless host: `ws://<host>/ws?token=…`, token taken from the page URL. */
export function webSocketBridge(url: string): Bridge {
  let nextId = 1
  const pending = new Map<number, (result: Result<unknown>) => void>()
  const listeners = new Map<EventChannel, Set<(payload: unknown) => void>>()
  const queue: string[] = []
  let socket: WebSocket | undefined

  const connect = (): WebSocket => {
    const ws = new WebSocket(url)
    ws.addEventListener('open', () => {
      for (const message of queue.splice(0)) ws.send(message)
    })
    ws.addEventListener('message', (event: MessageEvent<string>) => {
      const message = JSON.parse(event.data) as ServerMessage
      if (message.type === 'response') {
        pending.get(message.id)?.(message.result)
        pending.delete(message.id)
      } else {
        for (const listener of listeners.get(message.event) ?? []) listener(message.payload)
      }
    })
    ws.addEventListener('close', (event) => {
      const reason =
        event.code === 4401
          ? 'The headless host refused this page: the access token in the URL is missing or wrong. Open the URL that `switchboard serve` printed.'
          : 'The connection to the Switchboard host was closed. Is `switchboard serve` still running?'
      for (const resolve of pending.values())
        resolve({ ok: false, error: { code: 'INTERNAL', message: reason } })
      pending.clear()
      // The next request reconnects.
      socket = undefined
    })
    return ws
  }

  const request = (channel: RequestChannel, input: unknown): Promise<Result<unknown>> =>
    new Promise((resolve) => {
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
      socket ??= connect()
      const set = listeners.get(event) ?? new Set()
      set.add(listener as (payload: unknown) => void)
      listeners.set(event, set)
      return () => set.delete(listener as (payload: unknown) => void)
    }
  }
}

function resolveBridge(): Bridge {
  if (window.switchboard) return window.switchboard
  const token = new URLSearchParams(window.location.search).get('token') ?? ''
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws'
  return webSocketBridge(`${scheme}://${window.location.host}/ws?token=${encodeURIComponent(token)}`)
}

export const bridge: Bridge = resolveBridge()

/** Typed request helper: `await call('devices:list', {})`. */
export function call<C extends RequestChannel>(channel: C, input: Input<C>): Promise<Result<Output<C>>> {
  return bridge.api[channel](input)
}
