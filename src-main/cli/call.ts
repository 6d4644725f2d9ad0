import type { RequestChannel } from '../../src-preload/contract/channels'
import type { Output } from '../../src-preload/contract'
import type { Core } from '../core'
import { EXIT_OK, exitCodeFor } from './exitCodes'
import { printError, printValue, type Io } from './io'

/** Dispatches one request, prints its value (or the error) and returns the exit code. */
export async function callAndPrint<C extends RequestChannel>(
  core: Core,
  io: Io,
  channel: C,
  input: unknown,
  human: (value: Output<C>) => string
): Promise<number> {
  const result = await core.dispatch(channel, input, { origin: 'cli' })
  if (!result.ok) {
    printError(io, result.error)
    return exitCodeFor(result.error.code)
  }
  printValue(io, result.value, () => human(result.value))
  return EXIT_OK
}

/** "A,B" → ["A", "B"]; several occurrences of the option add up. */
export function commaList(values: string[]): string[] {
  return values
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '')
}
