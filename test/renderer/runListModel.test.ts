// The Logs page's run list: time range bounds, durations, paging text and which runs can be compared.
import { describe, expect, it } from 'vitest'
import type { RunSummary } from '../../src-preload/contract'
import {
  comparisonChoice,
  formatDuration,
  localTimeToIso,
  noRunFilters,
  runDurationMs,
  timeRangeProblem
} from '../../src-renderer/src/features/logs/runListModel'
import { pageLabel } from '../../src-renderer/src/components/paging'

const run = (id: number, changes: Partial<RunSummary> = {}): RunSummary => ({
  id,
  device: 'Lab CUCM 1',
  kind: 'user',
  status: 'succeeded',
  startedAt: `2026-11-2${id}T10:00:00.000Z`,
  finishedAt: `2026-11-2${id}T10:00:05.000Z`,
  counts: {},
  failedTypes: [],
  ...changes
})

describe('time range', () => {
  it('takes in the whole last minute of the range', () => {
    const from = localTimeToIso('2026-11-22T10:15', 'from')!
    const to = localTimeToIso('2026-11-22T10:15', 'to')!
    expect(new Date(to).getTime() - new Date(from).getTime()).toBe(59_999)
    expect(localTimeToIso('', 'from')).toBeUndefined()
    expect(localTimeToIso('not a time', 'to')).toBeUndefined()
  })

  it('refuses a start after the end, but not a single minute', () => {
    expect(timeRangeProblem({ ...noRunFilters, from: '2026-11-22T10:16', to: '2026-11-22T10:15' })).toMatch(
      /after its end/
    )
    expect(timeRangeProblem({ ...noRunFilters, from: '2026-11-22T10:15', to: '2026-11-22T10:15' })).toBe(
      undefined
    )
    expect(timeRangeProblem({ ...noRunFilters, from: '2026-11-22T10:15' })).toBeUndefined()
  })
})

describe('durations', () => {
  it('measures finished runs only', () => {
    expect(runDurationMs(run(1))).toBe(5000)
    expect(runDurationMs(run(1, { finishedAt: undefined }))).toBeUndefined()
  })

  it('reads in the unit that suits the length', () => {
    expect(formatDuration(undefined)).toBe('–')
    expect(formatDuration(850)).toBe('850 ms')
    expect(formatDuration(12_400)).toBe('12.4 s')
    expect(formatDuration(185_000)).toBe('3 min 05 s')
    expect(formatDuration(3_720_000)).toBe('1 h 02 min')
  })
})

describe('paging', () => {
  it('says which runs are shown', () => {
    expect(pageLabel('Runs', 0, 50, 230)).toBe('Runs 1–50 of 230')
    expect(pageLabel('Entries', 200, 30, 230)).toBe('Entries 201–230 of 230')
    expect(pageLabel('Runs', 0, 0, 0)).toBe('No runs')
  })
})

describe('comparison choice', () => {
  it('puts the older run first whichever was ticked first', () => {
    expect(comparisonChoice([run(3), run(1)])).toEqual({ older: run(1), newer: run(3) })
    const sameStart = run(2, { startedAt: run(1).startedAt })
    expect(comparisonChoice([sameStart, run(1)])).toEqual({ older: run(1), newer: sameStart })
  })

  it('says why other choices cannot be compared', () => {
    expect(comparisonChoice([run(1)])).toEqual({ problem: expect.stringMatching(/two runs/) as string })
    expect(comparisonChoice([run(1), run(2), run(3)])).toHaveProperty('problem')
    expect(comparisonChoice([run(1), run(2, { device: 'Lab CUCM 2' })])).toEqual({
      problem: 'Tick two runs of the same device or domain.'
    })
    expect(comparisonChoice([run(1), run(2, { status: 'running' })])).toHaveProperty('problem')
  })
})
