// Issue 8: the run history behind the Logs page. Item 1: every run of every kind in one list with
// filters; item 2: comparison of two runs (lab runs with known mutations, fold rules, refusals);
// item 3: figures for plots; item 6: CSV and JSON exports of logs and of the audit trail, and the CLI.
import { readFileSync, writeFileSync } from 'node:fs'
import Database from 'better-sqlite3'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AppError, RunComparison, RunSummary, TypeComparison } from '../../src-preload/contract'
import { labDeviceFields, startLab, type RunningLab } from '../../src-main/lab'
import { text } from '../../src-main/lab/model'
import { compareInventory, diffFields } from '../../src-main/history/compare'
import { csvField } from '../../src-main/history/exportFile'
import { migrate } from '../../src-main/store/db'
import { migrations } from '../../src-main/store/migrations'
import { m010RunChanges } from '../../src-main/store/migrations/010-run-changes'
import type { RunChange } from '../../src-main/store/runChanges'
import { cliFor } from './helpers/cli'
import { addTrustedLabDevice, tempDir, testCore, type TestCore } from './helpers/core'
import { finishedRun } from './helpers/runs'

let lab: RunningLab
let c: TestCore
let cucm = ''
let imp = ''

beforeAll(async () => {
  lab = await startLab({ users: 40, clusters: 1, seed: 8, faults: {} })
  c = testCore()
  for (const server of lab.servers) {
    if (server.kind === 'directory' || server.kind === 'message-processor') continue
    await addTrustedLabDevice(c, server)
  }
  cucm = lab.servers.find((s) => s.kind === 'call-processor')?.name ?? ''
  imp = lab.servers.find((s) => s.kind === 'presence-processor')?.name ?? ''
}, 60_000)
afterAll(async () => {
  await c?.dispose()
  await lab?.stop()
})

const cluster = () => lab.clusters[0]

/** Starts a synchronization and waits for its end. */
async function sync(device: string, kind: 'infrastructure' | 'user'): Promise<RunSummary> {
  const { runId } = await c.value('sync:start', { device, kind })
  return finished(runId)
}

async function finished(runId: number): Promise<RunSummary> {
  return finishedRun(c, runId)
}

async function refusal(
  channel: 'runs:compare' | 'runs:list' | 'runs:stats',
  input: unknown
): Promise<AppError> {
  const result = await c.dispatch(channel, input, { origin: 'test' })
  if (result.ok) throw new Error(`${channel} should have been refused`)
  return result.error
}

const typeOf = (comparison: RunComparison, type: string): TypeComparison | undefined =>
  comparison.types.find((t) => t.type === type)
const names = (refs: { name: string }[]): string[] => refs.map((r) => r.name)

