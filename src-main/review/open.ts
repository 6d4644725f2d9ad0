// Opening a review bundle: verify everything, extract the database into a fresh temporary data
// directory, and run a read-only Core on it. The user's own data directory is never touched.
import { createHash } from 'node:crypto'
import { createReadStream, createWriteStream, existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { createGunzip } from 'node:zlib'
import Database from 'better-sqlite3'
import type { AppInfo, ReviewInfo, ReviewSigner, ReviewSigners } from '../../src-preload/contract'
import { createCore, DATABASE_FILE, type Core } from '../core'
import { printable } from '../core/printable'
import { migrate, schemaVersion } from '../store/db'
import { migrations } from '../store/migrations'
import { ReviewSignersTable } from '../store/reviewSigners'
import {
  describeSelection,
  readBundleFile,
  ReviewBundleError,
  type BundleFile,
  type BundleSigner,
  type ReviewManifest
} from './format'
import { refusingSecretBox } from './readOnly'
import { schemaProblem } from './schema'
import { signersOf, signerStatus } from './trust'

export interface ExtractedBundle {
  manifest: ReviewManifest
  /** The key whose signature was verified; undefined for an unsigned (format 1) bundle. */
  signer?: BundleSigner
  /** A fresh temporary data directory holding the bundle's database. */
  dataDir: string
  /** Deletes the temporary data directory. */
  remove(): void
}

/** Checks a bundle's layout, manifest, checksums and signature, without extracting anything. */
export async function verifyBundleFile(file: string): Promise<BundleFile> {
  if (!existsSync(file)) throw new ReviewBundleError('missing', file, 'there is no such file.')
  return readBundleFile(file)
}

/**
 * Verifies a bundle (layout, manifest, checksums, signature, schema, SQLite integrity) and extracts its
 * database. Nothing in the file names a path: the database is written under a fixed name in a fresh
 * directory. Any refusal removes what was extracted: nothing is left half done.
 */
export async function extractReviewBundle(
  file: string,
  options: { sqliteBinding?: string } = {}
): Promise<ExtractedBundle> {
  const bundle = await verifyBundleFile(file)
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-review-'))
  const remove = (): void => rmSync(dataDir, { recursive: true, force: true })
  try {
    const partial = join(dataDir, `${DATABASE_FILE}.partial`)
    await inflateDatabase(file, bundle, partial)
    checkDatabase(partial, file, bundle.manifest, options.sqliteBinding)
    renameSync(partial, join(dataDir, DATABASE_FILE))
    return { manifest: bundle.manifest, ...(bundle.signer ? { signer: bundle.signer } : {}), dataDir, remove }
  } catch (error) {
    remove()
    throw error
  }
}

/** Inflated bytes per write: large enough that a big database is not a million small writes. */
const INFLATE_CHUNK_BYTES = 1024 * 1024

/** Raised inside the inflating pipeline the moment the output passes the declared size. */
class InflatesBeyondDeclared extends Error {}

/**
 * Inflates the payload into `destination` a chunk at a time, hashing as it goes, and stops the moment
 * the output passes the size the manifest declares (itself at most MAX_DATABASE_BYTES): a small file
 * that inflates without end costs no more than that many bytes written and a chunk of memory.
 */
async function inflateDatabase(file: string, bundle: BundleFile, destination: string): Promise<void> {
  const declared = bundle.manifest.database
  const hash = createHash('sha256')
  let inflated = 0
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      inflated += chunk.length
      if (inflated > declared.bytes) {
        done(new InflatesBeyondDeclared())
        return
      }
      hash.update(chunk)
      done(null, chunk)
    }
  })
  try {
    await pipeline(
      createReadStream(file, {
        start: bundle.payloadStart,
        end: bundle.payloadStart + bundle.payloadBytes - 1
      }),
      createGunzip({ chunkSize: INFLATE_CHUNK_BYTES }),
      meter,
      createWriteStream(destination, { flags: 'wx', mode: 0o600 })
    )
  } catch (error) {
    // The temporary folder's own trouble (a full disk) is no fault of the file.
    if ((error as NodeJS.ErrnoException).syscall !== undefined) throw error
    if (error instanceof InflatesBeyondDeclared)
      throw new ReviewBundleError(
        'content',
        file,
        `its content inflates beyond the ${declared.bytes} bytes of database its manifest declares.`
      )
    throw new ReviewBundleError(
      'content',
      file,
      `its content cannot be decompressed (${error instanceof Error ? error.message : String(error)}).`
    )
  }
  if (inflated !== declared.bytes || hash.digest('hex') !== declared.sha256)
    throw new ReviewBundleError('content', file, 'its database does not match the checksum in its manifest.')
}

/**
 * Checks the extracted database before anything reads it: its version, then that its schema is
 * exactly a store's (no trigger, view or table of its own, nothing defined differently), then
 * SQLite's integrity check. A bundle from an older store is migrated here, on this private copy, once
 * its schema has passed: the Core then opens it read-only at the current schema, without migrating.
 */
