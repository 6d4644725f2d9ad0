import { describe, expect, it } from 'vitest'
import {
  PAGE_SIZE,
  ROW_HEIGHT,
  pagesFor,
  toCsv,
  visibleRange
} from '../../src-renderer/src/features/sync/logModel'

describe('log view windowing', () => {
  it('renders only the rows near the viewport, even for 500,000 entries', () => {
    const { first, last } = visibleRange(250_000 * ROW_HEIGHT, 440, 500_000)
    expect(last - first).toBeLessThan(60)
    expect(first).toBe(250_000 - 10)
    expect(visibleRange(0, 440, 3)).toEqual({ first: 0, last: 2 })
    expect(visibleRange(0, 440, 0)).toEqual({ first: 0, last: -1 })
  })

  it('asks for the pages that hold the visible rows', () => {
    expect(pagesFor(0, 30)).toEqual([0])
    expect(pagesFor(PAGE_SIZE - 5, PAGE_SIZE + 5)).toEqual([0, 1])
    expect(pagesFor(3, 2)).toEqual([])
  })
})

describe('CSV export', () => {
  it('quotes fields with commas, quotes and line breaks', () => {
    const csv = toCsv([
      {
        runId: 1,
        seq: 1,
        at: 't',
        severity: 'error',
        code: 'X',
        objectName: 'Smith, Jane',
        message: 'said "hi"\nthen left'
      }
    ])
    expect(csv).toBe(
      'seq,at,severity,code,objectType,objectName,message,hint\r\n1,t,error,X,,"Smith, Jane","said ""hi""\nthen left",\r\n'
    )
  })
})
