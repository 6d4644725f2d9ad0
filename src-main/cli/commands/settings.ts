import type { Core } from '../../core'
import { int, parse, UsageError } from '../args'
import { EXIT_OK, exitCodeFor } from '../exitCodes'
import { printError, printValue, type Io } from '../io'

export const settingsHelp = `Usage: switchboard settings show
       switchboard settings set --runs-kept N

  --runs-kept N   synchronization runs kept per device and kind, with their logs (1-1000, default 20)`

export async function settingsCommand(core: Core, argv: string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv
  const parsed = parse(rest, sub === 'set' ? { 'runs-kept': { type: 'string' } } : {}, settingsHelp)
  if (parsed.positionals.length > 0)
    throw new UsageError(`unexpected argument "${parsed.positionals[0]}"`, settingsHelp)
  let result
  if (sub === 'show') result = await core.dispatch('settings:get', {}, { origin: 'cli' })
  else if (sub === 'set') {
    const runsKept = int(parsed, 'runs-kept')
    if (runsKept === undefined) throw new UsageError('nothing to set: give --runs-kept N', settingsHelp)
    result = await core.dispatch('settings:set', { runsKeptPerDevice: runsKept }, { origin: 'cli' })
  } else
    throw new UsageError(
      sub === undefined ? 'missing settings command' : `unknown settings command "${sub}"`,
      settingsHelp
    )
  if (!result.ok) {
    printError(io, result.error)
    return exitCodeFor(result.error.code)
  }
  const settings = result.value
  printValue(io, settings, () => `Runs kept per device and kind: ${settings.runsKeptPerDevice}`)
  return EXIT_OK
}
