import type { StateCreator } from 'zustand'
import type { OrderStatus, OrderSummary } from '../../../src-preload/contract'
import { call } from '../api/client'
import type { State } from './index'

/** What the order list shows: one status or all, one device or all. */
export interface OrderFilters {
  status: OrderStatus | ''
  device: string
}

export interface OrdersSlice {
  orders: OrderSummary[]
  /** Whether the list answers the current filters (false until the first load for them ends). */
  ordersLoaded: boolean
  /** Why the last list load failed; cleared by the next successful one. */
  ordersError?: string
  orderFilters: OrderFilters
  /** Counts 'orders:changed' events, so an open order is read again as it changes. */
  orderChanges: number
  setOrderFilters: (changes: Partial<OrderFilters>) => void
  loadOrders: () => Promise<void>
  onOrderChanged: () => Promise<void>
}

/** The newest orders the list shows; filters reach older ones. */
export const ORDER_LIST_LIMIT = 200

// Events and filter changes can start overlapping loads; only the newest may write the list.
let latestOrdersLoad = 0

export const ordersSlice: StateCreator<State, [], [], OrdersSlice> = (set, get) => ({
  orders: [],
  ordersLoaded: false,
  orderFilters: { status: '', device: '' },
  orderChanges: 0,
  setOrderFilters(changes) {
    set({ orderFilters: { ...get().orderFilters, ...changes }, ordersLoaded: false })
    void get().loadOrders()
  },
  async loadOrders() {
    const load = ++latestOrdersLoad
    const { status, device } = get().orderFilters
    const result = await call('orders:list', {
      ...(status ? { statuses: [status] } : {}),
      ...(device ? { device } : {}),
      limit: ORDER_LIST_LIMIT
    })
    if (load !== latestOrdersLoad) return
    if (result.ok) set({ orders: result.value, ordersLoaded: true, ordersError: undefined })
    else set({ ordersLoaded: true, ordersError: result.error.message })
  },
  async onOrderChanged() {
    set({ orderChanges: get().orderChanges + 1 })
    await get().loadOrders()
  }
})
