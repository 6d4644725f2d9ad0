import { join, resolve } from 'node:path'
import type { Core } from '../../core'
import { printable } from '../../core/printable'
import { openReviewCore, readReviewSigners } from '../../review/open'
import { flag, int, noPositionals, parse, str, UsageError, type Parsed } from '../args'
import { flagOptions, valueOptions } from '../options'
import { signerLine } from './review'
import { EXIT_FAILED, EXIT_OK } from '../exitCodes'
import { printError, printValue, type Io } from '../io'

export const serveHelp = `Usage: switchboard serve [--port N] [--demo | --demo-if-empty]
       switchboard serve --review FILE [--port N]

Serves the Switchboard user interface and its API on http://127.0.0.1 only, for machines without a
display or without the Electron binary. Open the printed URL (it carries a random per-run access
token) in a browser on this machine. Stop with Ctrl+C.

Options:
  --port N          listen on port N (default: a free port)
  --demo            also start the built-in demo lab and register its devices
  --demo-if-empty   start the demo lab only when no device is configured yet
  --review FILE     serve a review bundle (switchboard review export) read-only, from a temporary
                    copy, nothing contacts a device; of the data directory only the signing key and
                    trusted signers are read, to say who signed the bundle. A bundle whose
                    signature is invalid is refused.`

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
  const serveOptions = { ...valueOptions('port'), ...flagOptions('demo', 'demo-if-empty') }
  const parsed = parse(argv, mode === 'demo' ? { port: serveOptions.port } : serveOptions, help)
  noPositionals(parsed, help)
  const port = portOf(parsed, help)

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
  return serveUntilStopped(core, io, rendererDir, port, { demo }, [
    `Data directory: ${core.dataDir}`,
    ...(demo ? ['The demo lab is running: its devices are listed in Device Setup.'] : [])
  ])
}

/** `serve --review FILE` runs before any data directory is opened (see run.ts). */
export function servesReview(argv: string[]): boolean {
  return argv.some((arg) => arg === '--review' || arg.startsWith('--review='))
}

export async function serveReviewCommand(
  argv: string[],
  io: Io,
  dataDir: string,
  rendererDir = join(__dirname, '../renderer')
): Promise<number> {
  const parsed = parse(argv, valueOptions('review', 'port'), serveHelp)
  noPositionals(parsed, serveHelp)
  const file = str(parsed, 'review')
  if (!file) throw new UsageError('--review needs the bundle file', serveHelp)
  const port = portOf(parsed, serveHelp)
  const core = await openReviewCore(resolve(file), { host: 'headless', signers: readReviewSigners(dataDir) })
  try {
    const review = core.manifest
    const signer = signerLine(core.signer, resolve(file), io)
    return await serveUntilStopped(
      core,
      io,
      rendererDir,
      port,
      { review: resolve(file), signer: core.signer },
      [
        `Review bundle ${resolve(file)}, read-only: created ${review.createdAt} by ${printable(review.createdBy)} on ${printable(review.createdOn)}.`,
        signer
      ]
    )
  } finally {
    await core.close()
  }
}

function portOf(parsed: Parsed, help: string): number {
  const port = int(parsed, 'port') ?? 0
  if (port > 65535) throw new UsageError('--port must be between 0 and 65535', help)
  return port
}

async function serveUntilStopped(
  core: Core,
  io: Io,
  rendererDir: string,
  port: number,
  details: Record<string, unknown>,
  lines: string[]
): Promise<number> {
  // The host (ws) loads only for the commands that serve.
  const { startHost } = await import('../../host/server')
  const host = await startHost({ core, rendererDir, port })
  printValue(io, { url: host.url, port: host.port, dataDir: core.dataDir, ...details }, () =>
    [`Switchboard is serving at ${host.url}`, ...lines, 'Press Ctrl+C to stop.'].join('\n')
  )
  const signal = await io.untilStopped()
  await host.close()
  if (!io.json) io.stderr(`Stopped (${signal}).`)
  return EXIT_OK
}