describe('run comparison on lab runs with known mutations (issue 8 item 2)', () => {
  const runs: RunSummary[] = []
  let phoneA = ''
  let phoneB = ''
  let phoneGone = ''
  let userChanged = ''
  let originalA = ''

  beforeAll(async () => {
    const k = cluster()
    const description = (index: number): string => text(k.collection('Phone')?.at(index)?.fields.description)
    phoneA = k.phoneName(4)
    phoneB = k.phoneName(5)
    phoneGone = k.phoneName(7)
    userChanged = k.userid(3)
    originalA = description(4)
    const originalB = description(5)
    runs.push(await sync(cucm, 'user'))
    // Between runs 0 and 1: a phone and a user changed, a phone removed, a user added.
    k.update('Phone', 4, { description: 'Reception desk' })
    k.update('User', 3, { department: 'Compared Dept' })
    k.remove('Phone', 7)
    k.add('User', { userid: 'histnew1', firstName: 'Hist', lastName: 'New' })
    // An infrastructure run in between changes nothing a user-run comparison looks at.
    await sync(cucm, 'infrastructure')
    runs.push(await sync(cucm, 'user'))
    // Between runs 1 and 2: the same phone changed again, the new user gone again, another phone changed.
    k.update('Phone', 4, { description: 'Front office' })
    k.remove('User', k.collection('User')?.indexOf('histnew1') ?? -1)
    k.update('Phone', 5, { description: 'Temporary' })
    runs.push(await sync(cucm, 'user'))
    // Between runs 2 and 3: that phone changed back.
    k.update('Phone', 5, { description: originalB })
    runs.push(await sync(cucm, 'user'))
    expect(runs.map((r) => r.status)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded'])
  }, 60_000)

  it('lists what appeared, disappeared and changed between consecutive runs, down to the field', async () => {
    const first = await c.value('runs:compare', { older: runs[0].id, newer: runs[1].id })
    expect(first.basis).toBe('inventory')
    expect(first.older.id).toBe(runs[0].id)
    const phones = typeOf(first, 'Phone')
    expect(phones?.disappeared.map((p) => p.name)).toEqual([phoneGone])
    expect(phones?.changed.map((p) => p.name)).toContain(phoneA)
    const phoneChange = phones?.changed.find((p) => p.name === phoneA)
    expect(phoneChange?.fields).toEqual([
      { field: 'description', before: originalA, after: 'Reception desk' }
    ])
    const users = typeOf(first, 'User')
    expect(names(users?.appeared ?? [])).toEqual(['histnew1'])
    expect(users?.changed.find((u) => u.name === userChanged)?.fields).toContainEqual({
      field: 'department',
      before: expect.any(String) as unknown,
      after: 'Compared Dept'
    })
    expect(users?.counts).toMatchObject({ appeared: 1, disappeared: 0 })
    // Only the types user runs read: the infrastructure run in between is not folded in.
    expect(first.types.map((t) => t.type)).not.toContain('DevicePool')
    expect(first.truncated).toBeUndefined()
  })

  it('folds the runs in between: changed twice is first before → last after; added then removed is nothing', async () => {
    const span = await c.value('runs:compare', { older: runs[0].id, newer: runs[2].id })
    const phoneChange = typeOf(span, 'Phone')?.changed.find((p) => p.name === phoneA)
    expect(phoneChange?.fields).toEqual([{ field: 'description', before: originalA, after: 'Front office' }])
    const users = typeOf(span, 'User')
    expect(names(users?.appeared ?? [])).not.toContain('histnew1')
    expect(names(users?.disappeared ?? [])).not.toContain('histnew1')
    const second = await c.value('runs:compare', { older: runs[1].id, newer: runs[2].id })
    expect(names(typeOf(second, 'User')?.disappeared ?? [])).toEqual(['histnew1'])
  })

  it('shows nothing for a field changed and changed back between the two runs', async () => {
    const viaRun2 = await c.value('runs:compare', { older: runs[1].id, newer: runs[2].id })
    expect(names(typeOf(viaRun2, 'Phone')?.changed ?? [])).toContain(phoneB)
    const back = await c.value('runs:compare', { older: runs[1].id, newer: runs[3].id })
    const phoneNames = names(typeOf(back, 'Phone')?.changed ?? [])
    expect(phoneNames).toContain(phoneA)
    expect(phoneNames).not.toContain(phoneB)
  })

  it('stops the lists at the limit, keeps the counts and says so', async () => {
    // Two phones changed between runs 0 and 2 (phone 4 and phone 5).
    const limited = await c.value('runs:compare', { older: runs[0].id, newer: runs[2].id, limit: 1 })
    const phones = typeOf(limited, 'Phone')
    expect(phones?.changed).toHaveLength(1)
    expect(phones?.counts.changed).toBeGreaterThan(1)
    expect(limited.truncated).toBe(true)
  })

  it('notes a type a run in between filled from empty instead of listing its objects', async () => {
    const device = 'Hist IMP'
    const server = lab.servers.find((s) => s.kind === 'presence-processor')
    if (!server) throw new Error('the lab has no IM and Presence server')
    await c.value('devices:add', { ...labDeviceFields(server), name: device })
    if (server.fingerprint) await c.value('devices:trust', { name: device, fingerprint: server.fingerprint })
    lab.faults.failingTypes = ['UcService']
    const partial = await sync(device, 'infrastructure')
    lab.faults.failingTypes = []
    expect(partial.status).toBe('partial')
    const full = await sync(device, 'infrastructure')
    const comparison = await c.value('runs:compare', { older: partial.id, newer: full.id })
    const services = typeOf(comparison, 'UcService')
    expect(services?.note).toMatch(/had no objects before run \d+/)
    expect(services?.appeared).toEqual([])
  })

  it('refuses runs of two devices, of two kinds, a run with itself, reversed or unknown runs (VALIDATION, NOT_FOUND)', async () => {
    const impRun = await sync(imp, 'infrastructure')
    const infra = (await c.value('runs:list', { device: cucm, kinds: ['infrastructure'], limit: 1 })).runs[0]
    expect(await refusal('runs:compare', { older: infra.id, newer: impRun.id })).toMatchObject({
      code: 'VALIDATION',
      field: 'newer',
      message: expect.stringMatching(/only runs of one device can be compared/) as unknown
    })
    expect(await refusal('runs:compare', { older: runs[0].id, newer: infra.id })).toMatchObject({
      code: 'VALIDATION',
      message: expect.stringMatching(/only runs of one kind can be compared/) as unknown
    })
    expect(await refusal('runs:compare', { older: runs[1].id, newer: runs[1].id })).toMatchObject({
      code: 'VALIDATION',
      field: 'newer'
    })
    expect(await refusal('runs:compare', { older: runs[2].id, newer: runs[1].id })).toMatchObject({
      code: 'VALIDATION',
      message: expect.stringMatching(/is older than run/) as unknown
    })
    expect(await refusal('runs:compare', { older: runs[0].id, newer: 999_999 })).toMatchObject({
      code: 'NOT_FOUND',
      field: 'newer'
    })
  })

  it('keeps change rows only as long as their run (retention deletes them with it)', () => {
    const rows = (runId: number) =>
      (
        c.store.db.prepare('SELECT COUNT(*) AS n FROM run_changes WHERE run_id = ?').get(runId) as {
          n: number
        }
      ).n
    expect(rows(runs[1].id)).toBeGreaterThan(0)
    c.store.syncRuns.delete(runs[1].id)
    expect(rows(runs[1].id)).toBe(0)
    runs.splice(1, 1)
  })
})

describe('comparison of domain runs on the users they left, field by field (issue 8 item 2)', () => {
  it('lists the users that joined, left and changed since the older run, and refuses runs of two domains', async () => {
    await c.value('domains:add', { name: 'HistWest', callProcessors: [cucm], rules: { syncAllUsers: true } })
    await c.value('domains:add', { name: 'HistEast', callProcessors: [cucm], rules: { syncAllUsers: true } })
    const domainSync = async (name: string) => finished((await c.value('domains:sync', { name })).runId)
    const first = await domainSync('HistWest')
    const older = await domainSync('HistWest')
    const k = cluster()
    const leaver = k.userid(6)
    const mover = k.userid(8)
    const department = k.department(8)
    k.remove('User', 6)
    k.update('User', 8, { department: 'Compared Domain Dept' })
    k.add('User', { userid: 'histdom1', firstName: 'Dom', lastName: 'Joiner' })
    await sync(cucm, 'user')
    const newer = await domainSync('HistWest')
    const comparison = await c.value('runs:compare', { older: older.id, newer: newer.id })
    expect(comparison.basis).toBe('users')
    const users = typeOf(comparison, 'User')
    expect(users?.appeared).toEqual([{ key: 'histdom1', name: 'histdom1' }])
    expect(users?.disappeared).toEqual([{ key: leaver.toLowerCase(), name: leaver }])
    expect(users?.changed).toEqual([
      {
        key: mover.toLowerCase(),
        name: mover,
        fields: [{ field: 'department', before: department, after: 'Compared Domain Dept' }]
      }
    ])
    // Two runs with nothing in between that changed a user: no differences.
    const unchanged = await c.value('runs:compare', { older: first.id, newer: older.id })
    expect(unchanged.types).toEqual([])
    // The first run filled the domain: noted, not listed user by user.
    const fromEmpty = c.store.db
      .prepare("SELECT change FROM run_changes WHERE run_id = ? AND type = 'User'")
      .all(first.id) as { change: string }[]
    expect(fromEmpty).toEqual([{ change: 'filled' }])
    const east = await domainSync('HistEast')
    expect(await refusal('runs:compare', { older: older.id, newer: east.id })).toMatchObject({
      code: 'VALIDATION',
      message: expect.stringMatching(/only runs of one domain can be compared/) as unknown
    })
    // The trend figures of a domain's runs.
    const stats = await c.value('runs:stats', { domain: 'HistWest', limit: 10 })
    expect(stats.map((r) => r.runId)).toEqual([first.id, older.id, newer.id])
  })
})

describe('migration 010: run changes and history indexes', () => {
  it('adds run_changes (gone with its run) and indexes the hot history queries', () => {
    const db = new Database(':memory:')
    db.pragma('foreign_keys = ON')
    migrate(
      db,
      migrations.findIndex((m) => m === m010RunChanges)
    )
    expect(db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'run_changes'").get()).toBeUndefined()
    migrate(db, migrations.findIndex((m) => m === m010RunChanges) + 1)
    db.prepare(
      "INSERT INTO sync_runs (id, device_name, kind, status, started_at) VALUES (1, 'D', 'user', 'succeeded', 'now')"
    ).run()
    db.prepare(
      "INSERT INTO run_changes (run_id, type, key, change, name) VALUES (1, 'User', 'u', 'removed', 'u')"
    ).run()
    expect(() =>
      db
        .prepare(
          "INSERT INTO run_changes (run_id, type, key, change, name) VALUES (1, 'User', 'v', 'moved', 'v')"
        )
        .run()
    ).toThrow(/CHECK/)
    db.prepare('DELETE FROM sync_runs WHERE id = 1').run()
    expect(db.prepare('SELECT COUNT(*) AS n FROM run_changes').get()).toEqual({ n: 0 })
    const plan = (sql: string): string =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((p) => p.detail).join(' ')
    expect(
      plan(
        'SELECT c.* FROM sync_runs r JOIN run_changes c ON c.run_id = r.id WHERE r.device_id = 1 AND r.id > 1 AND r.id <= 9 ORDER BY r.id'
      )
    ).toMatch(/^SEARCH r USING COVERING INDEX sync_runs_device .* SEARCH c USING PRIMARY KEY \(run_id=\?\)$/)
    expect(plan("SELECT id FROM sync_runs WHERE kind = 'user' AND started_at < 'x'")).toMatch(
      /sync_runs_kind/
    )
    expect(plan("SELECT * FROM audit_log WHERE action = 'devices:edit' ORDER BY id DESC")).toMatch(
      /audit_log_action/
    )
    db.close()
  })
})

describe('comparison fold rules (issue 8 item 2)', () => {
  const change = (
    runId: number,
    key: string,
    kind: RunChange['change'],
    before?: object,
    after?: object
  ): RunChange => ({
    runId,
    type: 'User',
    key,
    change: kind,
    name: key,
    before: before ? JSON.stringify(before) : null,
    after: after ? JSON.stringify(after) : null
  })

  it('folds per key: added+removed = nothing, changed twice = first before and last after, removed+added = changed or nothing', () => {
    const types = compareInventory(
      [
        change(1, 'gone-again', 'added', undefined, { a: 1 }),
        change(2, 'gone-again', 'removed', { a: 1 }),
        change(1, 'twice', 'changed', { a: 1, b: 1 }, { a: 2, b: 1 }),
        change(2, 'twice', 'changed', { a: 2, b: 1 }, { a: 3, b: 1 }),
        change(1, 'back', 'removed', { a: 1 }),
        change(2, 'back', 'added', undefined, { a: 1 }),
        change(1, 'replaced', 'removed', { a: 1 }),
        change(2, 'replaced', 'added', undefined, { a: 5 }),
        change(1, 'new', 'added', undefined, { a: 1 }),
        change(2, 'new', 'changed', { a: 1 }, { a: 2 }),
        change(2, 'old', 'removed', { a: 1 })
      ],
      100
    )
    expect(types).toHaveLength(1)
    const [users] = types
    expect(names(users.appeared)).toEqual(['new'])
    expect(names(users.disappeared)).toEqual(['old'])
    expect(users.changed).toEqual([
      { key: 'replaced', name: 'replaced', fields: [{ field: 'a', before: 1, after: 5 }] },
      { key: 'twice', name: 'twice', fields: [{ field: 'a', before: 1, after: 3 }] }
    ])
    expect(users.counts).toEqual({ appeared: 1, disappeared: 1, changed: 2 })
  })

  it('diffs nested data as dotted paths; a field on one side only has no before or after', () => {
    expect(
      diffFields(
        { line: { pattern: '1000', partition: 'PT' }, lines: ['a', 'b'], gone: 1 },
        { line: { pattern: '2000', partition: 'PT' }, lines: ['a', 'c'], added: true }
      )
    ).toEqual([
      { field: 'line.pattern', before: '1000', after: '2000' },
      { field: 'lines.1', before: 'b', after: 'c' },
      { field: 'gone', before: 1 },
      { field: 'added', after: true }
    ])
    expect(diffFields({ a: [1] }, { a: { 0: 1 } })).toEqual([{ field: 'a', before: [1], after: { 0: 1 } }])
  })
})

describe('runs:list and runs:stats (issue 8 items 1 and 3)', () => {
  it('lists every run newest first with a total, filtered by device, kind, status and time', async () => {
    const all = await c.value('runs:list', { limit: 1000 })
    expect(all.total).toBe(all.runs.length)
    expect(all.runs.map((r) => r.id)).toEqual([...all.runs.map((r) => r.id)].sort((a, b) => b - a))
    const users = await c.value('runs:list', { device: cucm, kinds: ['user'], limit: 2 })
    expect(users.runs).toHaveLength(2)
    expect(users.total).toBe(all.runs.filter((r) => r.device === cucm && r.kind === 'user').length)
    expect(users.runs.every((r) => r.kind === 'user' && r.device === cucm)).toBe(true)
    const partial = await c.value('runs:list', { statuses: ['partial'] })
    expect(partial.runs.length).toBeGreaterThan(0)
    expect(partial.runs.every((r) => r.status === 'partial')).toBe(true)
    const newest = all.runs[0]
    const since = await c.value('runs:list', { from: newest.startedAt })
    expect(since.runs.map((r) => r.id)).toContain(newest.id)
    expect(since.runs.every((r) => r.startedAt >= newest.startedAt)).toBe(true)
    // The same instant written in another offset finds the same runs.
    const shifted = new Date(newest.startedAt).toISOString().replace('Z', '+00:00')
    expect((await c.value('runs:list', { from: shifted })).total).toBe(since.total)
    expect((await c.value('runs:list', { to: '2000-01-01T00:00:00Z' })).total).toBe(0)
    expect(
      (await c.value('runs:list', { name: 'hist imp' })).runs.every((r) => r.device === 'Hist IMP')
    ).toBe(true)
  })

  it('refuses unknown subjects, two subjects, bad kinds and a reversed time range, naming the field', async () => {
    expect(await refusal('runs:list', { device: 'Nope' })).toMatchObject({
      code: 'NOT_FOUND',
      field: 'device'
    })
    expect(await refusal('runs:list', { device: cucm, domain: 'West' })).toMatchObject({
      code: 'VALIDATION',
      field: 'domain'
    })
    expect(await refusal('runs:list', { kinds: ['nightly'] })).toMatchObject({
      code: 'VALIDATION',
      field: 'kinds.0'
    })
    expect(
      await refusal('runs:list', { from: '2025-02-01T00:00:00Z', to: '2025-01-01T00:00:00Z' })
    ).toMatchObject({ code: 'VALIDATION', field: 'to' })
    expect(await refusal('runs:list', { from: 'yesterday' })).toMatchObject({
      code: 'VALIDATION',
      field: 'from'
    })
  })

  it('gives each run its duration, objects and counts per type and outcome, oldest first', async () => {
    const stats = await c.value('runs:stats', { device: cucm, kinds: ['user'], limit: 3 })
    expect(stats).toHaveLength(3)
    expect(stats.map((s) => s.runId)).toEqual([...stats.map((s) => s.runId)].sort((a, b) => a - b))
    const [lastStat] = stats.slice(-1)
    const run = await c.value('sync:run', { runId: lastStat.runId })
    const objects = Object.values(run.counts).reduce((n, t) => n + t.added + t.changed + t.unchanged, 0)
    expect(lastStat).toMatchObject({ kind: 'user', status: 'succeeded', objects, counts: run.counts })
    expect(lastStat.objects).toBeGreaterThan(0)
    expect(lastStat.durationMs).toBe(Date.parse(run.finishedAt ?? '') - Date.parse(run.startedAt))
  })
})

describe('log and audit exports (issue 8 item 6)', () => {
  const awkward = 'Said "hello", then\nleft; a,b'

  it('quotes CSV fields per RFC 4180 only when they need it', () => {
    expect(csvField('plain')).toBe('plain')
    expect(csvField('a,b')).toBe('"a,b"')
    expect(csvField('say "hi"')).toBe('"say ""hi"""')
    expect(csvField('two\nlines')).toBe('"two\nlines"')
    expect(csvField('cr\r')).toBe('"cr\r"')
  })

  it('neutralises cells a spreadsheet would run as formulas, and leaves numbers alone', () => {
    expect(csvField('=HYPERLINK("https://x.example","open")')).toBe(
      `"'=HYPERLINK(""https://x.example"",""open"")"`
    )
    expect(csvField('+1+cmd|calc')).toBe("'+1+cmd|calc")
    expect(csvField('-2+3')).toBe("'-2+3")
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)")
    expect(csvField('\t=1')).toBe("'\t=1")
    expect(csvField('-1')).toBe('-1')
    expect(csvField('+44.5')).toBe('+44.5')
    expect(csvField('a=b')).toBe('a=b')
  })

  it("exports a run's log, or what a filter selects, as CSV with a header row and as a JSON array", async () => {
    const run = (await c.value('runs:list', { device: cucm, kinds: ['user'], limit: 1 })).runs[0]
    c.store.syncLog.appendLast(run.id, {
      at: '2025-01-01T00:00:00.000Z',
      severity: 'warning',
      code: 'TEST_AWKWARD',
      objectType: 'User',
      objectName: 'o,dd',
      message: awkward
    })
    const csv = await c.value('logs:export', { runId: run.id, format: 'csv', code: 'TEST_AWKWARD' })
    expect(csv.fileName).toBe(`run-${run.id}-log.csv`)
    expect(csv.rows).toBe(1)
    const seq = (await c.value('logs:entries', { runId: run.id, code: 'TEST_AWKWARD' })).entries[0].seq
    expect(csv.content).toBe(
      'run,seq,at,severity,code,objectType,objectName,message,hint\r\n' +
        `${run.id},${seq},2025-01-01T00:00:00.000Z,warning,TEST_AWKWARD,User,"o,dd","Said ""hello"", then\nleft; a,b",\r\n`
    )
    const json = await c.value('logs:export', { runId: run.id, format: 'json' })
    expect(json.fileName).toBe(`run-${run.id}-log.json`)
    const all = await c.value('logs:entries', { runId: run.id, limit: 5000 })
    expect(JSON.parse(json.content)).toEqual(all.entries)
    expect(json.rows).toBe(all.total)
    const none = await c.value('logs:export', { runId: run.id, format: 'json', code: 'NO_SUCH_CODE' })
    expect(JSON.parse(none.content)).toEqual([])
    expect((await c.dispatch('logs:export', { runId: 999_999, format: 'csv' }, { origin: 'test' })).ok).toBe(
      false
    )
  })

  it('lists and exports the audit trail filtered by action, area, target and time', async () => {
    const before = new Date().toISOString()
    await c.value('devices:edit', { name: 'Hist IMP', changes: { host: 'hist-imp.example.com' } })
    await c.value('settings:set', { runsKeptPerDevice: 25 })
    await c.value('settings:set', { runsKeptPerDevice: 20 })
    const edits = await c.value('audit:list', { action: 'devices:edit' })
    expect(edits.total).toBe(1)
    expect(edits.entries[0]).toMatchObject({ action: 'devices:edit', target: 'Hist IMP' })
    const area = await c.value('audit:list', { action: 'devices:' })
    expect(area.entries.every((e) => e.action.startsWith('devices:'))).toBe(true)
    expect(area.total).toBeGreaterThan(edits.total)
    expect(
      (await c.value('audit:list', { target: 'hist imp' })).entries.every((e) => e.target === 'Hist IMP')
    ).toBe(true)
    const recent = await c.value('audit:list', { from: before })
    expect(recent.entries.map((e) => e.action)).toEqual(['settings:set', 'settings:set', 'devices:edit'])
    expect(await c.value('audit:list', { from: before, limit: 1, offset: 1 })).toMatchObject({
      total: 3,
      entries: [{ action: 'settings:set' }]
    })
    expect((await c.value('audit:list', { to: '2000-01-01T00:00:00Z' })).total).toBe(0)

    const csv = await c.value('audit:export', { format: 'csv', from: before })
    const lines = csv.content.split('\r\n')
    expect(lines[0]).toBe('id,at,actor,action,target,details')
    expect(csv.rows).toBe(3)
    // The details column is JSON: quoted, its quotes doubled.
    expect(lines[3]).toMatch(/^\d+,[^,]+,[^,]+,devices:edit,Hist IMP,"\{""effect"":""change""/)
    const json = await c.value('audit:export', { format: 'json', action: 'devices:edit' })
    expect(JSON.parse(json.content)).toEqual(edits.entries)
    expect(json.fileName).toBe('audit-trail.json')
  })
})

describe('command line (issue 8 item 6)', () => {
  const cli = (args: string[]) => cliFor(c.dataDir)(args)

  it('lists runs, exports and compares them, and lists and exports the audit trail', async () => {
    const list = await cli(['--json', 'logs', 'list', '--device', cucm, '--kind', 'user', '--limit', '2'])
    expect(list.code).toBe(0)
    const page = JSON.parse(list.out) as { total: number; runs: RunSummary[] }
    expect(page.runs).toHaveLength(2)
    const [newer, older] = page.runs
    const text = await cli(['logs', 'list', '--kind', 'user,infrastructure', '--status', 'succeeded'])
    expect(text.out).toMatch(/RUN\s+KIND\s+DEVICE\/DOMAIN\/JOB\s+STATUS/)

    const compared = await cli(['logs', 'compare', String(older.id), String(newer.id)])
    expect(compared.code).toBe(0)
    expect(compared.out).toMatch(new RegExp(`Run ${older.id} .* → run ${newer.id}`))
    const comparedJson = await cli(['--json', 'logs', 'compare', String(older.id), String(newer.id)])
    expect((JSON.parse(comparedJson.out) as RunComparison).basis).toBe('inventory')
    expect((await cli(['logs', 'compare', String(newer.id), String(older.id)])).code).toBe(2)

    const dir = tempDir('switchboard-export-')
    const out = join(dir, 'log.csv')
    const written = await cli(['--json', 'logs', 'export', String(newer.id), '--format', 'csv', '--out', out])
    expect(written.code).toBe(0)
    expect(JSON.parse(written.out)).toMatchObject({ file: out })
    expect(readFileSync(out, 'utf8')).toMatch(
      /^run,seq,at,severity,code,objectType,objectName,message,hint\r\n/
    )
    // An existing file is replaced only when asked: exit 2, the file as it was.
    writeFileSync(out, 'keep me')
    const again = await cli(['logs', 'export', String(newer.id), '--format', 'csv', '--out', out])
    expect(again.code).toBe(2)
    expect(again.err).toMatch(/--out .*log\.csv: the file exists; add --force to replace it/)
    expect(readFileSync(out, 'utf8')).toBe('keep me')
    const auditAgain = await cli(['audit', 'export', '--format', 'csv', '--out', out])
    expect(auditAgain.code).toBe(2)
    expect(readFileSync(out, 'utf8')).toBe('keep me')
    const forced = await cli(['logs', 'export', String(newer.id), '--format', 'csv', '--out', out, '--force'])
    expect(forced.code).toBe(0)
    expect(readFileSync(out, 'utf8')).toMatch(/^run,seq,at,severity/)
    const printed = await cli(['logs', 'export', String(newer.id), '--format', 'json', '--severity', 'info'])
    expect((JSON.parse(printed.out) as { severity: string }[]).every((e) => e.severity === 'info')).toBe(true)
    expect((await cli(['logs', 'export', String(newer.id)])).err).toMatch(/missing --format/)
    expect((await cli(['logs', 'export', String(newer.id), '--format', 'xml'])).code).toBe(2)
    expect((await cli(['logs', 'list', '--kind', 'nightly'])).code).toBe(2)
    expect((await cli(['logs', 'list', '--since', 'yesterday'])).code).toBe(2)

    const audit = await cli(['--json', 'audit', 'list', '--action', 'settings:set', '--limit', '1'])
    expect(audit.code).toBe(0)
    expect(JSON.parse(audit.out)).toMatchObject({ entries: [{ action: 'settings:set' }] })
    const auditCsv = await cli(['audit', 'export', '--format', 'csv', '--action', 'devices:'])
    expect(auditCsv.out.split('\r\n')[0]).toBe('id,at,actor,action,target,details')
    expect((await cli(['audit', 'frobnicate'])).code).toBe(2)
  })
})

describe('a deleted device leaves its runs (issue 25 item 15)', () => {
  it('keeps runs and logs under the name they had, where job logs and the Logs page still find them', async () => {
    const server = lab.servers.find((s) => s.kind === 'presence-processor')
    if (!server) throw new Error('the lab has no IM and Presence')
    const device = 'Doomed IMP'
    await c.value('devices:add', { ...labDeviceFields(server), name: device, callProcessor: cucm })
    if (server.fingerprint) await c.value('devices:trust', { name: device, fingerprint: server.fingerprint })
    const { runId: jobRunId } = await c.value('jobs:run-unsaved', {
      label: 'doomed twice',
      selection: { kind: 'granular', text: `pp.${device}: infra` }
    })
    expect((await finished(jobRunId)).status).toBe('succeeded')
    const [first] = await c.value('sync:runs', { parentRunId: jobRunId })
    const second = await sync(device, 'infrastructure')
    const entries = (await c.value('logs:entries', { runId: first.id })).total

    const cli = cliFor(c.dataDir)
    const deleted = await cli(['devices', 'delete', device])
    expect(deleted.code).toBe(0)
    expect(deleted.out).toMatch(
      `Deleted ${device}. Its 2 synchronization run(s) and their logs are kept under that name`
    )

    // The job's log still names a run that exists, with its log.
    const link = (await c.value('logs:entries', { runId: jobRunId, code: 'JOB_SYNC_STARTED' })).entries[0]
    expect(link.message).toContain(`as run ${first.id}`)
    expect(await c.value('sync:run', { runId: first.id })).toMatchObject({
      device,
      kind: 'infrastructure',
      status: 'succeeded',
      parentRunId: jobRunId
    })
    expect((await c.value('logs:entries', { runId: first.id })).total).toBe(entries)
    // The Logs page's lists and trends of the device, by the name it had.
    const listed = await c.value('runs:list', { device })
    expect(listed.runs.map((r) => r.id)).toEqual([second.id, first.id])
    expect((await c.value('runs:stats', { device, limit: 10 })).map((s) => s.runId)).toEqual([
      first.id,
      second.id
    ])
    expect(await refusal('runs:compare', { older: first.id, newer: second.id })).toMatchObject({
      code: 'VALIDATION',
      field: 'older',
      message: expect.stringMatching(/Doomed IMP, a device that was deleted/) as unknown
    })
    // Retention counts them apart from other devices' runs: one kept here leaves only the newer.
    expect(c.store.syncRuns.expired(() => ({ count: 1, days: null }), new Date())).toContain(first.id)
    expect(c.store.syncRuns.expired(() => ({ count: 1, days: null }), new Date())).not.toContain(second.id)

    // A new device of that name starts a history of its own.
    await c.value('devices:add', { ...labDeviceFields(server), name: device, callProcessor: cucm })
    expect((await c.value('runs:list', { device })).total).toBe(0)
  }, 60_000)
})
