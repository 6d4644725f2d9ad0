import { basename, resolve } from 'node:path'
import { describeSigner, type ReviewSigner } from '../../../src-preload/contract'
import { formatFingerprint } from '../../connectors/common/tls'
import type { Core } from '../../core'
import { UserError } from '../../core/errors'
import { printable } from '../../core/printable'
import { BUNDLE_EXTENSION, type ReviewManifest, type ReviewSelection } from '../../review/format'
import { describeSelection } from '../../review/format'
import { readReviewSigners, verifyBundleFile } from '../../review/open'
import { summarizeReviewBundle } from '../../review/summary'
import { flag, noPositionals, onePositional, parse, str, UsageError, type Parsed } from '../args'
import { flagOptions, repeatableOptions, valueOptions } from '../options'
import { callAndPrint, commaList } from '../call'
import { EXIT_OK } from '../exitCodes'
import { printValue, table, type Io } from '../io'

export const reviewHelp = `Usage: switchboard review export (--domain NAME | --device NAME[,NAME…] | --runs ID[,ID…])
                                --out FILE [--force]
       switchboard review open FILE
       switchboard review trust FILE --name NAME [--fingerprint SHA256]
       switchboard review trust --fingerprint SHA256 --name NAME
       switchboard review untrust SHA256
       switchboard review signers

Review bundles carry synchronization results to a machine that cannot reach the servers, for
review there, read-only. Each bundle is signed with this installation's key (made on the first
export, kept encrypted in the data directory, never exported).

export   Writes one file (by convention *.${BUNDLE_EXTENSION}) with the selected runs and their detailed
         logs, the job runs that started them, the inventory and configuration of the devices,
         domains and jobs involved (devices without any password), the settings and the audit
         entries about them, with a manifest (which counts what was left out) and checksums,
         signed.
         --domain NAME       everything of a domain: its runs, users, service areas, number blocks,
                             roles, LDAP settings, and its devices with their runs and inventory
         --device NAME       the runs and inventory of these devices (comma-separated or repeated)
         --runs ID,ID…       these runs (a job run brings the synchronizations it started)
         --out FILE          where to write the bundle
         --force             replace FILE if it exists
open     Verifies a bundle and prints its signer, its manifest and a summary of what it holds. The
         signer is this installation, a colleague trusted here, an UNKNOWN SIGNER or UNSIGNED (the
         last two are warned about); a bundle whose signature is INVALID is refused (exit 2).
         View it with: switchboard serve --review FILE
trust    Trusts the key that signed FILE (check its fingerprint with the sender first), once: bundles
         it signs then open as signed by NAME. --fingerprint alone trusts a key read out by its
         owner (switchboard review signers); with FILE, it must be the key that signed FILE.
untrust  Stops trusting a key.
signers  This installation's own key and the keys it trusts.`

export async function reviewCommand(
  argv: string[],
  io: Io,
  dataDir: string,
  openCore: () => Core
): Promise<number> {
  const [sub, ...rest] = argv
  switch (sub) {
    case 'export':
      return exportBundle(openCore(), rest, io)
    case 'open':
      return openBundle(rest, io, dataDir)
    case 'trust':
      return trustSigner(rest, io, openCore)
    case 'untrust': {
      const fingerprint = onePositional(parse(rest, {}, reviewHelp), 'SHA256 fingerprint', reviewHelp)
      return callAndPrint(
        openCore(),
        io,
        'review:untrust',
        { fingerprint },
        (s) => `No longer trusted: ${s.fingerprint} ("${printable(s.name)}").`
      )
    }
    case 'signers':
      parse(rest, {}, reviewHelp)
      return callAndPrint(openCore(), io, 'review:signers', {}, (signers) =>
        [
          `This installation: ${signers.own ? `${signers.own.fingerprint} (made ${signers.own.createdAt})` : 'no key yet (it is made on the first export)'}`,
          '',
          signers.trusted.length === 0
            ? 'No other signer is trusted.'
            : table(
                ['NAME', 'FINGERPRINT', 'TRUSTED', 'BY'],
                signers.trusted.map((t) => [
                  printable(t.name),
                  t.fingerprint,
                  t.trustedAt,
                  printable(t.trustedBy)
                ])
              )
        ].join('\n')
      )
  }
  throw UsageError.unknownCommand('review', sub, reviewHelp)
}

/**
 * The signer's line of `review open` and `serve --review`; an unknown or missing signature is also
 * said on standard error, so it shows with --json and beside a served URL.
 */
