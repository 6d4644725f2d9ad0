// Issue 25 item 26: one date format on every page: a run's time, a device's test and a job's next run
// read alike (a job's time adds its zone); ages say how long ago in whole units.
import { describe, expect, it } from 'vitest'
import { formatAge, formatMoment } from '../../src-renderer/src/components/dateTime'
import { zonedTime } from '../../src-renderer/src/features/jobs/jobModel'
import { when } from '../../src-renderer/src/features/sync/runModel'

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

describe('moments', () => {
  const iso = '2026-12-07T16:22:49.000Z'

  it('reads the same in the run lists, the Quick Views and the job table', () => {
    expect(when(iso)).toBe(formatMoment(iso))
    expect(zonedTime(iso)).toMatch(new RegExp(`^${escape(when(iso))} \\S+$`))
  })

  it('spells the month and keeps the seconds', () => {
    expect(formatMoment(iso, 'UTC')).toBe('Dec 7, 2026, 4:22:49 PM')
    expect(zonedTime(iso, 'UTC')).toBe('Dec 7, 2026, 4:22:49 PM UTC')
  })

  it('formats each zone in its own zone, whichever was formatted first', () => {
    expect(formatMoment(iso, 'Asia/Tokyo')).toBe('Dec 8, 2026, 1:22:49 AM')
    expect(formatMoment(iso, 'UTC')).toBe('Dec 7, 2026, 4:22:49 PM')
    expect(zonedTime(iso, 'Asia/Tokyo')).toBe('Dec 8, 2026, 1:22:49 AM GMT+9')
  })

  it('reads a moment that is not a date as toLocaleString does, and refuses an unknown zone alike', () => {
    expect(formatMoment('not a date')).toBe(new Date('not a date').toLocaleString())
    expect(() => formatMoment(iso, 'Mars/Olympus')).toThrow(RangeError)
  })
})

describe('ages', () => {
  const now = Date.parse('2026-12-07T16:00:00.000Z')
  it('says how long ago in the largest whole unit', () => {
    expect(formatAge('2026-12-07T15:59:30.000Z', now)).toBe('just now')
    expect(formatAge('2026-12-07T15:55:00.000Z', now)).toBe('5 min ago')
    expect(formatAge('2026-12-07T13:00:00.000Z', now)).toBe('3 h ago')
    expect(formatAge('2026-12-06T15:00:00.000Z', now)).toBe('1 day ago')
    expect(formatAge('2026-12-01T16:00:00.000Z', now)).toBe('6 days ago')
  })
  it('treats a moment after now (another clock) or no moment as just now', () => {
    expect(formatAge('2026-12-07T16:05:00.000Z', now)).toBe('just now')
    expect(formatAge('not a date', now)).toBe('just now')
  })
})
