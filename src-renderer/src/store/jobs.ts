import type { StateCreator } from 'zustand'
import type { Job, QueuedWork } from '../../../src-preload/contract'
import { call } from '../api/client'
import type { State } from './index'

export interface JobsSlice {
  jobs: Job[]
  jobsLoading: boolean
  /** Why the last job list load failed; cleared by the next successful one. */
  jobsError?: string
  /** Work waiting for the running synchronization to end, in order. */
  jobQueue: QueuedWork[]
  /** Reloads the jobs and the queue together: a job's state and its place in the queue change at once. */
  loadJobs: () => Promise<void>
}

// Events and user actions can start overlapping loads; only the newest may write the list.
let latestJobsLoad = 0

export const jobsSlice: StateCreator<State, [], [], JobsSlice> = (set) => ({
  jobs: [],
  jobsLoading: false,
  jobQueue: [],
  async loadJobs() {
    const load = ++latestJobsLoad
    set({ jobsLoading: true })
    const [jobs, queue] = await Promise.all([call('jobs:list', {}), call('jobs:queue', {})])
    if (load !== latestJobsLoad) return
    if (!jobs.ok) {
      set({ jobsLoading: false, jobsError: jobs.error.message })
      return
    }
    set({
      jobs: jobs.value,
      jobsLoading: false,
      jobsError: undefined,
      ...(queue.ok ? { jobQueue: queue.value } : {})
    })
  }
})
