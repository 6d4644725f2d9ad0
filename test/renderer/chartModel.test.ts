// The Logs page's charts as data: what each plots, in which order, and the summary a screen reader reads.
import { describe, expect, it } from 'vitest'
import { runKinds } from '../../src-preload/contract'
import {
  chartSummary,
  countsObjects,
  durationChart,
  objectCountChart,
  outcomesChart
} from '../../src-renderer/src/features/logs/chartModel'

const time = (iso: string) => iso.slice(11, 16)

describe('outcomes of one run', () => {
  it('stacks added, changed, removed and unchanged per type, types in order', () => {
    const spec = outcomesChart(
      {
        Phone: { added: 2, changed: 1, removed: 0, unchanged: 7 },
        EndUser: { added: 5, changed: 0, removed: 1, unchanged: 3 }
      },
      'run 4 of Lab CUCM 1'
    )
    expect(spec.kind).toBe('bar')
    expect(spec.stacked).toBe(true)
    expect(spec.labels).toEqual(['EndUser', 'Phone'])
    expect(spec.series.map((s) => [s.label, s.values])).toEqual([
      ['Added', [5, 2]],
      ['Changed', [0, 1]],
      ['Removed', [1, 0]],
      ['Unchanged', [3, 7]]
    ])
    expect(chartSummary(spec)).toBe(
      'Bar chart: Objects per type and outcome, run 4 of Lab CUCM 1, 2 object types. Added 7 in total; Changed 1 in total; Removed 1 in total; Unchanged 10 in total.'
    )
  })
})

describe('trends over time', () => {
  const points = [
    { runId: 9, startedAt: '2026-11-22T12:00:00.000Z', durationMs: 42_600, objects: 120 },
    { runId: 7, startedAt: '2026-11-22T10:00:00.000Z', durationMs: 20_000, objects: 100 },
    { runId: 8, startedAt: '2026-11-22T11:00:00.000Z', objects: 110 }
  ]

  it('plots runs oldest first, in seconds, with a gap for a run still going', () => {
    const spec = durationChart(points, 'user runs of Lab CUCM 1', time)
    expect(spec.labels).toEqual(['10:00 (run 7)', '11:00 (run 8)', '12:00 (run 9)'])
    expect(spec.series[0].values).toEqual([20, null, 42.6])
    expect(chartSummary(spec)).toBe(
      'Line chart: Run duration over time, user runs of Lab CUCM 1, 3 runs. Duration (seconds): latest 42.6, highest 42.6 (12:00 (run 9)), lowest 20 (10:00 (run 7)).'
    )
  })

  // Issue 25 item 26: domain and LDAP runs take milliseconds; in seconds they all read 0.
  it('plots quick runs in milliseconds', () => {
    const quick = [
      { runId: 3, startedAt: '2026-11-22T10:00:00.000Z', durationMs: 38, objects: 0 },
      { runId: 4, startedAt: '2026-11-22T11:00:00.000Z', durationMs: 205, objects: 0 }
    ]
    const spec = durationChart(quick, 'domain runs of West', time)
    expect(spec.unit).toBe('milliseconds')
    expect(spec.series[0]).toMatchObject({ label: 'Duration (milliseconds)', values: [38, 205] })
  })

  it('plots objects only for the kinds of run that count them', () => {
    expect(runKinds.filter(countsObjects)).toEqual(['infrastructure', 'user', 'change-notification'])
  })

  it('counts objects per run', () => {
    const spec = objectCountChart(points, 'user runs of Lab CUCM 1', time)
    expect(spec.series[0].values).toEqual([100, 110, 120])
  })

  it('says when there is nothing to plot', () => {
    expect(chartSummary(objectCountChart([], 'user runs of Lab CUCM 2', time))).toBe(
      'Objects read over time, user runs of Lab CUCM 2: no data.'
    )
  })
})
