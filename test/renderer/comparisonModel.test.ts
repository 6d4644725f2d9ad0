// How a comparison of two runs reads: totals, headline and the "more not listed" note.
import { describe, expect, it } from 'vitest'
import type { TypeComparison } from '../../src-preload/contract'
import {
  comparisonHeadline,
  comparisonTotals,
  notListed
} from '../../src-renderer/src/features/logs/comparisonModel'

const type = (name: string, appeared: number, disappeared: number, changed: number): TypeComparison => ({
  type: name,
  appeared: [],
  disappeared: [],
  changed: [],
  counts: { appeared, disappeared, changed }
})

describe('comparison summary', () => {
  it('adds up the counts of every type, not the listed objects', () => {
    const types = [type('Phone', 2, 0, 10), type('EndUser', 1, 1, 2)]
    expect(comparisonTotals(types)).toEqual({ appeared: 3, disappeared: 1, changed: 12 })
    expect(comparisonHeadline(types)).toBe(
      '3 objects appeared, 1 disappeared and 12 changed, in 2 object types.'
    )
    expect(comparisonHeadline([type('Phone', 1, 0, 0)])).toBe(
      '1 object appeared, 0 disappeared and 0 changed, in 1 object type.'
    )
  })

  it('says so when nothing differs', () => {
    expect(comparisonHeadline([])).toMatch(/^No differences/)
  })

  it('says how many objects a list left out', () => {
    expect(notListed(1000, 1250)).toBe('and 250 more not listed')
    expect(notListed(3, 3)).toBeUndefined()
  })
})
