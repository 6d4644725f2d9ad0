import type { StateCreator } from 'zustand'
import type { Device, TestResult, TestStatus } from '../../../src-preload/contract'
import { call } from '../api/client'
import type { State } from './index'

export interface DevicesSlice {
  devices: Device[]
  loading: boolean
  /** Why the last list load failed; cleared by the next successful one. */
  lastError?: string
  selected?: string
  filter: string
  /** Live Test Connection status per device name, ahead of the next list reload. */
  testStatus: Record<string, TestStatus>
  loadDevices: () => Promise<void>
  select: (name: string | undefined) => void
  setFilter: (filter: string) => void
  setTestStatus: (name: string, status: TestStatus) => void
  testDevice: (name: string) => Promise<TestResult | undefined>
}

// Events and user actions can start overlapping loads; only the newest may write the list.
let latestLoad = 0

export const devicesSlice: StateCreator<State, [], [], DevicesSlice> = (set, get) => ({
  devices: [],
  loading: false,
  filter: '',
  testStatus: {},
  async loadDevices() {
    const load = ++latestLoad
    set({ loading: true })
    const result = await call('devices:list', {})
    if (load !== latestLoad) return
    if (!result.ok) {
      set({ loading: false, lastError: result.error.message })
      return
    }
    const selected = get().selected
    set({
      devices: result.value,
      loading: false,
      lastError: undefined,
      selected: result.value.some((d) => d.name === selected) ? selected : undefined
    })
  },
  select: (selected) => set({ selected }),
  setFilter: (filter) => set({ filter }),
  setTestStatus: (name, status) => set((state) => ({ testStatus: { ...state.testStatus, [name]: status } })),
  async testDevice(name) {
    const { setTestStatus, loadDevices, notify } = get()
    setTestStatus(name, 'in-progress')
    const result = await call('devices:test', { name })
    await loadDevices()
    if (!result.ok) {
      setTestStatus(name, 'failure')
      notify('failure', `Test Connection of ${name} could not run: ${result.error.message}`)
      return undefined
    }
    const { status, message } = result.value
    setTestStatus(name, status)
    notify(
      status === 'success' ? 'success' : 'failure',
      `Test Connection of ${name}: ${status === 'success' ? 'Success' : 'Failure'}. ${message}`
    )
    return result.value
  }
})
