// Issue 8 item 4: review bundles. Export → open round trip on lab runs, no secret in the file,
// damaged and edited files refused, and a bundle's Core refusing every change and action.
import { generateKeyPairSync, type KeyObject } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync, gzipSync } from 'node:zlib'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { channelEffects, requestChannels, type RequestChannel } from '../../src-preload/contract/channels'
import type { RunSummary } from '../../src-preload/contract'
import { DATABASE_FILE } from '../../src-main/core'
import { startLab, type RunningLab } from '../../src-main/lab'
import {
  BUNDLE_SIGNATURE,
  encodeBundle,
  manifestSigner,
  readBundleFile,
  MAX_DATABASE_BYTES,
  ReviewBundleError,
  sha256,
  type ReviewManifest
} from '../../src-main/review/format'
import { extractReviewBundle, openReviewCore, type ReviewCore } from '../../src-main/review/open'
import { tablesWithoutRule } from '../../src-main/review/prune'
import { signersOf } from '../../src-main/review/trust'
import { migrate } from '../../src-main/store/db'
import { migrations } from '../../src-main/store/migrations'
import { cliFor } from './helpers/cli'
import { addTrustedLabDevice, tempDir, testCore, type TestCore } from './helpers/core'
import { finishedRun } from './helpers/runs'

let lab: RunningLab
let c: TestCore
let out: string
let cp = ''
let imp = ''
let directory = ''
const opened: ReviewCore[] = []

async function waitFor(runId: number): Promise<RunSummary> {
  return finishedRun(c, runId)
}

async function open(file: string): Promise<ReviewCore> {
  const core = await openReviewCore(file, { host: 'cli', signers: signersOf(c.store.reviewSigners) })
  opened.push(core)
  return core
}

async function value<T>(core: ReviewCore, channel: RequestChannel, input: unknown): Promise<T> {
  const result = await core.dispatch(channel, input, { origin: 'test' })
  if (!result.ok) throw new Error(`${channel}: ${result.error.message}`)
  return result.value as T
}

/** Someone else's key: bundles edited and re-signed with it are consistent, from an unknown signer. */
const forger = generateKeyPairSync('ed25519').privateKey

/** The bundle as someone who edited it would write it: every checksum recomputed, signed by the forger. */
function resigned(manifest: ReviewManifest, payload: Buffer, key: KeyObject = forger): Buffer {
  return encodeBundle({ ...manifest, signer: manifestSigner(key) }, payload, key)
}

/** The gzip'd database inside a bundle file, where its checked layout says it is. */
async function payloadOf(file: string): Promise<Buffer> {
  const { payloadStart, payloadBytes } = await readBundleFile(file)
  return readFileSync(file).subarray(payloadStart, payloadStart + payloadBytes)
}

/** What opening the file refuses with (or "opened"). */
async function refusal(file: string): Promise<ReviewBundleError> {
  try {
    const extracted = await extractReviewBundle(file)
    extracted.remove()
  } catch (error) {
    if (error instanceof ReviewBundleError) return error
    throw error
  }
  throw new Error(`${file} was opened`)
}

beforeAll(async () => {
  lab = await startLab({ users: 60, clusters: 1, seed: 11, faults: {} })
  c = testCore()
  out = tempDir('switchboard-review-out-')
  for (const server of lab.servers) await addTrustedLabDevice(c, server)
  cp = lab.servers.find((s) => s.kind === 'call-processor')?.name ?? ''
  imp = lab.servers.find((s) => s.kind === 'presence-processor')?.name ?? ''
  directory = lab.servers.find((s) => s.kind === 'directory')?.name ?? ''
  const mp = lab.servers.find((s) => s.kind === 'message-processor')?.name ?? ''
  await c.value('devices:test', { name: mp })
  for (const [device, kind] of [
    [cp, 'infrastructure'],
    [cp, 'user'],
    [imp, 'infrastructure'],
    [mp, 'infrastructure']
  ] as const)
    expect((await waitFor((await c.value('sync:start', { device, kind })).runId)).status).toBe('succeeded')
  await c.value('domains:add', {
    name: 'West',
    callProcessors: [cp],
    messageProcessors: [mp],
    directory,
    rules: { syncAllUsers: true }
  })
  expect((await waitFor((await c.value('domains:sync', { name: 'West' })).runId)).status).not.toBe('failed')
  await c.value('ldap:set', { domain: 'West', changes: { directory } })
}, 120_000)

afterAll(async () => {
  for (const core of opened) await core.close()
  await c?.dispose()
  await lab?.stop()
  rmSync(out, { recursive: true, force: true })
})

