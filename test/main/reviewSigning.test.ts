// Issue 25 item 19: review bundles are signed with the installation's Ed25519 key. An edited bundle
// with recomputed checksums is refused (signature INVALID); a re-signed one opens as from an UNKNOWN
// SIGNER, an old one as UNSIGNED; a colleague's key is trusted once, audited; the private key never
// leaves the data directory.
import { createHash, generateKeyPairSync } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync, gzipSync } from 'node:zlib'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ReviewSigner } from '../../src-preload/contract'
import { DATABASE_FILE } from '../../src-main/core'
import {
  BUNDLE_SIGNATURE,
  encodeBundle,
  manifestSigner,
  readBundleFile,
  ReviewBundleError,
  sha256,
  type ReviewManifest
} from '../../src-main/review/format'
import { extractReviewBundle, openReviewCore, readReviewSigners } from '../../src-main/review/open'
import { keyFileSecretBox } from '../../src-main/secrets/keyFile'
import { cliFor } from './helpers/cli'
import { addOfflineCallProcessor, tempDir, testCore, type TestCore } from './helpers/core'

const CUCM = 'CUCM Pub'
let home: TestCore
let colleague: TestCore
let out: string
/** A bundle this installation exported, and its parts. */
let own: string
let manifest: ReviewManifest
let payload: Buffer
let signature: Buffer

async function exported(core: TestCore, name: string): Promise<string> {
  const file = join(out, name)
  await core.exportReviewBundle({ selection: { kind: 'devices', devices: [CUCM] }, outFile: file })
  return file
}

function write(name: string, bytes: Buffer): string {
  const file = join(out, name)
  writeFileSync(file, bytes)
  return file
}

/**
 * What someone without the key can do: change the manifest or the payload, recompute every
 * checksum, and keep the signature that was there.
 */
function rechecksummed(edited: ReviewManifest, content: Buffer): Buffer {
  const manifestBytes = Buffer.from(JSON.stringify(edited, null, 2))
  const lengths = Buffer.alloc(12)
  lengths.writeUInt32BE(manifestBytes.length, 0)
  lengths.writeBigUInt64BE(BigInt(content.length), 4)
  const body = Buffer.concat([
    BUNDLE_SIGNATURE,
    lengths.subarray(0, 4),
    manifestBytes,
    lengths.subarray(4),
    content
  ])
  return Buffer.concat([body, createHash('sha256').update(body).digest(), signature])
}

/** How the installation whose data directory this is judges the bundle's signer, via the Core's app:info. */
async function signerAsSeenBy(core: TestCore, file: string): Promise<ReviewSigner> {
  const review = await openReviewCore(file, { host: 'cli', signers: readReviewSigners(core.dataDir) })
  try {
    const info = await review.dispatch('app:info', {}, { origin: 'test' })
    if (!info.ok || !info.value.review) throw new Error('app:info of a bundle names no review')
    return info.value.review.signer
  } finally {
    await review.close()
  }
}

async function refusal(file: string): Promise<ReviewBundleError> {
  try {
    ;(await extractReviewBundle(file)).remove()
  } catch (error) {
    if (error instanceof ReviewBundleError) return error
    throw error
  }
  throw new Error(`${file} was opened`)
}

beforeAll(async () => {
  home = testCore()
  colleague = testCore()
  out = tempDir('switchboard-signing-')
  for (const core of [home, colleague]) await addOfflineCallProcessor(core, CUCM)
  own = await exported(home, 'own.swreview')
  const layout = await readBundleFile(own)
  manifest = layout.manifest
  const bytes = readFileSync(own)
  payload = bytes.subarray(layout.payloadStart, layout.payloadStart + layout.payloadBytes)
  signature = bytes.subarray(bytes.length - 64)
})

afterAll(async () => {
  await home?.dispose()
  await colleague?.dispose()
})

