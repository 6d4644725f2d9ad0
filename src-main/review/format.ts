// The review-bundle file: one self-describing file that carries a manifest and a gzip'd copy of a
// pruned store, with checksums that let the reader refuse damaged or edited files before using them,
// and (from format 2) the signature of the installation that wrote it.
//
//   offset  size  content
//   0       23    magic "\x89SWITCHBOARD-REVIEW\r\n\x1a\n" (the high byte and the line endings
//                 show a transfer that rewrote bytes or line endings at once, as PNG's does)
//   23      4     manifest length M, unsigned big-endian
//   27      M     manifest: UTF-8 JSON (ReviewManifest); from format 2 it names the signer's public key
//   27+M    8     payload length P, unsigned big-endian
//   35+M    P     payload: the SQLite database, gzip'd
//   35+M+P  32    SHA-256 of every byte before it
//   67+M+P  64    format 2: Ed25519 signature of that SHA-256 by the manifest's signer (signature.ts)
//
// The manifest names the SHA-256 of the payload and of the database inside it; the trailing digest
// covers the header and the manifest too. The digests detect damage; the signature detects edits,
// since anyone can recompute a digest but only the key's holder can sign it. Who the signer is, and
// whether to believe them, is for the reader's trust store to say (trust.ts). Format-1 files carry no
// signature and open as unsigned.
import { createHash, type KeyObject } from 'node:crypto'
import { open } from 'node:fs/promises'
import { z } from 'zod'
import { UserError } from '../core/errors'
import { printable } from '../core/printable'
import { reviewSelectionSchema } from '../../src-preload/contract'
import { rawPublicKey, SIGNATURE_BYTES, signDigest, signerFingerprint, verifyDigest } from './signature'
export type { ReviewSelection } from '../../src-preload/contract'

export const BUNDLE_SIGNATURE = Buffer.from('\x89SWITCHBOARD-REVIEW\r\n\x1a\n', 'latin1')
export const BUNDLE_FORMAT = 'switchboard-review-bundle'
/** The layout and manifest this build writes and the newest it reads (3: the manifest counts what was left out). */
export const BUNDLE_FORMAT_VERSION = 3
/** The first format whose files are signed (and must be). */
const SIGNED_FROM_FORMAT = 2
/** Suggested file name extension (File → Open Review Bundle filters on it). */
export const BUNDLE_EXTENSION = 'swreview'

const MANIFEST_LENGTH_BYTES = 4
const PAYLOAD_LENGTH_BYTES = 8
const DIGEST_BYTES = 32
/** A manifest is a few kilobytes; a larger length field means a damaged or foreign file. */
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024

const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 digest in hex')
const countSchema = z.number().int().min(0)
/**
 * Limits on what a bundle's database may inflate to, from bundles the demo lab produced (a domain
 * of 40,000 users on one cluster, 20 service areas, with a user, infrastructure and domain
 * synchronization every day; measured 2026-12-07):
 *   after  5 days    635 MB of database in  72 MB of gzip (8.9 times), 25 runs, 0.7 M log entries
 *   after 20 days  1,667 MB of database in 149 MB of gzip (11.2 times), 100 runs, 2.9 M log entries
 *   after 30 days  2,353 MB: the export fails, it reads the database into memory (2 GiB at most)
 * So real bundles do reach 2 GiB, the most the export can write; the cap is that. What tells a bomb
 * from a bundle is the ratio: real databases compress 8 to 12 times, a store with almost nothing in
 * it (empty pages) 47 times, while zeros compress a thousand times. Opening inflates
 * (a chunk at a time, to disk) at most what the manifest declares, and the manifest may declare at
 * most MAX_INFLATION_RATIO times the gzip it carries once beyond FREELY_INFLATED_BYTES.
 */
export const MAX_DATABASE_BYTES = 2 * 1024 ** 3
export const MAX_INFLATION_RATIO = 64
export const FREELY_INFLATED_BYTES = 16 * 1024 ** 2

