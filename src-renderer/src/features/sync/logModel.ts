// Pure helpers of the detailed log view: which pages to forget, the filters as the store's query.
import type { LogQuery, Severity } from '../../../../src-preload/contract'

export const PAGE_SIZE = 200
/** Pages held in memory: scrolling through 500,000 entries must not keep them all. */
export const MAX_CACHED_PAGES = 40

export interface LogFilters {
  severity: '' | Severity
  code: string
  objectType: string
  search: string
}

export const noLogFilters: LogFilters = { severity: '', code: '', objectType: '', search: '' }

/** The filters as the store's log query: empty ones left out, so the store's indexes do the work. */
export function logFilterQuery(
  filters: LogFilters
): Pick<LogQuery, 'severity' | 'code' | 'objectType' | 'search'> {
  const code = filters.code.trim()
  const objectType = filters.objectType.trim()
  const search = filters.search.trim()
  return {
    ...(filters.severity ? { severity: filters.severity } : {}),
    ...(code ? { code } : {}),
    ...(objectType ? { objectType } : {}),
    ...(search ? { search } : {})
  }
}

/** The loaded pages to forget, farthest from the page in view first, so at most `max` stay. */
export function pagesToDrop(loaded: number[], inView: number, max = MAX_CACHED_PAGES): number[] {
  if (loaded.length <= max) return []
  return [...loaded].sort((a, b) => Math.abs(b - inView) - Math.abs(a - inView)).slice(0, loaded.length - max)
}
