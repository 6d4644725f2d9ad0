// What the Logs page plots, as plain data: the Chart component draws it, and the same data is the
// chart's text summary and data table for screen readers and keyboard users.
import type { RunCounts, RunKind } from '../../../../src-preload/contract'

export interface ChartSeries {
  label: string
  /** One value per label; null where a run has no value (e.g. still running). */
  values: (number | null)[]
  /** Which of the palette's colours draws this series. */
  tone: ChartTone
}

export type ChartTone = 'added' | 'changed' | 'removed' | 'unchanged' | 'primary'

export interface ChartSpec {
  kind: 'bar' | 'line'
  /** Visible caption, and the start of the accessible summary. */
  caption: string
  /** The x axis: object types, or run start times. */
  axisLabel: string
  labels: string[]
  /** The y axis unit, e.g. "seconds" or "objects". */
  unit: string
  series: ChartSeries[]
  /** Bars of all series on top of each other (outcomes of one type add up to its objects). */
  stacked: boolean
}

export const outcomes = ['added', 'changed', 'removed', 'unchanged'] as const

const outcomeLabels: Record<(typeof outcomes)[number], string> = {
  added: 'Added',
  changed: 'Changed',
  removed: 'Removed',
  unchanged: 'Unchanged'
}

/** One run: how many objects of each type it added, changed, removed and left unchanged. */
export function outcomesChart(counts: RunCounts, subject: string): ChartSpec {
  const types = Object.keys(counts).sort((a, b) => a.localeCompare(b))
  return {
    kind: 'bar',
    caption: `Objects per type and outcome, ${subject}`,
    axisLabel: 'Object type',
    labels: types,
    unit: 'objects',
    stacked: true,
    series: outcomes.map((outcome) => ({
      label: outcomeLabels[outcome],
      tone: outcome,
      values: types.map((type) => counts[type]?.[outcome] ?? 0)
    }))
  }
}

/** The part of a run's statistics the trend charts need. */
export interface RunPoint {
  runId: number
  startedAt: string
  durationMs?: number
  objects: number
}

/** Oldest first, as time runs left to right. */
function chronological(points: RunPoint[]): RunPoint[] {
  return [...points].sort((a, b) => a.startedAt.localeCompare(b.startedAt) || a.runId - b.runId)
}

/** Two runs may start in the same minute: the run id tells them apart. */
const runLabel = (point: RunPoint, formatTime: (iso: string) => string): string =>
  `${formatTime(point.startedAt)} (run ${point.runId})`

/** One value per run, oldest first: the per-device or per-domain trend charts. */
function trendChart(
  points: RunPoint[],
  formatTime: (iso: string) => string,
  shape: { caption: string; unit: string; seriesLabel: string; valueOf: (point: RunPoint) => number | null }
): ChartSpec {
  const ordered = chronological(points)
  return {
    kind: 'line',
    caption: shape.caption,
    axisLabel: 'Run',
    labels: ordered.map((p) => runLabel(p, formatTime)),
    unit: shape.unit,
    stacked: false,
    series: [{ label: shape.seriesLabel, tone: 'primary', values: ordered.map(shape.valueOf) }]
  }
}

/** Below this, durations are plotted in milliseconds: a domain run of 40 ms is not "0 s". */
const MILLISECONDS_UNTIL = 10_000

export function durationChart(
  points: RunPoint[],
  subject: string,
  formatTime: (iso: string) => string
): ChartSpec {
  const longest = Math.max(0, ...points.map((p) => p.durationMs ?? 0))
  const unit = longest < MILLISECONDS_UNTIL ? 'milliseconds' : 'seconds'
  return trendChart(points, formatTime, {
    caption: `Run duration over time, ${subject}`,
    unit,
    seriesLabel: `Duration (${unit})`,
    valueOf: (p) =>
      p.durationMs === undefined
        ? null
        : unit === 'milliseconds'
          ? Math.round(p.durationMs)
          : Math.round(p.durationMs / 100) / 10
  })
}

/**
 * Run kinds that count the objects they read per type. Domain, LDAP and write-back runs report users
 * in their summary and job runs through the runs they start, so an objects trend of theirs would
 * plot a line of zeros.
 */
export function countsObjects(kind: RunKind): boolean {
  return kind === 'infrastructure' || kind === 'user' || kind === 'change-notification'
}

export function objectCountChart(
  points: RunPoint[],
  subject: string,
  formatTime: (iso: string) => string
): ChartSpec {
  return trendChart(points, formatTime, {
    caption: `Objects read over time, ${subject}`,
    unit: 'objects',
    seriesLabel: 'Objects',
    valueOf: (p) => p.objects
  })
}

/** One sentence a screen reader reads for the chart: what it shows, its range and its extremes. */
export function chartSummary(spec: ChartSpec): string {
  if (spec.labels.length === 0) return `${spec.caption}: no data.`
  const parts = spec.series.map((series) => {
    const known = series.values
      .map((value, index) => ({ value, label: spec.labels[index] }))
      .filter((point): point is { value: number; label: string } => point.value !== null)
    if (known.length === 0) return `${series.label}: no values`
    if (spec.stacked) return `${series.label} ${known.reduce((sum, p) => sum + p.value, 0)} in total`
    const highest = known.reduce((a, b) => (b.value > a.value ? b : a))
    const lowest = known.reduce((a, b) => (b.value < a.value ? b : a))
    const latest = known[known.length - 1]
    return `${series.label}: latest ${latest.value}, highest ${highest.value} (${highest.label}), lowest ${lowest.value} (${lowest.label})`
  })
  const count = `${spec.labels.length} ${spec.axisLabel.toLowerCase()}${spec.labels.length === 1 ? '' : 's'}`
  return `${spec.kind === 'bar' ? 'Bar chart' : 'Line chart'}: ${spec.caption}, ${count}. ${parts.join('; ')}.`
}
