import type { StateCreator } from 'zustand'
import type { AppError, Domain, RunSummary, ServiceArea, UserRole } from '../../../src-preload/contract'
import { call } from '../api/client'
import type { State } from './index'

export interface DomainsSlice {
  domains: Domain[]
  domainsLoading: boolean
  /** Why the last domain list load failed; cleared by the next successful one. */
  domainsError?: string
  selectedDomain?: string
  /** Recent domain synchronization runs per domain name, newest first. */
  domainRuns: Record<string, RunSummary[]>
  /** Service areas per domain name, in matching order. */
  serviceAreas: Record<string, ServiceArea[]>
  roles: Record<string, UserRole[]>
  loadDomains: () => Promise<void>
  selectDomain: (name: string | undefined) => void
  loadDomainRuns: (domain: string) => Promise<void>
  loadServiceAreas: (domain: string) => Promise<void>
  loadRoles: (domain: string) => Promise<void>
  /** Moves a service area to a 1-based position in its domain's matching order; a refusal is returned. */
  moveServiceArea: (domain: string, name: string, position: number) => Promise<AppError | undefined>
  /** Reloads everything shown about one domain (or every domain when no name is given). */
  onDomainsChanged: (name?: string) => Promise<void>
  /** Starts a domain synchronization; the refusal is returned for the caller to show in place. */
  startDomainSync: (domain: string) => Promise<AppError | undefined>
}

// Events and user actions can start overlapping loads; only the newest may write the list.
let latestDomainsLoad = 0

export const domainsSlice: StateCreator<State, [], [], DomainsSlice> = (set, get) => ({
  domains: [],
  domainsLoading: false,
  domainRuns: {},
  serviceAreas: {},
  roles: {},
  async loadDomains() {
    const load = ++latestDomainsLoad
    set({ domainsLoading: true })
    const result = await call('domains:list', {})
    if (load !== latestDomainsLoad) return
    if (!result.ok) {
      set({ domainsLoading: false, domainsError: result.error.message })
      return
    }
    const selected = get().selectedDomain
    set({
      domains: result.value,
      domainsLoading: false,
      domainsError: undefined,
      selectedDomain: result.value.some((d) => d.name === selected) ? selected : undefined
    })
  },
  selectDomain: (selectedDomain) => set({ selectedDomain }),
  async loadDomainRuns(domain) {
    const result = await call('sync:runs', { domain, limit: 5 })
    if (result.ok) set((state) => ({ domainRuns: { ...state.domainRuns, [domain]: result.value } }))
  },
  async loadServiceAreas(domain) {
    const result = await call('service-areas:list', { domain })
    if (result.ok) set((state) => ({ serviceAreas: { ...state.serviceAreas, [domain]: result.value } }))
    else get().notify('failure', `Service areas of ${domain} could not be loaded: ${result.error.message}`)
  },
  async loadRoles(domain) {
    const result = await call('roles:list', { domain })
    if (result.ok) set((state) => ({ roles: { ...state.roles, [domain]: result.value } }))
    else get().notify('failure', `User roles of ${domain} could not be loaded: ${result.error.message}`)
  },
  async moveServiceArea(domain, name, position) {
    const result = await call('service-areas:move', { domain, name, position })
    if (!result.ok) return result.error
    set((state) => ({ serviceAreas: { ...state.serviceAreas, [domain]: result.value } }))
    return undefined
  },
  async onDomainsChanged(name) {
    await get().loadDomains()
    // Only the selected domain has its service areas and roles on screen (a deleted one is unselected).
    const shown = get().selectedDomain
    if (shown && (name === undefined || name === shown))
      await Promise.all([get().loadServiceAreas(shown), get().loadRoles(shown)])
  },
  async startDomainSync(domain) {
    const result = await call('domains:sync', { name: domain })
    if (!result.ok) return result.error
    get().notify('info', `Domain synchronization of ${domain} started (run ${result.value.runId}).`)
    await get().loadDomainRuns(domain)
    return undefined
  }
})
