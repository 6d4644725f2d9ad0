import type {
  BuilderChoice,
  JobOptions,
  JobPreview,
  JobSelection,
  Result,
  RunSummary,
  SyncProgress
} from '../../../src-preload/contract'
import { describeTraffic, GRANULAR_MAX_CHARS } from '../../../src-preload/contract'
import type { Core } from '../../core'
import { allowsUserSync } from '../../sync/device/service'
import { flag, int, onePositional, parse, str, UsageError } from '../args'
import { flagOptions, valueOptions } from '../options'
import { callAndPrint } from '../call'
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, exitCodeFor } from '../exitCodes'
import { printError, printValue, table, type Io } from '../io'
import { readTextFile } from '../textFile'

export const syncHelp = `Usage: switchboard sync (callprocessor|messageprocessor|presenceprocessor|activedirectory|domain|all) [test] [abortonfail] [forcedomainsync] [parallel]
       switchboard sync -g FILE [test] [abortonfail] [forcedomainsync] [parallel]
       switchboard sync device NAME (--infra | --user | --both) [--approve] [options]
       switchboard sync domain NAME [--preview]
       switchboard sync ldap DOMAIN [--preview] [--approve all|none|USER,USER…]
       switchboard sync runs [--device NAME | --domain NAME] [--limit N]

The first two forms are Prime Collaboration Provisioning's sync.sh: a mass synchronization of every
processor of a class (infrastructure and user synchronization of each), every domain's directory
(activedirectory: the LDAP synchronization of each domain that synchronizes users), every domain, or
all of them in the order Call Processors, Message Processors, Presence Processors, directories,
domains; -g runs the lines of a granular file (<class>.<name>: <type>, e.g. cp.all: both, ad.all:,
domain.Sales:). Options, as words or as --test, --abort-on-fail, --force-domain-sync, --parallel:
  test             list what would be synchronized, in order, and every malformed line; run nothing
  abortonfail      stop at the first failed synchronization
  forcedomainsync  synchronize a domain even when one of its devices failed in this run
  parallel         run device synchronizations side by side (a few at a time)
Exit 1 when any synchronization failed or was skipped; --json prints the run and one summary per
synchronization. Only one Switchboard process may use a data directory: run it from cron or Task
Scheduler while the app is closed (otherwise it stops with a "data directory is in use" error).

sync device waits for the synchronization to finish, shows progress on a terminal and prints the run
summary (run id, status, counts per object type). Exit 1 when a run failed, was cancelled, could not
synchronize some object types (partial) or needs approval. With --both, the user synchronization
follows an infrastructure synchronization that succeeded or was partial, as in a job (otherwise it is
skipped, exit 1); an IM and Presence server has its infrastructure synchronized only. A run that would remove more than the
deletion guard's share of an object type (switchboard settings set --deletion-guard PERCENT, default
20 %), or all of it, changes nothing and needs approval: once the removals are expected, run it again
with --approve, which accepts at most the removals the held run reported and reads the device again.

sync domain files the users of the domain's processors into it by its rules and places their services
in service areas; it reads only what device synchronizations stored. --preview prints what it would
do and writes nothing.

sync ldap reads the domain's directory and creates, updates and (per its stale-user action) removes
users. Removals beyond the deletion guard are held: --approve all, none or a list of user ids decides.

Options for sync device:
  --infra            infrastructure synchronization
  --user             user synchronization
  --both             infrastructure, then user synchronization (IM and Presence: infrastructure)
  --approve          accept the removals the latest run of each chosen kind held (it must need approval)
  --no-special-dns   leave out special directory numbers (intercom lines)
Analog (VG) phones are a setting of the Call Processor, used by every synchronization and change
notification poll: switchboard devices edit NAME --analog-phones (or --no-analog-phones).`

