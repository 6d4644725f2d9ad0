import type { StateCreator } from 'zustand'
import type { AppInfo, DemoStatus } from '../../../src-preload/contract'
import { bridge, call } from '../api/client'
import type { Connection } from '../api/connection'
import type { State } from './index'
import type { Page } from './navigation'

export interface AppSlice {
  info?: AppInfo
  infoError?: string
  page: Page
  demo: DemoStatus
  /** Whether the Core can be reached; anything but connected disables the page. */
  connection: Connection
  setPage: (page: Page) => void
  loadInfo: () => Promise<void>
  setDemo: (status: DemoStatus) => void
  startDemo: () => Promise<void>
  setConnection: (connection: Connection) => void
  /** Tries the host again after the connection was lost. */
  reconnect: () => void
}

export const appSlice: StateCreator<State, [], [], AppSlice> = (set, get) => ({
  page: 'devices',
  demo: { running: false, servers: [] },
  connection: bridge.connection(),
  setPage: (page) => set({ page }),
  async loadInfo() {
    const [info, demo] = await Promise.all([call('app:info', {}), call('demo:status', {})])
    if (info.ok) set({ info: info.value, infoError: undefined })
    else set({ infoError: info.error.message })
    if (demo.ok) set({ demo: demo.value })
  },
  setDemo: (demo) => set({ demo }),
  setConnection: (connection) => set({ connection }),
  reconnect: () => bridge.reconnect(),
  async startDemo() {
    get().notify(
      'info',
      'Starting the demo lab: simulated Unified CM, IM and Presence, Unity Connection and Active Directory…'
    )
    const result = await call('demo:start', {})
    if (result.ok) {
      set({ demo: result.value })
      get().notify(
        'success',
        `Demo lab running: ${result.value.servers.length} devices registered and tested.`
      )
    } else get().notify('failure', `The demo lab did not start: ${result.error.message}`)
  }
})
