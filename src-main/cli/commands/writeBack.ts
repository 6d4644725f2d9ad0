import type { Core } from '../../core'
import { onePositional, parse } from '../args'
import { EXIT_FAILED, EXIT_OK } from '../exitCodes'
import { printValue, type Io } from '../io'
import { describeRun, runAndWait } from './sync'

export const writeBackHelp = `Usage: switchboard writeback DOMAIN

Writes the primary directory number of each directory user of DOMAIN to the attribute chosen in its
LDAP settings (switchboard domains ldap set DOMAIN --write-back ipPhone|telephoneNumber|mobile),
masked first when a mask is set. Waits for the run; exit 1 when some users could not be written.`

export async function writeBackCommand(core: Core, argv: string[], io: Io): Promise<number> {
  const parsed = parse(argv, {}, writeBackHelp)
  const domain = onePositional(parsed, 'DOMAIN', writeBackHelp)
  const run = await runAndWait(core, io, () =>
    core.dispatch('ldap:write-back', { domain }, { origin: 'cli' })
  )
  if (typeof run === 'number') return run
  printValue(io, run, () => describeRun(run))
  return run.status === 'succeeded' ? EXIT_OK : EXIT_FAILED
}