export function describeRun(run: RunSummary): string {
  const rows = Object.entries(run.counts).map(([type, c]) => [
    type,
    String(c.added),
    String(c.changed),
    String(c.removed),
    String(c.unchanged)
  ])
  const held = run.held?.types.map((t) => [t.type, String(t.wouldRemove), String(t.inventory)]) ?? []
  const flag = run.kind === 'infrastructure' ? '--infra' : '--user'
  return [
    `Run ${run.id}: ${run.kind} synchronization of ${run.device}: ${run.status}`,
    run.summary ?? '',
    run.traffic ? `Traffic: ${describeTraffic(run.traffic)}` : '',
    ...run.failedTypes.map((f) => `  ${f.type}: ${f.reason}`),
    rows.length > 0 ? table(['TYPE', 'ADDED', 'CHANGED', 'REMOVED', 'UNCHANGED'], rows) : '',
    held.length > 0 ? table(['HELD TYPE', 'WOULD REMOVE', 'OF'], held) : '',
    held.length > 0
      ? `If these removals are expected: switchboard sync device "${run.device}" ${flag} --approve`
      : ''
  ]
    .filter(Boolean)
    .join('\n')
}

/**
 * Starts one run and resolves with its summary when it finishes, reporting progress on the way; an
 * exit code when it did not start (an error, printed) or when the request started none (EXIT_OK).
 */
export async function runAndWait(
  core: Core,
  io: Io,
  start: () => Promise<Result<{ runId?: number }>>
): Promise<RunSummary | number> {
  let runId = -1
  let resolveDone: (run: RunSummary) => void = () => undefined
  const done = new Promise<RunSummary>((resolve) => (resolveDone = resolve))
  const progress = io.json ? undefined : io.progress
  const off = core.events.subscribe((event, payload) => {
    if (event === 'sync:finished' && (payload as RunSummary).id === runId) resolveDone(payload as RunSummary)
    if (event === 'sync:progress' && progress) {
      const p = payload as SyncProgress
      if (p.runId === runId)
        progress(
          p.kind === 'job'
            ? `${p.percent}% (${p.typesDone}/${p.typesTotal} steps${p.objectType ? `, last: ${p.objectType}` : ''})`
            : p.kind === 'domain'
              ? `${p.percent}% (${p.objects} users)`
              : `${p.percent}% ${p.objectType ?? ''} (${p.objects} objects, ${p.typesDone}/${p.typesTotal} types)`
        )
    }
  })
  try {
    const started = await start()
    if (!started.ok) {
      printError(io, started.error)
      return exitCodeFor(started.error.code)
    }
    if (started.value.runId === undefined) return EXIT_OK
    runId = started.value.runId
    const stop = io.untilStopped().then(() => core.dispatch('sync:cancel', { runId }, { origin: 'cli' }))
    const run = await done
    void stop
    progress?.('')
    return run
  } finally {
    off()
  }
}

/** sync.sh's classes and the Schedule Builder choice each stands for. */
const MASS_CLASSES: Record<string, BuilderChoice> = {
  callprocessor: 'call-processors',
  messageprocessor: 'message-processors',
  presenceprocessor: 'presence-processors',
  activedirectory: 'directories',
  domain: 'domains',
  all: 'all'
}

/** sync.sh's option words, and the long options that mean the same. */
const PLAN_OPTIONS: Record<string, 'test' | keyof JobOptions> = {
  test: 'test',
  '--test': 'test',
  abortonfail: 'abortOnFailure',
  '--abort-on-fail': 'abortOnFailure',
  forcedomainsync: 'forceDomainSync',
  '--force-domain-sync': 'forceDomainSync',
  parallel: 'parallel',
  '--parallel': 'parallel'
}

export function describePreview(preview: JobPreview): string {
  const steps = preview.steps.map((step, i) => {
    const what =
      step.kind === 'device'
        ? `${step.syncs.join(' and ') || 'no'} synchronization of ${step.target}`
        : step.kind === 'ldap'
          ? `LDAP synchronization of ${step.target}`
          : `domain synchronization of ${step.target}`
    return `  ${i + 1}. ${what}${step.note ? ` (${step.note})` : ''}`
  })
  return [
    steps.length > 0 ? 'Would synchronize, in this order:' : 'Nothing would be synchronized.',
    ...steps,
    ...(preview.problems.length > 0
      ? [
          `${preview.problems.length} problem(s):`,
          ...preview.problems.map((p) => `  line ${p.line}: ${p.text}: ${p.problem}`)
        ]
      : [])
  ].join('\n')
}

