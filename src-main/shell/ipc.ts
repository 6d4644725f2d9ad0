import { ipcMain, type BrowserWindow } from 'electron'
import { requestChannels } from '../../src-preload/channels'
import type { Core } from '../core'

/** Binds every contract channel to the Core's dispatch and forwards Core events to the window. */
export function bindIpc(core: Core, window: BrowserWindow): () => void {
  for (const channel of requestChannels) {
    ipcMain.handle(channel, (event, input: unknown) => {
      // Only our own page may call in.
      if (event.sender !== window.webContents) {
        return {
          ok: false,
          error: { code: 'UNKNOWN_CHANNEL', message: 'Request from an unknown frame refused.' }
        }
      }
      return core.dispatch(channel, input, { origin: 'electron' })
    })
  }
  const unsubscribe = core.events.subscribe((event, payload) => {
    if (!window.isDestroyed()) window.webContents.send(event, payload)
  })
  return () => {
    unsubscribe()
    for (const channel of requestChannels) ipcMain.removeHandler(channel)
  }
}
