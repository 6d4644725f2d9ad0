// Scheduled synchronization jobs in the contract (seed 000 "Schedule Synchronization", table 3;
// SCHED-01 … SCHED-21).
import { z } from 'zod'
import { parseGranular, type GranularProblem } from '../rules/granular'
import { noInput, returns } from './common'
import type { RunStatus, RunSummary } from './runs'

export const builderChoices = [
  'all',
  'call-processors',
  'message-processors',
  'presence-processors',
  'directories',
  'domains'
] as const
export type BuilderChoice = (typeof builderChoices)[number]

export const builderChoiceLabels: Record<BuilderChoice, string> = {
  all: 'All',
  'call-processors': 'All Call Processors',
  'message-processors': 'All Message Processors',
  'presence-processors': 'All IMPs',
  directories: 'All LDAPs',
  domains: 'All Domains'
}

export type JobSelection = { kind: 'builder'; choice: BuilderChoice } | { kind: 'granular'; text: string }

export const frequencyUnits = ['once', 'hours', 'days', 'weeks'] as const
export type Frequency = { every: 'once' } | { every: 'hours' | 'days' | 'weeks'; count: number }

export interface JobOptions {
  /** Synchronize a domain even when a device it uses failed in this run (SCHED-15). */
  forceDomainSync: boolean
  /** Device synchronizations run side by side, a few at a time. */
  parallel: boolean
  /** Stop at the first failed synchronization instead of going on. */
  abortOnFailure: boolean
}

/**
 * scheduled: waits for its next start; queued: due, waiting for another synchronization to end;
 * running; canceling → canceled (no next run until edited or run again); completed: a one-time job
 * that has run.
 */
export const jobStates = ['scheduled', 'queued', 'running', 'canceling', 'canceled', 'completed'] as const
export type JobState = (typeof jobStates)[number]

export interface JobRunRef {
  runId: number
  status: RunStatus
  startedAt: string
  finishedAt?: string
}

export interface Job {
  name: string
  frequency: Frequency
  /** The first start, in UTC. */
  startAt: string
  /** The IANA zone the start's wall-clock time belongs to; days and weeks keep that time across DST. */
  timeZone: string
  selection: JobSelection
  options: JobOptions
  state: JobState
  nextRunAt?: string
  /** The last run, if any; the Synchronization Status column (none for a canceled job). */
  lastRun?: JobRunRef
  createdAt: string
  updatedAt: string
}

/** One step of a job, in execution order. */
export interface PlanStep {
  kind: 'device' | 'ldap' | 'domain'
  /** A device name for device steps, a domain name otherwise. */
  target: string
  /** Device steps: infrastructure, then user synchronization, as requested. */
  syncs: ('infrastructure' | 'user')[]
  note?: string
}

export interface JobPreview {
  steps: PlanStep[]
  problems: GranularProblem[]
}

export type { GranularProblem }

// ---------- input rules ----------

/** SCHED-08: letters, digits, space, underscore and hyphen. */
export const jobNameSchema = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(64, 'must be at most 64 characters')
  .regex(/^[A-Za-z0-9 _-]+$/, 'may contain only letters A-Z a-z, digits 0-9, space, underscore and hyphen')

export const frequencySchema = z.discriminatedUnion(
  'every',
  [
    z.object({ every: z.literal('once') }).strict(),
    z
      .object({
        every: z.enum(['hours', 'days', 'weeks']),
        count: z
          .number({ error: 'is required for hours, days and weeks' })
          .int('must be a whole number')
          .min(1, 'must be at least 1')
          .max(1000, 'must be at most 1000')
      })
      .strict()
  ],
  { error: 'every must be once, hours, days or weeks' }
)

function knownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone })
    return true
  } catch {
    return false
  }
}

/** A granular file is a few hundred lines at most; the cap keeps a wrong file from filling memory. */
export const GRANULAR_MAX_CHARS = 20_000
const granularTooLong = `must be at most ${GRANULAR_MAX_CHARS} characters`

const granularTextSchema = z
  .string()
  .max(GRANULAR_MAX_CHARS, granularTooLong)
  .superRefine((text, ctx) => {
    const { entries, problems } = parseGranular(text)
    for (const p of problems)
      ctx.addIssue({ code: 'custom', message: `line ${p.line} (${p.text}): ${p.problem}` })
    if (problems.length === 0 && entries.length === 0)
      ctx.addIssue({ code: 'custom', message: 'needs at least one line such as cp.all: both' })
  })

