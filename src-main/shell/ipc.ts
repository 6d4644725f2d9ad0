import { ipcMain, type BrowserWindow } from 'electron'
import { requestChannels } from '../../src-preload/contract/channels'
import type { Core } from '../core'

/**
 * Binds every contract channel once and routes each request to the Core of the window that sent it:
 * the main window has the user's Core, a review window the Core of its bundle. Requests from any
 * other page are refused.
 */
export class IpcRouter {
  private readonly cores = new Map<number, Core>()

  constructor() {
    for (const channel of requestChannels) {
      ipcMain.handle(channel, (event, input: unknown) => {
        const core = this.cores.get(event.sender.id)
        if (!core) {
          return {
            ok: false,
            error: { code: 'UNKNOWN_CHANNEL', message: 'Request from an unknown frame refused.' }
          }
        }
        return core.dispatch(channel, input, { origin: 'electron' })
      })
    }
  }

  /** Serves the window from this Core and forwards the Core's events to it; returns the detach. */
  attach(window: BrowserWindow, core: Core): () => void {
    const id = window.webContents.id
    this.cores.set(id, core)
    const unsubscribe = core.events.subscribe((event, payload) => {
      if (!window.isDestroyed()) window.webContents.send(event, payload)
    })
    return () => {
      unsubscribe()
      this.cores.delete(id)
    }
  }

  dispose(): void {
    for (const channel of requestChannels) ipcMain.removeHandler(channel)
    this.cores.clear()
  }
}
