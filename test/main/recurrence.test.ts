// Issue 7: when scheduled jobs run (SCHED-09, SCHED-10, SCHED-21): hours, days, weeks, daylight-saving
// changes and month and year ends.
import { describe, expect, it } from 'vitest'
import { instantOf, latestOccurrence, nextOccurrence } from '../../src-main/jobs/recurrence'
import type { Frequency } from '../../src-preload/contract'

const at = (iso: string): number => Date.parse(iso)
const iso = (ms: number | undefined): string | undefined =>
  ms === undefined ? undefined : new Date(ms).toISOString()

/** The first `n` starts after the start itself. */
function series(start: string, frequency: Frequency, zone: string, n: number): string[] {
  const out: string[] = []
  let after = at(start)
  for (let i = 0; i < n; i++) {
    after = nextOccurrence(at(start), frequency, zone, after) as number
    out.push(new Date(after).toISOString())
  }
  return out
}

describe('SCHED-09 frequencies', () => {
  it('runs a one-time job once, at its start', () => {
    const once: Frequency = { every: 'once' }
    expect(iso(nextOccurrence(at('2026-05-01T10:00:00Z'), once, 'UTC', at('2026-04-30T00:00:00Z')))).toBe(
      '2026-05-01T10:00:00.000Z'
    )
    expect(
      nextOccurrence(at('2026-05-01T10:00:00Z'), once, 'UTC', at('2026-05-01T10:00:00Z'))
    ).toBeUndefined()
  })

  it('counts hours as elapsed time, straight through a DST change', () => {
    // Europe/Berlin springs forward on 2026-03-29 at 02:00 local (01:00 UTC).
    expect(series('2026-03-28T22:00:00Z', { every: 'hours', count: 2 }, 'Europe/Berlin', 3)).toEqual([
      '2026-03-29T00:00:00.000Z',
      '2026-03-29T02:00:00.000Z',
      '2026-03-29T04:00:00.000Z'
    ])
  })

  it('runs every N days and weeks at the same UTC time where there is no DST', () => {
    expect(series('2026-01-30T06:15:00Z', { every: 'days', count: 1 }, 'UTC', 3)).toEqual([
      '2026-01-31T06:15:00.000Z',
      '2026-02-01T06:15:00.000Z',
      '2026-02-02T06:15:00.000Z'
    ])
    expect(series('2026-12-17T23:30:00Z', { every: 'weeks', count: 2 }, 'UTC', 2)).toEqual([
      '2026-12-31T23:30:00.000Z',
      '2027-01-14T23:30:00.000Z'
    ])
  })

  it('crosses month ends, a leap day and the year end by calendar days', () => {
    expect(series('2028-02-27T12:00:00Z', { every: 'days', count: 1 }, 'UTC', 3)).toEqual([
      '2028-02-28T12:00:00.000Z',
      '2028-02-29T12:00:00.000Z',
      '2028-03-01T12:00:00.000Z'
    ])
    expect(series('2026-12-30T08:00:00Z', { every: 'days', count: 3 }, 'UTC', 1)).toEqual([
      '2027-01-02T08:00:00.000Z'
    ])
  })
})

describe('SCHED-10 wall-clock time across daylight saving', () => {
  it('keeps 02:30 local every day across the autumn change in Berlin', () => {
    // 02:30 CEST = 00:30 UTC; on 2026-10-25 02:30 happens twice (the first, CEST, runs); from
    // then on it is 02:30 CET = 01:30 UTC.
    expect(series('2026-10-23T00:30:00Z', { every: 'days', count: 1 }, 'Europe/Berlin', 3)).toEqual([
      '2026-10-24T00:30:00.000Z',
      '2026-10-25T00:30:00.000Z',
      '2026-10-26T01:30:00.000Z'
    ])
  })

  it('moves a time the spring change skips forward by the gap, then returns to it', () => {
    // 2026-03-08 in New York has no 02:30: that day runs at 03:30 EDT (07:30 UTC).
    expect(series('2026-03-07T07:30:00Z', { every: 'days', count: 1 }, 'America/New_York', 2)).toEqual([
      '2026-03-08T07:30:00.000Z',
      '2026-03-09T06:30:00.000Z'
    ])
  })

  it('runs a time the autumn change repeats once, at the first of the two', () => {
    // 2026-11-01 01:30 happens twice in New York: 05:30 UTC (EDT) and 06:30 UTC (EST).
    expect(
      iso(instantOf({ year: 2026, month: 11, day: 1, hour: 1, minute: 30, second: 0 }, 'America/New_York'))
    ).toBe('2026-11-01T05:30:00.000Z')
    expect(series('2026-10-25T05:30:00Z', { every: 'weeks', count: 1 }, 'America/New_York', 2)).toEqual([
      '2026-11-01T05:30:00.000Z',
      '2026-11-08T06:30:00.000Z'
    ])
  })

  it('finds the same occurrence from far away as step by step (no drift over a year)', () => {
    const start = at('2026-01-05T08:00:00Z')
    const daily: Frequency = { every: 'days', count: 1 }
    const stepped = series('2026-01-05T08:00:00Z', daily, 'Europe/Berlin', 365).at(-1)
    const direct = nextOccurrence(start, daily, 'Europe/Berlin', at('2027-01-04T08:00:00Z'))
    expect(iso(direct)).toBe(stepped)
    expect(stepped).toBe('2027-01-05T08:00:00.000Z')
  })
})

describe('missed starts', () => {
  it('names the latest start at or before a moment (the one a closed app owes)', () => {
    const start = at('2026-06-01T04:00:00Z')
    expect(latestOccurrence(start, { every: 'hours', count: 6 }, 'UTC', at('2026-06-03T15:00:00Z'))).toBe(
      at('2026-06-03T10:00:00Z')
    )
    expect(
      iso(latestOccurrence(start, { every: 'days', count: 1 }, 'Europe/Berlin', at('2026-06-03T03:59:59Z')))
    ).toBe('2026-06-02T04:00:00.000Z')
    expect(
      latestOccurrence(start, { every: 'days', count: 1 }, 'UTC', at('2026-05-31T00:00:00Z'))
    ).toBeUndefined()
    expect(latestOccurrence(start, { every: 'once' }, 'UTC', at('2026-07-01T00:00:00Z'))).toBe(start)
  })
})
