import { objectTypeLabel } from '../../../src-preload/rules/objectTypes'
import type { Core } from '../../core'
import { onePositional, parse, str, UsageError } from '../args'
import { PAGE_OPTIONS, pageOf, valueOptions } from '../options'
import { callAndPrint } from '../call'
import { table, type Io } from '../io'

export const inventoryHelp = `Usage: switchboard inventory list DEVICE [--type TYPE] [--search TEXT] [--offset N] [--limit N]

Lists what the last synchronizations of a device read (the good inventory), per object type.\n--type takes the name the administration pages use ("Calling Search Space") or the API's (Css), in any case.`

export async function inventoryCommand(core: Core, argv: string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv
  if (sub !== 'list') throw UsageError.unknownCommand('inventory', sub, inventoryHelp)
  const parsed = parse(rest, { ...valueOptions('type', 'search'), ...PAGE_OPTIONS }, inventoryHelp)
  const device = onePositional(parsed, 'DEVICE', inventoryHelp)
  const input = { device, type: str(parsed, 'type'), search: str(parsed, 'search'), ...pageOf(parsed, 200) }
  return callAndPrint(core, io, 'inventory:list', input, (value) =>
    str(parsed, 'type') === undefined && str(parsed, 'search') === undefined
      ? table(
          ['TYPE', 'OBJECTS'],
          Object.entries(value.types).map(([type, n]) => [objectTypeLabel(type), String(n)])
        )
      : [
          `${value.total} objects`,
          table(
            ['TYPE', 'NAME', 'KEY'],
            value.items.map((i) => [objectTypeLabel(i.type), i.name, i.key])
          )
        ].join('\n')
  )
}
