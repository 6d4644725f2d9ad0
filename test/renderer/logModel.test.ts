import { describe, expect, it } from 'vitest'
import {
  MAX_CACHED_PAGES,
  logFilterQuery,
  noLogFilters,
  pagesToDrop
} from '../../src-renderer/src/features/sync/logModel'

describe('log view windowing', () => {
  it('forgets the pages farthest from the view once too many are held', () => {
    const loaded = Array.from({ length: MAX_CACHED_PAGES }, (_, page) => page)
    expect(pagesToDrop(loaded, 0)).toEqual([])
    // Scrolled to the end of a 500,000-entry log: the first pages go.
    expect(pagesToDrop([...loaded, 2499, 2498], 2499)).toEqual([0, 1])
    expect(pagesToDrop([10, 11, 12, 500], 500, 2)).toEqual([10, 11])
  })
})

describe('log filters', () => {
  it('leaves empty filters out of the query and trims the rest', () => {
    expect(logFilterQuery(noLogFilters)).toEqual({})
    expect(
      logFilterQuery({ severity: 'error', code: ' SYNC_TYPE_FAILED ', objectType: '  ', search: ' jane ' })
    ).toEqual({ severity: 'error', code: 'SYNC_TYPE_FAILED', search: 'jane' })
  })
})
