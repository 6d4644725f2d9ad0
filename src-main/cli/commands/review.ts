import { resolve } from 'node:path'
import type { Core } from '../../core'
import { printable } from '../../core/printable'
import { BUNDLE_EXTENSION, type ReviewSelection } from '../../review/format'
import { describeSelection } from '../../review/format'
import { summarizeReviewBundle } from '../../review/summary'
import { flag, onePositional, parse, str, UsageError, type Parsed } from '../args'
import { commaList } from '../call'
import { EXIT_OK } from '../exitCodes'
import { printValue, table, type Io } from '../io'

export const reviewHelp = `Usage: switchboard review export (--domain NAME | --device NAME[,NAME…] | --runs ID[,ID…])
                                --out FILE [--force]
       switchboard review open FILE

Review bundles carry synchronization results to a machine that cannot reach the servers, for
review there, read-only.

export   Writes one file (by convention *.${BUNDLE_EXTENSION}) with the selected runs and their detailed
         logs, the inventory of the devices involved, the configuration (devices without any
         password, domains, jobs, settings) and the audit trail, with a manifest and checksums.
         --domain NAME       everything of a domain: its runs, users, service areas, number blocks,
                             roles, LDAP settings, and its devices with their runs and inventory
         --device NAME       the runs and inventory of these devices (comma-separated or repeated)
         --runs ID,ID…       these runs (a job run brings the synchronizations it started)
         --out FILE          where to write the bundle
         --force             replace FILE if it exists
open     Verifies a bundle and prints its manifest and a summary of what it holds.
         View it with: switchboard serve --review FILE`

export async function reviewCommand(argv: string[], io: Io, openCore: () => Core): Promise<number> {
  const [sub, ...rest] = argv
  if (sub === 'export') return exportBundle(openCore(), rest, io)
  if (sub === 'open') return openBundle(rest, io)
  throw new UsageError(
    sub === undefined ? 'missing review command' : `unknown review command "${sub}"`,
    reviewHelp
  )
}

function selectionOf(parsed: Parsed): ReviewSelection {
  const domain = str(parsed, 'domain')
  const devices = commaList((parsed.values.device as string[] | undefined) ?? [])
  const runs = commaList((parsed.values.runs as string[] | undefined) ?? [])
  const given = [domain !== undefined, devices.length > 0, runs.length > 0].filter(Boolean).length
  if (given !== 1)
    throw new UsageError('choose what to export: one of --domain, --device or --runs', reviewHelp)
  if (domain !== undefined) return { kind: 'domain', domain }
  if (devices.length > 0) return { kind: 'devices', devices }
  const bad = runs.find((id) => !/^\d+$/.test(id) || Number(id) === 0)
  if (bad !== undefined) throw new UsageError(`--runs must list run numbers, got "${bad}"`, reviewHelp)
  return { kind: 'runs', runs: runs.map(Number) }
}

async function exportBundle(core: Core, argv: string[], io: Io): Promise<number> {
  const parsed = parse(
    argv,
    {
      domain: { type: 'string' },
      device: { type: 'string', multiple: true },
      runs: { type: 'string', multiple: true },
      out: { type: 'string' },
      force: { type: 'boolean' }
    },
    reviewHelp
  )
  if (parsed.positionals.length > 0)
    throw new UsageError(`unexpected argument "${parsed.positionals[0]}"`, reviewHelp)
  const selection = selectionOf(parsed)
  const out = str(parsed, 'out')
  if (!out) throw new UsageError('missing --out FILE', reviewHelp)
  const result = await core.exportReviewBundle({
    selection,
    outFile: resolve(out),
    overwrite: flag(parsed, 'force')
  })
  const { counts } = result.manifest
  printValue(io, result, () =>
    [
      `Wrote ${result.file} (${result.bytes} bytes): ${describeSelection(result.manifest.selection)}.`,
      `${counts.runs} runs, ${counts.logEntries} log entries, ${counts.inventoryObjects} inventory objects, ${counts.users} users; ${counts.devices} devices and ${counts.domains} domains configured, ${counts.auditEntries} audit entries.`,
      'No passwords or keys are included. Open it with: switchboard review open FILE'
    ].join('\n')
  )
  return EXIT_OK
}

async function openBundle(argv: string[], io: Io): Promise<number> {
  const parsed = parse(argv, {}, reviewHelp)
  const file = resolve(onePositional(parsed, 'FILE', reviewHelp))
  const { manifest, summary } = await summarizeReviewBundle(file)
  // Every name below comes from the file: a terminal must not obey what it carries.
  const text = printable
  printValue(io, { file, manifest, summary }, () =>
    [
      `Review bundle ${file}`,
      `Created ${manifest.createdAt} by ${text(manifest.createdBy)} on ${text(manifest.createdOn)} with Switchboard ${text(manifest.appVersion)} (bundle format ${manifest.formatVersion}, store schema ${manifest.schemaVersion})`,
      `Selection: ${describeSelection(manifest.selection)}`,
      `Checksums (SHA-256): database ${manifest.database.sha256}, content ${manifest.payload.sha256}: verified`,
      '',
      `Runs: ${summary.runs}${
        summary.runs > 0
          ? ` (${Object.entries(summary.runsByKind)
              .map(([kind, n]) => `${text(kind)} ${n}`)
              .join(', ')})`
          : ''
      }`,
      `Log entries: ${summary.logEntries} · inventory objects: ${summary.inventoryObjects} · users: ${summary.users} · jobs: ${summary.jobs} · audit entries: ${summary.auditEntries}`,
      '',
      `Source devices (${manifest.sourceDevices.length} of ${summary.devices.length} configured):`,
      manifest.sourceDevices.length === 0
        ? 'none'
        : table(
            ['NAME', 'KIND', 'PRODUCT', 'HOST'],
            manifest.sourceDevices.map((d) => [d.name, d.kind, d.product, d.host].map((cell) => text(cell)))
          ),
      '',
      'Domains:',
      summary.domains.length === 0
        ? 'none'
        : table(
            ['NAME', 'USERS'],
            summary.domains.map((d) => [text(d.name), String(d.users)])
          ),
      '',
      `View it read-only: switchboard serve --review ${file}`
    ].join('\n')
  )
  return EXIT_OK
}
