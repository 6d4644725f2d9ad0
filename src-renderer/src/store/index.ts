// One bound zustand store made of slices. Components read and act through it; only store/events.ts
// listens to the bridge.
import { create } from 'zustand'
import { appSlice, type AppSlice } from './app'
import { devicesSlice, type DevicesSlice } from './devices'
import { domainsSlice, type DomainsSlice } from './domains'
import { jobsSlice, type JobsSlice } from './jobs'
import { browserStorage, loadNavigation, saveNavigation } from './navigation'
import { noticesSlice, type NoticesSlice } from './notices'
import { ordersSlice, type OrdersSlice } from './orders'
import { syncSlice, type SyncSlice } from './sync'
import { usersSlice, type UsersSlice } from './users'

export type { Page } from './navigation'
export type { Notice } from './notices'

export type State = AppSlice &
  DevicesSlice &
  SyncSlice &
  DomainsSlice &
  UsersSlice &
  JobsSlice &
  OrdersSlice &
  NoticesSlice

export const useStore = create<State>()((...a) => ({
  ...appSlice(...a),
  ...devicesSlice(...a),
  ...syncSlice(...a),
  ...domainsSlice(...a),
  ...usersSlice(...a),
  ...jobsSlice(...a),
  ...ordersSlice(...a),
  ...noticesSlice(...a)
}))

// Coming back (a reload, the app restarted) returns to the page, device and domain left; a device or
// domain that is gone by then is dropped by the first list load.
const storage = browserStorage()
const restored = loadNavigation(storage)
useStore.setState({ page: restored.page, selected: restored.device, selectedDomain: restored.domain })
useStore.subscribe((state, previous) => {
  if (
    state.page === previous.page &&
    state.selected === previous.selected &&
    state.selectedDomain === previous.selectedDomain
  )
    return
  saveNavigation(storage, {
    page: state.page,
    ...(state.selected ? { device: state.selected } : {}),
    ...(state.selectedDomain ? { domain: state.selectedDomain } : {})
  })
})
