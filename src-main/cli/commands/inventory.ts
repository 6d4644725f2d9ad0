import { objectTypeLabel } from '../../../src-preload/rules/objectTypes'
import type { Core } from '../../core'
import { int, onePositional, parse, str, UsageError } from '../args'
import { EXIT_OK, exitCodeFor } from '../exitCodes'
import { printError, printValue, table, type Io } from '../io'

export const inventoryHelp = `Usage: switchboard inventory list DEVICE [--type TYPE] [--search TEXT] [--offset N] [--limit N]

Lists what the last synchronizations of a device read (the good inventory), per object type.\n--type takes the name the administration pages use ("Calling Search Space") or the API's (Css), in any case.`

export async function inventoryCommand(core: Core, argv: string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv
  if (sub !== 'list')
    throw new UsageError(
      sub === undefined ? 'missing inventory command' : `unknown inventory command "${sub}"`,
      inventoryHelp
    )
  const parsed = parse(
    rest,
    {
      type: { type: 'string' },
      search: { type: 'string' },
      offset: { type: 'string' },
      limit: { type: 'string' }
    },
    inventoryHelp
  )
  const device = onePositional(parsed, 'DEVICE', inventoryHelp)
  const result = await core.dispatch(
    'inventory:list',
    {
      device,
      type: str(parsed, 'type'),
      search: str(parsed, 'search'),
      offset: int(parsed, 'offset') ?? 0,
      limit: int(parsed, 'limit') ?? 200
    },
    { origin: 'cli' }
  )
  if (!result.ok) {
    printError(io, result.error)
    return exitCodeFor(result.error.code)
  }
  printValue(io, result.value, () =>
    str(parsed, 'type') === undefined && str(parsed, 'search') === undefined
      ? table(
          ['TYPE', 'OBJECTS'],
          Object.entries(result.value.types).map(([type, n]) => [objectTypeLabel(type), String(n)])
        )
      : [
          `${result.value.total} objects`,
          table(
            ['TYPE', 'NAME', 'KEY'],
            result.value.items.map((i) => [objectTypeLabel(i.type), i.name, i.key])
          )
        ].join('\n')
  )
  return EXIT_OK
}
