// Schedule Synchronization without the DOM: how jobs read in the table, the job form ↔ contract
// requests with the checks run before sending, and the preview's steps and problems in words.
import {
  jobChangesSchema,
  jobInputSchema,
  parseGranular,
  type AppError,
  type BuilderChoice,
  type FieldIssue,
  type Frequency,
  type GranularProblem,
  type Input,
  type Job,
  type JobCancelOutcome,
  type JobOptions,
  type JobRunOutcome,
  type JobSelection,
  type JobState,
  type PlanStep,
  type Result,
  type frequencyUnits
} from '../../../../src-preload/contract'
import { formatZonedMoment } from '../../components/dateTime'
import { formFieldOf } from '../../api/errors'
import { isoWithOffset, localInputOf } from '../../components/localDateTime'

export type FrequencyUnit = (typeof frequencyUnits)[number]
export type JobInput = Input<'jobs:add'>
export type JobChanges = Input<'jobs:edit'>['changes']

export const jobStateLabels: Record<JobState, string> = {
  scheduled: 'Scheduled',
  queued: 'Queued',
  running: 'Running',
  canceling: 'Canceling',
  canceled: 'Canceled',
  completed: 'Completed'
}

export const frequencyUnitLabels: Record<FrequencyUnit, string> = {
  once: 'One Time',
  hours: 'Hour(s)',
  days: 'Day(s)',
  weeks: 'Week(s)'
}

export const optionLabels: Record<keyof JobOptions, string> = {
  forceDomainSync: 'Force Domain Synchronization',
  parallel: 'Run Device Synchronization in Parallel',
  abortOnFailure: 'Abort on Device Synchronization Failure'
}

/** "One Time", "Every hour", "Every 6 hours". */
export function frequencyLabel(frequency: Frequency): string {
  if (frequency.every === 'once') return 'One Time'
  if (frequency.count === 1) return `Every ${frequency.every.slice(0, -1)}`
  return `Every ${frequency.count} ${frequency.every}`
}

/** A moment as date and time with the zone's short name, in the given zone or this computer's. */
export function zonedTime(iso: string, timeZone?: string): string {
  return formatZonedMoment(iso, timeZone)
}

// ---------- the job form ----------

export interface JobForm {
  name: string
  every: FrequencyUnit
  /** As typed; only read when `every` is not One Time. */
  count: string
  /** A datetime-local value in this computer's time zone. */
  startAt: string
  /**
   * False while the start is the default (now) or the stored one: it is then not sent, so a new job
   * starts when it is saved rather than when the dialog was opened.
   */
  startAtEdited: boolean
  selectionKind: JobSelection['kind']
  builderChoice: BuilderChoice
  /** Kept while Schedule Builder is chosen, so choosing Custom Granular again brings it back. */
  granularText: string
  options: JobOptions
}

const NO_OPTIONS: JobOptions = { forceDomainSync: false, parallel: false, abortOnFailure: false }

/** Table 3's defaults: One Time, starting now, Schedule Builder All, no options. */
export function newJobForm(now: Date): JobForm {
  return {
    name: '',
    every: 'once',
    count: '',
    startAt: localInputOf(now.toISOString()),
    startAtEdited: false,
    selectionKind: 'builder',
    builderChoice: 'all',
    granularText: '',
    options: NO_OPTIONS
  }
}

export function formFromJob(job: Job): JobForm {
  return {
    name: job.name,
    every: job.frequency.every,
    count: job.frequency.every === 'once' ? '' : String(job.frequency.count),
    startAt: localInputOf(job.startAt),
    startAtEdited: false,
    selectionKind: job.selection.kind,
    builderChoice: job.selection.kind === 'builder' ? job.selection.choice : 'all',
    granularText: job.selection.kind === 'granular' ? job.selection.text : '',
    options: job.options
  }
}

