import type { StateCreator } from 'zustand'
import type { RunSummary, SyncProgress } from '../../../src-preload/contract'
import { call } from '../api/client'
import { runSubjectWords } from '../features/sync/runModel'
import type { State } from './index'

export interface SyncSlice {
  /** Runs in progress, by run id. */
  progress: Record<number, SyncProgress>
  /** Recent device runs per device name, newest first (domain runs are in the domains slice). */
  runs: Record<string, RunSummary[]>
  /**
   * Per device name, its latest infrastructure and user runs when they need approval: looked up by
   * kind, since change notification polls soon push a held run out of the recent ones.
   */
  held: Record<string, RunSummary[]>
  loadRuns: (device: string) => Promise<void>
  /** The runs in progress now, replacing what the page knew (after a load, or a lost connection). */
  loadActive: () => Promise<void>
  /** `approve`: the held run whose removals the new run may make. */
  startSync: (device: string, kind: 'infrastructure' | 'user', approve?: number) => Promise<void>
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
  held: {},
  async loadRuns(device) {
    const latest = (kind: 'infrastructure' | 'user') => call('runs:list', { device, kinds: [kind], limit: 1 })
    const [recent, ...latestByKind] = await Promise.all([
      call('sync:runs', { device, limit: 5 }),
      latest('infrastructure'),
      latest('user')
    ])
    if (recent.ok) set((state) => ({ runs: { ...state.runs, [device]: recent.value } }))
    const held = latestByKind.flatMap((r) =>
      r.ok ? r.value.runs.filter((run) => run.status === 'needs-approval') : []
    )
    set((state) => ({ held: { ...state.held, [device]: held } }))
  },
  async loadActive() {
    const result = await call('sync:active', {})
    if (result.ok) set({ progress: Object.fromEntries(result.value.map((p) => [p.runId, p])) })
  },
  async startSync(device, kind, approve) {
    const result = await call('sync:start', { device, kind, ...(approve !== undefined ? { approve } : {}) })
    if (!result.ok) {
      get().notify('failure', result.error.message)
      return
    }
    get().notify(
      'info',
      `${kind === 'infrastructure' ? 'Infrastructure' : 'User'} synchronization of ${device} started (run ${result.value.runId})${approve !== undefined ? `, with the removals run ${approve} held approved` : ''}.`
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
        : `Run ${run.id} (${runSubjectWords(run)}): ${run.summary ?? run.status}`
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