describe('review bundle export and open', () => {
  it('gives every table of the store a rule, so nothing is exported unexamined', () => {
    expect(tablesWithoutRule(c.store.db)).toEqual([])
  })

  it('round-trips a domain: runs, logs, inventory, users and configuration as they were', async () => {
    const file = join(out, 'west.swreview')
    const { manifest } = await c.exportReviewBundle({
      selection: { kind: 'domain', domain: 'west' },
      outFile: file
    })
    expect(manifest).toMatchObject({
      format: 'switchboard-review-bundle',
      formatVersion: 3,
      selection: { kind: 'domain', domain: 'West' },
      createdBy: expect.any(String) as string
    })
    expect(manifest.sourceDevices.map((d) => d.name).sort()).toEqual(lab.servers.map((s) => s.name).sort())
    const review = await open(file)

    const sourceRuns = c.store.db.prepare('SELECT id FROM sync_runs ORDER BY id').pluck().all() as number[]
    expect(manifest.counts.runs).toBe(sourceRuns.length)
    expect(manifest.counts.runsByKind).toMatchObject({ infrastructure: 3, user: 1, domain: 1 })
    for (const device of [cp, imp]) {
      expect(await value(review, 'sync:runs', { device })).toEqual(await c.value('sync:runs', { device }))
      const inventory = { device, limit: 500 }
      const reviewed = await value<{ total: number }>(review, 'inventory:list', inventory)
      expect(reviewed.total).toBeGreaterThan(0)
      expect(reviewed).toEqual(await c.value('inventory:list', inventory))
    }
    for (const runId of sourceRuns) {
      const query = { runId, limit: 1000 }
      const reviewed = await value<{ total: number }>(review, 'logs:entries', query)
      expect(reviewed.total).toBeGreaterThan(0)
      expect(reviewed).toEqual(await c.value('logs:entries', query))
    }
    expect(await value(review, 'users:list', { domain: 'West' })).toEqual(
      await c.value('users:list', { domain: 'West' })
    )
    expect(await value(review, 'service-areas:list', { domain: 'West' })).toEqual(
      await c.value('service-areas:list', { domain: 'West' })
    )
    expect(await value(review, 'roles:list', { domain: 'West' })).toEqual(
      await c.value('roles:list', { domain: 'West' })
    )
    expect(await value(review, 'ldap:get', { domain: 'West' })).toEqual(
      await c.value('ldap:get', { domain: 'West' })
    )
    expect(manifest.counts.auditEntries).toBe(c.store.audit.list(10_000).length)

    const info = await value<{ review?: { selection: string; sourceDevices: string[] } }>(
      review,
      'app:info',
      {}
    )
    expect(info.review).toMatchObject({ selection: 'domain West', fileName: 'west.swreview' })
    const devices = await value<{ name: string; hasPassword: boolean }[]>(review, 'devices:list', {})
    expect(devices.map((d) => d.name).sort()).toEqual(lab.servers.map((s) => s.name).sort())
    expect(devices.every((d) => !d.hasPassword)).toBe(true)
  })

  it('carries no stored secret: no password, ciphertext or key, in the file or in its database', async () => {
    const file = join(out, 'secrets.swreview')
    await c.exportReviewBundle({ selection: { kind: 'domain', domain: 'West' }, outFile: file })
    const bytes = readFileSync(file)
    const database = gunzipSync(await payloadOf(file))
    const ciphertexts = c.store.db.prepare('SELECT ciphertext FROM device_secrets').pluck().all() as string[]
    expect(ciphertexts.length).toBe(lab.servers.length)
    const key = readFileSync(join(c.dataDir, 'secret.key'))
    const secrets = [
      ...lab.servers.map((s) => s.password),
      ...ciphertexts,
      ...ciphertexts.map((text) => text.slice(text.indexOf(':') + 1)),
      key,
      key.toString('hex'),
      key.toString('base64')
    ]
    for (const secret of secrets) {
      expect(bytes.includes(secret)).toBe(false)
      expect(database.includes(secret)).toBe(false)
    }
    const extracted = await extractReviewBundle(file)
    try {
      const db = new Database(join(extracted.dataDir, DATABASE_FILE), { readonly: true })
      expect(db.prepare('SELECT COUNT(*) FROM device_secrets').pluck().get()).toBe(0)
      // Pinned certificates' fingerprints are no secret: Trust needs them in view.
      expect(db.prepare('SELECT COUNT(*) FROM pinned_certificates').pluck().get()).toBeGreaterThan(0)
      db.close()
      expect(readdirSync(extracted.dataDir)).toEqual([DATABASE_FILE])
    } finally {
      extracted.remove()
    }
  })

  it('exports one device or chosen runs only, with the inventory of the devices involved', async () => {
    const byDevice = join(out, 'imp.swreview')
    const { manifest } = await c.exportReviewBundle({
      selection: { kind: 'devices', devices: [imp] },
      outFile: byDevice
    })
    expect(manifest.counts.runsByKind).toEqual({ infrastructure: 1 })
    expect(manifest.sourceDevices.map((d) => d.name)).toEqual([imp])
    expect(manifest.counts.users).toBe(0)
    const review = await open(byDevice)
    expect(await value<unknown[]>(review, 'sync:runs', { device: cp })).toEqual([])
    expect((await value<{ total: number }>(review, 'inventory:list', { device: cp, limit: 10 })).total).toBe(
      0
    )
    expect(
      (await value<{ total: number }>(review, 'inventory:list', { device: imp, limit: 10 })).total
    ).toBeGreaterThan(0)
    // The configuration is the device's own and its Call Processor's, which it names; no other
    // device, no domain (issue 25 item 20).
    expect((await value<{ name: string }[]>(review, 'devices:list', {})).map((d) => d.name).sort()).toEqual(
      [cp, imp].sort()
    )
    expect(manifest.counts.domains).toBe(0)
    expect(manifest.leftOut).toMatchObject({ devices: lab.servers.length - 2, domains: 1 })

    const userRun = (await c.value('sync:runs', { device: cp })).find((run) => run.kind === 'user')!
    const { manifest: runs } = await c.exportReviewBundle({
      selection: { kind: 'runs', runs: [userRun.id] },
      outFile: join(out, 'run.swreview')
    })
    expect(runs.counts.runs).toBe(1)
    expect(runs.counts.logEntries).toBe(
      (await c.value('logs:entries', { runId: userRun.id, limit: 1 })).total
    )
    expect(runs.sourceDevices.map((d) => d.name)).toEqual([cp])
  })

  it('refuses unknown names and run ids, and an existing file unless told to replace it', async () => {
    const file = join(out, 'refused.swreview')
    const refused = (selection: Parameters<TestCore['exportReviewBundle']>[0]['selection']) =>
      c.exportReviewBundle({ selection, outFile: file }).then(
        () => 'exported',
        (error: Error) => error.message
      )
    expect(await refused({ kind: 'domain', domain: 'Nowhere' })).toBe('No domain named "Nowhere".')
    expect(await refused({ kind: 'devices', devices: ['Nope'] })).toBe('No device named "Nope".')
    expect(await refused({ kind: 'runs', runs: [999_999] })).toBe('No run with id 999999.')
    expect(existsSync(file)).toBe(false)
    writeFileSync(file, 'keep me')
    expect(await refused({ kind: 'devices', devices: [cp] })).toMatch(/already exists: .*--force/)
    expect(readFileSync(file, 'utf8')).toBe('keep me')
    await c.exportReviewBundle({
      selection: { kind: 'devices', devices: [cp] },
      outFile: file,
      overwrite: true
    })
    expect(readFileSync(file).subarray(0, BUNDLE_SIGNATURE.length).equals(BUNDLE_SIGNATURE)).toBe(true)
    expect(readdirSync(out).filter((name) => name.includes('.partial'))).toEqual([])
  })
})

