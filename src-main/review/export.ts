// `switchboard review export`: the selected runs with their logs, the inventory and configuration of
// the devices, domains and jobs involved and the audit entries about them, in one file without any
// credential; the manifest counts what was left out.
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { promisify } from 'node:util'
import { gzip } from 'node:zlib'
import Database from 'better-sqlite3'
import type { ReviewBundleFile } from '../../src-preload/contract'
import { osUser } from '../audit'
import type { Clock } from '../core/clock'
import { UserError } from '../core/errors'
import { APP_VERSION } from '../core/version'
import { KEY_FILE } from '../secrets/keyFile'
import type { SecretBox } from '../secrets/secretBox'
import type { Store } from '../store'
import { schemaVersion, type Db } from '../store/db'
import {
  BUNDLE_EXTENSION,
  BUNDLE_FORMAT,
  BUNDLE_FORMAT_VERSION,
  describeSelection,
  encodeBundle,
  manifestSigner,
  sha256,
  type ReviewManifest,
  type ReviewSelection
} from './format'
import { pruneCopy, tablesWithoutRule, type ResolvedSelection } from './prune'
import { rawPublicKey, signerFingerprint } from './signature'
import { installationSigningKey, signingKeyForms } from './signingKey'

const gzipAsync = promisify(gzip)

/**
 * Passwords shorter than this are not searched for in the bundle: they would match ordinary words
 * in inventory and logs and refuse every export. Ciphertexts and the key are always searched for.
 */
const MIN_SCANNED_PASSWORD_LENGTH = 6

export interface ReviewExportDeps {
  store: Store
  /** Opens the stored passwords, to check that none of them reaches the bundle. */
  secrets: SecretBox
  dataDir: string
  clock: Clock
  sqliteBinding?: string
}

export interface ReviewExportRequest {
  selection: ReviewSelection
  outFile: string
  /** Replace an existing file (otherwise an existing file is refused). */
  overwrite?: boolean
}

export interface ReviewExportResult {
  file: string
  bytes: number
  manifest: ReviewManifest
  /** This installation's key, which signed the bundle. */
  signerFingerprint: string
}

/**
 * Writes a bundle of the selection to `outFile`: next to it first, then renamed into place, so a
 * failed export leaves no partial file.
 */
export async function exportReviewBundle(
  deps: ReviewExportDeps,
  request: ReviewExportRequest
): Promise<ReviewExportResult> {
  const resolved = resolveSelection(deps.store, request.selection)
  checkDestination(request)
  const { bundle, manifest, signerFingerprint } = await buildBundle(deps, resolved)
  const partial = `${request.outFile}.partial-${process.pid}`
  try {
    writeFileSync(partial, bundle, { mode: 0o600 })
    renameSync(partial, request.outFile)
  } finally {
    rmSync(partial, { force: true })
  }
  return { file: request.outFile, bytes: bundle.length, manifest, signerFingerprint }
}

/** A bundle of the selection in memory, for a page to download (it has no path to write to). */
export async function reviewBundleOf(
  deps: ReviewExportDeps,
  selection: ReviewSelection
): Promise<{ bundle: Buffer; manifest: ReviewManifest }> {
  return buildBundle(deps, resolveSelection(deps.store, selection))
}

/**
 * Copies the store (VACUUM INTO), prunes the copy to the selection and removes every secret, checks
 * that no stored secret is left in it, and returns the bundle signed with the installation's key.
 */
