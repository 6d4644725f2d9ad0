// Messages of the headless host's WebSocket bridge (the renderer's client and src-main/host share them).
import type { EventChannel, RequestChannel } from './channels'
import type { EventPayloads } from '.'
import type { Result } from './errors'

export type ClientMessage = { type: 'request'; id: number; channel: RequestChannel; input: unknown }

export type ServerMessage =
  | { type: 'response'; id: number; result: Result<unknown> }
  | { [E in EventChannel]: { type: 'event'; event: E; payload: EventPayloads[E] } }[EventChannel]
