// The Schedule Synchronization form: table 3's defaults, form ↔ jobs:add / jobs:edit, only changes
// sent on edit, refusals naming the field and its rule, and how jobs, previews and outcomes read.
import { describe, expect, it } from 'vitest'
import type { AppError, Job, Result } from '../../src-preload/contract'
import {
  addJobRequest,
  describeCancelOutcomes,
  describeRefusal,
  describeRunOutcomes,
  describeStep,
  editJobRequest,
  formFromJob,
  frequencyLabel,
  granularLineProblems,
  newJobForm,
  rowErrors,
  selectionOf,
  zonedTime,
  type JobForm
} from '../../src-renderer/src/features/jobs/jobModel'
import { isoWithOffset } from '../../src-renderer/src/components/localDateTime'

const NOW = Date.parse('2026-11-20T10:00:00Z')
const context = { timeZone: 'Europe/Berlin', now: NOW }

const job: Job = {
  name: 'Nightly',
  frequency: { every: 'days', count: 1 },
  startAt: '2026-12-01T01:00:00.000Z',
  timeZone: 'Europe/Berlin',
  selection: { kind: 'granular', text: 'cp.Test-UCM: infra\ndomain.Test-Dom:' },
  options: { forceDomainSync: true, parallel: false, abortOnFailure: false },
  state: 'scheduled',
  nextRunAt: '2026-12-01T01:00:00.000Z',
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-01T00:00:00.000Z'
}

function valueOf<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`refused: ${result.error.message}`)
  return result.value
}

function refusalOf<T>(result: Result<T>): AppError {
  if (result.ok) throw new Error(`accepted: ${JSON.stringify(result.value)}`)
  return result.error
}

const newForm = (changes: Partial<JobForm>): JobForm => ({
  ...newJobForm(new Date(NOW)),
  name: 'Hourly CUCM',
  ...changes
})

