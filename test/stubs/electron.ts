// Stand-in for the 'electron' package in unit tests (no Electron binary on CI machines). Any use
// fails loudly; a test that needs Electron behaviour mocks it with vi.mock('electron').
const unavailable = new Proxy(
  {},
  {
    get(_target, property) {
      throw new Error(`electron.${String(property)} is not available in unit tests; vi.mock('electron') it`)
    }
  }
)
export default unavailable
export const app = unavailable
export const BrowserWindow = unavailable
export const ipcMain = unavailable
export const safeStorage = unavailable
export const contextBridge = unavailable
export const ipcRenderer = unavailable
export const shell = unavailable