async function buildBundle(
  deps: ReviewExportDeps,
  resolved: ResolvedSelection
): Promise<{ bundle: Buffer; manifest: ReviewManifest; signerFingerprint: string }> {
  const unknownTables = tablesWithoutRule(deps.store.db)
  if (unknownTables.length > 0)
    throw new Error(
      `The store has tables review bundles do not know yet (${unknownTables.join(', ')}); they are not exported unexamined. Give them a rule in src-main/review/prune.ts.`
    )
  // Made before the copy on the first export, so the copy holds it and the check below proves it gone.
  const signingKey = installationSigningKey(deps)
  const workDir = mkdtempSync(join(tmpdir(), 'switchboard-review-export-'))
  try {
    const copyFile = join(workDir, 'bundle.sqlite3')
    deps.store.db.prepare('VACUUM INTO ?').run(copyFile)
    const copy = new Database(copyFile, deps.sqliteBinding ? { nativeBinding: deps.sqliteBinding } : {})
    let described: Pick<ReviewManifest, 'counts' | 'leftOut' | 'sourceDevices' | 'schemaVersion'>
    try {
      const whole = countContent(copy)
      pruneCopy(copy, resolved)
      const counts = countContent(copy)
      described = {
        counts,
        leftOut: leftOut(whole, counts),
        sourceDevices: copy
          .prepare(
            'SELECT name, kind, product, host FROM devices WHERE id IN (SELECT id FROM temp.keep_devices) ORDER BY name COLLATE NOCASE'
          )
          .all() as ReviewManifest['sourceDevices'],
        schemaVersion: schemaVersion(copy)
      }
      // Rebuilt from scratch: nothing of the removed rows survives in free pages.
      copy.exec('VACUUM')
    } finally {
      copy.close()
    }
    const database = readFileSync(copyFile)
    const payload = await gzipAsync(database, { level: 9 })
    const manifest: ReviewManifest = {
      format: BUNDLE_FORMAT,
      formatVersion: BUNDLE_FORMAT_VERSION,
      appVersion: APP_VERSION,
      createdAt: deps.clock.now().toISOString(),
      createdBy: osUser(),
      createdOn: hostname(),
      selection: resolved.selection,
      ...described,
      database: { bytes: database.length, sha256: sha256(database) },
      payload: { encoding: 'gzip', bytes: payload.length, sha256: sha256(payload) },
      signer: manifestSigner(signingKey)
    }
    const bundle = encodeBundle(manifest, payload, signingKey)
    refuseIfSecretsRemain(deps, [database, Buffer.from(JSON.stringify(manifest))])
    return { bundle, manifest, signerFingerprint: signerFingerprint(rawPublicKey(signingKey)) }
  } finally {
    rmSync(workDir, { recursive: true, force: true })
  }
}

/** A bundle for the page to save through the browser's download: `review:export`. */
export async function reviewBundleFile(
  deps: ReviewExportDeps,
  selection: ReviewSelection
): Promise<ReviewBundleFile> {
  const { bundle, manifest } = await reviewBundleOf(deps, selection)
  const { runs, logEntries, inventoryObjects, users, devices, domains, auditEntries } = manifest.counts
  return {
    fileName: bundleFileName(manifest),
    contentBase64: bundle.toString('base64'),
    bytes: bundle.length,
    selection: describeSelection(manifest.selection),
    counts: { runs, logEntries, inventoryObjects, users, devices, domains, auditEntries }
  }
}

/** `switchboard-review-domain-west-20261203-0942.swreview`: what it holds and when, safe as a file name. */
export function bundleFileName(manifest: ReviewManifest): string {
  const { selection } = manifest
  const what =
    selection.kind === 'domain'
      ? `domain-${selection.domain}`
      : selection.kind === 'devices'
        ? `device-${selection.devices.join('-')}`
        : `runs-${selection.runs.join('-')}`
  const slug = what
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60)
  const stamp = manifest.createdAt.slice(0, 16).replace(/[-:]/g, '').replace('T', '-')
  return `switchboard-review-${slug}-${stamp}.${BUNDLE_EXTENSION}`
}

/** Names to ids, refusing what does not exist; the manifest records the names as stored. */
function resolveSelection(store: Store, selection: ReviewSelection): ResolvedSelection {
  switch (selection.kind) {
    case 'domain': {
      const domain = store.domains.byName(selection.domain)
      if (!domain) throw new UserError('NOT_FOUND', `No domain named "${selection.domain}".`, 'domain')
      return {
        selection: { kind: 'domain', domain: domain.name },
        domainId: domain.id,
        deviceIds: [],
        runIds: []
      }
    }
    case 'devices': {
      const devices = selection.devices.map((name) => {
        const device = store.devices.byName(name)
        if (!device) throw new UserError('NOT_FOUND', `No device named "${name}".`, 'device')
        return device
      })
      return {
        selection: { kind: 'devices', devices: [...new Set(devices.map((d) => d.name))] },
        deviceIds: devices.map((d) => d.id),
        runIds: []
      }
    }
    case 'runs': {
      const runIds = [...new Set(selection.runs)].sort((a, b) => a - b)
      const missing = runIds.filter((id) => !store.syncRuns.get(id))
      if (missing.length > 0)
        throw new UserError('NOT_FOUND', `No run with id ${missing.join(', ')}.`, 'runs')
      return { selection: { kind: 'runs', runs: runIds }, deviceIds: [], runIds }
    }
  }
}

