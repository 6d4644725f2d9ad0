import type { Core } from '../../core'
import { int, noPositionals, onePositional, parse, str, UsageError } from '../args'
import { valueOptions } from '../options'
import { callAndPrint } from '../call'
import { EXIT_OK, exitCodeFor } from '../exitCodes'
import { printError, printValue, table, type Io } from '../io'

export const dnBlocksHelp = `Usage: switchboard dn-blocks add --domain D --service-area S --first N --last N [--prefix DIGITS] [--min-length N]
       switchboard dn-blocks edit ID [--first N] [--last N] [--prefix DIGITS] [--min-length N]
       switchboard dn-blocks list --domain D [--service-area S]
       switchboard dn-blocks delete ID

The number part is zero-padded to the minimum length after the prefix: --prefix 408 --first 0
--last 100 --min-length 4 is 4080000 … 4080100. Blocks on one Call Processor never overlap.`

export async function dnBlocksCommand(core: Core, argv: string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv
  const parsed = parse(
    rest,
    valueOptions('domain', 'service-area', 'prefix', 'first', 'last', 'min-length'),
    dnBlocksHelp
  )
  switch (sub) {
    case 'add': {
      noPositionals(parsed, dnBlocksHelp)
      const first = int(parsed, 'first')
      const last = int(parsed, 'last')
      if (first === undefined || last === undefined)
        throw new UsageError('give --first N and --last N', dnBlocksHelp)
      return callAndPrint(
        core,
        io,
        'dn-blocks:add',
        {
          domain: str(parsed, 'domain') ?? '',
          serviceArea: str(parsed, 'service-area') ?? '',
          prefix: str(parsed, 'prefix') ?? '',
          first,
          last,
          minLength: int(parsed, 'min-length') ?? 0
        },
        (b) => `Added block ${b.id}: ${b.firstNumber}–${b.lastNumber} (${b.size} numbers, ${b.used} in use).`
      )
    }
    case 'edit': {
      const id = onePositional(parsed, 'ID', dnBlocksHelp)
      if (!/^\d+$/.test(id)) throw new UsageError(`ID must be a block number, got "${id}"`, dnBlocksHelp)
      // Only the values given change; the block keeps the others.
      const changes = {
        prefix: str(parsed, 'prefix'),
        first: int(parsed, 'first'),
        last: int(parsed, 'last'),
        minLength: int(parsed, 'min-length')
      }
      if (Object.values(changes).every((v) => v === undefined))
        throw new UsageError('give at least one of --first, --last, --prefix, --min-length', dnBlocksHelp)
      return callAndPrint(
        core,
        io,
        'dn-blocks:edit',
        { id: Number(id), ...changes },
        (b) => `Block ${b.id}: ${b.firstNumber}–${b.lastNumber} (${b.size} numbers, ${b.used} in use).`
      )
    }
    case 'list': {
      const domain = str(parsed, 'domain')
      if (domain === undefined) throw new UsageError('missing --domain DOMAIN', dnBlocksHelp)
      const result = await core.dispatch('service-areas:list', { domain }, { origin: 'cli' })
      if (!result.ok) {
        printError(io, result.error)
        return exitCodeFor(result.error.code)
      }
      const only = str(parsed, 'service-area')?.toLowerCase()
      const rows = result.value
        .filter((a) => only === undefined || a.name.toLowerCase() === only)
        .flatMap((a) => a.dnBlocks.map((b) => ({ serviceArea: a.name, ...b })))
      printValue(io, rows, () =>
        table(
          ['ID', 'SERVICE AREA', 'PREFIX', 'FIRST', 'LAST', 'MIN', 'NUMBERS', 'SIZE', 'USED'],
          rows.map((b) => [
            String(b.id),
            b.serviceArea,
            b.prefix,
            String(b.first),
            String(b.last),
            String(b.minLength),
            `${b.firstNumber}–${b.lastNumber}`,
            String(b.size),
            String(b.used)
          ])
        )
      )
      return EXIT_OK
    }
    case 'delete': {
      const id = onePositional(parsed, 'ID', dnBlocksHelp)
      if (!/^\d+$/.test(id)) throw new UsageError(`ID must be a block number, got "${id}"`, dnBlocksHelp)
      return callAndPrint(
        core,
        io,
        'dn-blocks:delete',
        { id: Number(id) },
        (r) => `Deleted block ${r.deleted}.`
      )
    }
  }
  throw UsageError.unknownCommand('dn-blocks', sub, dnBlocksHelp)
}