describe('newJobForm and addJobRequest', () => {
  it('starts from table 3’s defaults: One Time, now, Schedule Builder All, no options', () => {
    const form = newJobForm(new Date(NOW))
    expect(form).toMatchObject({
      name: '',
      every: 'once',
      selectionKind: 'builder',
      builderChoice: 'all',
      startAtEdited: false,
      options: { forceDomainSync: false, parallel: false, abortOnFailure: false }
    })
    expect(new Date(form.startAt).getTime()).toBe(NOW)
  })

  it('leaves an untouched start out, so the job starts when it is saved, and names this computer’s zone', () => {
    expect(valueOf(addJobRequest(newForm({}), context))).toEqual({
      name: 'Hourly CUCM',
      frequency: { every: 'once' },
      timeZone: 'Europe/Berlin',
      selection: { kind: 'builder', choice: 'all' },
      options: { forceDomainSync: false, parallel: false, abortOnFailure: false }
    })
  })

  it('sends a chosen start as ISO 8601 with this computer’s offset, and the count of a recurrence', () => {
    const form = newForm({
      every: 'hours',
      count: ' 6 ',
      startAt: '2026-12-24T18:15',
      startAtEdited: true,
      selectionKind: 'granular',
      granularText: 'cp.Test-UCM: infra',
      options: { forceDomainSync: false, parallel: true, abortOnFailure: true }
    })
    expect(valueOf(addJobRequest(form, context))).toEqual({
      name: 'Hourly CUCM',
      frequency: { every: 'hours', count: 6 },
      startAt: isoWithOffset('2026-12-24T18:15'),
      timeZone: 'Europe/Berlin',
      selection: { kind: 'granular', text: 'cp.Test-UCM: infra' },
      options: { forceDomainSync: false, parallel: true, abortOnFailure: true }
    })
  })

  it('keeps the granular text while Schedule Builder is chosen, but sends only the chosen selection', () => {
    const form = newForm({ granularText: 'mp.all: sub', builderChoice: 'directories' })
    expect(selectionOf(form)).toEqual({ kind: 'builder', choice: 'directories' })
    expect(selectionOf({ ...form, selectionKind: 'granular' })).toEqual({
      kind: 'granular',
      text: 'mp.all: sub'
    })
  })

  it('refuses each broken field with its label and rule, before anything is sent', () => {
    const error = refusalOf(
      addJobRequest(
        newForm({
          name: 'Bad/Name',
          every: 'days',
          count: '',
          selectionKind: 'granular',
          granularText: 'cp.Test-UCM: infra\nxx.all: both\nad.all: sub'
        }),
        context
      )
    )
    expect(error.code).toBe('VALIDATION')
    expect(error.issues?.map((i) => i.field)).toEqual([
      'frequency.count',
      'name',
      'selection.text',
      'selection.text'
    ])
    const rows = rowErrors(error)
    expect(rows.name).toMatch(/^Job Name: may contain only letters/)
    expect(rows.frequency).toBe('Synchronize Every: needs a number of hours, days or weeks')
    expect(rows.selection).toMatch(
      /^Custom Granular Synchronization: line 2 \(xx\.all: both\): unknown class/
    )
    expect(rows.selection).toContain('line 3 (ad.all: sub): a directory takes no type')
    expect(error.message).toContain('Job Name: may contain only letters')
  })

  it('checks the count: a number, whole, 1 to 1000', () => {
    const countError = (count: string) =>
      rowErrors(refusalOf(addJobRequest(newForm({ every: 'weeks', count }), context))).frequency
    expect(countError('two')).toBe('Synchronize Every: must be a number')
    expect(countError('1.5')).toBe('Synchronize Every: must be a whole number')
    expect(countError('0')).toBe('Synchronize Every: must be at least 1')
    expect(valueOf(addJobRequest(newForm({ every: 'weeks', count: '2' }), context)).frequency).toEqual({
      every: 'weeks',
      count: 2
    })
  })

  it('refuses a One Time start in the past, which would never run, and a granular text with no line', () => {
    const past = newForm({ startAt: '2020-01-01T00:00', startAtEdited: true })
    expect(rowErrors(refusalOf(addJobRequest(past, context))).startAt).toBe(
      'Start Date: is in the past: a One Time job would never run'
    )
    // A recurring job with a past first start just runs at its next occurrence.
    expect(valueOf(addJobRequest({ ...past, every: 'days', count: '1' }, context)).startAt).toBe(
      isoWithOffset('2020-01-01T00:00')
    )
    const empty = newForm({ selectionKind: 'granular', granularText: '# nothing yet\n' })
    expect(rowErrors(refusalOf(addJobRequest(empty, context))).selection).toBe(
      'Custom Granular Synchronization: needs at least one line such as cp.all: both'
    )
  })
})

describe('formFromJob and editJobRequest', () => {
  const saved = formFromJob(job)

  it('shows the stored job', () => {
    expect(saved).toMatchObject({
      name: 'Nightly',
      every: 'days',
      count: '1',
      selectionKind: 'granular',
      granularText: 'cp.Test-UCM: infra\ndomain.Test-Dom:',
      options: job.options,
      startAtEdited: false
    })
    expect(new Date(saved.startAt).getTime()).toBe(Date.parse(job.startAt))
  })

  it('sends nothing when nothing changed', () => {
    expect(valueOf(editJobRequest(saved, job, context))).toEqual({})
  })

  it('sends only what changed; a new start comes with this computer’s zone', () => {
    const form: JobForm = {
      ...saved,
      name: 'Nightly CUCM',
      every: 'weeks',
      count: '2',
      startAt: '2026-12-05T03:00',
      startAtEdited: true
    }
    expect(valueOf(editJobRequest(form, job, context))).toEqual({
      name: 'Nightly CUCM',
      frequency: { every: 'weeks', count: 2 },
      startAt: isoWithOffset('2026-12-05T03:00'),
      timeZone: 'Europe/Berlin'
    })
    expect(
      valueOf(
        editJobRequest(
          { ...saved, selectionKind: 'builder', options: { ...job.options, parallel: true } },
          job,
          context
        )
      )
    ).toEqual({
      selection: { kind: 'builder', choice: 'all' },
      options: { forceDomainSync: true, parallel: true, abortOnFailure: false }
    })
  })
})

