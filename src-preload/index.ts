// Sandboxed preload: exposes one function per contract channel and a typed event subscription.
// The raw ipcRenderer never reaches the page.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { eventChannels, requestChannels, type EventChannel, type RequestChannel } from './contract/channels'
import type { Api, Bridge, EventListener } from './contract'

const api = Object.fromEntries(
  requestChannels.map((channel: RequestChannel) => [
    channel,
    (input: unknown) => ipcRenderer.invoke(channel, input)
  ])
) as Api

const bridge: Bridge = {
  api,
  on<E extends EventChannel>(event: E, listener: EventListener<E>): () => void {
    if (!(eventChannels as readonly string[]).includes(event))
      throw new Error(`Unknown event channel ${event}`)
    const handler = (_event: IpcRendererEvent, payload: Parameters<EventListener<E>>[0]): void =>
      listener(payload)
    ipcRenderer.on(event, handler)
    return () => ipcRenderer.removeListener(event, handler)
  }
}

contextBridge.exposeInMainWorld('switchboard', bridge)
