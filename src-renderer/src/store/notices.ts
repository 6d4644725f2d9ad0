import type { StateCreator } from 'zustand'
import type { State } from './index'

export interface Notice {
  id: number
  tone: 'success' | 'failure' | 'info'
  text: string
}

export interface NoticesSlice {
  notices: Notice[]
  notify: (tone: Notice['tone'], text: string) => void
  dismiss: (id: number) => void
}

/** How many notices stay on screen; older ones make room. */
const MAX_NOTICES = 4

/** Successes fade after a while; failures stay longer so they can be read. */
const NOTICE_LIFETIME_MS = { success: 10_000, info: 10_000, failure: 30_000 } as const

let nextNotice = 1

export const noticesSlice: StateCreator<State, [], [], NoticesSlice> = (set, get) => ({
  notices: [],
  notify: (tone, text) => {
    const id = nextNotice++
    set((state) => ({ notices: [...state.notices.slice(1 - MAX_NOTICES), { id, tone, text }] }))
    setTimeout(() => get().dismiss(id), NOTICE_LIFETIME_MS[tone])
  },
  dismiss: (id) => set((state) => ({ notices: state.notices.filter((n) => n.id !== id) }))
})
