import type { StateCreator } from 'zustand'
import type { RunSummary, SyncProgress } from '../../../src-preload/contract'
import { call } from '../api/client'
import type { State } from './index'

export interface SyncSlice {
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

export const syncSlice: StateCreator<State, [], [], SyncSlice> = (set, get) => ({
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
