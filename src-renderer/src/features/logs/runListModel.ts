// The Logs page's run list as plain data: its filters, what can be compared, and how runs read.
import {
  runSubject,
  type Input,
  type RunKind,
  type RunStatus,
  type RunSummary
} from '../../../../src-preload/contract'

export const RUNS_PAGE_SIZE = 50

export const runKindLabels: Record<RunKind, string> = {
  infrastructure: 'Infrastructure',
  user: 'User',
  'change-notification': 'Change notification',
  domain: 'Domain',
  ldap: 'LDAP',
  'write-back': 'LDAP write-back',
  job: 'Job',
  order: 'Order'
}

export interface RunFilters {
  /** Part of a device's or domain's name; empty: every one. */
  target: string
  kind: '' | RunKind
  status: '' | RunStatus
  /** `datetime-local` values (local time, to the minute); empty: no bound. */
  from: string
  to: string
}

export const noRunFilters: RunFilters = { target: '', kind: '', status: '', from: '', to: '' }

/**
 * A `datetime-local` value as an ISO instant. The upper bound takes in its whole minute, so a run that
 * started at 10:15:30 is found "to 10:15".
 */
export function localTimeToIso(value: string, bound: 'from' | 'to'): string | undefined {
  if (!value) return undefined
  const time = new Date(value).getTime()
  if (Number.isNaN(time)) return undefined
  return new Date(bound === 'to' ? time + 59_999 : time).toISOString()
}

/** The filters and page as the store's run query: empty filters left out. */
export function runListQuery(filters: RunFilters, offset: number, limit: number): Input<'runs:list'> {
  const name = filters.target.trim()
  const from = localTimeToIso(filters.from, 'from')
  const to = localTimeToIso(filters.to, 'to')
  return {
    ...(name ? { name } : {}),
    ...(filters.kind ? { kinds: [filters.kind] } : {}),
    ...(filters.status ? { statuses: [filters.status] } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    offset,
    limit
  }
}

/** Why the time range cannot be used, or undefined when it can. */
export function timeRangeProblem(filters: Pick<RunFilters, 'from' | 'to'>): string | undefined {
  const from = localTimeToIso(filters.from, 'from')
  const to = localTimeToIso(filters.to, 'to')
  return from && to && from > to ? 'The start of the time range is after its end.' : undefined
}

/** Milliseconds from start to finish; undefined while a run is still going. */
export function runDurationMs(run: Pick<RunSummary, 'startedAt' | 'finishedAt'>): number | undefined {
  if (!run.finishedAt) return undefined
  return Math.max(0, new Date(run.finishedAt).getTime() - new Date(run.startedAt).getTime())
}

/** "850 ms", "12.4 s", "3 min 05 s", "1 h 02 min". */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined) return '–'
  if (ms < 1000) return `${Math.round(ms)} ms`
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`
  const seconds = Math.round(ms / 1000)
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`
  const minutes = Math.round(seconds / 60)
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`
}

export type ComparisonChoice = { older: RunSummary; newer: RunSummary } | { problem: string }

const sameSubject = (a: RunSummary, b: RunSummary): boolean =>
  JSON.stringify(runSubject(a)) === JSON.stringify(runSubject(b))

/**
 * The two ticked runs as "older → newer", or why they cannot be compared: a comparison puts side by side
 * what two runs of the same kind read from one device or domain.
 */
export function comparisonChoice(runs: RunSummary[]): ComparisonChoice {
  if (runs.length !== 2) return { problem: 'Tick two runs of one device or domain to compare them.' }
  const [a, b] = runs
  if (!sameSubject(a, b)) return { problem: 'Tick two runs of the same device or domain.' }
  if (a.kind !== b.kind) return { problem: 'Tick two runs of the same kind.' }
  if (a.status === 'running' || b.status === 'running')
    return { problem: 'A run that is still running cannot be compared yet.' }
  const aFirst = a.startedAt < b.startedAt || (a.startedAt === b.startedAt && a.id < b.id)
  return aFirst ? { older: a, newer: b } : { older: b, newer: a }
}