function checkDatabase(path: string, file: string, manifest: ReviewManifest, sqliteBinding?: string): void {
  const binding = sqliteBinding ? { nativeBinding: sqliteBinding } : {}
  const refuse = (detail: string): ReviewBundleError => new ReviewBundleError('database', file, detail)
  let db: Database.Database | undefined
  try {
    db = new Database(path, { readonly: true, fileMustExist: true, ...binding })
    db.pragma('trusted_schema = OFF')
    db.pragma('cell_size_check = ON')
    const version = schemaVersion(db)
    if (version > migrations.length)
      throw new ReviewBundleError(
        'newer-schema',
        file,
        `its database was written by a newer Switchboard (store schema ${version}; this build knows ${migrations.length}). Open it with a newer Switchboard.`
      )
    if (version !== manifest.schemaVersion)
      throw refuse(
        `its manifest says store schema ${manifest.schemaVersion}, its database is at schema ${version}.`
      )
    const problem = schemaProblem(db, version, sqliteBinding)
    if (problem) throw refuse(problem)
    const problems = db.pragma('integrity_check', { simple: false }) as { integrity_check: string }[]
    if (problems[0]?.integrity_check !== 'ok')
      throw refuse(
        `its database fails SQLite's integrity check (${printable(
          problems
            .map((p) => p.integrity_check)
            .slice(0, 3)
            .join('; '),
          300
        )}).`
      )
    if (version < migrations.length) {
      db.close()
      db = new Database(path, { fileMustExist: true, ...binding })
      db.pragma('trusted_schema = OFF')
      migrate(db)
      const migrated = schemaProblem(db, migrations.length, sqliteBinding)
      if (migrated) throw refuse(`after bringing it to the current store schema, ${migrated}`)
    }
  } catch (error) {
    if (error instanceof ReviewBundleError) throw error
    throw refuse(
      `its database cannot be read (${printable(error instanceof Error ? error.message : String(error), 300)}).`
    )
  } finally {
    db?.close()
  }
}

/**
 * The signing key and trusted signers of the user's data directory, read without its lock: a bundle
 * is judged while the app or a command holds it, and judging writes nothing. A data directory that
 * has no store yet, or one this build has not migrated, has no key and trusts no one.
 */
export function readReviewSigners(dataDir: string, sqliteBinding?: string): ReviewSigners {
  const file = join(dataDir, DATABASE_FILE)
  if (!existsSync(file)) return { trusted: [] }
  const db = new Database(file, {
    readonly: true,
    fileMustExist: true,
    ...(sqliteBinding ? { nativeBinding: sqliteBinding } : {})
  })
  try {
    const tables = db
      .prepare(
        "SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' AND name IN ('review_signing_key', 'trusted_signers')"
      )
      .pluck()
      .get() as number
    return tables === 2 ? signersOf(new ReviewSignersTable(db)) : { trusted: [] }
  } finally {
    db.close()
  }
}

/**
 * The manifest as app:info reports it, for the renderer's banner and the read-only refusals. Its
 * strings are the file's: their control characters (terminal escapes, bidirectional overrides) are
 * spelled out before anything shows them (the trusted name too: it is typed, but shown in terminals).
 */
export function reviewInfo(manifest: ReviewManifest, file: string, signer: ReviewSigner): ReviewInfo {
  return {
    fileName: basename(file),
    createdAt: manifest.createdAt,
    createdBy: printable(manifest.createdBy),
    createdOn: printable(manifest.createdOn),
    appVersion: printable(manifest.appVersion),
    selection: describeSelection(manifest.selection),
    sourceDevices: manifest.sourceDevices.map((d) => printable(d.name)),
    signer: signer.status === 'trusted' ? { ...signer, name: printable(signer.name) } : signer
  }
}

export interface ReviewCore extends Core {
  manifest: ReviewManifest
  signer: ReviewSigner
}

/**
 * A Core over a bundle: read-only, no background timers, no credentials; closing it deletes the
 * temporary copy. `signers` (the user's, readReviewSigners) judge who signed it.
 */
export async function openReviewCore(
  file: string,
  options: {
    host: AppInfo['host']
    signers: ReviewSigners
    sqliteBinding?: string
    onInternalError?: (error: unknown, channel: string) => void
  }
): Promise<ReviewCore> {
  const extracted = await extractReviewBundle(file, options)
  const signer = signerStatus(extracted.signer, options.signers)
  let core: Core
  try {
    core = createCore({
      dataDir: extracted.dataDir,
      host: options.host,
      secrets: refusingSecretBox,
      ...(options.sqliteBinding ? { sqliteBinding: options.sqliteBinding } : {}),
      ...(options.onInternalError ? { onInternalError: options.onInternalError } : {}),
      review: reviewInfo(extracted.manifest, file, signer)
    })
  } catch (error) {
    extracted.remove()
    throw error
  }
  return {
    ...core,
    manifest: extracted.manifest,
    signer,
    close: async () => {
      try {
        await core.close()
      } finally {
        extracted.remove()
      }
    }
  }
}