/** sync.sh parity: a mass or granular plan, previewed (test) or run under one job run. */
async function runPlan(
  core: Core,
  io: Io,
  label: string,
  selection: JobSelection,
  words: string[]
): Promise<number> {
  // `sync all help` asks for help, like `sync help`, rather than naming an option.
  if (words.some((word) => word.toLowerCase() === 'help')) {
    io.stdout(syncHelp)
    return EXIT_OK
  }
  const options: Partial<JobOptions> = {}
  let test = false
  for (const word of words) {
    const option = PLAN_OPTIONS[word.toLowerCase()]
    if (!option) throw new UsageError(`unknown option "${word}"`, syncHelp)
    if (option === 'test') test = true
    else options[option] = true
  }
  if (test) {
    const preview = await core.dispatch('jobs:preview', { selection }, { origin: 'cli' })
    if (!preview.ok) {
      printError(io, preview.error)
      return exitCodeFor(preview.error.code)
    }
    printValue(io, preview.value, () => describePreview(preview.value))
    return preview.value.problems.length > 0 ? EXIT_USAGE : EXIT_OK
  }
  const run = await runAndWait(core, io, () =>
    core.dispatch('jobs:run-unsaved', { label, selection, options }, { origin: 'cli' })
  )
  if (typeof run === 'number') return run
  return printJobRun(core, io, run)
}

/** A job run and the synchronizations it started; exit 1 unless every one succeeded. */
/** A job run with the synchronizations it started, as the CLI prints it. */
export interface JobRunReport {
  run: RunSummary
  synchronizations: RunSummary[]
}

export async function jobRunReport(core: Core, run: RunSummary): Promise<JobRunReport> {
  const children = await core.dispatch('sync:runs', { parentRunId: run.id }, { origin: 'cli' })
  return { run, synchronizations: children.ok ? children.value : [] }
}

export function describeJobRun({ run, synchronizations }: JobRunReport): string {
  return [
    ...synchronizations.map(describeRun),
    `Run ${run.id}: ${run.device}: ${run.status}. ${run.summary ?? ''}`
  ].join('\n\n')
}

export async function printJobRun(core: Core, io: Io, run: RunSummary): Promise<number> {
  const report = await jobRunReport(core, run)
  printValue(io, report, () => describeJobRun(report))
  return run.status === 'succeeded' ? EXIT_OK : EXIT_FAILED
}

/**
 * The run each kind's --approve stands for: the device's latest run of that kind, which must need
 * approval (approving one kind while the other runs unguarded is not what --approve says). An exit
 * code when one does not: nothing was started.
 */
async function heldRuns(
  core: Core,
  io: Io,
  device: string,
  kinds: ('infrastructure' | 'user')[]
): Promise<Partial<Record<'infrastructure' | 'user', number>> | number> {
  const held: Partial<Record<'infrastructure' | 'user', number>> = {}
  for (const kind of kinds) {
    const runs = await core.dispatch('runs:list', { device, kinds: [kind], limit: 1 }, { origin: 'cli' })
    if (!runs.ok) {
      printError(io, runs.error)
      return exitCodeFor(runs.error.code)
    }
    const latest = runs.value.runs.at(0)
    if (latest?.status !== 'needs-approval')
      throw new UsageError(
        `--approve: the latest ${kind} synchronization of ${device} ${latest ? `(run ${latest.id}) ${latest.status === 'running' ? 'is running' : `ended ${latest.status}`}` : 'never ran'}: it holds nothing to approve. Nothing was started.`,
        syncHelp
      )
    held[kind] = latest.id
  }
  return held
}

function readGranularFile(file: string | undefined): string {
  if (file === undefined) throw new UsageError('-g needs a file of granular lines', syncHelp)
  return readTextFile(file, '-g', GRANULAR_MAX_CHARS, syncHelp)
}

