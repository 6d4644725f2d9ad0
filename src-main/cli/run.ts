import { createCore, type Core } from '../core'
import { defaultDataDir } from '../core/dataDir'
import { UserError } from '../core/errors'
import { APP_VERSION } from '../core/version'
import { UsageError } from './args'
import { auditCommand, auditHelp } from './commands/audit'
import { changeNotificationCommand, changeNotificationHelp } from './commands/changeNotification'
import { devicesCommand, devicesHelp } from './commands/devices'
import { dnBlocksCommand, dnBlocksHelp } from './commands/dnBlocks'
import { numbersCommand, numbersHelp } from './commands/numbers'
import { domainsCommand, domainsHelp } from './commands/domains'
import { inventoryCommand, inventoryHelp } from './commands/inventory'
import { jobsCommand, jobsHelp } from './commands/jobs'
import { labCommand, labHelp } from './commands/lab'
import { logsCommand, logsHelp } from './commands/logs'
import { ordersCommand, ordersHelp } from './commands/orders'
import { reviewCommand, reviewHelp } from './commands/review'
import { rolesCommand, rolesHelp } from './commands/roles'
import { demoHelp, serveCommand, serveHelp, serveReviewCommand, servesReview } from './commands/serve'
import { serviceAreasCommand, serviceAreasHelp } from './commands/serviceAreas'
import { settingsCommand, settingsHelp } from './commands/settings'
import { syncCommand, syncHelp } from './commands/sync'
import { usersCommand, usersHelp } from './commands/users'
import { writeBackCommand, writeBackHelp } from './commands/writeBack'
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, exitCodeFor } from './exitCodes'
import { printError, type Io } from './io'

export const mainHelp = `Switchboard ${APP_VERSION}: Cisco collaboration provisioning and synchronization

Usage: switchboard [--json] [--progress] [--data-dir DIR] <command> [options]

Commands:
  devices   Device Setup: add, list, show, edit, delete, test, trust
  sync      Synchronize a device (infrastructure, users), a domain or a domain's directory; list runs;
            sync.sh-style mass and granular (-g FILE) synchronization
  jobs      Schedule Synchronization: jobs that run synchronizations at set times
  domains   Provisioning Setup: domains and their synchronization rules
  service-areas  Service areas of a domain (matching attributes, processors, roles)
  dn-blocks Directory number blocks of service areas
  numbers   Directory numbers of a service area: available, in use, reserved; the next free one;
            reserve one for a user, release it
  roles     User roles of a domain
  users     Users domain synchronization filed, with their services; global search
  writeback Write users' primary directory numbers back to the domain's directory
  orders    Changes to Unified CM and Unity Connection: list, show, submit an order file (or
            dry-run it), retry, roll back, cancel
  inventory What the last synchronizations of a device read
  logs      Run history of every kind: list, a run's log, export (CSV, JSON), compare two runs
  audit     The audit trail: who changed what and started which action; export (CSV, JSON)
  review    Review bundles: export runs, logs, inventory and configuration (no passwords) to one
            signed file; open one to check it and its signer (serve --review FILE shows it
            read-only); trust a colleague's signing key
  change-notification  Keep a Call Processor's inventory current between full synchronizations
  settings  Show or change application settings (run history kept per kind: count and age)
  serve     Run the user interface headless on 127.0.0.1 (open it in a browser)
  lab       Start the simulated lab servers (Unified CM, IM and Presence, Unity Connection, AD)
  demo      Start a small lab, register its devices and serve the user interface
  help      Show help for a command: switchboard help devices

Global options:
  --json          machine-readable output on stdout (no colour, no prose)
  --progress      progress of synchronizations on stderr, one line each, also when stderr is no
                  terminal (a log file, a script watching the run)
  --data-dir DIR  data directory (default: $SWITCHBOARD_DATA_DIR, else the desktop app's)
  --help, -h      show help
  --version       print the version

Exit codes: 0 ok, 1 operation failed, 2 usage or validation error (nothing changed), 3 busy: the data\ndirectory or the device is in use by another Switchboard process or run (nothing changed; try again later).`

const helpFor: Record<string, string> = {
  devices: devicesHelp,
  sync: syncHelp,
  jobs: jobsHelp,
  inventory: inventoryHelp,
  logs: logsHelp,
  audit: auditHelp,
  'change-notification': changeNotificationHelp,
  settings: settingsHelp,
  domains: domainsHelp,
  'service-areas': serviceAreasHelp,
  'dn-blocks': dnBlocksHelp,
  numbers: numbersHelp,
  roles: rolesHelp,
  users: usersHelp,
  writeback: writeBackHelp,
  orders: ordersHelp,
  serve: serveHelp,
  review: reviewHelp,
  demo: demoHelp,
  lab: labHelp
}

