// One way to show a moment on every page ("Dec 7, 2026, 4:22:49 PM", in this computer's language), so
// a run's start, a device's last test and a job's next run read alike.

const MOMENT: Intl.DateTimeFormatOptions = {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  second: '2-digit'
}
const ZONED_MOMENT: Intl.DateTimeFormatOptions = { ...MOMENT, timeZoneName: 'short' }

/**
 * Formatters by options and zone. Building one costs far more than formatting with it, and toLocaleString
 * builds one per call: the log view formats a moment for every row it renders.
 */
const formatters = new Map<Intl.DateTimeFormatOptions, Map<string, Intl.DateTimeFormat>>()

function formatted(iso: string, options: Intl.DateTimeFormatOptions, timeZone: string | undefined): string {
  const date = new Date(iso)
  // toLocaleString's wording for a date that is not one; format() would throw.
  if (Number.isNaN(date.getTime())) return String(date)
  let byZone = formatters.get(options)
  if (!byZone) formatters.set(options, (byZone = new Map<string, Intl.DateTimeFormat>()))
  let formatter = byZone.get(timeZone ?? '')
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(undefined, { ...options, ...(timeZone ? { timeZone } : {}) })
    byZone.set(timeZone ?? '', formatter)
  }
  return formatter.format(date)
}

/** A moment in this computer's time zone, or in `timeZone`. */
export function formatMoment(iso: string, timeZone?: string): string {
  return formatted(iso, MOMENT, timeZone)
}

/** The same, followed by the zone's short name: for times that belong to a zone (a job's schedule). */
export function formatZonedMoment(iso: string, timeZone?: string): string {
  return formatted(iso, ZONED_MOMENT, timeZone)
}

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/** How long ago, in the largest whole unit: "just now", "5 min ago", "3 h ago", "2 days ago". */
export function formatAge(iso: string, now: number): string {
  const elapsed = now - Date.parse(iso)
  if (!Number.isFinite(elapsed) || elapsed < MINUTE) return 'just now'
  if (elapsed < HOUR) return `${Math.floor(elapsed / MINUTE)} min ago`
  if (elapsed < DAY) return `${Math.floor(elapsed / HOUR)} h ago`
  const days = Math.floor(elapsed / DAY)
  return `${days} ${days === 1 ? 'day' : 'days'} ago`
}
