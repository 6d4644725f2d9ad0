// Issue 21 item 4: the directory-number chooser over a service area's blocks (MACD-36/37, SETUP-15).
import { describe, expect, it } from 'vitest'
import {
  blockCounts,
  blockOf,
  lowestFreeNumber,
  pageOfNumbers,
  type NumberPool
} from '../../src-main/domains/numberChooser'
import type { BlockSpec } from '../../src-main/domains/numbering'

const area = { name: 'SJC', domain: 'West' }
const padded: BlockSpec = { prefix: '408', first: 0, last: 9, minLength: 4 }

function pool(blocks: BlockSpec[], inUse: string[] = [], reserved: string[] = []): NumberPool {
  return { blocks, inUse: new Set(inUse), reserved: new Set(reserved) }
}

describe('the directory-number chooser', () => {
  it('hands out padded numbers, lowest first, skipping numbers in use and reserved', () => {
    expect(lowestFreeNumber(area, pool([padded]))).toBe('4080000')
    expect(lowestFreeNumber(area, pool([padded], ['4080000', '4080002'], ['4080001']))).toBe('4080003')
  })

  it('takes the lowest number across blocks whatever order they were added in', () => {
    const high: BlockSpec = { prefix: '5', first: 100, last: 101, minLength: 0 }
    const low: BlockSpec = { prefix: '', first: 200, last: 201, minLength: 0 }
    expect(lowestFreeNumber(area, pool([high, low]))).toBe('200')
    expect(lowestFreeNumber(area, pool([high, low], ['200'], ['201']))).toBe('5100')
  })

  it('refuses when the blocks are exhausted, naming the service area and its blocks', () => {
    const tiny: BlockSpec = { prefix: '408', first: 0, last: 1, minLength: 4 }
    expect(() => lowestFreeNumber(area, pool([tiny], ['4080000'], ['4080001']))).toThrow(
      /Service area SJC \(domain West\) has no free directory number: every number of its blocks 4080000–4080001 is in use or reserved/
    )
    expect(() => lowestFreeNumber(area, pool([]))).toThrow(
      /SJC \(domain West\) has no directory number blocks/
    )
  })

  it('pages, filters by state and searches by digits', () => {
    const numbers = pool([padded], ['4080001'], ['4080002'])
    const all = pageOfNumbers(numbers, { offset: 0, limit: 3 })
    expect(all.total).toBe(10)
    expect(all.numbers).toEqual([
      { number: '4080000', state: 'available' },
      { number: '4080001', state: 'in-use' },
      { number: '4080002', state: 'reserved' }
    ])
    const available = pageOfNumbers(numbers, { state: 'available', offset: 2, limit: 2 })
    expect(available.total).toBe(8)
    expect(available.numbers.map((n) => n.number)).toEqual(['4080004', '4080005'])
    const searched = pageOfNumbers(numbers, { state: 'available', search: '0009', offset: 0, limit: 10 })
    expect(searched).toEqual({ total: 1, numbers: [{ number: '4080009', state: 'available' }] })
    expect(pageOfNumbers(numbers, { search: '409', offset: 0, limit: 10 }).total).toBe(0)
  })

  it('knows which block a number is of, padding included, and counts each block', () => {
    expect(blockOf([padded], '4080005')).toBe(padded)
    // 408005 lacks the padding: it is no number of the block.
    expect(blockOf([padded], '408005')).toBeUndefined()
    expect(blockCounts(pool([padded], ['4080001', '9999'], ['4080002']), padded)).toEqual({
      available: 8,
      'in-use': 1,
      reserved: 1
    })
  })
})
