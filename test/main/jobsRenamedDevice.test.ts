// Issue 25 item 14: granular jobs name devices by name. Renaming a device renames it in the jobs; a
// line naming a device deleted since is an error of the job run (not an info note under "succeeded"),
// and such a job can still be edited. No device is ever contacted: the jobs only plan.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { RunSummary } from '../../src-preload/contract'
import { addOfflineCallProcessor, testCore, type TestCore } from './helpers/core'

const FUTURE = '2099-01-01T00:00:00Z'
let c: TestCore

beforeEach(() => {
  c = testCore()
})
afterEach(async () => {
  await c.dispose()
})

/** Runs a stored job now and resolves with its run once the Core says it finished. */
function runJob(name: string): Promise<RunSummary> {
  return new Promise((resolve, reject) => {
    const stop = c.events.subscribe((event, payload) => {
      if (event !== 'sync:finished') return
      const run = payload as RunSummary
      if (run.kind === 'job' && run.device === name) {
        stop()
        resolve(run)
      }
    })
    c.value('jobs:run', { names: [name] }).catch((error: unknown) => {
      stop()
      reject(error instanceof Error ? error : new Error(String(error)))
    })
  })
}

const granular = (name: string, text: string) =>
  c.value('jobs:add', { name, startAt: FUTURE, selection: { kind: 'granular', text } })

describe('granular jobs and renamed or deleted devices (issue 25 item 14)', () => {
  it('renames the device in every job that names it, and only there', async () => {
    await addOfflineCallProcessor(c, 'Old CP')
    await addOfflineCallProcessor(c, 'Other CP')
    await granular('Nightly', 'cp.old cp: infra\n# keep this comment\n  cp.Other CP: both\r\nad.all:')
    await granular('Untouched', 'cp.Other CP: sub')
    await c.value('devices:edit', { name: 'Old CP', changes: { name: 'New CP' } })
    expect((await c.value('jobs:get', { name: 'Nightly' })).selection).toEqual({
      kind: 'granular',
      text: 'cp.New CP: infra\n# keep this comment\n  cp.Other CP: both\r\nad.all:'
    })
    expect((await c.value('jobs:get', { name: 'Untouched' })).selection).toEqual({
      kind: 'granular',
      text: 'cp.Other CP: sub'
    })
    expect(
      (await c.value('jobs:preview', { selection: { kind: 'granular', text: 'cp.New CP: infra' } })).problems
    ).toEqual([])
  })

  it('fails the run for a line naming a deleted device, and still lets the job be edited', async () => {
    await addOfflineCallProcessor(c, 'Gone CP')
    await granular('Orphan', 'cp.Gone CP: infra')
    await c.value('devices:delete', { name: 'Gone CP' })

    const edited = await c.value('jobs:edit', {
      name: 'Orphan',
      changes: { startAt: '2099-02-01T00:00:00Z' }
    })
    expect(edited.startAt).toBe('2099-02-01T00:00:00.000Z')
    // A new selection is still checked when it is written.
    const refused = await c.dispatch(
      'jobs:edit',
      { name: 'Orphan', changes: { selection: { kind: 'granular', text: 'cp.Nobody: infra' } } },
      { origin: 'test' }
    )
    expect(refused.ok ? undefined : refused.error.message).toMatch(/there is no device named "Nobody"/)

    const run = await runJob('Orphan')
    expect(run.status).toBe('failed')
    expect(run.summary).toMatch(
      /^0 of 1 synchronization\(s\) succeeded; line 1 \(cp\.Gone CP\) could not start/
    )
    const { entries } = await c.value('logs:entries', { runId: run.id, code: 'JOB_LINE_UNRESOLVED' })
    expect(entries).toEqual([
      expect.objectContaining({
        severity: 'error',
        message: 'Line 1 (cp.Gone CP): there is no device named "Gone CP".'
      })
    ])
  })
})