export function selectionOf(form: JobForm): JobSelection {
  return form.selectionKind === 'builder'
    ? { kind: 'builder', choice: form.builderChoice }
    : { kind: 'granular', text: form.granularText }
}

/** Each malformed granular line, as the form shows it while typing. */
export function granularLineProblems(text: string): string[] {
  return parseGranular(text).problems.map(describeProblem)
}

export const describeProblem = (p: GranularProblem): string => `Line ${p.line} (${p.text}): ${p.problem}`

// ---------- requests and refusals ----------

/** Labels of the fields, keyed as the contract names them in field errors. */
export const fieldLabels: Record<string, string> = {
  name: 'Job Name',
  frequency: 'Synchronize Every',
  'frequency.every': 'Synchronize Every',
  'frequency.count': 'Synchronize Every',
  startAt: 'Start Date',
  timeZone: 'Time zone',
  selection: 'Synchronization Type',
  'selection.choice': 'Schedule Builder',
  'selection.text': 'Custom Granular Synchronization',
  options: 'Synchronization Options'
}

/** The form row a field error is shown in: the time zone belongs to the start, counts to the frequency. */
export function formRowOf(field: string): string {
  const top = formFieldOf(field).split('.')[0]
  return top === 'timeZone' ? 'startAt' : top
}

/** The Core names the field again at the start of some messages ("name: a job named … exists"). */
function withoutFieldPrefix(field: string, message: string): string {
  return message.startsWith(`${field}: `) ? message.slice(field.length + 2) : message
}

function issuesOf(error: AppError): FieldIssue[] {
  return error.issues ?? (error.field ? [{ field: error.field, message: error.message }] : [])
}

const labelOf = (field: string): string => fieldLabels[formFieldOf(field)] ?? field

/** A refusal as one sentence naming each field by its label and the rule it breaks. */
export function describeRefusal(error: AppError): string {
  const issues = issuesOf(error)
  if (issues.length === 0) return error.message
  return issues
    .map((i) => (i.field ? `${labelOf(i.field)}: ${withoutFieldPrefix(i.field, i.message)}` : i.message))
    .join('; ')
}

/** The refusal's messages per form row, each naming its field. */
export function rowErrors(error: AppError | undefined): Record<string, string> {
  const rows: Record<string, string> = {}
  for (const issue of error ? issuesOf(error) : []) {
    const row = formRowOf(issue.field)
    const text = `${labelOf(issue.field)}: ${withoutFieldPrefix(issue.field, issue.message)}`
    rows[row] = rows[row] ? `${rows[row]}; ${text}` : text
  }
  return rows
}

/** A one-time job whose start is this far in the past would never run (the Core's grace is 2 minutes). */
const PAST_START_GRACE_MS = 60_000

interface RequestContext {
  /** This computer's IANA time zone: the one a typed start's wall-clock time belongs to. */
  timeZone: string
  now: number
}

function frequencyOf(form: JobForm, issues: FieldIssue[]): Frequency {
  if (form.every === 'once') return { every: 'once' }
  const text = form.count.trim()
  if (text === '')
    issues.push({ field: 'frequency.count', message: 'needs a number of hours, days or weeks' })
  else if (!Number.isFinite(Number(text)))
    issues.push({ field: 'frequency.count', message: 'must be a number' })
  return { every: form.every, count: Number(text) }
}

/** The start to send, when the user changed it. */
function startOf(
  form: JobForm,
  frequency: Frequency,
  context: RequestContext,
  issues: FieldIssue[]
): { startAt: string; timeZone: string } | undefined {
  if (!form.startAtEdited) return undefined
  const startAt = isoWithOffset(form.startAt)
  if (startAt === null) {
    issues.push({ field: 'startAt', message: 'must be a date and time' })
    return undefined
  }
  if (frequency.every === 'once' && Date.parse(startAt) < context.now - PAST_START_GRACE_MS)
    issues.push({ field: 'startAt', message: 'is in the past: a One Time job would never run' })
  return { startAt, timeZone: context.timeZone }
}