/** What a manifest counts, of what a bundle holds and of what it left out. */
const tallyShape = {
  runs: countSchema,
  logEntries: countSchema,
  inventoryObjects: countSchema,
  devices: countSchema,
  domains: countSchema,
  users: countSchema,
  jobs: countSchema,
  auditEntries: countSchema
}

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
    counts: z.object({ ...tallyShape, runsByKind: z.record(z.string(), countSchema) }).strict(),
    /** What the source store held that the selection did not need (format 3 on). */
    leftOut: z.object(tallyShape).strict().optional(),
    database: z
      .object({
        bytes: countSchema.max(
          MAX_DATABASE_BYTES,
          `database.bytes: a bundle holds at most ${MAX_DATABASE_BYTES / 1024 ** 2} MiB of database`
        ),
        sha256: sha256Schema
      })
      .strict(),
    payload: z.object({ encoding: z.literal('gzip'), bytes: countSchema, sha256: sha256Schema }).strict(),
    /** The key whose signature follows the digest (format 2 on). */
    signer: z
      .object({
        algorithm: z.literal('ed25519'),
        publicKey: z.string().regex(/^[A-Za-z0-9+/]{43}=$/, 'must be a 32-byte public key in base64')
      })
      .strict()
      .optional()
  })
  .strict()
  .superRefine((manifest, ctx) => {
    const signed = manifest.formatVersion >= SIGNED_FROM_FORMAT
    if (signed !== (manifest.signer !== undefined))
      ctx.addIssue({
        code: 'custom',
        path: ['signer'],
        message: signed
          ? `is missing: a format-${manifest.formatVersion} bundle is signed (its signature was removed)`
          : `has no place in a format-${manifest.formatVersion} bundle, which is unsigned`
      })
  })
export type ReviewManifest = z.infer<typeof reviewManifestSchema>

/** What is wrong with a file that is refused; the message says it in words. */
/** The selection in words; names are spelled out printable (a bundle's manifest may carry anything). */
export function describeSelection(selection: ReviewManifest['selection']): string {
  switch (selection.kind) {
    case 'domain':
      return `domain ${printable(selection.domain)}`
    case 'devices':
      return `${selection.devices.length === 1 ? 'device' : 'devices'} ${selection.devices.map((name) => printable(name)).join(', ')}`
    case 'runs':
      return `${selection.runs.length === 1 ? 'run' : 'runs'} ${selection.runs.join(', ')}`
  }
}

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
  | 'invalid-signature'

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

/** The manifest's `signer` for a private key. */
export function manifestSigner(privateKey: KeyObject): NonNullable<ReviewManifest['signer']> {
  return { algorithm: 'ed25519', publicKey: rawPublicKey(privateKey).toString('base64') }
}

/**
 * Lays out a bundle file; the manifest must already name the payload's length and checksums, and
 * the signer's public key when `signingKey` signs it.
 */
export function encodeBundle(manifest: ReviewManifest, payload: Buffer, signingKey?: KeyObject): Buffer {
  if ((manifest.signer === undefined) !== (signingKey === undefined))
    throw new Error('A bundle is signed exactly when its manifest names a signer.')
  if (signingKey && manifest.signer?.publicKey !== manifestSigner(signingKey).publicKey)
    throw new Error('The manifest names another signer than the key that signs the bundle.')
  const manifestBytes = Buffer.from(JSON.stringify(manifest, null, 2), 'utf8')
  const manifestLength = Buffer.alloc(MANIFEST_LENGTH_BYTES)
  manifestLength.writeUInt32BE(manifestBytes.length)
  const payloadLength = Buffer.alloc(PAYLOAD_LENGTH_BYTES)
  payloadLength.writeBigUInt64BE(BigInt(payload.length))
  const body = Buffer.concat([BUNDLE_SIGNATURE, manifestLength, manifestBytes, payloadLength, payload])
  const digest = createHash('sha256').update(body).digest()
  return Buffer.concat([body, digest, ...(signingKey ? [signDigest(digest, signingKey)] : [])])
}

/** The key that signed a bundle, its signature verified. */
export interface BundleSigner {
  publicKey: Buffer
  fingerprint: string
}

/** Where a checked bundle file keeps its gzip'd database, and who signed it (undefined: unsigned). */
export interface BundleFile {
  manifest: ReviewManifest
  payloadStart: number
  payloadBytes: number
  signer?: BundleSigner
}

/**
 * Reads a bundle file's layout and manifest and checks every checksum and the signature, a chunk at a
 * time: memory holds the manifest and one chunk whatever the file's size. Every refusal names what is
 * wrong, so a user can tell a truncated download from an edit.
 */
