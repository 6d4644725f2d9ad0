import type { StateCreator } from 'zustand'
import type { RunSummary, SyncProgress } from '../../../src-preload/contract'
import { call } from '../api/client'
import type { State } from './index'

export interface SyncSlice {
  /** Runs in progress, by run id. */
  progress: Record<number, SyncProgress>
  /** Recent device runs per device name, newest first (domain runs are in the domains slice). */
  runs: Record<string, RunSummary[]>
  loadRuns: (device: string) => Promise<void>
  startSync: (device: string, kind: 'infrastructure' | 'user') => Promise<void>
  cancelSync: (runId: number) => Promise<void>
  onProgress: (progress: SyncProgress) => void
  onFinished: (run: RunSummary) => void
}

/** A device's new inventory reaches its domains only with a domain synchronization (DOM-06): say so. */
function recommendDomainSync(state: State, run: RunSummary): void {
  if (run.status !== 'succeeded' && run.status !== 'partial') return
  const domains = state.domains
    .filter((d) => d.callProcessors.includes(run.device) || d.messageProcessors.includes(run.device))
    .map((d) => d.name)
  if (domains.length === 0) return
  state.notify(
    'info',
    `${run.device} was synchronized: start a domain synchronization of ${domains.join(', ')} to bring its inventory into ${domains.length === 1 ? 'that domain' : 'those domains'}.`
  )
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
      run.kind === 'job'
        ? `Run ${run.id} (job ${run.device}): ${run.summary ?? run.status}`
        : `Run ${run.id} (${run.kind} synchronization of ${run.device}): ${run.summary ?? run.status}`
    )
    // The jobs slice refreshes itself on every finished run; run.device is a job's name here.
    if (run.kind === 'job') return
    if (run.kind === 'domain' || run.kind === 'ldap') {
      // run.device is the domain's name: its last synchronization, users and services changed.
      void get().loadDomainRuns(run.device)
      void get().onDomainsChanged(run.device)
    } else {
      void get().loadRuns(run.device)
      void get().loadDevices()
      // A job that synchronizes the device goes on to its domains itself, if asked to.
      if (run.parentRunId === undefined) recommendDomainSync(get(), run)
    }
  }
})
