import {
  builderChoices,
  GRANULAR_MAX_CHARS,
  type BuilderChoice,
  type Frequency,
  type Job,
  type JobOptions,
  type JobSelection,
  type RunSummary
} from '../../../src-preload/contract'
import type { Core } from '../../core'
import { flag, parse, str, UsageError, type Parsed } from '../args'
import { flagOptions, valueOptions } from '../options'
import { callAndPrint } from '../call'
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, exitCodeFor } from '../exitCodes'
import { printError, printValue, table, type Io } from '../io'
import { readTextFile } from '../textFile'
import { describeJobRun, describePreview, jobRunReport } from './sync'

export const jobsHelp = `Usage: switchboard jobs list
       switchboard jobs show NAME
       switchboard jobs add NAME [--every once|Nh|Nd|Nw] [--start ISO8601|now] [--time-zone ZONE]
                                 [--builder CHOICE | --granular FILE] [--force-domain-sync] [--parallel]
                                 [--abort-on-fail]
       switchboard jobs edit NAME [--name NEW] [the options of add] [--no-force-domain-sync]
                                  [--no-parallel] [--no-abort-on-fail]
       switchboard jobs delete NAME [NAME…]
       switchboard jobs run NAME [NAME…]
       switchboard jobs cancel NAME [NAME…]
       switchboard jobs preview (NAME | --builder CHOICE | --granular FILE)

Scheduled synchronization jobs (Administration → Schedule Synchronization). A job runs its
synchronizations in the order Call Processors, Message Processors, Presence Processors, directories,
domains, under one job run whose log links to each synchronization's own log.

  --every       once (default), or a count and unit: 6h, 1d, 2w (hours, days, weeks)
  --start       the first start (default now); an ISO 8601 date and time, e.g. 2026-12-01T02:30
                (read in --time-zone) or 2026-12-01T02:30:00+01:00. Days and weeks keep that
                wall-clock time in --time-zone (default: this computer's zone) across
                daylight-saving changes.
  --builder     ${builderChoices.join(', ')} (default all)
  --granular    a file of lines <class>.<name>: <type> (cp, mp, pp: infra|sub|both; ad, domain: no type)

The desktop app and switchboard serve start jobs when they are due; a start missed while they were
closed runs once at the next start. jobs run runs the named jobs now and waits for them; jobs cancel
stops a job's future runs (a job running in the app is cancelled from the app).`

function frequencyOf(text: string): Frequency {
  if (text.toLowerCase() === 'once') return { every: 'once' }
  const match = /^(\d+)\s*(h|hours?|d|days?|w|weeks?)$/i.exec(text.trim())
  if (!match)
    throw new UsageError(`--every must be once or a count and unit such as 6h, 1d or 2w, got "${text}"`)
  const unit = match[2][0].toLowerCase()
  return { every: unit === 'h' ? 'hours' : unit === 'd' ? 'days' : 'weeks', count: Number(match[1]) }
}

function describeFrequency(f: Frequency): string {
  return f.every === 'once'
    ? 'One Time'
    : `every ${f.count} ${f.count === 1 ? f.every.slice(0, -1) : f.every}`
}

function selectionOf(parsed: Parsed): JobSelection | undefined {
  const builder = str(parsed, 'builder')
  const granular = str(parsed, 'granular')
  if (builder !== undefined && granular !== undefined)
    throw new UsageError('give --builder or --granular, not both', jobsHelp)
  if (builder !== undefined) {
    if (!(builderChoices as readonly string[]).includes(builder))
      throw new UsageError(
        `--builder must be one of ${builderChoices.join(', ')}, got "${builder}"`,
        jobsHelp
      )
    return { kind: 'builder', choice: builder as BuilderChoice }
  }
  if (granular !== undefined) {
    return { kind: 'granular', text: readTextFile(granular, '--granular', GRANULAR_MAX_CHARS, jobsHelp) }
  }
  return undefined
}

const OPTION_FLAGS: Record<keyof JobOptions, string> = {
  forceDomainSync: 'force-domain-sync',
  parallel: 'parallel',
  abortOnFailure: 'abort-on-fail'
}

