// When a scheduled job runs (SCHED-09, SCHED-10, SCHED-21). Hours are elapsed time; days and weeks
// keep the wall-clock time of the start in the job's time zone, so "every day at 02:30 in
// Europe/Berlin" stays at 02:30 across daylight-saving changes. A wall-clock time that does not exist
// on a spring-forward day moves forward by the gap (02:30 → 03:30); one that exists twice on a
// fall-back day runs once, at the first of the two.
import type { Frequency } from '../../src-preload/contract'

const HOUR_MS = 3_600_000

interface WallTime {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
}

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone)
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric'
    })
    formatters.set(timeZone, formatter)
  }
  return formatter
}

/** True when the runtime knows the IANA zone (e.g. Europe/Berlin, America/New_York, UTC). */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone)
    return true
  } catch {
    return false
  }
}

function wallTimeAt(instant: number, timeZone: string): WallTime {
  const parts: Record<string, number> = {}
  for (const part of formatterFor(timeZone).formatToParts(new Date(instant)))
    if (part.type !== 'literal') parts[part.type] = Number(part.value)
  return {
    year: parts.year,
    month: parts.month,
    day: parts.day,
    hour: parts.hour,
    minute: parts.minute,
    second: parts.second
  }
}

function asUtc(wall: WallTime): number {
  return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second)
}

/** The zone's offset from UTC at an instant, in milliseconds (east positive). */
function offsetAt(instant: number, timeZone: string): number {
  return asUtc(wallTimeAt(Math.floor(instant / 1000) * 1000, timeZone)) - Math.floor(instant / 1000) * 1000
}

/**
 * The instant a wall-clock time happens in a zone. Of two candidates (fall-back), the earlier; when
 * the time is skipped (spring-forward), the same time shifted by the gap.
 */
export function instantOf(wall: WallTime, timeZone: string): number {
  const naive = asUtc(wall)
  // The offset a few hours either side covers every real transition (none exceeds a day).
  const candidates = [offsetAt(naive - 12 * HOUR_MS, timeZone), offsetAt(naive + 12 * HOUR_MS, timeZone)]
  const exact = candidates
    .map((offset) => naive - offset)
    .filter((instant) => asUtc(wallTimeAt(instant, timeZone)) === naive)
    .sort((a, b) => a - b)
  if (exact.length > 0) return exact[0]
  // Skipped: use the offset from before the gap, which lands after it by the gap's length.
  return naive - candidates[0]
}

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/

/**
 * The instant an ISO 8601 date and time names: with an offset (or Z) as written; without one, as a
 * wall-clock time in `timeZone` (`--start 2027-01-04T02:00 --time-zone Europe/Berlin`).
 */
export function instantOfText(text: string, timeZone: string): number {
  const local = LOCAL_DATE_TIME.exec(text)
  if (!local) return Date.parse(text)
  const [year, month, day, hour, minute, second] = local.slice(1).map((part) => Number(part ?? 0))
  return instantOf({ year, month, day, hour, minute, second }, timeZone)
}

function addDays(wall: WallTime, days: number): WallTime {
  const shifted = new Date(Date.UTC(wall.year, wall.month - 1, wall.day + days))
  return {
    ...wall,
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate()
  }
}

/** The k-th occurrence (0 = the start itself). */
function occurrence(startAt: number, frequency: Frequency, timeZone: string, k: number): number {
  if (frequency.every === 'once' || k === 0) return startAt
  if (frequency.every === 'hours') return startAt + k * frequency.count * HOUR_MS
  const days = frequency.every === 'days' ? frequency.count : 7 * frequency.count
  return instantOf(addDays(wallTimeAt(startAt, timeZone), k * days), timeZone)
}

/**
 * The first occurrence strictly after `after`, or undefined when a one-time job has had its turn.
 * `startAt` is an instant (ms since the epoch); `timeZone` names the zone its wall-clock time belongs to.
 */
export function nextOccurrence(
  startAt: number,
  frequency: Frequency,
  timeZone: string,
  after: number
): number | undefined {
  if (after < startAt) return startAt
  if (frequency.every === 'once') return undefined
  const periodMs =
    frequency.every === 'hours'
      ? frequency.count * HOUR_MS
      : (frequency.every === 'days' ? 1 : 7) * frequency.count * 24 * HOUR_MS
  // An estimate from the nominal period, corrected for the hour DST adds or removes.
  let k = Math.max(0, Math.floor((after - startAt) / periodMs) - 1)
  while (occurrence(startAt, frequency, timeZone, k) <= after) k += 1
  while (k > 1 && occurrence(startAt, frequency, timeZone, k - 1) > after) k -= 1
  return occurrence(startAt, frequency, timeZone, k)
}

/** The latest occurrence at or before `at` (the one a job that missed its time still owes), if any. */
export function latestOccurrence(
  startAt: number,
  frequency: Frequency,
  timeZone: string,
  at: number
): number | undefined {
  if (at < startAt) return undefined
  if (frequency.every === 'once') return startAt
  const next = nextOccurrence(startAt, frequency, timeZone, at) as number
  if (frequency.every === 'hours') return next - frequency.count * HOUR_MS
  // The occurrence before the next one, counted in calendar days in the job's zone.
  const periodDays = frequency.every === 'days' ? frequency.count : 7 * frequency.count
  const first = wallTimeAt(startAt, timeZone)
  const upcoming = wallTimeAt(next, timeZone)
  const daysToNext = Math.round(
    (Date.UTC(upcoming.year, upcoming.month - 1, upcoming.day) -
      Date.UTC(first.year, first.month - 1, first.day)) /
      (24 * HOUR_MS)
  )
  return occurrence(startAt, frequency, timeZone, Math.round(daysToNext / periodDays) - 1)
}
