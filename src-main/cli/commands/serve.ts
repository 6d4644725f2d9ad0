import { join } from 'node:path'
import type { Core } from '../../core'
import { startHost } from '../../host/server'
import { int, parse, UsageError } from '../args'
import { EXIT_OK } from '../exitCodes'
import { printValue, type Io } from '../io'

export const serveHelp = `Usage: switchboard serve [--port N]

Serves the Switchboard user interface and its API on http://127.0.0.1 only, for machines without a
display or without the Electron binary. Open the printed URL (it carries a random per-run access
token) in a browser on this machine. Stop with Ctrl+C.

Options:
  --port N   listen on port N (default: a free port)`

export async function serveCommand(
  core: Core,
  argv: string[],
  io: Io,
  rendererDir = join(__dirname, '../renderer')
): Promise<number> {
  const parsed = parse(argv, { port: { type: 'string' } }, serveHelp)
  if (parsed.positionals.length > 0)
    throw new UsageError(`unexpected argument "${parsed.positionals[0]}"`, serveHelp)
  const port = int(parsed, 'port') ?? 0
  if (port > 65535) throw new UsageError('--port must be between 0 and 65535', serveHelp)
  const host = await startHost({ core, rendererDir, port })
  printValue(io, { url: host.url, port: host.port, dataDir: core.dataDir }, () =>
    [
      `Switchboard is serving at ${host.url}`,
      `Data directory: ${core.dataDir}`,
      'Press Ctrl+C to stop.'
    ].join('\n')
  )
  const signal = await io.untilStopped()
  await host.close()
  if (!io.json) io.stderr(`Stopped (${signal}).`)
  return EXIT_OK
}
