import { app, BrowserWindow, shell } from 'electron'
import { join } from 'node:path'

/**
 * Hosts whose pages the app may open in the user's browser: the vendors' documentation it refers to.
 * Anything else a page asks to open (a link in a device's data, a crafted URL) is refused.
 */
const DOCUMENTATION_HOSTS = new Set([
  'www.cisco.com',
  'developer.cisco.com',
  'help.webex.com',
  'learn.microsoft.com'
])

/** An https link to one of the documentation hosts, with no user name, password or other port. */
export function isDocumentationLink(url: string): boolean {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  return (
    parsed.protocol === 'https:' &&
    parsed.username === '' &&
    parsed.password === '' &&
    parsed.port === '' &&
    DOCUMENTATION_HOSTS.has(parsed.hostname)
  )
}

/** A hardened window: isolated, sandboxed, no Node in the page, no navigation away, no new windows. */
export function createMainWindow(title = 'Switchboard'): BrowserWindow {
  const window = new BrowserWindow({
    width: 1360,
    height: 860,
    minWidth: 960,
    minHeight: 600,
    title,
    icon: app.isPackaged
      ? join(process.resourcesPath, 'icon.png')
      : join(__dirname, '../../resources/icon.png'),
    show: false,
    webPreferences: {
      preload: join(__dirname, '../preload/index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
      // A console in a customer's admin tool runs any code against the Core's API.
      devTools: !app.isPackaged
    }
  })
  window.once('ready-to-show', () => window.show())
  window.webContents.setWindowOpenHandler(({ url }) => {
    // Links to documentation open in the user's browser, never inside the app; nothing else opens.
    if (isDocumentationLink(url)) void shell.openExternal(url)
    return { action: 'deny' }
  })
  window.webContents.on('will-navigate', (event) => event.preventDefault())
  window.webContents.session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false))
  void window.loadFile(join(__dirname, '../renderer/index.html'))
  return window
}