export function signerLine(signer: ReviewSigner, file: string, io: Io): string {
  const { warning, headline, detail } = describeSigner(signer)
  const line = printable(`${headline}: ${detail}`)
  if (warning) {
    io.stderr(`WARNING: ${line}`)
    if (signer.status === 'unknown')
      io.stderr(
        `To trust this signer once its fingerprint is checked with the sender: switchboard review trust ${file} --name NAME`
      )
  }
  return `Signer: ${line}`
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
    { ...valueOptions('domain', 'out'), ...repeatableOptions('device', 'runs'), ...flagOptions('force') },
    reviewHelp
  )
  noPositionals(parsed, reviewHelp)
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
      `Signed with this installation's key ${result.signerFingerprint}.`,
      `${counts.runs} runs, ${counts.logEntries} log entries, ${counts.inventoryObjects} inventory objects, ${counts.users} users; ${counts.devices} devices and ${counts.domains} domains configured, ${counts.auditEntries} audit entries.`,
      ...leftOutLine(result.manifest),
      'No passwords or keys are included. Open it with: switchboard review open FILE'
    ].join('\n')
  )
  return EXIT_OK
}

/** What the selection did not need, as the manifest counts it (bundles before format 3 do not). */
function leftOutLine(manifest: ReviewManifest): string[] {
  const left = manifest.leftOut
  if (!left) return []
  const parts = [
    [left.devices, 'devices'],
    [left.domains, 'domains'],
    [left.jobs, 'jobs'],
    [left.runs, 'runs'],
    [left.logEntries, 'log entries'],
    [left.inventoryObjects, 'inventory objects'],
    [left.users, 'users'],
    [left.auditEntries, 'audit entries']
  ] as const
  const named = parts.filter(([n]) => n > 0).map(([n, what]) => `${n} ${what}`)
  return [`Left out (not needed by the selection): ${named.length > 0 ? named.join(', ') : 'nothing'}.`]
}

async function openBundle(argv: string[], io: Io, dataDir: string): Promise<number> {
  const parsed = parse(argv, {}, reviewHelp)
  const file = resolve(onePositional(parsed, 'FILE', reviewHelp))
  const { manifest, signer, summary } = await summarizeReviewBundle(file, readReviewSigners(dataDir))
  const signedBy = signerLine(signer, file, io)
  // Every name below comes from the file: a terminal must not obey what it carries.
  const text = printable
  printValue(io, { file, signer, manifest, summary }, () =>
    [
      `Review bundle ${file}`,
      signedBy,
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
      ...leftOutLine(manifest),
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

/** `review trust`: the signer of a bundle, or a fingerprint read out by its owner, trusted by name. */
async function trustSigner(argv: string[], io: Io, openCore: () => Core): Promise<number> {
  const parsed = parse(argv, valueOptions('name', 'fingerprint'), reviewHelp)
  if (parsed.positionals.length > 1)
    throw new UsageError(`unexpected argument "${parsed.positionals[1]}"`, reviewHelp)
  const name = str(parsed, 'name')
  if (name === undefined) throw new UsageError('missing --name NAME (whose key it is)', reviewHelp)
  const given = str(parsed, 'fingerprint')
  const [fileArg] = parsed.positionals
  if (fileArg === undefined) {
    if (given === undefined)
      throw new UsageError('give the bundle FILE whose signer to trust, or --fingerprint SHA256', reviewHelp)
    return callAndPrint(openCore(), io, 'review:trust', { fingerprint: given, name }, trustedLine)
  }
  const file = resolve(fileArg)
  const { manifest, signer } = await verifyBundleFile(file)
  if (!signer) throw new UserError('VALIDATION', `${file} is unsigned: it names no signer to trust.`, 'file')
  if (given !== undefined && formatFingerprint(given) !== signer.fingerprint)
    throw new UserError(
      'VALIDATION',
      `${file} is signed by ${signer.fingerprint}, not by --fingerprint ${given}: nothing was trusted.`,
      'fingerprint'
    )
  const trustedFrom = `${basename(file)}, created ${manifest.createdAt} by ${printable(manifest.createdBy)} on ${printable(manifest.createdOn)}`
  return callAndPrint(
    openCore(),
    io,
    'review:trust',
    { fingerprint: signer.fingerprint, name, trustedFrom: printable(trustedFrom, 500) },
    trustedLine
  )
}

const trustedLine = (signer: { fingerprint: string; name: string }): string =>
  `Trusted ${signer.fingerprint} as "${printable(signer.name)}": bundles it signs now open as signed by ${printable(signer.name)}.`
