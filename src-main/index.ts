// Electron entry: the thin desktop shell around the Core. All product logic lives in the Core.
import { app, BrowserWindow } from 'electron'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { createCore } from './core'
import { APP_NAME, defaultDataDir } from './core/dataDir'
import { IpcRouter } from './shell/ipc'
import { installMenu } from './shell/menu'
import { openReviewBundleWindow } from './shell/reviewWindow'
import { desktopSecretBox } from './shell/secrets'
import { createMainWindow } from './shell/window'

/** Packaged: shipped in resources/native; development: built by scripts/electron-native.js (npm start). */
function electronSqliteBinding(): string | undefined {
  const packaged = join(process.resourcesPath, 'native', 'better_sqlite3.node')
  if (app.isPackaged && existsSync(packaged)) return packaged
  return process.env.SWITCHBOARD_SQLITE_BINDING
}

app.setName(APP_NAME)
app.enableSandbox()

if (!app.requestSingleInstanceLock()) app.quit()

void app.whenReady().then(() => {
  const dataDir = defaultDataDir()
  const sqliteBinding = electronSqliteBinding()
  const core = createCore({
    dataDir,
    host: 'electron',
    secrets: desktopSecretBox(dataDir),
    sqliteBinding,
    background: true,
    development: !app.isPackaged
  })
  const ipc = new IpcRouter()
  let window = createMainWindow()
  let unbind = ipc.attach(window, core)
  installMenu(
    {
      openReviewBundle: () =>
        void openReviewBundleWindow(
          BrowserWindow.getFocusedWindow() ?? undefined,
          ipc,
          dataDir,
          sqliteBinding
        )
    },
    app.isPackaged
  )

  app.on('second-instance', () => {
    if (window.isMinimized()) window.restore()
    window.focus()
  })
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) {
      unbind()
      window = createMainWindow()
      unbind = ipc.attach(window, core)
    }
  })
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  app.on('will-quit', () => {
    unbind()
    ipc.dispose()
    void core.close()
  })
})
