import type { Core } from '../../core'
import { int, parse, str, UsageError, type Parsed } from '../args'
import { callAndPrint } from '../call'
import { EXIT_OK, exitCodeFor } from '../exitCodes'
import { printError, table, type Io } from '../io'
import { EXPORT_OPTIONS, exportFormat, writeExport } from './logs'

export const auditHelp = `Usage: switchboard audit list [filters] [--offset N] [--limit N]
       switchboard audit export --format csv|json [--out FILE [--force]] [filters]

The audit trail: every configuration change and every action started, by whom (the OS user), with
before and after; never a password. Newest first.

Filters:
  --action ACTION   an action (devices:edit), or every action of an area (devices:)
  --target TEXT     part of the device, domain, job or run the entry is about
  --since ISO       entries at or after this time (e.g. 2025-03-01T00:00:00Z)
  --until ISO       entries at or before this time`

const FILTER_OPTIONS = {
  action: { type: 'string' },
  target: { type: 'string' },
  since: { type: 'string' },
  until: { type: 'string' }
} as const

function filters(parsed: Parsed): { action?: string; target?: string; from?: string; to?: string } {
  if (parsed.positionals.length > 0)
    throw new UsageError(`unexpected argument "${parsed.positionals[0]}"`, auditHelp)
  return {
    action: str(parsed, 'action'),
    target: str(parsed, 'target'),
    from: str(parsed, 'since'),
    to: str(parsed, 'until')
  }
}

export async function auditCommand(core: Core, argv: string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv
  if (sub === 'list') {
    const parsed = parse(
      rest,
      { ...FILTER_OPTIONS, offset: { type: 'string' }, limit: { type: 'string' } },
      auditHelp
    )
    const input = {
      ...filters(parsed),
      offset: int(parsed, 'offset') ?? 0,
      limit: int(parsed, 'limit') ?? 50
    }
    return callAndPrint(core, io, 'audit:list', input, (page) =>
      [
        `${page.total} entries${page.entries.length < page.total ? ` (showing ${page.entries.length}; use --offset and --limit)` : ''}`,
        table(
          ['ID', 'TIME', 'USER', 'ACTION', 'TARGET'],
          page.entries.map((e) => [String(e.id), e.at, e.actor, e.action, e.target ?? ''])
        )
      ].join('\n')
    )
  }
  if (sub === 'export') {
    const parsed = parse(rest, { ...FILTER_OPTIONS, ...EXPORT_OPTIONS }, auditHelp)
    const result = await core.dispatch(
      'audit:export',
      { ...filters(parsed), format: exportFormat(parsed, auditHelp) },
      { origin: 'cli' }
    )
    if (!result.ok) {
      printError(io, result.error)
      return exitCodeFor(result.error.code)
    }
    writeExport(io, result.value, parsed, 'entries', auditHelp)
    return EXIT_OK
  }
  throw new UsageError(
    sub === undefined ? 'missing audit command' : `unknown audit command "${sub}"`,
    auditHelp
  )
}
