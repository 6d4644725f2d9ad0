import type { Core } from '../../core'
import { noPositionals, parse, str, UsageError, type Parsed } from '../args'
import { PAGE_OPTIONS, pageOf, valueOptions } from '../options'
import { callAndPrint } from '../call'
import { pageHeading, table, type Io } from '../io'
import { EXPORT_OPTIONS, exportAndWrite, exportFormat } from './logs'

export const auditHelp = `Usage: switchboard audit list [filters] [--offset N] [--limit N]
       switchboard audit export --format csv|json [--out FILE [--force]] [filters]

The audit trail: every configuration change and every action started, by whom (the OS user), with
before and after; never a password. Newest first.

Filters:
  --action ACTION   an action (devices:edit), or every action of an area (devices:)
  --target TEXT     part of the device, domain, job or run the entry is about
  --since ISO       entries at or after this time (e.g. 2025-03-01T00:00:00Z)
  --until ISO       entries at or before this time`

const FILTER_OPTIONS = valueOptions('action', 'target', 'since', 'until')

function filters(parsed: Parsed): { action?: string; target?: string; from?: string; to?: string } {
  noPositionals(parsed, auditHelp)
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
    const parsed = parse(rest, { ...FILTER_OPTIONS, ...PAGE_OPTIONS }, auditHelp)
    const input = { ...filters(parsed), ...pageOf(parsed, 50) }
    return callAndPrint(core, io, 'audit:list', input, (page) =>
      [
        pageHeading(page.total, page.entries.length, 'entries'),
        table(
          ['ID', 'TIME', 'USER', 'ACTION', 'TARGET'],
          page.entries.map((e) => [String(e.id), e.at, e.actor, e.action, e.target ?? ''])
        )
      ].join('\n')
    )
  }
  if (sub === 'export') {
    const parsed = parse(rest, { ...FILTER_OPTIONS, ...EXPORT_OPTIONS }, auditHelp)
    const input = { ...filters(parsed), format: exportFormat(parsed, auditHelp) }
    return exportAndWrite(core, io, 'audit:export', input, parsed, auditHelp)
  }
  throw UsageError.unknownCommand('audit', sub, auditHelp)
}