function optionsOf(parsed: Parsed): Partial<JobOptions> | undefined {
  const options: Partial<JobOptions> = {}
  for (const [key, name] of Object.entries(OPTION_FLAGS) as [keyof JobOptions, string][]) {
    if (flag(parsed, name) && flag(parsed, `no-${name}`))
      throw new UsageError(`give --${name} or --no-${name}, not both`, jobsHelp)
    if (flag(parsed, name)) options[key] = true
    if (flag(parsed, `no-${name}`)) options[key] = false
  }
  return Object.keys(options).length > 0 ? options : undefined
}

function fieldsOf(parsed: Parsed): Record<string, unknown> {
  const every = str(parsed, 'every')
  const start = str(parsed, 'start')
  const selection = selectionOf(parsed)
  const options = optionsOf(parsed)
  return {
    ...(every !== undefined ? { frequency: frequencyOf(every) } : {}),
    ...(start !== undefined ? { startAt: start === 'now' ? new Date().toISOString() : start } : {}),
    ...(str(parsed, 'time-zone') !== undefined ? { timeZone: str(parsed, 'time-zone') } : {}),
    ...(selection ? { selection } : {}),
    ...(options ? { options } : {})
  }
}

const FIELD_OPTIONS = {
  ...valueOptions('every', 'start', 'time-zone', 'builder', 'granular'),
  ...flagOptions(
    'force-domain-sync',
    'parallel',
    'abort-on-fail',
    'no-force-domain-sync',
    'no-parallel',
    'no-abort-on-fail'
  )
}

function describeJob(job: Job): string {
  const options = (Object.keys(OPTION_FLAGS) as (keyof JobOptions)[]).filter((k) => job.options[k])
  return [
    `Job ${job.name}: ${job.state}`,
    `  frequency: ${describeFrequency(job.frequency)}, from ${job.startAt} (${job.timeZone})`,
    `  next run: ${job.nextRunAt ?? 'none'}`,
    `  synchronizes: ${job.selection.kind === 'builder' ? `Schedule Builder: ${job.selection.choice}` : `granular:\n${job.selection.text.replace(/^/gm, '    ')}`}`,
    `  options: ${options.map((k) => OPTION_FLAGS[k]).join(', ') || 'none'}`,
    `  last run: ${job.lastRun ? `run ${job.lastRun.runId}, ${job.lastRun.status}, ${job.lastRun.startedAt}` : 'none'}`
  ].join('\n')
}

function names(parsed: Parsed): string[] {
  if (parsed.positionals.length === 0) throw new UsageError('name at least one job', jobsHelp)
  return parsed.positionals
}