export async function syncCommand(core: Core, argv: string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv
  if (sub === 'help') {
    io.stdout(syncHelp)
    return EXIT_OK
  }
  if (sub === '-g' || sub === '--granular') {
    const [file, ...words] = rest
    return runPlan(
      core,
      io,
      `command line: sync -g ${file}`,
      { kind: 'granular', text: readGranularFile(file) },
      words
    )
  }
  // "sync domain NAME" synchronizes one domain; "sync domain [options]" all of them, as sync.sh does.
  const massClass = sub === undefined ? undefined : MASS_CLASSES[sub.toLowerCase()]
  if (massClass && (sub !== 'domain' || rest.every((w) => PLAN_OPTIONS[w.toLowerCase()] !== undefined)))
    return runPlan(
      core,
      io,
      `command line: sync ${sub.toLowerCase()}`,
      { kind: 'builder', choice: massClass },
      rest
    )
  if (sub === 'runs') {
    const parsed = parse(rest, valueOptions('device', 'domain', 'limit'), syncHelp)
    const result = await core.dispatch(
      'sync:runs',
      { device: str(parsed, 'device'), domain: str(parsed, 'domain'), limit: int(parsed, 'limit') ?? 20 },
      { origin: 'cli' }
    )
    if (!result.ok) {
      printError(io, result.error)
      return exitCodeFor(result.error.code)
    }
    printValue(io, result.value, () =>
      table(
        ['RUN', 'DEVICE', 'KIND', 'STATUS', 'STARTED', 'SUMMARY'],
        result.value.map((r) => [String(r.id), r.device, r.kind, r.status, r.startedAt, r.summary ?? ''])
      )
    )
    return EXIT_OK
  }
  if (sub === 'ldap') {
    const parsed = parse(rest, { ...flagOptions('preview'), ...valueOptions('approve') }, syncHelp)
    const domain = onePositional(parsed, 'DOMAIN', syncHelp)
    if (flag(parsed, 'preview'))
      return callAndPrint(core, io, 'ldap:preview', { domain }, (p) =>
        [
          `Preview of the LDAP synchronization of ${p.domain} (nothing was written): ${p.entries} entries`,
          `  create ${p.create.length}: ${p.create.slice(0, 20).join(', ')}${p.create.length > 20 ? ', …' : ''}`,
          `  update ${p.update.length}: ${p.update.slice(0, 20).join(', ')}${p.update.length > 20 ? ', …' : ''}`,
          `  stale ${p.stale.length}: ${p.stale.slice(0, 20).join(', ')}${p.stale.length > 20 ? ', …' : ''}`,
          ...(p.guard
            ? [`  ${p.guard} The guard would hold ${p.held.length} of the stale users' removals.`]
            : []),
          ...(p.inOtherDomains.length > 0
            ? [
                `  not created, in another domain ${p.inOtherDomains.length}: ${p.inOtherDomains.slice(0, 20).join(', ')}${p.inOtherDomains.length > 20 ? ', …' : ''}`
              ]
            : []),
          ...p.provisioning
            .slice(0, 20)
            .map(
              (u) =>
                `  ${u.userid}: ${u.serviceArea ?? 'no service area'}, roles ${u.roles.join(' + ') || 'none'}, ${u.plannedLine ? `line ${u.plannedLine.dn} (${u.plannedLine.source})` : `no line${u.noLine ? `: ${u.noLine}` : ''}`}`
            ),
          ...(p.provisioning.length > 20 ? [`  … and ${p.provisioning.length - 20} more new users`] : [])
        ].join('\n')
      )
    const approveText = str(parsed, 'approve')
    const approve =
      approveText === undefined || approveText === 'all' || approveText === 'none'
        ? approveText
        : approveText
            .split(',')
            .map((u) => u.trim())
            .filter((u) => u !== '')
    const run = await runAndWait(core, io, () =>
      core.dispatch('ldap:sync', { domain, ...(approve !== undefined ? { approve } : {}) }, { origin: 'cli' })
    )
    if (typeof run === 'number') return run
    printValue(io, run, () => describeRun(run))
    return run.status === 'succeeded' ? EXIT_OK : EXIT_FAILED
  }
  if (sub === 'domain') {
    const parsed = parse(rest, flagOptions('preview'), syncHelp)
    const name = onePositional(parsed, 'domain NAME', syncHelp)
    if (flag(parsed, 'preview'))
      return callAndPrint(core, io, 'domains:preview', { name }, (p) =>
        [
          `Preview of the domain synchronization of ${p.domain} (nothing was written):`,
          `  users: ${p.counts.usersCreated} to create, ${p.counts.usersUpdated} to update, ${p.counts.usersUnchanged} unchanged, ${p.counts.usersRemoved} to remove, ${p.counts.usersSkipped} skipped`,
          `  services: ${p.counts.services}, ${p.counts.servicesWithoutArea} without a service area`,
          ...p.entries.map((e) => `  ${e.severity.toUpperCase()} ${e.code} ${e.message}`),
          ...(p.moreEntries > 0 ? [`  … and ${p.moreEntries} more entries`] : [])
        ].join('\n')
      )
    const run = await runAndWait(core, io, () => core.dispatch('domains:sync', { name }, { origin: 'cli' }))
    if (typeof run === 'number') return run
    printValue(io, run, () => describeRun(run))
    return run.status === 'succeeded' ? EXIT_OK : EXIT_FAILED
  }
  if (sub !== 'device') throw UsageError.unknownCommand('sync', sub, syncHelp)
  const parsed = parse(
    rest,
    flagOptions('infra', 'user', 'both', 'analog-phones', 'no-special-dns', 'approve'),
    syncHelp
  )
  const device = onePositional(parsed, 'device NAME', syncHelp)
  const chosen = (['infra', 'user', 'both'] as const).filter((k) => flag(parsed, k))
  if (chosen.length !== 1) throw new UsageError('choose exactly one of --infra, --user or --both', syncHelp)
  const found = await core.dispatch('devices:get', { name: device }, { origin: 'cli' })
  if (!found.ok) {
    printError(io, found.error)
    return exitCodeFor(found.error.code)
  }
  // IM and Presence takes its users from Unified CM: --both is its infrastructure, as in a job.
  const presence = found.value.kind === 'presence-processor'
  const kinds: ('infrastructure' | 'user')[] =
    chosen[0] === 'infra' || (chosen[0] === 'both' && presence)
      ? ['infrastructure']
      : chosen[0] === 'user'
        ? ['user']
        : ['infrastructure', 'user']
  if (chosen[0] === 'both' && presence)
    io.stderr(
      `${found.value.name} is an IM and Presence server, which takes its users from Unified CM: only its infrastructure is synchronized.`
    )
  // Once a per-run flag: a run without it removed the analog phones the last one kept.
  if (flag(parsed, 'analog-phones'))
    throw new UsageError(
      `--analog-phones is a setting of the device now, used by every synchronization: switchboard devices edit "${device}" --analog-phones`,
      syncHelp
    )
  const options = { specialDns: !flag(parsed, 'no-special-dns') }
  let approvals: Partial<Record<'infrastructure' | 'user', number>> = {}
  if (flag(parsed, 'approve')) {
    const held = await heldRuns(core, io, device, kinds)
    if (typeof held === 'number') return held
    approvals = held
  }
  const runs: RunSummary[] = []
  let skipped = false
  for (const kind of kinds) {
    const approve = approvals[kind]
    const run = await runAndWait(core, io, () =>
      core.dispatch(
        'sync:start',
        { device, kind, options, ...(approve !== undefined ? { approve } : {}) },
        { origin: 'cli' }
      )
    )
    if (typeof run === 'number') return run
    runs.push(run)
    if (!io.json) io.stdout(describeRun(run))
    // The same rule as a job's (issue 25 item 4): a partial infrastructure run allows the users.
    if (kind === 'infrastructure' && kinds.includes('user') && !allowsUserSync(run.status)) {
      skipped = true
      io.stderr(
        `User synchronization of ${run.device} skipped: its infrastructure synchronization ${run.status === 'needs-approval' ? 'needs approval' : `ended ${run.status}`}.`
      )
      break
    }
  }
  if (io.json) io.stdout(JSON.stringify(runs.length === 1 ? runs[0] : runs, null, 2))
  return !skipped && runs.every((r) => r.status === 'succeeded') ? EXIT_OK : EXIT_FAILED
}
