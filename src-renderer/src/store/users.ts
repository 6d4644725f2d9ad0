import type { StateCreator } from 'zustand'
import type { DomainUser, userSearchKinds } from '../../../src-preload/contract'
import { call } from '../api/client'
import type { State } from './index'

export type UserSearchBy = (typeof userSearchKinds)[number]

export interface UserQuery {
  /** Empty: every domain. */
  domain: string
  by: UserSearchBy
  /** Empty: no search, every user of the domain filter. */
  text: string
}

export const USERS_PAGE_SIZE = 50

export interface UsersSlice {
  userQuery: UserQuery
  /** The query the shown page answers, with its offset. */
  userPage?: { query: UserQuery; offset: number; total: number; users: DomainUser[] }
  usersLoading: boolean
  usersError?: string
  selectedUser?: string
  setUserQuery: (changes: Partial<UserQuery>) => void
  /** Lists a page of users; the search text must already have passed searchProblem(). */
  searchUsers: (query: UserQuery, offset: number) => Promise<void>
  selectUser: (userid: string | undefined) => void
}

let latestUsersLoad = 0

export const usersSlice: StateCreator<State, [], [], UsersSlice> = (set) => ({
  userQuery: { domain: '', by: 'user', text: '' },
  usersLoading: false,
  setUserQuery: (changes) => set((state) => ({ userQuery: { ...state.userQuery, ...changes } })),
  async searchUsers(query, offset) {
    const load = ++latestUsersLoad
    set({ usersLoading: true })
    const result = await call('users:list', {
      ...(query.domain ? { domain: query.domain } : {}),
      ...(query.text.trim() ? { search: { by: query.by, text: query.text.trim() } } : {}),
      offset,
      limit: USERS_PAGE_SIZE
    })
    if (load !== latestUsersLoad) return
    if (!result.ok) {
      set({ usersLoading: false, usersError: result.error.message })
      return
    }
    set({
      usersLoading: false,
      usersError: undefined,
      userPage: { query, offset, ...result.value },
      selectedUser: undefined
    })
  },
  selectUser: (selectedUser) => set({ selectedUser })
})