export async function readBundleFile(file: string): Promise<BundleFile> {
  const refuse = (problem: BundleProblem, detail: string): ReviewBundleError =>
    new ReviewBundleError(problem, file, detail)
  const handle = await open(file, 'r')
  try {
    const { size } = await handle.stat()
    const readAt = async (position: number, length: number): Promise<Buffer> => {
      const buffer = Buffer.alloc(length)
      const { bytesRead } = await handle.read(buffer, 0, length, position)
      return buffer.subarray(0, bytesRead)
    }
    const headerEnd = BUNDLE_SIGNATURE.length + MANIFEST_LENGTH_BYTES
    const header = await readAt(0, Math.min(size, headerEnd))
    if (
      header.length < BUNDLE_SIGNATURE.length ||
      !header.subarray(0, BUNDLE_SIGNATURE.length).equals(BUNDLE_SIGNATURE)
    )
      throw refuse(
        'signature',
        'it is not a Switchboard review bundle (it does not start with the review-bundle signature).'
      )
    const truncated = (expected: bigint | number): ReviewBundleError =>
      refuse(
        'length',
        `it is truncated: its header announces at least ${expected} bytes, the file has ${size}.`
      )
    if (size < headerEnd) throw truncated(headerEnd)
    const manifestLength = header.readUInt32BE(BUNDLE_SIGNATURE.length)
    if (manifestLength > MAX_MANIFEST_BYTES)
      throw refuse(
        'length',
        `its header announces a ${manifestLength}-byte manifest, more than a bundle ever has: the file is damaged.`
      )
    const manifestEnd = headerEnd + manifestLength
    if (size < manifestEnd + PAYLOAD_LENGTH_BYTES)
      throw truncated(manifestEnd + PAYLOAD_LENGTH_BYTES + DIGEST_BYTES)
    // The manifest's format says whether a signature follows the digest.
    const manifest = parseManifest(await readAt(headerEnd, manifestLength), refuse)
    const trailerBytes = DIGEST_BYTES + (manifest.signer ? SIGNATURE_BYTES : 0)
    const payloadLength = (await readAt(manifestEnd, PAYLOAD_LENGTH_BYTES)).readBigUInt64BE()
    const payloadStart = manifestEnd + PAYLOAD_LENGTH_BYTES
    const expectedLength = BigInt(payloadStart) + payloadLength + BigInt(trailerBytes)
    if (BigInt(size) < expectedLength) throw truncated(expectedLength)
    if (BigInt(size) > expectedLength)
      throw refuse(
        'length',
        `it has ${BigInt(size) - expectedLength} unexpected bytes after its end: the file is damaged or was appended to.`
      )
    // Gzip never grows a database by more than a few bytes per 64 kB block; real ones shrink tenfold.
    if (payloadLength > BigInt(MAX_DATABASE_BYTES))
      throw refuse(
        'length',
        `it holds ${payloadLength} bytes of compressed content, more than a bundle ever holds (${MAX_DATABASE_BYTES}).`
      )
    const payloadEnd = payloadStart + Number(payloadLength)

    const damaged = (): ReviewBundleError =>
      refuse(
        'checksum',
        "its content is damaged or was changed: the database's checksum does not match the manifest."
      )
    if (manifest.payload.bytes !== Number(payloadLength)) throw damaged()
    const inflates = manifest.database.bytes
    if (inflates > FREELY_INFLATED_BYTES && inflates > MAX_INFLATION_RATIO * manifest.payload.bytes)
      throw refuse(
        'content',
        `its manifest declares ${inflates} bytes of database in ${manifest.payload.bytes} bytes of content, ${Math.floor(inflates / Math.max(1, manifest.payload.bytes))} times as much; a review bundle's database compresses at most ${MAX_INFLATION_RATIO} times. It is refused unopened.`
      )
    // One pass computes both checksums.
    const whole = createHash('sha256')
    const payload = createHash('sha256')
    let position = 0
    for await (const chunk of handle.createReadStream({ start: 0, end: payloadEnd - 1, autoClose: false })) {
      const bytes = chunk as Buffer
      whole.update(bytes)
      const from = Math.max(payloadStart - position, 0)
      if (from < bytes.length) payload.update(bytes.subarray(from))
      position += bytes.length
    }
    // The payload first, so a damaged database is reported as such rather than as an edited file.
    if (payload.digest('hex') !== manifest.payload.sha256) throw damaged()
    const digest = whole.digest()
    if (!digest.equals(await readAt(payloadEnd, DIGEST_BYTES)))
      throw refuse(
        'checksum',
        "it was changed after it was written: the file's checksum does not match (its manifest or header was edited)."
      )
    const layout = { manifest, payloadStart, payloadBytes: Number(payloadLength) }
    if (!manifest.signer) return layout
    const publicKey = Buffer.from(manifest.signer.publicKey, 'base64')
    const signer = { publicKey, fingerprint: signerFingerprint(publicKey) }
    if (!verifyDigest(digest, await readAt(payloadEnd + DIGEST_BYTES, SIGNATURE_BYTES), publicKey))
      throw refuse(
        'invalid-signature',
        `its signature is INVALID: it does not match the bundle's content and manifest under the key it names (${signer.fingerprint}). The bundle was changed after it was signed (its checksums recomputed to hide it) or its signature was damaged; it is refused unopened. Ask its sender for a fresh export.`
      )
    return { ...layout, signer }
  } finally {
    await handle.close()
  }
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