/** Splits global options (before or after the command) from the command's own arguments. */
function splitGlobals(argv: string[]): {
  json: boolean
  progress: boolean
  dataDir?: string
  help: boolean
  version: boolean
  rest: string[]
} {
  const rest: string[] = []
  let json = false
  let progress = false
  let help = false
  let version = false
  let dataDir: string | undefined
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '--json') json = true
    else if (arg === '--progress') progress = true
    else if (arg === '--help' || arg === '-h') help = true
    else if (arg === '--version') version = true
    else if (arg === '--data-dir') {
      if (i + 1 >= argv.length) throw new UsageError("option '--data-dir <value>' argument missing")
      dataDir = argv[++i]
    } else if (arg.startsWith('--data-dir=')) dataDir = arg.slice('--data-dir='.length)
    else rest.push(arg)
  }
  return { json, progress, dataDir, help, version, rest }
}

/** Runs one CLI invocation and returns its exit code. */
export async function runCli(argv: string[], io: Omit<Io, 'json'>): Promise<number> {
  let json = argv.includes('--json')
  const out: Io = { ...io, json }
  let core: Core | undefined
  try {
    const globals = splitGlobals(argv)
    json = globals.json
    // Lines rather than a status line rewritten in place; the empty report that clears it is no line.
    if (globals.progress)
      out.progress = (text) => {
        if (text) io.stderr(`progress: ${text}`)
      }
    const [command, ...args] = globals.rest
    out.command = globals.rest
    if (globals.version) {
      out.stdout(json ? JSON.stringify({ version: APP_VERSION }) : APP_VERSION)
      return EXIT_OK
    }
    if (command === undefined || command === 'help') {
      const topic = args[0]
      if (topic !== undefined && !helpFor[topic])
        throw new UsageError(`no help for unknown command "${topic}"`, mainHelp)
      out.stdout(topic ? helpFor[topic] : mainHelp)
      return command === undefined && !globals.help ? EXIT_USAGE : EXIT_OK
    }
    if (!helpFor[command]) throw new UsageError(`unknown command "${command}"`, mainHelp)
    if (globals.help) {
      out.stdout(helpFor[command])
      return EXIT_OK
    }
    // The lab keeps no state of its own: it needs no data directory.
    if (command === 'lab') return await labCommand(args, out)
    const dataDir = globals.dataDir ?? defaultDataDir(io.env)
    // A review bundle is opened from a temporary copy; of the data directory, only its signing key
    // and trusted signers are read, without its lock.
    if (command === 'serve' && servesReview(args)) return await serveReviewCommand(args, out, dataDir)
    // Of the review commands, only export, trust and untrust take the data directory.
    if (command === 'review')
      return await reviewCommand(args, out, dataDir, () => (core = createCore({ dataDir, host: 'cli' })))
    // Only the long-running host polls change notification in the background.
    const serving = command === 'serve' || command === 'demo'
    core = createCore({
      dataDir,
      host: serving ? 'headless' : 'cli',
      background: serving
    })
    switch (command) {
      case 'devices':
        return await devicesCommand(core, args, out)
      case 'serve':
        return await serveCommand(core, args, out)
      case 'demo':
        return await serveCommand(core, args, out, 'demo')
      case 'sync':
        return await syncCommand(core, args, out)
      case 'jobs':
        return await jobsCommand(core, args, out)
      case 'inventory':
        return await inventoryCommand(core, args, out)
      case 'logs':
        return await logsCommand(core, args, out)
      case 'audit':
        return await auditCommand(core, args, out)
      case 'change-notification':
        return await changeNotificationCommand(core, args, out)
      case 'settings':
        return await settingsCommand(core, args, out)
      case 'domains':
        return await domainsCommand(core, args, out)
      case 'service-areas':
        return await serviceAreasCommand(core, args, out)
      case 'dn-blocks':
        return await dnBlocksCommand(core, args, out)
      case 'numbers':
        return await numbersCommand(core, args, out)
      case 'roles':
        return await rolesCommand(core, args, out)
      case 'users':
        return await usersCommand(core, args, out)
      case 'writeback':
        return await writeBackCommand(core, args, out)
      case 'orders':
        return await ordersCommand(core, args, out)
    }
    throw new UsageError(`unknown command "${command}"`, mainHelp)
  } catch (error) {
    // Refusals raised before any command ran (the data directory is in use).
    if (error instanceof UserError) {
      printError(out, error.toAppError())
      return exitCodeFor(error.code)
    }
    if (error instanceof UsageError) {
      if (json) out.stdout(JSON.stringify({ error: { code: 'USAGE', message: error.message } }, null, 2))
      else out.stderr(`error: ${error.message}${error.help ? `\n\n${error.help}` : ''}`)
      return EXIT_USAGE
    }
    const message = error instanceof Error ? error.message : String(error)
    if (json) out.stdout(JSON.stringify({ error: { code: 'INTERNAL', message } }, null, 2))
    else out.stderr(`error: ${message}`)
    return EXIT_FAILED
  } finally {
    await core?.close()
  }
}