/** Each job's last run once it no longer waits or runs; an exit code when a job cannot be read. */
async function waitForJobs(core: Core, io: Io, jobNames: string[]): Promise<RunSummary[] | number> {
  const finished: RunSummary[] = []
  for (const name of jobNames) {
    for (;;) {
      const job = await core.dispatch('jobs:get', { name }, { origin: 'cli' })
      if (!job.ok) {
        printError(io, job.error)
        return exitCodeFor(job.error.code)
      }
      if (!['queued', 'running', 'canceling'].includes(job.value.state)) {
        const runs = await core.dispatch('jobs:runs', { name, limit: 1 }, { origin: 'cli' })
        if (runs.ok && runs.value[0]) finished.push(runs.value[0])
        break
      }
      io.progress?.(`${name}: ${job.value.state}`)
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
  }
  return finished
}

/** Runs the named jobs now and waits for each to finish (the process holds the data directory). */
async function runJobs(core: Core, io: Io, jobNames: string[]): Promise<number> {
  const started = await core.dispatch('jobs:run', { names: jobNames }, { origin: 'cli' })
  if (!started.ok) {
    printError(io, started.error)
    return exitCodeFor(started.error.code)
  }
  // Ctrl+C cancels what this command started rather than leaving it "running" until the next start.
  let waiting = true
  void io
    .untilStopped()
    .then(() => (waiting ? core.dispatch('jobs:cancel', { names: jobNames }, { origin: 'cli' }) : undefined))
  let finished: RunSummary[] | number
  try {
    finished = await waitForJobs(core, io, jobNames)
  } finally {
    waiting = false
  }
  if (typeof finished === 'number') return finished
  io.progress?.('')
  const reports = await Promise.all(finished.map((run) => jobRunReport(core, run)))
  // One JSON document for however many jobs ran, so `--json` output always parses.
  printValue(io, reports, () => reports.map(describeJobRun).join('\n\n'))
  return finished.every((run) => run.status === 'succeeded') ? EXIT_OK : EXIT_FAILED
}

export async function jobsCommand(core: Core, argv: string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv
  const cli = { origin: 'cli' } as const
  switch (sub) {
    case 'list':
      parse(rest, {}, jobsHelp)
      return callAndPrint(core, io, 'jobs:list', {}, (jobs) =>
        jobs.length === 0
          ? 'No jobs. Add one with: switchboard jobs add NAME'
          : table(
              ['NAME', 'STATE', 'FREQUENCY', 'NEXT RUN', 'LAST RUN'],
              jobs.map((j) => [
                j.name,
                j.state,
                describeFrequency(j.frequency),
                j.nextRunAt ?? '',
                j.lastRun ? `${j.lastRun.status} (run ${j.lastRun.runId})` : ''
              ])
            )
      )
    case 'show': {
      const parsed = parse(rest, {}, jobsHelp)
      const [name] = names(parsed)
      const job = await core.dispatch('jobs:get', { name }, cli)
      if (!job.ok) {
        printError(io, job.error)
        return exitCodeFor(job.error.code)
      }
      const runs = await core.dispatch('jobs:runs', { name, limit: 10 }, cli)
      const history = runs.ok ? runs.value : []
      printValue(io, { ...job.value, runs: history }, () =>
        [
          describeJob(job.value),
          history.length > 0
            ? table(
                ['RUN', 'STATUS', 'STARTED', 'SUMMARY'],
                history.map((r) => [String(r.id), r.status, r.startedAt, r.summary ?? ''])
              )
            : ''
        ]
          .filter(Boolean)
          .join('\n')
      )
      return EXIT_OK
    }
    case 'add': {
      const parsed = parse(rest, FIELD_OPTIONS, jobsHelp)
      if (optionsOf(parsed) && Object.values(optionsOf(parsed) ?? {}).includes(false))
        throw new UsageError('--no-… options belong to jobs edit', jobsHelp)
      const [name, extra] = names(parsed)
      if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}"`, jobsHelp)
      return callAndPrint(core, io, 'jobs:add', { name, ...fieldsOf(parsed) }, describeJob)
    }
    case 'edit': {
      const parsed = parse(rest, { ...FIELD_OPTIONS, ...valueOptions('name') }, jobsHelp)
      const [name, extra] = names(parsed)
      if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}"`, jobsHelp)
      const changes = { ...fieldsOf(parsed), ...(str(parsed, 'name') ? { name: str(parsed, 'name') } : {}) }
      if (Object.keys(changes).length === 0) throw new UsageError('nothing to change', jobsHelp)
      return callAndPrint(core, io, 'jobs:edit', { name, changes }, describeJob)
    }
    case 'delete':
      return callAndPrint(
        core,
        io,
        'jobs:delete',
        { names: names(parse(rest, {}, jobsHelp)) },
        (r) => `Deleted ${r.deleted.join(', ')}. Their past runs stay in the run history.`
      )
    case 'run':
      return runJobs(core, io, names(parse(rest, {}, jobsHelp)))
    case 'cancel':
      return callAndPrint(core, io, 'jobs:cancel', { names: names(parse(rest, {}, jobsHelp)) }, (outcomes) =>
        outcomes.map((o) => `${o.name}: ${o.outcome}`).join('\n')
      )
    case 'preview': {
      const parsed = parse(rest, valueOptions('builder', 'granular'), jobsHelp)
      let selection = selectionOf(parsed)
      if (!selection) {
        const [name] = names(parsed)
        const job = await core.dispatch('jobs:get', { name }, cli)
        if (!job.ok) {
          printError(io, job.error)
          return exitCodeFor(job.error.code)
        }
        selection = job.value.selection
      }
      const preview = await core.dispatch('jobs:preview', { selection }, cli)
      if (!preview.ok) {
        printError(io, preview.error)
        return exitCodeFor(preview.error.code)
      }
      printValue(io, preview.value, () => describePreview(preview.value))
      // Lines that name nothing runnable make the selection unusable, as `sync -g FILE test` says.
      return preview.value.problems.length > 0 ? EXIT_USAGE : EXIT_OK
    }
  }
  throw UsageError.unknownCommand('jobs', sub, jobsHelp)
}
