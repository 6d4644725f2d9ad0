import { basename } from 'node:path'
import { dialog, type BrowserWindow, type OpenDialogOptions } from 'electron'
import { BUNDLE_EXTENSION } from '../review/format'
import { openReviewCore, readReviewSigners, type ReviewCore } from '../review/open'
import type { IpcRouter } from './ipc'
import { createMainWindow } from './window'

/**
 * File → Open Review Bundle…: a second window on a read-only Core over the bundle, beside the user's
 * own window and Core, which keep running. Closing the window deletes the bundle's temporary copy.
 * Its signer is judged by the user's own signing key and trusted signers (the banner says which).
 */
export async function openReviewBundleWindow(
  parent: BrowserWindow | undefined,
  ipc: IpcRouter,
  dataDir: string,
  sqliteBinding: string | undefined
): Promise<void> {
  const options: OpenDialogOptions = {
    title: 'Open Review Bundle',
    properties: ['openFile'],
    filters: [
      { name: 'Switchboard review bundles', extensions: [BUNDLE_EXTENSION] },
      { name: 'All files', extensions: ['*'] }
    ]
  }
  const choice = await (parent ? dialog.showOpenDialog(parent, options) : dialog.showOpenDialog(options))
  const file = choice.filePaths[0]
  if (choice.canceled || !file) return
  let core: ReviewCore
  try {
    core = await openReviewCore(file, {
      host: 'electron',
      sqliteBinding,
      signers: readReviewSigners(dataDir, sqliteBinding)
    })
  } catch (error) {
    dialog.showErrorBox(
      'The review bundle was not opened',
      error instanceof Error ? error.message : String(error)
    )
    return
  }
  const window = createMainWindow(`Switchboard — review bundle ${basename(file)} (read-only)`)
  // The page's own title would hide which window is the bundle's.
  window.on('page-title-updated', (event) => event.preventDefault())
  const detach = ipc.attach(window, core)
  window.on('closed', () => {
    detach()
    void core.close()
  })
}
