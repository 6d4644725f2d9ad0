// One bound zustand store made of slices. Components read and act through it; only store/events.ts
// listens to the bridge.
import { create } from 'zustand'
import { appSlice, type AppSlice } from './app'
import { devicesSlice, type DevicesSlice } from './devices'
import { domainsSlice, type DomainsSlice } from './domains'
import { jobsSlice, type JobsSlice } from './jobs'
import { noticesSlice, type NoticesSlice } from './notices'
import { syncSlice, type SyncSlice } from './sync'
import { usersSlice, type UsersSlice } from './users'

export type { Page } from './app'
export type { Notice } from './notices'

export type State = AppSlice & DevicesSlice & SyncSlice & DomainsSlice & UsersSlice & JobsSlice & NoticesSlice

export const useStore = create<State>()((...a) => ({
  ...appSlice(...a),
  ...devicesSlice(...a),
  ...syncSlice(...a),
  ...domainsSlice(...a),
  ...usersSlice(...a),
  ...jobsSlice(...a),
  ...noticesSlice(...a)
}))