describe('a signed review bundle', () => {
  it('is signed by the key the installation made on its first export, and verifies as its own', async () => {
    const signers = await home.value('review:signers', {})
    expect(signers.own?.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/)
    expect(manifest).toMatchObject({ formatVersion: 3, signer: { algorithm: 'ed25519' } })
    expect((await readBundleFile(own)).signer?.fingerprint).toBe(signers.own?.fingerprint)
    // Later exports sign with the same key.
    const again = await exported(home, 'again.swreview')
    expect((await readBundleFile(again)).signer?.fingerprint).toBe(signers.own?.fingerprint)
    expect(await signerAsSeenBy(home, own)).toEqual({
      status: 'own',
      fingerprint: signers.own?.fingerprint
    })

    const opened = await cliFor(home.dataDir)(['review', 'open', own])
    expect(opened.code).toBe(0)
    expect(opened.out).toContain(
      `Signer: Signed by this installation: with its own key ${signers.own?.fingerprint}.`
    )
    expect(opened.err).toBe('')
    const exportedLine = await cliFor(home.dataDir)([
      'review',
      'export',
      '--device',
      CUCM,
      '--out',
      join(out, 'cli.swreview')
    ])
    expect(exportedLine.out).toContain(`Signed with this installation's key ${signers.own?.fingerprint}.`)
  })

  it('is refused as INVALID when its database was edited and every checksum recomputed', async () => {
    const database = gunzipSync(payload)
    const dir = tempDir('switchboard-edit-')
    const path = join(dir, 'edited.sqlite3')
    writeFileSync(path, database)
    const db = new Database(path)
    db.prepare("UPDATE devices SET host = 'attacker.example.test'").run()
    db.close()
    const editedDatabase = readFileSync(path)
    const editedPayload = gzipSync(editedDatabase)
    const file = write(
      'edited-database.swreview',
      rechecksummed(
        {
          ...manifest,
          database: { bytes: editedDatabase.length, sha256: sha256(editedDatabase) },
          payload: { encoding: 'gzip', bytes: editedPayload.length, sha256: sha256(editedPayload) }
        },
        editedPayload
      )
    )
    const refused = await refusal(file)
    expect(refused.problem).toBe('invalid-signature')
    expect(refused.message).toMatch(/its signature is INVALID: it does not match .* refused unopened/)

    const cli = await cliFor(home.dataDir)(['review', 'open', file])
    expect(cli.code).toBe(2)
    expect(cli.err).toMatch(
      /edited-database\.swreview cannot be opened as a review bundle: its signature is INVALID/
    )
    expect(cli.out).toBe('')
    await expect(openReviewCore(file, { host: 'cli', signers: { trusted: [] } })).rejects.toThrow(
      /signature is INVALID/
    )
  })

  it('is refused as INVALID when its manifest was edited and its checksum recomputed', async () => {
    const file = write(
      'edited-manifest.swreview',
      rechecksummed({ ...manifest, createdBy: 'alice' }, payload)
    )
    expect((await refusal(file)).problem).toBe('invalid-signature')
    // The same bytes and checksums but one flipped bit of the signature.
    const damaged = Buffer.from(readFileSync(own))
    damaged[damaged.length - 1] ^= 0x01
    expect((await refusal(write('damaged-signature.swreview', damaged))).problem).toBe('invalid-signature')
  })

  it('edited and re-signed with another key opens as from an UNKNOWN SIGNER, loudly', async () => {
    const stranger = generateKeyPairSync('ed25519').privateKey
    const file = write(
      'resigned.swreview',
      encodeBundle({ ...manifest, createdBy: 'alice', signer: manifestSigner(stranger) }, payload, stranger)
    )
    const strangerPrint = (await readBundleFile(file)).signer?.fingerprint
    expect(strangerPrint).not.toBe((await home.value('review:signers', {})).own?.fingerprint)
    expect(await signerAsSeenBy(home, file)).toEqual({ status: 'unknown', fingerprint: strangerPrint })

    const opened = await cliFor(home.dataDir)(['review', 'open', file])
    expect(opened.code).toBe(0)
    expect(opened.out).toContain(`Signer: UNKNOWN SIGNER: signed with key ${strangerPrint}`)
    expect(opened.err).toMatch(
      /^WARNING: UNKNOWN SIGNER: .* anyone could have written or changed this bundle/
    )
    expect(opened.err).toContain(`switchboard review trust ${file} --name NAME`)
    const json = await cliFor(home.dataDir)(['--json', 'review', 'open', file])
    expect(JSON.parse(json.out)).toMatchObject({ signer: { status: 'unknown', fingerprint: strangerPrint } })
    expect(json.err).toMatch(/^WARNING: UNKNOWN SIGNER/)
  })

  it("is judged by the reader's data directory, read without creating one", async () => {
    const elsewhere = join(tempDir('switchboard-reader-'), 'never-used')
    const opened = await cliFor(elsewhere)(['review', 'open', own])
    expect(opened.code).toBe(0)
    expect(opened.out).toContain('Signer: UNKNOWN SIGNER')
    expect(existsSync(elsewhere)).toBe(false)
  })
})