type SchemaIssue = { path: PropertyKey[]; message: string }

/**
 * The refusal to show, if the form or the contract's schema (run here too, so the dialog answers
 * before anything is sent) finds a problem.
 */
function refusal<T>(issues: FieldIssue[], schemaIssues: SchemaIssue[]): Result<T> | undefined {
  const refusedByForm = new Set(issues.map((i) => i.field))
  for (const issue of schemaIssues) {
    const field = issue.path.map(String).join('.')
    // A field already refused above (e.g. "must be a number") needs no second message.
    if (!refusedByForm.has(field)) issues.push({ field, message: issue.message })
  }
  if (issues.length === 0) return undefined
  const error: AppError = { code: 'VALIDATION', message: '', field: issues[0].field, issues }
  return { ok: false, error: { ...error, message: describeRefusal(error) } }
}

/** The jobs:add request for a new job, or the refusal to show. */
export function addJobRequest(form: JobForm, context: RequestContext): Result<JobInput> {
  const issues: FieldIssue[] = []
  const frequency = frequencyOf(form, issues)
  const input: JobInput = {
    name: form.name,
    frequency,
    ...(startOf(form, frequency, context, issues) ?? { timeZone: context.timeZone }),
    selection: selectionOf(form),
    options: form.options
  }
  const parsed = jobInputSchema.safeParse(input)
  return refusal<JobInput>(issues, parsed.success ? [] : parsed.error.issues) ?? { ok: true, value: input }
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b)

/** The jobs:edit changes: only what differs from the stored job, or the refusal to show. */
export function editJobRequest(form: JobForm, job: Job, context: RequestContext): Result<JobChanges> {
  const issues: FieldIssue[] = []
  const frequency = frequencyOf(form, issues)
  const selection = selectionOf(form)
  const changes: JobChanges = {
    ...(form.name.trim() !== job.name ? { name: form.name } : {}),
    ...(same(frequency, job.frequency) ? {} : { frequency }),
    ...startOf(form, frequency, context, issues),
    ...(same(selection, job.selection) ? {} : { selection }),
    ...(same(form.options, job.options) ? {} : { options: form.options })
  }
  const parsed = jobChangesSchema.safeParse(changes)
  return (
    refusal<JobChanges>(issues, parsed.success ? [] : parsed.error.issues) ?? { ok: true, value: changes }
  )
}

// ---------- preview and outcomes ----------

/** One step of a Synchronization Preview in words. */
export function describeStep(step: PlanStep): string {
  switch (step.kind) {
    case 'device': {
      const syncs =
        step.syncs.length === 0 ? 'nothing to synchronize' : `${step.syncs.join(' and ')} synchronization`
      return `${step.target}: ${syncs}${step.note ? ` (${step.note})` : ''}`
    }
    case 'ldap':
      return `${step.target}: LDAP synchronization of the domain's users`
    case 'domain':
      return `${step.target}: domain synchronization`
  }
}

const runOutcomeWords: Record<JobRunOutcome['outcome'], string> = {
  started: 'started',
  queued: 'queued (it starts when the running synchronization ends)',
  'already-queued': 'was already queued',
  'already-running': 'was already running'
}

export const describeRunOutcomes = (outcomes: JobRunOutcome[]): string =>
  `Run Now: ${outcomes.map((o) => `${o.name} ${runOutcomeWords[o.outcome]}`).join('; ')}.`

const cancelOutcomeWords: Record<JobCancelOutcome['outcome'], string> = {
  canceling: 'canceling (its running synchronization is being stopped)',
  canceled: 'canceled'
}

export const describeCancelOutcomes = (outcomes: JobCancelOutcome[]): string =>
  `Cancel: ${outcomes.map((o) => `${o.name} ${cancelOutcomeWords[o.outcome]}`).join('; ')}.`
