// One bound zustand store made of slices. Components read and act through it; only store/events.ts
// listens to the bridge.
import { create, type StateCreator } from 'zustand'
import type {
  AppInfo,
  DemoStatus,
  Device,
  RunSummary,
  SyncProgress,
  TestResult,
  TestStatus
} from '../../../src-preload/contract'
import { call } from '../api/client'

export type Page = 'devices' | 'provisioning' | 'schedule' | 'users' | 'logs'

export interface Notice {
  id: number
  tone: 'success' | 'failure' | 'info'
  text: string
}

interface AppSlice {
  info?: AppInfo
  page: Page
  demo: DemoStatus
  setPage: (page: Page) => void
  loadInfo: () => Promise<void>
  setDemo: (status: DemoStatus) => void
  startDemo: () => Promise<void>
}

interface DevicesSlice {
  devices: Device[]
  loading: boolean
  loadError?: string
  selected?: string
  filter: string
  /** Live Test Connection status per device name, ahead of the next list reload. */
  testing: Record<string, TestStatus>
  loadDevices: () => Promise<void>
  select: (name: string | undefined) => void
  setFilter: (filter: string) => void
  setTestStatus: (name: string, status: TestStatus) => void
  testDevice: (name: string) => Promise<TestResult | undefined>
}

interface SyncSlice {
  /** Runs in progress, by run id. */
  progress: Record<number, SyncProgress>
  /** Recent runs per device name, newest first. */
  runs: Record<string, RunSummary[]>
  loadRuns: (device: string) => Promise<void>
  startSync: (device: string, kind: 'infrastructure' | 'user') => Promise<void>
  cancelSync: (runId: number) => Promise<void>
  onProgress: (progress: SyncProgress) => void
  onFinished: (run: RunSummary) => void
}

interface NoticesSlice {
  notices: Notice[]
  notify: (tone: Notice['tone'], text: string) => void
  dismiss: (id: number) => void
}

export type State = AppSlice & DevicesSlice & SyncSlice & NoticesSlice

let nextNotice = 1

const appSlice: StateCreator<State, [], [], AppSlice> = (set, get) => ({
  page: 'devices',
  demo: { running: false, servers: [] },
  setPage: (page) => set({ page }),
  async loadInfo() {
    const [info, demo] = await Promise.all([call('app:info', {}), call('demo:status', {})])
    if (info.ok) set({ info: info.value })
    if (demo.ok) set({ demo: demo.value })
  },
  setDemo: (demo) => set({ demo }),
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

const devicesSlice: StateCreator<State, [], [], DevicesSlice> = (set, get) => ({
  devices: [],
  loading: false,
  filter: '',
  testing: {},
  async loadDevices() {
    set({ loading: true })
    const result = await call('devices:list', {})
    if (result.ok) {
      const names = new Set(result.value.map((d) => d.name))
      const selected = get().selected
      set({
        devices: result.value,
        loading: false,
        loadError: undefined,
        selected: selected && names.has(selected) ? selected : undefined
      })
    } else set({ loading: false, loadError: result.error.message })
  },
  select: (selected) => set({ selected }),
  setFilter: (filter) => set({ filter }),
  setTestStatus: (name, status) => set((state) => ({ testing: { ...state.testing, [name]: status } })),
  async testDevice(name) {
    get().setTestStatus(name, 'in-progress')
    const result = await call('devices:test', { name })
    await get().loadDevices()
    if (!result.ok) {
      get().setTestStatus(name, 'failure')
      get().notify('failure', `Test Connection of ${name} could not run: ${result.error.message}`)
      return undefined
    }
    get().setTestStatus(name, result.value.status)
    get().notify(
      result.value.status === 'success' ? 'success' : 'failure',
      `Test Connection of ${name}: ${result.value.status === 'success' ? 'Success' : 'Failure'}. ${result.value.message}`
    )
    return result.value
  }
})

const syncSlice: StateCreator<State, [], [], SyncSlice> = (set, get) => ({
  progress: {},
  runs: {},
  async loadRuns(device) {
    const result = await call('sync:runs', { device, limit: 5 })
    if (result.ok) set((state) => ({ runs: { ...state.runs, [device]: result.value } }))
  },
  async startSync(device, kind) {
    const result = await call('sync:start', { device, kind })
    if (!result.ok) {
      get().notify('failure', result.error.message)
      return
    }
    get().notify(
      'info',
      `${kind === 'infrastructure' ? 'Infrastructure' : 'User'} synchronization of ${device} started (run ${result.value.runId}).`
    )
  },
  async cancelSync(runId) {
    const result = await call('sync:cancel', { runId })
    if (!result.ok) get().notify('failure', result.error.message)
  },
  onProgress: (progress) => set((state) => ({ progress: { ...state.progress, [progress.runId]: progress } })),
  onFinished(run) {
    set((state) => {
      const progress = { ...state.progress }
      delete progress[run.id]
      return { progress }
    })
    get().notify(
      run.status === 'succeeded' ? 'success' : 'failure',
      `Run ${run.id} (${run.kind} synchronization of ${run.device}): ${run.summary ?? run.status}`
    )
    void get().loadRuns(run.device)
    void get().loadDevices()
  }
})

/** Successes fade after a few seconds; failures stay longer so they can be read. */
const NOTICE_LIFETIME_MS = { success: 6_000, info: 6_000, failure: 20_000 } as const

const noticesSlice: StateCreator<State, [], [], NoticesSlice> = (set, get) => ({
  notices: [],
  notify: (tone, text) => {
    const id = nextNotice++
    set((state) => ({ notices: [...state.notices.slice(-2), { id, tone, text }] }))
    setTimeout(() => get().dismiss(id), NOTICE_LIFETIME_MS[tone])
  },
  dismiss: (id) => set((state) => ({ notices: state.notices.filter((n) => n.id !== id) }))
})

export const useStore = create<State>()((...a) => ({
  ...appSlice(...a),
  ...devicesSlice(...a),
  ...syncSlice(...a),
  ...noticesSlice(...a)
}))