export const jobSelectionSchema = z.discriminatedUnion(
  'kind',
  [
    z
      .object({
        kind: z.literal('builder'),
        choice: z.enum(builderChoices, { error: `must be one of ${builderChoices.join(', ')}` })
      })
      .strict(),
    z.object({ kind: z.literal('granular'), text: granularTextSchema }).strict()
  ],
  { error: 'kind must be builder or granular' }
)

/** Preview takes any text: its job is to list every malformed line rather than refuse the first. */
export const jobPreviewSelectionSchema = z.discriminatedUnion(
  'kind',
  [
    z
      .object({
        kind: z.literal('builder'),
        choice: z.enum(builderChoices, { error: `must be one of ${builderChoices.join(', ')}` })
      })
      .strict(),
    z
      .object({
        kind: z.literal('granular'),
        text: z.string().max(GRANULAR_MAX_CHARS, granularTooLong)
      })
      .strict()
  ],
  { error: 'kind must be builder or granular' }
)

export const jobOptionsSchema = z
  .object({ forceDomainSync: z.boolean(), parallel: z.boolean(), abortOnFailure: z.boolean() })
  .partial()
  .strict()

const jobFieldsShape = {
  frequency: frequencySchema,
  // Without an offset, the time is read in the job's time zone.
  startAt: z.iso.datetime({
    offset: true,
    local: true,
    error:
      'must be an ISO 8601 date and time, such as 2027-01-04T02:00 (in the job’s time zone) or 2027-01-04T01:00:00Z'
  }),
  timeZone: z
    .string()
    .trim()
    .min(1, 'is required')
    .refine(knownTimeZone, 'must be an IANA time zone such as Europe/Berlin or UTC'),
  selection: jobSelectionSchema,
  options: jobOptionsSchema
}

/** A new job: One Time, starting now, All, no options, unless said otherwise (table 3's defaults). */
export const jobInputSchema = z
  .object({ name: jobNameSchema, ...jobFieldsShape })
  .partial({ frequency: true, startAt: true, timeZone: true, selection: true, options: true })
  .strict()

export const jobChangesSchema = z
  .object({ name: jobNameSchema, ...jobFieldsShape })
  .partial()
  .strict()

export const jobNamesSchema = z
  .array(jobNameSchema)
  .min(1, 'name at least one job')
  .max(500, 'at most 500 jobs at once')

/** What Run Now did for each job. */
export interface JobRunOutcome {
  name: string
  outcome: 'started' | 'queued' | 'already-queued' | 'already-running'
}

/** What Cancel did for each job. */
export interface JobCancelOutcome {
  name: string
  outcome: 'canceling' | 'canceled'
}

/** Work waiting for the running synchronization to end (SCHED: a job that is due waits its turn). */
export interface QueuedWork {
  position: number
  label: string
  since: string
}

export const jobRequests = {
  'jobs:list': { input: noInput, output: returns<Job[]>() },
  'jobs:get': { input: z.object({ name: jobNameSchema }).strict(), output: returns<Job>() },
  'jobs:add': { input: jobInputSchema, output: returns<Job>() },
  'jobs:edit': {
    input: z.object({ name: jobNameSchema, changes: jobChangesSchema }).strict(),
    output: returns<Job>()
  },
  'jobs:delete': {
    input: z.object({ names: jobNamesSchema }).strict(),
    output: returns<{ deleted: string[] }>()
  },
  'jobs:run': { input: z.object({ names: jobNamesSchema }).strict(), output: returns<JobRunOutcome[]>() },
  'jobs:cancel': {
    input: z.object({ names: jobNamesSchema }).strict(),
    output: returns<JobCancelOutcome[]>()
  },
  'jobs:preview': {
    input: z.object({ selection: jobPreviewSelectionSchema }).strict(),
    output: returns<JobPreview>()
  },
  'jobs:runs': {
    input: z.object({ name: jobNameSchema, limit: z.number().int().min(1).max(1000).default(20) }).strict(),
    output: returns<RunSummary[]>()
  },
  'jobs:queue': { input: noInput, output: returns<QueuedWork[]>() },
  'jobs:run-unsaved': {
    input: z
      .object({
        label: z.string().trim().min(1, 'is required').max(128, 'must be at most 128 characters'),
        selection: jobSelectionSchema,
        options: jobOptionsSchema.optional()
      })
      .strict(),
    output: returns<{ runId: number }>()
  }
} as const

export interface JobEvents {
  'jobs:changed': { name?: string }
}