describe('refusals from the Core', () => {
  it('names the field once even when the Core’s message already starts with it', () => {
    const conflict: AppError = {
      code: 'CONFLICT',
      message: 'name: a job named Nightly already exists.',
      field: 'name'
    }
    expect(describeRefusal(conflict)).toBe('Job Name: a job named Nightly already exists.')
    expect(rowErrors(conflict)).toEqual({ name: 'Job Name: a job named Nightly already exists.' })
  })

  it('puts edit issues (changes.…) and the time zone in their form rows', () => {
    const error: AppError = {
      code: 'VALIDATION',
      message: 'changes.timeZone: must be an IANA time zone',
      issues: [
        { field: 'changes.timeZone', message: 'must be an IANA time zone such as Europe/Berlin or UTC' },
        { field: 'selection', message: 'selection: line 1 (cp.Gone): there is no device named "Gone"' }
      ]
    }
    expect(rowErrors(error)).toEqual({
      startAt: 'Time zone: must be an IANA time zone such as Europe/Berlin or UTC',
      selection: 'Synchronization Type: line 1 (cp.Gone): there is no device named "Gone"'
    })
  })
})

describe('how jobs, previews and outcomes read', () => {
  it('labels frequencies as the table shows them', () => {
    expect(frequencyLabel({ every: 'once' })).toBe('One Time')
    expect(frequencyLabel({ every: 'hours', count: 6 })).toBe('Every 6 hours')
    expect(frequencyLabel({ every: 'hours', count: 1 })).toBe('Every hour')
    expect(frequencyLabel({ every: 'days', count: 2 })).toBe('Every 2 days')
    expect(frequencyLabel({ every: 'weeks', count: 1 })).toBe('Every week')
  })

  it('shows a time in the job’s zone with the zone’s name', () => {
    const berlin = zonedTime('2026-12-01T01:00:00.000Z', 'Europe/Berlin')
    expect(berlin).toMatch(/2026/)
    expect(berlin).toMatch(/2:00/)
    expect(berlin).toMatch(/GMT\+1|CET/)
    expect(zonedTime('2026-07-01T01:00:00.000Z', 'America/New_York')).toMatch(/9:00.*(EDT|GMT-4)/)
  })

  it('lists each malformed granular line with its number while typing', () => {
    expect(granularLineProblems('# comment\ncp.all: both\n\nzz.x: infra\ncp.all: everything')).toEqual([
      'Line 4 (zz.x: infra): unknown class "zz"; classes are cp, mp, pp, ad, domain',
      'Line 5 (cp.all: everything): unknown type "everything"; types are infra, sub and both'
    ])
    expect(granularLineProblems('')).toEqual([])
  })

  it('describes preview steps in the order given', () => {
    expect(describeStep({ kind: 'device', target: 'Lab CUCM 1', syncs: ['infrastructure', 'user'] })).toBe(
      'Lab CUCM 1: infrastructure and user synchronization'
    )
    expect(
      describeStep({
        kind: 'device',
        target: 'Lab IMP 1',
        syncs: ['infrastructure'],
        note: 'no user synchronization: IM and Presence takes its users from Unified CM'
      })
    ).toBe(
      'Lab IMP 1: infrastructure synchronization (no user synchronization: IM and Presence takes its users from Unified CM)'
    )
    expect(describeStep({ kind: 'ldap', target: 'Sales', syncs: [] })).toBe(
      "Sales: LDAP synchronization of the domain's users"
    )
    expect(describeStep({ kind: 'domain', target: 'Sales', syncs: [] })).toBe('Sales: domain synchronization')
  })

  it('reports each job’s Run Now and Cancel outcome', () => {
    expect(
      describeRunOutcomes([
        { name: 'A', outcome: 'started' },
        { name: 'B', outcome: 'queued' },
        { name: 'C', outcome: 'already-running' }
      ])
    ).toBe(
      'Run Now: A started; B queued (it starts when the running synchronization ends); C was already running.'
    )
    expect(
      describeCancelOutcomes([
        { name: 'A', outcome: 'canceling' },
        { name: 'B', outcome: 'canceled' }
      ])
    ).toBe('Cancel: A canceling (its running synchronization is being stopped); B canceled.')
  })
})
