import { severities, type Severity } from '../../../src-preload/contract'
import type { Core } from '../../core'
import { int, onePositional, parse, str, UsageError } from '../args'
import { EXIT_OK, exitCodeFor } from '../exitCodes'
import { printError, printValue, table, type Io } from '../io'

export const logsHelp = `Usage: switchboard logs show RUN_ID [--severity info|warning|error] [--code CODE] [--type TYPE]
                                    [--search TEXT] [--offset N] [--limit N]

Shows a run's detailed log (structured entries: time, severity, code, object, message, hint).`

export async function logsCommand(core: Core, argv: string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv
  if (sub !== 'show')
    throw new UsageError(
      sub === undefined ? 'missing logs command' : `unknown logs command "${sub}"`,
      logsHelp
    )
  const parsed = parse(
    rest,
    {
      severity: { type: 'string' },
      code: { type: 'string' },
      type: { type: 'string' },
      search: { type: 'string' },
      offset: { type: 'string' },
      limit: { type: 'string' }
    },
    logsHelp
  )
  const runText = onePositional(parsed, 'RUN_ID', logsHelp)
  if (!/^\d+$/.test(runText)) throw new UsageError(`RUN_ID must be a run number, got "${runText}"`, logsHelp)
  const severity = str(parsed, 'severity')
  if (severity !== undefined && !(severities as readonly string[]).includes(severity)) {
    throw new UsageError(`--severity must be one of ${severities.join(', ')}`, logsHelp)
  }
  const result = await core.dispatch(
    'logs:entries',
    {
      runId: Number(runText),
      ...(severity ? { severity: severity as Severity } : {}),
      ...(str(parsed, 'code') ? { code: str(parsed, 'code') } : {}),
      ...(str(parsed, 'type') ? { objectType: str(parsed, 'type') } : {}),
      ...(str(parsed, 'search') ? { search: str(parsed, 'search') } : {}),
      offset: int(parsed, 'offset') ?? 0,
      limit: int(parsed, 'limit') ?? 500
    },
    { origin: 'cli' }
  )
  if (!result.ok) {
    printError(io, result.error)
    return exitCodeFor(result.error.code)
  }
  printValue(io, result.value, () =>
    [
      `${result.value.total} entries${result.value.entries.length < result.value.total ? ` (showing ${result.value.entries.length}; use --offset and --limit)` : ''}`,
      table(
        ['SEQ', 'TIME', 'SEVERITY', 'CODE', 'OBJECT', 'MESSAGE'],
        result.value.entries.map((e) => [
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
  return EXIT_OK
}
