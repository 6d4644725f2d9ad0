import { writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import {
  exportFormats,
  runKinds,
  runStatuses,
  severities,
  type ExportFile,
  type ExportFormat,
  type RunComparison,
  type RunKind,
  type RunStatus,
  type Severity
} from '../../../src-preload/contract'
import type { Core } from '../../core'
import { flag, int, list, parse, str, UsageError, type Parsed } from '../args'
import { flagOptions, PAGE_OPTIONS, pageOf, repeatableOptions, valueOptions } from '../options'
import { callAndPrint, commaList } from '../call'
import { EXIT_OK, exitCodeFor } from '../exitCodes'
import { pageHeading, printError, printValue, table, type Io } from '../io'

export const logsHelp = `Usage: switchboard logs list [--device NAME | --domain NAME | --job NAME] [--kind KIND[,KIND]]
                             [--status STATUS[,STATUS]] [--since ISO] [--until ISO] [--offset N] [--limit N]
       switchboard logs show RUN_ID [filters] [--offset N] [--limit N]
       switchboard logs export RUN_ID --format csv|json [--out FILE [--force]] [filters]
       switchboard logs compare OLDER_RUN_ID NEWER_RUN_ID [--limit N]

  list     Every run of every kind, newest first.
  show     A run's detailed log (time, severity, code, object, message, hint).
  export   A run's log (or what the filters select) as CSV with a header row or as a JSON array;
           printed, or written to FILE (an existing FILE only with --force). CSV cells that a
           spreadsheet would run as a formula (=, +, -, @) start with ' so they show as text.
  compare  What appeared, disappeared and changed (field by field) between two runs of one device
           and kind (its inventory) or of one domain and kind (the users their logs name).

Filters: --severity info|warning|error  --code CODE  --type OBJECT_TYPE  --search TEXT
Kinds: ${runKinds.join(', ')}
Statuses: ${runStatuses.join(', ')}`

const FILTER_OPTIONS = valueOptions('severity', 'code', 'type', 'search')

export async function logsCommand(core: Core, argv: string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv
  switch (sub) {
    case 'list':
      return listRuns(core, rest, io)
    case 'show':
      return showLog(core, rest, io)
    case 'export':
      return exportLog(core, rest, io)
    case 'compare':
      return compareRuns(core, rest, io)
  }
  throw UsageError.unknownCommand('logs', sub, logsHelp)
}

function runIdArg(text: string | undefined, what: string): number {
  if (text === undefined) throw new UsageError(`missing ${what}`, logsHelp)
  if (!/^\d+$/.test(text)) throw new UsageError(`${what} must be a run number, got "${text}"`, logsHelp)
  return Number(text)
}

function positionals(parsed: Parsed, names: string[]): number[] {
  if (parsed.positionals.length > names.length)
    throw new UsageError(`unexpected argument "${parsed.positionals[names.length]}"`, logsHelp)
  return names.map((name, i) => runIdArg(parsed.positionals[i], name))
}

/** Values of a comma-list option, each one of `allowed`. */
function choices<T extends string>(parsed: Parsed, name: string, allowed: readonly T[]): T[] | undefined {
  const values = commaList(list(parsed, name))
  if (values.length === 0) return undefined
  const unknown = values.find((v) => !(allowed as readonly string[]).includes(v))
  if (unknown !== undefined)
    throw new UsageError(`--${name} must be one of ${allowed.join(', ')}, got "${unknown}"`, logsHelp)
  return values as T[]
}

function logFilters(parsed: Parsed): {
  severity?: Severity
  code?: string
  objectType?: string
  search?: string
} {
  const severity = str(parsed, 'severity')
  if (severity !== undefined && !(severities as readonly string[]).includes(severity))
    throw new UsageError(`--severity must be one of ${severities.join(', ')}`, logsHelp)
  const code = str(parsed, 'code')
  const objectType = str(parsed, 'type')
  const search = str(parsed, 'search')
  return {
    ...(severity !== undefined ? { severity: severity as Severity } : {}),
    ...(code !== undefined ? { code } : {}),
    ...(objectType !== undefined ? { objectType } : {}),
    ...(search !== undefined ? { search } : {})
  }
}

async function listRuns(core: Core, argv: string[], io: Io): Promise<number> {
  const parsed = parse(
    argv,
    {
      ...valueOptions('device', 'domain', 'job', 'since', 'until'),
      ...repeatableOptions('kind', 'status'),
      ...PAGE_OPTIONS
    },
    logsHelp
  )
  positionals(parsed, [])
  const kinds = choices<RunKind>(parsed, 'kind', runKinds)
  const statuses = choices<RunStatus>(parsed, 'status', runStatuses)
  const input = {
    device: str(parsed, 'device'),
    domain: str(parsed, 'domain'),
    job: str(parsed, 'job'),
    kinds,
    statuses,
    from: str(parsed, 'since'),
    to: str(parsed, 'until'),
    ...pageOf(parsed, 50)
  }
  return callAndPrint(core, io, 'runs:list', input, (page) =>
    [
      pageHeading(page.total, page.runs.length, 'runs'),
      table(
        ['RUN', 'KIND', 'DEVICE/DOMAIN/JOB', 'STATUS', 'STARTED', 'FINISHED', 'SUMMARY'],
        page.runs.map((r) => [
          String(r.id),
          r.kind,
          r.device,
          r.status,
          r.startedAt,
          r.finishedAt ?? '',
          r.summary ?? ''
        ])
      )
    ].join('\n')
  )
}

async function showLog(core: Core, argv: string[], io: Io): Promise<number> {
  const parsed = parse(argv, { ...FILTER_OPTIONS, ...PAGE_OPTIONS }, logsHelp)
  const [runId] = positionals(parsed, ['RUN_ID'])
  const input = { runId, ...logFilters(parsed), ...pageOf(parsed, 500) }
  return callAndPrint(core, io, 'logs:entries', input, (page) =>
    [
      pageHeading(page.total, page.entries.length, 'entries'),
      table(
        ['SEQ', 'TIME', 'SEVERITY', 'CODE', 'OBJECT', 'MESSAGE'],
        page.entries.map((e) => [
          String(e.seq),
          e.at,
          e.severity,
          e.code,
          [e.objectType, e.objectName].filter(Boolean).join(' '),
          e.message + (e.hint ? ` (${e.hint})` : '')
        ])
      )
    ].join('\n')
  )
}

async function exportLog(core: Core, argv: string[], io: Io): Promise<number> {
  const parsed = parse(argv, { ...FILTER_OPTIONS, ...EXPORT_OPTIONS }, logsHelp)
  const [runId] = positionals(parsed, ['RUN_ID'])
  const format = exportFormat(parsed, logsHelp)
  return exportAndWrite(core, io, 'logs:export', { runId, format, ...logFilters(parsed) }, parsed, logsHelp)
}

async function compareRuns(core: Core, argv: string[], io: Io): Promise<number> {
  const parsed = parse(argv, valueOptions('limit'), logsHelp)
  const [older, newer] = positionals(parsed, ['OLDER_RUN_ID', 'NEWER_RUN_ID'])
  const limit = int(parsed, 'limit')
  return callAndPrint(
    core,
    io,
    'runs:compare',
    { older, newer, ...(limit !== undefined ? { limit } : {}) },
    comparisonText
  )
}

const shown = (value: unknown): string =>
  value === undefined ? '(none)' : typeof value === 'string' ? value : JSON.stringify(value)

const basisLines: Record<RunComparison['basis'], string> = {
  inventory: 'Compared: the inventory objects, field by field.',
  users: 'Compared: the domain’s users as each run left them, field by field.',
  log: 'Compared: the objects the two runs’ logs name (codes and messages), not the objects themselves.'
}

function comparisonText(c: RunComparison): string {
  const lines = [
    `Run ${c.older.id} (${c.older.startedAt}) → run ${c.newer.id} (${c.newer.startedAt}), ${c.older.kind} of ${c.older.device}`,
    basisLines[c.basis]
  ]
  if (c.types.length === 0) lines.push('No differences.')
  for (const t of c.types) {
    lines.push(
      '',
      `${t.type}: ${t.counts.appeared} appeared, ${t.counts.disappeared} disappeared, ${t.counts.changed} changed`
    )
    if (t.note) lines.push(`  note: ${t.note}`)
    for (const o of t.appeared) lines.push(`  + ${o.name}`)
    for (const o of t.disappeared) lines.push(`  - ${o.name}`)
    for (const o of t.changed) {
      lines.push(`  ~ ${o.name}`)
      for (const f of o.fields) lines.push(`      ${f.field}: ${shown(f.before)} → ${shown(f.after)}`)
    }
  }
  if (c.truncated) lines.push('', 'Lists stop at --limit per type; the counts are complete.')
  return lines.join('\n')
}

/** The --format option of an export command. */
export function exportFormat(parsed: Parsed, help: string): ExportFormat {
  const format = str(parsed, 'format')
  if (format === undefined) throw new UsageError('missing --format csv|json', help)
  if (!(exportFormats as readonly string[]).includes(format))
    throw new UsageError(`--format must be csv or json, got "${format}"`, help)
  return format as ExportFormat
}

/** The options every export command takes besides its filters. */
export const EXPORT_OPTIONS = { ...valueOptions('format', 'out'), ...flagOptions('force') }

/** Runs an export and writes its entries out (see writeExport), or prints why it could not run. */
export async function exportAndWrite(
  core: Core,
  io: Io,
  channel: 'audit:export' | 'logs:export',
  input: unknown,
  parsed: Parsed,
  help: string
): Promise<number> {
  const result = await core.dispatch(channel, input, { origin: 'cli' })
  if (!result.ok) {
    printError(io, result.error)
    return exitCodeFor(result.error.code)
  }
  writeExport(io, result.value, parsed, 'entries', help)
  return EXIT_OK
}

/** Writes an export to --out (and says so; an existing file only with --force), or prints the file itself. */
function writeExport(io: Io, file: ExportFile, parsed: Parsed, what: string, help: string): void {
  const out = str(parsed, 'out')
  if (out === undefined) {
    io.stdout(file.content.replace(/\r?\n$/, ''))
    return
  }
  const path = resolve(out)
  try {
    writeFileSync(path, file.content, { mode: 0o600, flag: flag(parsed, 'force') ? 'w' : 'wx' })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST')
      throw new UsageError(`--out ${out}: the file exists; add --force to replace it`, help)
    throw error
  }
  printValue(io, { file: path, rows: file.rows }, () => `Wrote ${file.rows} ${what} to ${path}.`)
}
