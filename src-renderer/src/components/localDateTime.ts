// datetime-local inputs ↔ ISO 8601 with this computer's offset, for forms that schedule things.

const pad = (n: number): string => String(n).padStart(2, '0')

/** A date as a datetime-local value in this computer's time zone. */
function localParts(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`
}

export const localInputOf = (iso: string): string => localParts(new Date(iso))

/** A datetime-local value as ISO 8601 with this computer's offset (2026-12-01T02:00:00+01:00), or null. */
export function isoWithOffset(local: string): string | null {
  const date = new Date(local)
  if (Number.isNaN(date.getTime())) return null
  const offset = -date.getTimezoneOffset()
  const hours = Math.floor(Math.abs(offset) / 60)
  return `${localParts(date)}:00${offset < 0 ? '-' : '+'}${pad(hours)}:${pad(Math.abs(offset) % 60)}`
}