describe('review:export, the bundle a page downloads', () => {
  it('returns the bundle in base64 with its name and counts, leaves an audit entry, and refuses unknown names', async () => {
    const file = await c.value('review:export', { selection: { kind: 'domain', domain: 'West' } })
    expect(file.fileName).toMatch(/^switchboard-review-domain-west-\d{8}-\d{4}\.swreview$/)
    expect(file.selection).toBe('domain West')
    const bytes = Buffer.from(file.contentBase64, 'base64')
    expect(bytes.length).toBe(file.bytes)
    const saved = join(out, file.fileName)
    writeFileSync(saved, bytes)
    const review = await open(saved)
    expect(review.manifest.counts.runs).toBe(file.counts.runs)
    expect(file.counts.users).toBe(c.store.domainUsers.countByDomain(1))
    for (const server of lab.servers) expect(bytes.includes(server.password)).toBe(false)
    const audit = await c.value('audit:list', { action: 'review:export', limit: 5 })
    expect(audit.entries[0]).toMatchObject({ action: 'review:export', target: 'West' })

    const refused = await c.dispatch(
      'review:export',
      { selection: { kind: 'runs', runs: [999_999] } },
      { origin: 'test' }
    )
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'No run with id 999999.' }
    })
    const invalid = await c.dispatch(
      'review:export',
      { selection: { kind: 'runs', runs: [] } },
      { origin: 'test' }
    )
    expect(invalid).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    const elsewhere = await c.dispatch(
      'review:export',
      { selection: { kind: 'domain', domain: 'West' }, outFile: '/etc/passwd' },
      { origin: 'test' }
    )
    expect(elsewhere).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    // A bundle opened read-only exports nothing.
    expect(
      await review.dispatch(
        'review:export',
        { selection: { kind: 'domain', domain: 'West' } },
        { origin: 'test' }
      )
    ).toMatchObject({
      ok: false,
      error: { code: 'READ_ONLY' }
    })
  })
})