describe('trusting a colleague', () => {
  it("trusts the signer of a colleague's bundle once, audited, and then opens it as theirs", async () => {
    const theirs = await exported(colleague, 'colleague.swreview')
    const theirPrint = (await colleague.value('review:signers', {})).own?.fingerprint ?? ''
    expect(await signerAsSeenBy(home, theirs)).toEqual({ status: 'unknown', fingerprint: theirPrint })
    const cli = cliFor(home.dataDir)
    const trustAs = (fingerprint: string) =>
      cli(['review', 'trust', theirs, '--name', 'Ana Ruiz', '--fingerprint', fingerprint])

    // A fingerprint read out by the colleague that is not the file's: nothing is trusted.
    const wrong = await trustAs('ab'.repeat(32))
    expect(wrong.code).toBe(2)
    expect(wrong.err).toMatch(/is signed by .*, not by --fingerprint abab.*: nothing was trusted/)

    const trusted = await trustAs(theirPrint.toLowerCase())
    expect(trusted.code).toBe(0)
    expect(trusted.out).toContain(`Trusted ${theirPrint} as "Ana Ruiz"`)
    const signer = await signerAsSeenBy(home, theirs)
    expect(signer).toMatchObject({ status: 'trusted', fingerprint: theirPrint, name: 'Ana Ruiz' })
    const reopened = await cli(['review', 'open', theirs])
    expect(reopened.out).toContain(`Signer: Signed by Ana Ruiz: with key ${theirPrint}, trusted here since`)
    expect(reopened.err).toBe('')

    const entry = (await home.value('audit:list', { action: 'review:trust' })).entries[0]
    expect(entry).toMatchObject({ action: 'review:trust', target: 'Ana Ruiz' })
    expect(entry.details.input).toMatchObject({
      name: 'Ana Ruiz',
      trustedFrom: expect.stringMatching(/^colleague\.swreview, created /) as string
    })

    // Once: trusting again, or trusting the own key, is refused.
    const twice = await cli(['review', 'trust', theirs, '--name', 'Ana'])
    expect(twice.code).toBe(2)
    expect(twice.err).toMatch(/is trusted already, as "Ana Ruiz"/)
    const ownKey = await cli(['review', 'trust', own, '--name', 'Me'])
    expect(ownKey.err).toMatch(/is this installation's own key/)

    const listed = await cli(['review', 'signers'])
    expect(listed.out).toMatch(new RegExp(`Ana Ruiz\\s+${theirPrint}`))

    expect((await cli(['review', 'untrust', theirPrint])).code).toBe(0)
    expect((await signerAsSeenBy(home, theirs)).status).toBe('unknown')
    expect((await home.value('audit:list', { action: 'review:untrust' })).entries).toHaveLength(1)
  })

  it('trusts a fingerprint read out by its owner, without a file', async () => {
    const theirPrint = (await colleague.value('review:signers', {})).own?.fingerprint ?? ''
    const cli = cliFor(home.dataDir)
    expect((await cli(['review', 'trust', '--fingerprint', theirPrint, '--name', 'Ana'])).code).toBe(0)
    expect(await signerAsSeenBy(home, join(out, 'colleague.swreview'))).toMatchObject({
      status: 'trusted',
      name: 'Ana'
    })
    expect((await cli(['review', 'trust', '--name', 'Ana'])).err).toMatch(/give the bundle FILE/)
    expect((await cli(['review', 'trust', '--fingerprint', 'xyz', '--name', 'Ana'])).err).toMatch(
      /fingerprint: must be a SHA-256 fingerprint/
    )
  })
})

describe('an unsigned bundle', () => {
  it('of format 1 opens loudly as UNSIGNED; one stripped of its signature but not of its format is refused', async () => {
    const versionOne = write(
      'format-1.swreview',
      encodeBundle({ ...manifest, formatVersion: 1, signer: undefined }, payload)
    )
    expect(await signerAsSeenBy(home, versionOne)).toEqual({ status: 'unsigned' })
    const opened = await cliFor(home.dataDir)(['review', 'open', versionOne])
    expect(opened.code).toBe(0)
    expect(opened.out).toContain('Signer: UNSIGNED: this bundle carries no signature')
    expect(opened.err).toMatch(/^WARNING: UNSIGNED/)
    await expect(cliFor(home.dataDir)(['review', 'trust', versionOne, '--name', 'X'])).resolves.toMatchObject(
      {
        code: 2,
        err: expect.stringMatching(/is unsigned: it names no signer to trust/) as string
      }
    )

    const stripped = write('stripped.swreview', encodeBundle({ ...manifest, signer: undefined }, payload))
    expect((await refusal(stripped)).message).toMatch(
      /its manifest is not valid: signer is missing: a format-3 bundle is signed/
    )
  })
})

describe("the installation's private key", () => {
  it('never appears in a bundle, in any form, and the export refuses data that carries it', async () => {
    const stored = home.store.db
      .prepare('SELECT private_key_ciphertext FROM review_signing_key')
      .pluck()
      .get() as string
    const pem = keyFileSecretBox(home.dataDir).decrypt(stored)
    expect(pem).toMatch(/BEGIN PRIVATE KEY/)
    const der = Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64')
    // PKCS#8 of Ed25519 ends with the 32-byte seed.
    const seed = der.subarray(der.length - 32)
    const forms = [stored, stored.slice(3), pem, der, seed, seed.toString('hex'), seed.toString('base64')]
    const file = await exported(home, 'key-check.swreview')
    const bytes = readFileSync(file)
    const layout = await readBundleFile(file)
    const database = gunzipSync(
      bytes.subarray(layout.payloadStart, layout.payloadStart + layout.payloadBytes)
    )
    for (const form of forms) {
      expect(bytes.includes(form)).toBe(false)
      expect(database.includes(form)).toBe(false)
    }
    const extracted = await extractReviewBundle(file)
    try {
      const db = new Database(join(extracted.dataDir, DATABASE_FILE), { readonly: true })
      expect(db.prepare('SELECT COUNT(*) FROM review_signing_key').pluck().get()).toBe(0)
      db.close()
    } finally {
      extracted.remove()
    }

    // Pasted into a field of what is exported (the domain's description), the key stops the export.
    await home.value('domains:add', {
      name: 'Pasted',
      callProcessors: [CUCM],
      description: seed.toString('hex')
    })
    await expect(
      home.exportReviewBundle({
        selection: { kind: 'domain', domain: 'Pasted' },
        outFile: join(out, 'leak.swreview')
      })
    ).rejects.toThrow(
      /not written: the private review-bundle signing key of this installation appears in the data selected/
    )
    expect(existsSync(join(out, 'leak.swreview'))).toBe(false)
  })
})
