import type { EventChannel } from '../../src-preload/contract/channels'
import type { EventPayloads } from '../../src-preload/contract'

export type AnyEventListener = <E extends EventChannel>(event: E, payload: EventPayloads[E]) => void

/** Typed fan-out of Core events to every attached entry point (IPC window, WebSocket clients, CLI). */
export class EventBus {
  private readonly listeners = new Set<AnyEventListener>()

  emit<E extends EventChannel>(event: E, payload: EventPayloads[E]): void {
    for (const listener of this.listeners) listener(event, payload)
  }

  /** Subscribes to every event; returns the unsubscribe function. */
  subscribe(listener: AnyEventListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
}