describe('damaged and edited bundles', () => {
  let good: Buffer
  let manifest: ReviewManifest
  let database: Buffer
  const variant = (name: string, bytes: Buffer): string => {
    const file = join(out, name)
    writeFileSync(file, bytes)
    return file
  }
  const payloadOffset = (): number =>
    BUNDLE_SIGNATURE.length + 4 + good.readUInt32BE(BUNDLE_SIGNATURE.length) + 8

  beforeAll(async () => {
    const file = join(out, 'good.swreview')
    manifest = (await c.exportReviewBundle({ selection: { kind: 'devices', devices: [imp] }, outFile: file }))
      .manifest
    good = readFileSync(file)
    database = gunzipSync(await payloadOf(file))
  })

  it('refuses a file that is no bundle, or a truncated one', async () => {
    expect((await refusal(variant('text.swreview', Buffer.from('hello, world')))).message).toMatch(
      /text\.swreview cannot be opened as a review bundle: it is not a Switchboard review bundle/
    )
    const truncated = await refusal(variant('cut.swreview', good.subarray(0, good.length - 100)))
    expect(truncated.problem).toBe('length')
    expect(truncated.message).toMatch(
      /it is truncated: its header announces at least \d+ bytes, the file has \d+/
    )
    expect(
      (await refusal(variant('tail.swreview', Buffer.concat([good, Buffer.from('x')])))).message
    ).toMatch(/1 unexpected bytes after its end/)
    expect((await refusal(join(out, 'missing.swreview'))).code).toBe('NOT_FOUND')
  })

  it('refuses a flipped byte in the content and an edited manifest, naming which', async () => {
    const flipped = Buffer.from(good)
    flipped[payloadOffset() + 200] ^= 0xff
    const damaged = await refusal(variant('flipped.swreview', flipped))
    expect(damaged.problem).toBe('checksum')
    expect(damaged.message).toMatch(/its content is damaged or was changed/)

    // Same length, so the layout still holds: only the checksum can tell.
    const edited = Buffer.from(
      good
        .toString('latin1')
        .replace(
          `"createdOn": "${manifest.createdOn}"`,
          `"createdOn": "${'X'.repeat(manifest.createdOn.length)}"`
        ),
      'latin1'
    )
    expect(edited.equals(good)).toBe(false)
    const changed = await refusal(variant('edited.swreview', edited))
    expect(changed.problem).toBe('checksum')
    expect(changed.message).toMatch(/was changed after it was written: .*manifest or header was edited/)
  })

  it('refuses a manifest that does not parse, names another format, or a newer one', async () => {
    const payload = await payloadOf(join(out, 'good.swreview'))
    const raw = (manifestText: string): Buffer => {
      const text = Buffer.from(manifestText)
      const lengths = Buffer.alloc(12)
      lengths.writeUInt32BE(text.length, 0)
      const payloadLength = Buffer.alloc(8)
      payloadLength.writeBigUInt64BE(BigInt(payload.length))
      return Buffer.concat([
        BUNDLE_SIGNATURE,
        lengths.subarray(0, 4),
        text,
        payloadLength,
        payload,
        Buffer.alloc(32)
      ])
    }
    expect((await refusal(variant('json.swreview', raw('{ not json')))).message).toMatch(
      /its manifest is not valid JSON/
    )
    expect((await refusal(variant('other.swreview', raw('{"format":"zip"}')))).message).toMatch(
      /does not describe a Switchboard review bundle/
    )
    const newer = await refusal(
      variant('newer.swreview', resigned({ ...manifest, formatVersion: 4, appVersion: '9.0.0' }, payload))
    )
    expect(newer.problem).toBe('newer-format')
    expect(newer.message).toMatch(
      /review-bundle format 4 by Switchboard 9\.0\.0; this Switchboard reads format 3/
    )
    const missing = await refusal(
      variant('fields.swreview', resigned({ ...manifest, createdAt: 'yesterday' }, payload))
    )
    expect(missing.message).toMatch(/its manifest is not valid: createdAt/)
  })

  it('refuses a database that fails the integrity check or is newer, and leaves nothing extracted', async () => {
    const previousTmp = process.env.TMPDIR
    const tmp = join(out, 'tmp')
    mkdirSync(tmp)
    process.env.TMPDIR = tmp
    try {
      const pageSize = database.readUInt16BE(16)
      const corrupt = Buffer.from(database)
      // Garbage over the schema's b-tree (page 1 after the 100-byte file header): still a SQLite
      // header, no longer a database.
      corrupt.fill(0x5a, 100, pageSize)
      const bad = await refusal(variant('corrupt.swreview', bundleOf(manifest, corrupt)))
      expect(bad.problem).toBe('database')
      expect(bad.message).toMatch(/its database (fails SQLite's integrity check|cannot be read)/)

      const future = Buffer.from(database)
      future.writeUInt32BE(999, 60) // PRAGMA user_version lives at offset 60 of the header
      const newer = await refusal(variant('future.swreview', bundleOf(manifest, future)))
      expect(newer.problem).toBe('newer-schema')
      expect(newer.message).toMatch(/store schema 999; this build knows \d+/)
      expect(readdirSync(tmp)).toEqual([])
    } finally {
      if (previousTmp === undefined) delete process.env.TMPDIR
      else process.env.TMPDIR = previousTmp
    }
  })
})

describe('a bundle that inflates beyond what its manifest declares (a gzip bomb)', () => {
  it('stops decompressing at the declared size and refuses it', async () => {
    const file = join(out, 'bomb-source.swreview')
    const { manifest } = await c.exportReviewBundle({
      selection: { kind: 'devices', devices: [imp] },
      outFile: file
    })
    // 64 MB of zeros gzip to about 64 kB; the manifest claims 4 kB, checksums consistent.
    const inflated = Buffer.alloc(64 * 1024 * 1024)
    const payload = gzipSync(inflated)
    const bomb = resigned(
      {
        ...manifest,
        database: { bytes: 4096, sha256: sha256(inflated) },
        payload: { encoding: 'gzip', bytes: payload.length, sha256: sha256(payload) }
      },
      payload
    )
    const bombFile = join(out, 'bomb.swreview')
    writeFileSync(bombFile, bomb)
    const refused = await refusal(bombFile)
    expect(refused.problem).toBe('content')
    expect(refused.message).toMatch(
      /its content inflates beyond the 4096 bytes of database its manifest declares/
    )
    const huge = await refusal(
      (() => {
        const claimed = join(out, 'claims-8gib.swreview')
        writeFileSync(
          claimed,
          resigned({ ...manifest, database: { ...manifest.database, bytes: 8 * 1024 ** 3 } }, payload)
        )
        return claimed
      })()
    )
    expect(huge.message).toMatch(
      new RegExp(`database\\.bytes: a bundle holds at most ${MAX_DATABASE_BYTES / MIB} MiB of database`)
    )
  })

  it('refuses a manifest declaring far more database than its gzip can hold, inflating nothing (issue 28 item 6)', async () => {
    // The issue's bomb: 1 GiB of zeros in a 1 MB bundle, declaring its true size.
    const bombFile = await bombBundle('ratio', 1024 * MIB, gzipMembers(ZEROS, 1024))
    await inTemporaryDir(async (tmp) => {
      const before = bytesWritten()
      const refused = await refusal(bombFile)
      expect(bytesWritten() - before).toBeLessThan(MIB)
      expect(refused.problem).toBe('content')
      expect(refused.message).toMatch(
        /its manifest declares 1073741824 bytes of database in \d+ bytes of content, \d+ times as much; a review bundle's database compresses at most 64 times/
      )
      expect(readdirSync(tmp)).toEqual([])
    })
  })

  it('stops writing at the declared size however far the content inflates (issue 28 item 6)', async () => {
    // 1 GiB of zeros in about 1 MB, declaring 8 MiB: only the declared size may reach the disk.
    const declared = 8 * MIB
    const bombFile = await bombBundle('stops', declared, gzipMembers(ZEROS, 1024))
    await inTemporaryDir(async (tmp) => {
      const before = bytesWritten()
      const refused = await refusal(bombFile)
      const written = bytesWritten() - before
      expect(refused.problem).toBe('content')
      expect(refused.message).toMatch(/inflates beyond the 8388608 bytes of database its manifest declares/)
      expect(written).toBeLessThanOrEqual(declared + MIB)
      expect(readdirSync(tmp)).toEqual([])
    })
  })

  it('holds a chunk of the database in memory, never all of it (issue 28 item 6)', async () => {
    // 256 MiB that compress 40 times, as declared, with a checksum that fails only once all is inflated.
    const bombFile = await bombBundle('memory', 256 * MIB, gzipMembers(SPARSE, 256))
    await inTemporaryDir(async (tmp) => {
      const before = resetPeakMemory()
      const refused = await refusal(bombFile)
      const peakGrowth = peakMemory() - before
      expect(refused.message).toMatch(/its database does not match the checksum in its manifest/)
      expect(peakGrowth).toBeLessThan(64 * MIB)
      expect(readdirSync(tmp)).toEqual([])
    })
  })
})

const MIB = 1024 * 1024
/** 16 MiB of zeros: gzip makes about 16 kB of it. */
const ZEROS = (): Buffer => Buffer.alloc(16 * MIB)
/** 16 MiB of zeros with a scrambled byte every 32: gzip shrinks it about 40 times, as a bundle may. */
const SPARSE = (): Buffer => {
  const bytes = Buffer.alloc(16 * MIB)
  for (let i = 0; i < bytes.length; i += 32) bytes[i] = Math.imul(i, 2654435761) >>> 24
  return bytes
}

/** `mebibytes` of a 16 MiB chunk as concatenated gzip members: the chunk is compressed once. */
function gzipMembers(chunk: () => Buffer, mebibytes: number): Buffer {
  const member = gzipSync(chunk(), { level: 1 })
  return Buffer.concat(Array.from({ length: mebibytes / 16 }, () => member))
}

/** Bytes this process has written through system calls so far (Linux's own count, files and sockets). */
function bytesWritten(): number {
  return Number(/^wchar: (\d+)$/m.exec(readFileSync('/proc/self/io', 'utf8'))?.[1])
}

/**
 * Starts a new peak of this process's resident memory at what it holds now, and returns that (Linux:
 * earlier tests' peaks must not hide this one's).
 */
function resetPeakMemory(): number {
  writeFileSync('/proc/self/clear_refs', '5')
  return peakMemory()
}

/** The peak of this process's resident memory since it started or since resetPeakMemory. */
function peakMemory(): number {
  return Number(/^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]) * 1024
}

/** A bundle around `payload` declaring `declaredBytes` of database (its checksums hold; its database's does not). */
async function bombBundle(name: string, declaredBytes: number, payload: Buffer): Promise<string> {
  const source = join(out, `${name}-source.swreview`)
  const { manifest } = await c.exportReviewBundle({
    selection: { kind: 'devices', devices: [imp] },
    outFile: source
  })
  const file = join(out, `${name}-bomb.swreview`)
  writeFileSync(
    file,
    resigned(
      {
        ...manifest,
        database: { bytes: declaredBytes, sha256: manifest.database.sha256 },
        payload: { encoding: 'gzip', bytes: payload.length, sha256: sha256(payload) }
      },
      payload
    )
  )
  return file
}

/** Runs `work` with extractions going to a temporary folder of its own, which it can check is left empty. */
async function inTemporaryDir(work: (tmp: string) => Promise<void>): Promise<void> {
  const previousTmp = process.env.TMPDIR
  const tmp = tempDir('switchboard-review-tmp-')
  process.env.TMPDIR = tmp
  try {
    await work(tmp)
  } finally {
    if (previousTmp === undefined) delete process.env.TMPDIR
    else process.env.TMPDIR = previousTmp
    rmSync(tmp, { recursive: true, force: true })
  }
}

/** A consistent bundle (every checksum right) around the given database bytes. */
function bundleOf(manifest: ReviewManifest, database: Buffer): Buffer {
  const payload = gzipSync(database)
  return resigned(
    {
      ...manifest,
      database: { bytes: database.length, sha256: sha256(database) },
      payload: { encoding: 'gzip', bytes: payload.length, sha256: sha256(payload) }
    },
    payload
  )
}

/** The database with `sql` run on it, as the bytes a hand-edited bundle would carry. */
function edited(database: Buffer, sql: string, version?: number): Buffer {
  const dir = tempDir('switchboard-edited-')
  try {
    const path = join(dir, 'edited.sqlite3')
    writeFileSync(path, database)
    const db = new Database(path)
    try {
      db.exec(sql)
      if (version !== undefined) db.pragma(`user_version = ${version}`)
    } finally {
      db.close()
    }
    return readFileSync(path)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

describe('a bundle is a file from elsewhere: its SQL never runs (issue 28 item 5)', () => {
  let manifest: ReviewManifest
  let database: Buffer
  const write = (name: string, bytes: Buffer): string => {
    const file = join(out, name)
    writeFileSync(file, bytes)
    return file
  }

  beforeAll(async () => {
    const file = join(out, 'item5.swreview')
    manifest = (await c.exportReviewBundle({ selection: { kind: 'domain', domain: 'West' }, outFile: file }))
      .manifest
    database = gunzipSync(await payloadOf(file))
  })

  it('opens the database read-only with no start-up maintenance: old runs and a running one stay', async () => {
    const longAgo = new Date(Date.now() - 60 * 24 * 3600 * 1000).toISOString()
    // Every run twice, all 60 days old, under a 30-day retention: a sweep would delete one of each pair.
    const aged = edited(
      database,
      `INSERT INTO sync_runs (device_id, domain_id, job_id, device_name, kind, status, started_at, finished_at,
         summary, counts, failed_types)
         SELECT device_id, domain_id, job_id, device_name, kind, status, started_at, finished_at, summary,
           counts, failed_types FROM sync_runs;
       UPDATE sync_runs SET started_at = '${longAgo}', finished_at = '${longAgo}';
       UPDATE sync_runs SET status = 'running', finished_at = NULL WHERE id = (SELECT MAX(id) FROM sync_runs);
       INSERT OR REPLACE INTO settings (key, value) VALUES ('retention',
         '{"infrastructure":{"count":100,"days":30},"user":{"count":100,"days":30},"domain":{"count":100,"days":30}}');`
    )
    const runs = manifest.counts.runs * 2
    const review = await open(write('aged.swreview', bundleOf(manifest, aged)))
    expect(review.store.db.prepare('SELECT COUNT(*) FROM sync_runs').pluck().get()).toBe(runs)
    expect(
      review.store.db.prepare("SELECT COUNT(*) FROM sync_runs WHERE status = 'running'").pluck().get()
    ).toBe(1)
    expect(review.store.db.readonly).toBe(true)
    expect(() => review.store.db.exec("DELETE FROM settings WHERE key = 'retention'")).toThrow(/readonly/)
  })

  it('refuses a database holding a trigger, so it never fires (no forged audit entry)', async () => {
    const forged = edited(
      database,
      `UPDATE sync_runs SET status = 'running', finished_at = NULL WHERE id = (SELECT MAX(id) FROM sync_runs);
       CREATE TRIGGER forge AFTER UPDATE ON sync_runs BEGIN
         INSERT INTO audit_log (at, actor, action, target) VALUES (datetime(), 'admin', 'devices:remove', 'forged');
       END;`
    )
    const outcome = await openReviewCore(write('trigger.swreview', bundleOf(manifest, forged)), {
      host: 'cli',
      signers: { trusted: [] }
    }).then(
      (core) => {
        opened.push(core)
        return `opened, audit: ${JSON.stringify(core.store.audit.list(5))}`
      },
      (error: unknown) => error
    )
    expect(outcome).toBeInstanceOf(ReviewBundleError)
    expect((outcome as ReviewBundleError).problem).toBe('database')
    expect((outcome as ReviewBundleError).message).toMatch(
      /its database holds trigger "forge" on sync_runs, which a Switchboard store \(schema \d+\) does not have/
    )
  })

  it('refuses views, tables and indexes of its own, and store objects changed or missing, naming them', async () => {
    const variants: [sql: string, says: RegExp][] = [
      ['CREATE VIEW recent AS SELECT * FROM sync_runs', /holds view "recent", which a Switchboard store/],
      ['CREATE TABLE notes (body TEXT)', /holds table "notes", which a Switchboard store/],
      ['CREATE INDEX devices_host ON devices(host)', /holds index "devices_host" on devices/],
      [
        'ALTER TABLE devices ADD COLUMN spare TEXT',
        /defines table "devices" differently from a Switchboard store/
      ],
      ['DROP INDEX sync_runs_started', /lacks index "sync_runs_started" on sync_runs/],
      ['CREATE TABLE "evil\x1b[2J" (x)', /holds table "evil\\u001b\[2J"/]
    ]
    for (const [sql, says] of variants) {
      const refused = await refusal(write('schema.swreview', bundleOf(manifest, edited(database, sql))))
      expect(refused.problem, sql).toBe('database')
      expect(refused.message, sql).toMatch(says)
    }
  })

  it('checks a bundle from an older store before migrating its private copy', async () => {
    const older = migrations.length - 1
    const emptyAt = (version: number): Buffer => {
      const db = new Database(':memory:')
      migrate(db, version)
      const bytes = db.serialize()
      db.close()
      return bytes
    }
    const olderManifest = { ...manifest, schemaVersion: older }
    const review = await open(write('older.swreview', bundleOf(olderManifest, emptyAt(older))))
    expect(review.store.db.readonly).toBe(true)
    expect(review.store.db.pragma('user_version', { simple: true })).toBe(migrations.length)
    expect(await value(review, 'devices:list', {})).toEqual([])

    const trapped = edited(
      emptyAt(older),
      'CREATE TRIGGER forge AFTER INSERT ON devices BEGIN DELETE FROM settings; END'
    )
    const refused = await refusal(write('older-trigger.swreview', bundleOf(olderManifest, trapped)))
    expect(refused.message).toMatch(
      new RegExp(`holds trigger "forge" on devices, which a Switchboard store \\(schema ${older}\\)`)
    )
    const mismatched = await refusal(write('claims.swreview', bundleOf(olderManifest, database)))
    expect(mismatched.message).toMatch(
      new RegExp(`its manifest says store schema ${older}, its database is at schema ${migrations.length}`)
    )
  })
})

describe('manifest strings are shown with their control characters spelled out (issue 28 item 7)', () => {
  /** Anything a terminal would obey or that reorders text: C0, C1 and bidirectional controls. */
  // eslint-disable-next-line no-control-regex -- looking for control characters is the point
  const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/

  it('in `review open` (both outputs), app:info and the read-only refusals', async () => {
    const file = join(out, 'escapes-source.swreview')
    const { manifest } = await c.exportReviewBundle({
      selection: { kind: 'devices', devices: [imp] },
      outFile: file
    })
    const hostile: ReviewManifest = {
      ...manifest,
      // Clears the screen and retitles the window; an OSC 52 sequence would write the clipboard.
      createdBy: 'mallory\x1b]0;owned\x07\x1b[2J',
      // Shows as "hostexe.png" with the override.
      createdOn: 'host\u202egnp.exe',
      // CSI as a single C1 character.
      appVersion: '1.0\u009b31m',
      sourceDevices: manifest.sourceDevices.map((d) => ({ ...d, name: `${d.name}\x1b[8m` }))
    }
    const bundle = join(out, 'escapes.swreview')
    writeFileSync(bundle, resigned(hostile, await payloadOf(file)))

    const cli = cliFor(c.dataDir)
    const human = await cli(['review', 'open', bundle])
    expect(human.code).toBe(0)
    expect(human.out).not.toMatch(CONTROL)
    expect(human.out).toContain('by mallory\\u001b]0;owned\\u0007\\u001b[2J on host\\u202egnp.exe')
    expect(human.out).toContain('Switchboard 1.0\\u009b31m')
    expect(human.out).toContain(`${imp}\\u001b[8m`)
    const json = await cli(['--json', 'review', 'open', bundle])
    expect(json.out).not.toMatch(CONTROL)
    // The same values, escaped as JSON: nothing is lost for a script.
    expect((JSON.parse(json.out) as { manifest: ReviewManifest }).manifest).toMatchObject({
      createdBy: hostile.createdBy,
      createdOn: hostile.createdOn,
      appVersion: hostile.appVersion
    })

    const review = await open(bundle)
    const info = await value<{ review: Record<string, unknown> }>(review, 'app:info', {})
    expect(Object.values(info.review).flat().join(' ')).not.toMatch(CONTROL)
    expect(info.review.createdBy).toBe('mallory\\u001b]0;owned\\u0007\\u001b[2J')
    const refused = await review.dispatch('sync:start', { device: imp, kind: 'user' }, { origin: 'test' })
    expect(!refused.ok && refused.error.message).not.toMatch(CONTROL)

    // A refusal quotes the file too: a newer format names the version that wrote it.
    const newerFile = join(out, 'escapes-newer.swreview')
    writeFileSync(
      newerFile,
      resigned({ ...hostile, formatVersion: 4, appVersion: '9\x1b[2J' }, Buffer.alloc(0))
    )
    const newer = await refusal(newerFile)
    expect(newer.message).toContain('by Switchboard 9\\u001b[2J')
  })
})

describe('a review bundle opened read-only', () => {
  it('refuses every change and action with READ_ONLY and says why; reads work', async () => {
    const file = join(out, 'readonly.swreview')
    await c.exportReviewBundle({ selection: { kind: 'domain', domain: 'West' }, outFile: file })
    const review = await open(file)
    const sync = await review.dispatch('sync:start', { device: cp, kind: 'user' }, { origin: 'test' })
    expect(sync).toMatchObject({ ok: false, error: { code: 'READ_ONLY' } })
    expect(!sync.ok && sync.error.message).toMatch(
      new RegExp(
        `^This is a review bundle \\(created .* UTC by .* on .*\\), opened read-only: synchronizing would contact ${cp}, which this machine may not reach\\.$`
      )
    )
    const edit = await review.dispatch(
      'devices:edit',
      { name: cp, changes: { host: 'elsewhere.example.com' } },
      { origin: 'test' }
    )
    expect(!edit.ok && edit.error).toMatchObject({
      code: 'READ_ONLY',
      message: expect.stringMatching(/cannot be changed/) as string
    })
    // Every channel that is not a read, before its input is even looked at.
    for (const channel of requestChannels.filter((ch) => channelEffects[ch] !== 'read')) {
      const result = await review.dispatch(channel, {}, { origin: 'test' })
      expect(result.ok ? `${channel} ran` : `${channel} ${result.error.code}`).toBe(`${channel} READ_ONLY`)
    }
    expect((await value<unknown[]>(review, 'devices:list', {})).length).toBe(lab.servers.length)
    expect((await value<unknown[]>(review, 'sync:runs', { device: cp })).length).toBeGreaterThan(0)
    expect(review.store.audit.list(10).length).toBe(c.store.audit.list(10).length)
  })
})

describe('switchboard review', () => {
  it('exports with --domain, --device or --runs and opens with a summary; usage mistakes exit 2', async () => {
    const cli = cliFor(c.dataDir)
    const file = join(out, 'cli.swreview')
    const exported = await cli(['--json', 'review', 'export', '--domain', 'West', '--out', file])
    expect(exported.code).toBe(0)
    expect(JSON.parse(exported.out)).toMatchObject({
      file,
      manifest: { selection: { kind: 'domain', domain: 'West' } }
    })

    const opened = await cli(['--json', 'review', 'open', file])
    expect(opened.code).toBe(0)
    const shown = JSON.parse(opened.out) as {
      summary: {
        runsByKind: Record<string, number>
        domains: { name: string; users: number }[]
        users: number
      }
    }
    expect(shown.summary.runsByKind).toMatchObject({ infrastructure: 3, user: 1, domain: 1 })
    expect(shown.summary.domains).toEqual([{ name: 'West', users: shown.summary.users }])
    const human = await cli(['review', 'open', file])
    expect(human.out).toMatch(/Selection: domain West/)
    expect(human.out).toMatch(/Runs: \d+ \(domain 1, infrastructure 3, user 1\)/)
    expect(human.out).toContain(cp)

    const runs = await cli(['review', 'export', '--runs', '1,2', '--out', join(out, 'cli-runs.swreview')])
    expect(runs.code).toBe(0)
    expect(runs.out).toMatch(/runs 1, 2/)
    expect(
      (await cli(['review', 'export', '--device', imp, '--out', join(out, 'cli-imp.swreview')])).code
    ).toBe(0)

    expect((await cli(['review', 'export', '--out', file])).err).toMatch(
      /one of --domain, --device or --runs/
    )
    expect((await cli(['review', 'export', '--domain', 'West', '--out', file])).code).toBe(2)
    expect((await cli(['review', 'export', '--runs', 'x', '--out', file])).code).toBe(2)
    const damaged = join(out, 'cli-damaged.swreview')
    writeFileSync(damaged, readFileSync(file).subarray(0, 200))
    const refused = await cli(['review', 'open', damaged])
    expect(refused.code).toBe(2)
    expect(refused.err).toMatch(/cannot be opened as a review bundle: it is truncated/)
  })
})
