// The review-bundle file: one self-describing file that carries a manifest and a gzip'd copy of a
// pruned store, with checksums that let the reader refuse damaged or edited files before using them.
//
//   offset  size  content
//   0       23    signature "\x89SWITCHBOARD-REVIEW\r\n\x1a\n" (the high byte and the line endings
//                 show a transfer that rewrote bytes or line endings at once, as PNG's does)
//   23      4     manifest length M, unsigned big-endian
//   27      M     manifest: UTF-8 JSON (ReviewManifest)
//   27+M    8     payload length P, unsigned big-endian
//   35+M    P     payload: the SQLite database, gzip'd
//   35+M+P  32    SHA-256 of every byte before it
//
// The manifest names the SHA-256 of the payload and of the database inside it; the trailing digest
// covers the header and the manifest too. These detect damage and edits, not forgery: the file is
// not signed, so anyone who can write it can write a consistent one.
import { createHash } from 'node:crypto'
import { z } from 'zod'
import { UserError } from '../core/errors'
import { printable } from '../core/printable'
import { reviewSelectionSchema } from '../../src-preload/contract'
export type { ReviewSelection } from '../../src-preload/contract'

export const BUNDLE_SIGNATURE = Buffer.from('\x89SWITCHBOARD-REVIEW\r\n\x1a\n', 'latin1')
export const BUNDLE_FORMAT = 'switchboard-review-bundle'
/** The layout and manifest this build writes and the newest it reads. */
export const BUNDLE_FORMAT_VERSION = 1
/** Suggested file name extension (File → Open Review Bundle filters on it). */
export const BUNDLE_EXTENSION = 'swreview'

const MANIFEST_LENGTH_BYTES = 4
const PAYLOAD_LENGTH_BYTES = 8
const DIGEST_BYTES = 32
/** A manifest is a few kilobytes; a larger length field means a damaged or foreign file. */
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024

const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 digest in hex')
const countSchema = z.number().int().min(0)
/** Far above any real bundle (a 40,000-user domain is tens of MB), well below what memory takes. */
const MAX_DATABASE_BYTES = 2 * 1024 ** 3

export const reviewManifestSchema = z
  .object({
    format: z.literal(BUNDLE_FORMAT),
    formatVersion: z.number().int().min(1),
    appVersion: z.string().min(1),
    /** The store's PRAGMA user_version: a newer one than this build knows is refused. */
    schemaVersion: z.number().int().min(1),
    createdAt: z.iso.datetime(),
    /** The operating-system user who exported it. */
    createdBy: z.string(),
    /** The machine it was exported on. */
    createdOn: z.string(),
    selection: reviewSelectionSchema,
    sourceDevices: z.array(
      z
        .object({
          name: z.string(),
          kind: z.string(),
          product: z.string(),
          host: z.string()
        })
        .strict()
    ),
    counts: z
      .object({
        runs: countSchema,
        runsByKind: z.record(z.string(), countSchema),
        logEntries: countSchema,
        inventoryObjects: countSchema,
        devices: countSchema,
        domains: countSchema,
        users: countSchema,
        jobs: countSchema,
        auditEntries: countSchema
      })
      .strict(),
    database: z
      .object({
        bytes: countSchema.max(
          MAX_DATABASE_BYTES,
          `database.bytes: a bundle holds at most ${MAX_DATABASE_BYTES / 1024 ** 3} GiB of database`
        ),
        sha256: sha256Schema
      })
      .strict(),
    payload: z.object({ encoding: z.literal('gzip'), bytes: countSchema, sha256: sha256Schema }).strict()
  })
  .strict()
export type ReviewManifest = z.infer<typeof reviewManifestSchema>

/** What is wrong with a file that is refused; the message says it in words. */
export type BundleProblem =
  | 'missing'
  | 'signature'
  | 'length'
  | 'manifest'
  | 'newer-format'
  | 'checksum'
  | 'content'
  | 'database'
  | 'newer-schema'

