import { join } from 'node:path'
import type { Core } from '../../core'
import { startHost } from '../../host/server'
import { flag, int, parse, UsageError } from '../args'
import { EXIT_FAILED, EXIT_OK } from '../exitCodes'
import { printError, printValue, type Io } from '../io'

export const serveHelp = `Usage: switchboard serve [--port N] [--demo | --demo-if-empty]

Serves the Switchboard user interface and its API on http://127.0.0.1 only, for machines without a
display or without the Electron binary. Open the printed URL (it carries a random per-run access
token) in a browser on this machine. Stop with Ctrl+C.

Options:
  --port N          listen on port N (default: a free port)
  --demo            also start the built-in demo lab and register its devices
  --demo-if-empty   start the demo lab only when no device is configured yet`

export const demoHelp = `Usage: switchboard demo [--port N]

Starts a small simulated lab (Unified CM, IM and Presence, Unity Connection, Active Directory) inside
this process, registers its servers as devices (trusting their certificates and testing them), and
serves the user interface like \`switchboard serve\`. Stop with Ctrl+C.`

export async function serveCommand(
  core: Core,
  argv: string[],
  io: Io,
  mode: 'serve' | 'demo' = 'serve',
  rendererDir = join(__dirname, '../renderer')
): Promise<number> {
  const help = mode === 'demo' ? demoHelp : serveHelp
  const serveOptions = {
    port: { type: 'string' },
    demo: { type: 'boolean' },
    'demo-if-empty': { type: 'boolean' }
  } as const
  const parsed = parse(argv, mode === 'demo' ? { port: serveOptions.port } : serveOptions, help)
  if (parsed.positionals.length > 0)
    throw new UsageError(`unexpected argument "${parsed.positionals[0]}"`, help)
  const port = int(parsed, 'port') ?? 0
  if (port > 65535) throw new UsageError('--port must be between 0 and 65535', help)

  let demo = mode === 'demo' || flag(parsed, 'demo')
  if (!demo && flag(parsed, 'demo-if-empty')) {
    const devices = await core.dispatch('devices:list', {}, { origin: 'cli' })
    demo = devices.ok && devices.value.length === 0
  }
  if (demo) {
    if (!io.json) io.stderr('Starting the demo lab…')
    const started = await core.dispatch('demo:start', {}, { origin: 'cli' })
    if (!started.ok) {
      printError(io, started.error)
      return EXIT_FAILED
    }
  }
  const host = await startHost({ core, rendererDir, port })
  printValue(io, { url: host.url, port: host.port, dataDir: core.dataDir, demo }, () =>
    [
      `Switchboard is serving at ${host.url}`,
      `Data directory: ${core.dataDir}`,
      ...(demo ? ['The demo lab is running: its devices are listed in Device Setup.'] : []),
      'Press Ctrl+C to stop.'
    ].join('\n')
  )
  const signal = await io.untilStopped()
  await host.close()
  if (!io.json) io.stderr(`Stopped (${signal}).`)
  return EXIT_OK
}