function checkDestination(request: ReviewExportRequest): void {
  const folder = dirname(request.outFile)
  if (!existsSync(folder) || !statSync(folder).isDirectory())
    throw new UserError('NOT_FOUND', `The folder ${folder} does not exist.`, 'out')
  if (existsSync(request.outFile) && !request.overwrite)
    throw new UserError(
      'CONFLICT',
      `${request.outFile} already exists: choose another file name, or add --force to replace it.`,
      'out'
    )
}

function countContent(copy: Db): ReviewManifest['counts'] {
  const count = (sql: string): number => (copy.prepare(sql).pluck().get() as number | undefined) ?? 0
  const byKind = copy
    .prepare('SELECT kind, COUNT(*) AS runs FROM sync_runs GROUP BY kind ORDER BY kind')
    .all() as {
    kind: string
    runs: number
  }[]
  return {
    runs: count('SELECT COUNT(*) FROM sync_runs'),
    runsByKind: Object.fromEntries(byKind.map((r) => [r.kind, r.runs])),
    logEntries: count('SELECT COUNT(*) FROM sync_log'),
    inventoryObjects: count('SELECT COUNT(*) FROM inventory'),
    devices: count('SELECT COUNT(*) FROM devices'),
    domains: count('SELECT COUNT(*) FROM domains'),
    users: count('SELECT COUNT(*) FROM domain_users'),
    jobs: count('SELECT COUNT(*) FROM jobs'),
    auditEntries: count('SELECT COUNT(*) FROM audit_log')
  }
}

/** What the store holds that the bundle does not, per kind of content. */
function leftOut(
  whole: ReviewManifest['counts'],
  kept: ReviewManifest['counts']
): NonNullable<ReviewManifest['leftOut']> {
  return {
    runs: whole.runs - kept.runs,
    logEntries: whole.logEntries - kept.logEntries,
    inventoryObjects: whole.inventoryObjects - kept.inventoryObjects,
    devices: whole.devices - kept.devices,
    domains: whole.domains - kept.domains,
    users: whole.users - kept.users,
    jobs: whole.jobs - kept.jobs,
    auditEntries: whole.auditEntries - kept.auditEntries
  }
}

interface KnownSecret {
  /** Says which secret it is without saying the secret. */
  label: string
  bytes: Buffer
}

/**
 * Every stored password (encrypted, and in clear where this process can open it), the key file and
 * the review signing key.
 */
function knownSecrets(deps: ReviewExportDeps): KnownSecret[] {
  const rows = deps.store.db
    .prepare(
      'SELECT d.name, s.purpose, s.ciphertext FROM device_secrets s JOIN devices d ON d.id = s.device_id'
    )
    .all() as { name: string; purpose: string; ciphertext: string }[]
  const secrets: KnownSecret[] = []
  for (const row of rows) {
    const label = `${row.purpose} of device ${row.name}`
    secrets.push({ label: `encrypted ${label}`, bytes: Buffer.from(row.ciphertext) })
    // Without its scheme prefix, in case something stored the bare ciphertext.
    secrets.push({
      label: `encrypted ${label}`,
      bytes: Buffer.from(row.ciphertext.replace(/^[a-z0-9]+:/, ''))
    })
    if (!deps.secrets.canDecrypt(row.ciphertext)) continue
    try {
      const plain = deps.secrets.decrypt(row.ciphertext)
      if (plain.length >= MIN_SCANNED_PASSWORD_LENGTH) secrets.push({ label, bytes: Buffer.from(plain) })
    } catch {
      // A ciphertext this process cannot open is still searched for as ciphertext.
    }
  }
  const keyFile = join(deps.dataDir, KEY_FILE)
  if (existsSync(keyFile)) {
    const key = readFileSync(keyFile)
    for (const form of [key, Buffer.from(key.toString('hex')), Buffer.from(key.toString('base64'))])
      secrets.push({ label: 'secret key of the data directory', bytes: form })
  }
  for (const form of signingKeyForms(deps))
    secrets.push({ label: 'private review-bundle signing key of this installation', bytes: form })
  return secrets
}

/** The last line of defence: the pruned database and the manifest contain no stored secret. */
function refuseIfSecretsRemain(deps: ReviewExportDeps, contents: Buffer[]): void {
  for (const secret of knownSecrets(deps)) {
    if (secret.bytes.length === 0) continue
    if (contents.some((content) => content.includes(secret.bytes)))
      throw new Error(
        `The review bundle was not written: the ${secret.label} appears in the data selected for it. Nothing was exported; report this, it is a Switchboard bug or the password also occurs in device data.`
      )
  }
}