/** A review bundle that cannot be opened, and why. */
export class ReviewBundleError extends UserError {
  constructor(
    readonly problem: BundleProblem,
    file: string,
    detail: string
  ) {
    super(
      problem === 'missing' ? 'NOT_FOUND' : 'VALIDATION',
      `${file} cannot be opened as a review bundle: ${detail}`,
      'file'
    )
    this.name = 'ReviewBundleError'
  }
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

/** Lays out a bundle file; the manifest must already name the payload's length and checksums. */
export function encodeBundle(manifest: ReviewManifest, payload: Buffer): Buffer {
  const manifestBytes = Buffer.from(JSON.stringify(manifest, null, 2), 'utf8')
  const manifestLength = Buffer.alloc(MANIFEST_LENGTH_BYTES)
  manifestLength.writeUInt32BE(manifestBytes.length)
  const payloadLength = Buffer.alloc(PAYLOAD_LENGTH_BYTES)
  payloadLength.writeBigUInt64BE(BigInt(payload.length))
  const body = Buffer.concat([BUNDLE_SIGNATURE, manifestLength, manifestBytes, payloadLength, payload])
  return Buffer.concat([body, createHash('sha256').update(body).digest()])
}

/**
 * Reads a bundle's layout and manifest and checks every checksum; returns the still compressed
 * payload. Every refusal names what is wrong, so a user can tell a truncated download from an edit.
 */
export function decodeBundle(bytes: Buffer, file: string): { manifest: ReviewManifest; payload: Buffer } {
  const refuse = (problem: BundleProblem, detail: string): ReviewBundleError =>
    new ReviewBundleError(problem, file, detail)
  const headerEnd = BUNDLE_SIGNATURE.length + MANIFEST_LENGTH_BYTES
  if (
    bytes.length < BUNDLE_SIGNATURE.length ||
    !bytes.subarray(0, BUNDLE_SIGNATURE.length).equals(BUNDLE_SIGNATURE)
  )
    throw refuse(
      'signature',
      'it is not a Switchboard review bundle (it does not start with the review-bundle signature).'
    )
  const truncated = (expected: number): ReviewBundleError =>
    refuse(
      'length',
      `it is truncated: its header announces at least ${expected} bytes, the file has ${bytes.length}.`
    )
  if (bytes.length < headerEnd) throw truncated(headerEnd)
  const manifestLength = bytes.readUInt32BE(BUNDLE_SIGNATURE.length)
  if (manifestLength > MAX_MANIFEST_BYTES)
    throw refuse(
      'length',
      `its header announces a ${manifestLength}-byte manifest, more than a bundle ever has: the file is damaged.`
    )
  const manifestEnd = headerEnd + manifestLength
  if (bytes.length < manifestEnd + PAYLOAD_LENGTH_BYTES)
    throw truncated(manifestEnd + PAYLOAD_LENGTH_BYTES + DIGEST_BYTES)
  const payloadLength = bytes.readBigUInt64BE(manifestEnd)
  const payloadStart = manifestEnd + PAYLOAD_LENGTH_BYTES
  const expectedLength = BigInt(payloadStart) + payloadLength + BigInt(DIGEST_BYTES)
  if (BigInt(bytes.length) < expectedLength) throw truncated(Number(expectedLength))
  if (BigInt(bytes.length) > expectedLength)
    throw refuse(
      'length',
      `it has ${BigInt(bytes.length) - expectedLength} unexpected bytes after its end: the file is damaged or was appended to.`
    )

  const manifest = parseManifest(bytes.subarray(headerEnd, manifestEnd), refuse)
  const payload = bytes.subarray(payloadStart, payloadStart + Number(payloadLength))
  // The payload first, so a damaged database is reported as such rather than as an edited file.
  if (manifest.payload.bytes !== payload.length || sha256(payload) !== manifest.payload.sha256)
    throw refuse(
      'checksum',
      "its content is damaged or was changed: the database's checksum does not match the manifest."
    )
  const digestStart = bytes.length - DIGEST_BYTES
  const digest = createHash('sha256').update(bytes.subarray(0, digestStart)).digest()
  if (!digest.equals(bytes.subarray(digestStart)))
    throw refuse(
      'checksum',
      "it was changed after it was written: the file's checksum does not match (its manifest or header was edited)."
    )
  return { manifest, payload }
}

/** What a refusal quotes of the file: its controls spelled out, and no more than a line of it. */
const fromFile = (text: string): string => printable(text, 120)

function parseManifest(
  bytes: Buffer,
  refuse: (problem: BundleProblem, detail: string) => ReviewBundleError
): ReviewManifest {
  let json: unknown
  try {
    json = JSON.parse(bytes.toString('utf8'))
  } catch (error) {
    throw refuse(
      'manifest',
      `its manifest is not valid JSON (${fromFile(error instanceof Error ? error.message : String(error))}).`
    )
  }
  // The version first: a newer format may have fields this build cannot judge.
  const declared = json as { format?: unknown; formatVersion?: unknown; appVersion?: unknown }
  if (declared?.format !== BUNDLE_FORMAT)
    throw refuse(
      'manifest',
      `its manifest does not describe a Switchboard review bundle (format ${fromFile(String(JSON.stringify(declared?.format)))}).`
    )
  if (typeof declared.formatVersion === 'number' && declared.formatVersion > BUNDLE_FORMAT_VERSION)
    throw refuse(
      'newer-format',
      `it was written in review-bundle format ${declared.formatVersion}${typeof declared.appVersion === 'string' ? ` by Switchboard ${fromFile(declared.appVersion)}` : ''}; this Switchboard reads format ${BUNDLE_FORMAT_VERSION} and older. Open it with a newer Switchboard.`
    )
  const parsed = reviewManifestSchema.safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw refuse(
      'manifest',
      `its manifest is not valid: ${fromFile(`${issue.path.join('.') || 'manifest'} ${issue.message}`)}.`
    )
  }
  return parsed.data
}
