// Issue 7: Schedule Synchronization jobs against the lab (SCHED-01 … SCHED-19): validation, preview,
// execution order, failures with abort, force and parallel, Run Now, the queue, cancel, missed runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Job, LogEntry, RunSummary } from '../../src-preload/contract'
import { runCli } from '../../src-main/cli/run'
import { createCore, type Core } from '../../src-main/core'
import { labDeviceFields, startLab, type RunningLab } from '../../src-main/lab'
import { cliFor } from './helpers/cli'
import { addTrustedLabDevice, testCore, type TestCore } from './helpers/core'
import { closedPort } from './helpers/net'
import { ManualTimer, nextEvent, nextFinished } from './helpers/runs'

let lab: RunningLab
let c: TestCore
let cp = ''
let mp = ''
let pp = ''

const FUTURE = '2099-01-01T00:00:00Z'

async function error(channel: Parameters<TestCore['dispatch']>[0], input: unknown) {
  const result = await c.dispatch(channel, input, { origin: 'test' })
  if (result.ok) throw new Error(`${channel} should have failed`)
  return result.error
}

const UNFINISHED_STATES = ['queued', 'running', 'canceling']

/** Resolves when the job's state, told by jobs:changed, satisfies `reached`; call before causing it. */
function jobState(
  core: Pick<Core, 'events' | 'store'>,
  name: string,
  reached: (state: string) => boolean
): Promise<unknown> {
  return nextEvent(core.events, 'jobs:changed', (changed) => {
    const state = core.store.jobs.byName(name)?.state
    return changed.name === name && state !== undefined && reached(state)
  })
}
const jobSettled = (core: Pick<Core, 'events' | 'store'>, name: string) =>
  jobState(core, name, (state) => !UNFINISHED_STATES.includes(state))

/** Runs a job now and returns its finished run. */
async function runJob(name: string, core: TestCore = c): Promise<{ job: Job; run: RunSummary }> {
  const settled = jobSettled(core, name)
  await core.value('jobs:run', { names: [name] })
  await settled
  const job = await core.value('jobs:get', { name })
  const [run] = await core.value('jobs:runs', { name, limit: 1 })
  return { job, run }
}

const children = (run: RunSummary) => c.value('sync:runs', { parentRunId: run.id })
async function log(run: RunSummary, code?: string): Promise<LogEntry[]> {
  return (await c.value('logs:entries', { runId: run.id, ...(code ? { code } : {}), limit: 500 })).entries
}

beforeAll(async () => {
  lab = await startLab({ users: 60, clusters: 1, seed: 11, faults: {} })
  c = testCore()
  for (const server of lab.servers) await addTrustedLabDevice(c, server)
  cp = lab.servers.find((s) => s.kind === 'call-processor')?.name ?? ''
  mp = lab.servers.find((s) => s.kind === 'message-processor')?.name ?? ''
  pp = lab.servers.find((s) => s.kind === 'presence-processor')?.name ?? ''
  await c.value('devices:test', { name: mp })
  // A Call Processor nobody answers for: every synchronization of it fails.
  const labCp = lab.servers.find((s) => s.kind === 'call-processor')
  if (!labCp) throw new Error('the lab has no Call Processor')
  await c.value('devices:add', { ...labDeviceFields(labCp), name: 'Dead CUCM', port: await closedPort() })
  const rules = { syncAllUsers: true }
  await c.value('domains:add', { name: 'Lab Domain', callProcessors: [cp], messageProcessors: [mp], rules })
  await c.value('domains:add', { name: 'Broken Domain', callProcessors: ['Dead CUCM'], rules })
}, 120_000)
afterAll(async () => {
  await c?.dispose()
  await lab?.stop()
})

describe('jobs: definition (SCHED-08 … SCHED-14)', () => {
  it('takes table 3 defaults: One Time, starting now, All, no options', async () => {
    const job = await c.value('jobs:add', { name: 'Defaults_1', startAt: FUTURE })
    expect(job).toMatchObject({
      frequency: { every: 'once' },
      selection: { kind: 'builder', choice: 'all' },
      options: { forceDomainSync: false, parallel: false, abortOnFailure: false },
      state: 'scheduled',
      nextRunAt: '2099-01-01T00:00:00.000Z'
    })
    await c.value('jobs:delete', { names: ['Defaults_1'] })
  })

  it('reads a start without an offset in the job’s time zone (issue 25 item 17)', async () => {
    // 02:00 in Berlin is 01:00 UTC in winter and 00:00 UTC in summer.
    const winter = await c.value('jobs:add', {
      name: 'Berlin_Winter',
      startAt: '2099-01-04T02:00',
      timeZone: 'Europe/Berlin'
    })
    expect([winter.startAt, winter.nextRunAt]).toEqual([
      '2099-01-04T01:00:00.000Z',
      '2099-01-04T01:00:00.000Z'
    ])
    const cli = cliFor(c.dataDir)
    const summer = await cli([
      '--json',
      'jobs',
      'add',
      'Berlin_Summer',
      '--start',
      '2099-07-04T02:00:00',
      '--time-zone',
      'Europe/Berlin'
    ])
    expect(summer.code).toBe(0)
    expect((JSON.parse(summer.out) as { startAt: string }).startAt).toBe('2099-07-04T00:00:00.000Z')
    // An edit that names only a new zone keeps the instant stored; a new local start is read in it.
    const moved = await c.value('jobs:edit', {
      name: 'Berlin_Winter',
      changes: { startAt: '2099-01-04T02:00', timeZone: 'America/New_York' }
    })
    expect(moved.startAt).toBe('2099-01-04T07:00:00.000Z')
    await c.value('jobs:delete', { names: ['Berlin_Winter', 'Berlin_Summer'] })
  })

  it('refuses bad names, duplicates, counts and granular lines, naming the field and the rule', async () => {
    expect(await error('jobs:add', { name: 'Nightly/All' })).toMatchObject({
      code: 'VALIDATION',
      field: 'name',
      message: expect.stringMatching(/letters A-Z a-z, digits 0-9, space, underscore and hyphen/) as unknown
    })
    await c.value('jobs:add', { name: 'Weekly', startAt: FUTURE })
    expect(await error('jobs:add', { name: 'WEEKLY' })).toMatchObject({ code: 'CONFLICT', field: 'name' })
    expect(
      await error('jobs:add', { name: 'Bad count', frequency: { every: 'days', count: 0 } })
    ).toMatchObject({ field: 'frequency.count', message: expect.stringMatching(/at least 1/) as unknown })
    const granular = await error('jobs:add', {
      name: 'Bad lines',
      selection: { kind: 'granular', text: 'cp.all: both\nxx.all: both\nad.all: infra' }
    })
    expect(granular.message).toMatch(/line 2 \(xx\.all: both\): unknown class "xx"/)
    expect(granular.message).toMatch(/line 3 \(ad\.all: infra\): a directory takes no type/)
    const unknown = await error('jobs:add', {
      name: 'Unknown target',
      selection: { kind: 'granular', text: `cp.${mp}: infra\ndomain.Nowhere:` }
    })
    expect(unknown.message).toMatch(new RegExp(`line 1 .*${mp} is not a call processor`))
    expect(unknown.message).toMatch(/line 2 .*there is no domain named "Nowhere"/)
    expect((await c.value('jobs:list', {})).map((j) => j.name)).not.toContain('Unknown target')
    expect(await error('jobs:add', { name: 'Bad zone', timeZone: 'Mars/Olympus' })).toMatchObject({
      field: 'timeZone'
    })
  })

  it('previews the seeds’ order and runs nothing (SCHED-07, SCHED-19)', async () => {
    const runsBefore = (await c.value('sync:runs', { limit: 1000 })).length
    const preview = await c.value('jobs:preview', { selection: { kind: 'builder', choice: 'all' } })
    expect(preview.problems).toEqual([])
    expect(preview.steps.map((s) => [s.kind, s.target, s.syncs.join('+')])).toEqual([
      ['device', 'Dead CUCM', 'infrastructure+user'],
      ['device', cp, 'infrastructure+user'],
      ['device', mp, 'infrastructure+user'],
      ['device', pp, 'infrastructure'],
      ['domain', 'Broken Domain', ''],
      ['domain', 'Lab Domain', '']
    ])
    const broken = await c.value('jobs:preview', {
      selection: { kind: 'granular', text: 'cp.all: both\nmp.all:\npp.Nope: infra' }
    })
    expect(broken.problems.map((p) => p.line)).toEqual([2, 3])
    expect((await c.value('sync:runs', { limit: 1000 })).length).toBe(runsBefore)
  })
})

describe('jobs: execution (SCHED-15)', () => {
  it('runs each synchronization as its own run, in order, linked from the job’s log', async () => {
    await c.value('jobs:add', {
      name: 'Lab nightly',
      startAt: FUTURE,
      frequency: { every: 'days', count: 1 },
      selection: { kind: 'granular', text: `# the lab\ndomain.Lab Domain:\nmp.${mp}: both\ncp.${cp}: both` }
    })
    const { job, run } = await runJob('Lab nightly')
    expect(run).toMatchObject({ kind: 'job', device: 'Lab nightly', status: 'succeeded' })
    expect(job).toMatchObject({ state: 'scheduled', nextRunAt: '2099-01-01T00:00:00.000Z' })
    expect(job.lastRun).toMatchObject({ runId: run.id, status: 'succeeded' })
    const started = await children(run)
    expect(started.map((r) => [r.kind, r.device, r.status, r.parentRunId])).toEqual([
      ['infrastructure', cp, 'succeeded', run.id],
      ['user', cp, 'succeeded', run.id],
      ['infrastructure', mp, 'succeeded', run.id],
      ['user', mp, 'succeeded', run.id],
      ['domain', 'Lab Domain', 'succeeded', run.id]
    ])
    const links = await log(run, 'JOB_SYNC_STARTED')
    expect(links.map((e) => e.message)).toEqual(
      started.map((r) => expect.stringContaining(`as run ${r.id}`) as unknown)
    )
    expect((await c.value('domains:get', { name: 'Lab Domain' })).users).toBeGreaterThan(0)
  }, 120_000)

  it('skips a domain whose device failed, unless Force Domain Synchronization', async () => {
    const text = `cp.Dead CUCM: both\ncp.${cp}: infra\ndomain.Broken Domain:\ndomain.Lab Domain:`
    await c.value('jobs:add', {
      name: 'With failure',
      startAt: FUTURE,
      selection: { kind: 'granular', text }
    })
    const { run } = await runJob('With failure')
    expect(run.status).toBe('partial')
    const started = await children(run)
    expect(started.map((r) => [r.kind, r.device, r.status])).toEqual([
      ['infrastructure', 'Dead CUCM', 'failed'],
      ['infrastructure', cp, 'succeeded'],
      ['domain', 'Lab Domain', 'succeeded']
    ])
    // Every synchronization planned is counted, and those that did not succeed are named (issue 25 item 3).
    expect(run.summary).toBe(
      `2 of 5 synchronization(s) succeeded; infrastructure synchronization of Dead CUCM (run ${started[0].id}) failed; user synchronization of Dead CUCM was skipped (its infrastructure synchronization failed); domain synchronization of Broken Domain was skipped (Dead CUCM failed in this run).`
    )
    expect((await log(run, 'JOB_SYNC_SKIPPED'))[0].message).toMatch(
      /User synchronization of Dead CUCM skipped/
    )
    const skipped = await log(run, 'JOB_DOMAIN_SKIPPED')
    expect(skipped).toHaveLength(1)
    expect(skipped[0]).toMatchObject({
      objectName: 'Broken Domain',
      message: expect.stringMatching(/Dead CUCM failed in this run/) as unknown,
      hint: expect.stringMatching(/Force Domain Synchronization/) as unknown
    })

    await c.value('jobs:edit', { name: 'With failure', changes: { options: { forceDomainSync: true } } })
    const forced = await runJob('With failure')
    const forcedRuns = await children(forced.run)
    expect(forcedRuns.map((r) => r.device)).toEqual(['Dead CUCM', cp, 'Broken Domain', 'Lab Domain'])
    const succeeded = forcedRuns.filter((r) => r.status === 'succeeded').length
    expect(forced.run.summary).toMatch(
      new RegExp(
        `^${succeeded} of 5 synchronization\\(s\\) succeeded; .*user synchronization of Dead CUCM was skipped`
      )
    )
  }, 120_000)

  it('synchronizes the users after a partial infrastructure synchronization, as sync device --both does (issue 25 item 4)', async () => {
    lab.faults.failingTypes = ['SipTrunk']
    try {
      await c.value('jobs:add', {
        name: 'Partial infra',
        startAt: FUTURE,
        selection: { kind: 'granular', text: `cp.${cp}: both` }
      })
      const { run } = await runJob('Partial infra')
      const started = await children(run)
      expect(started.map((r) => [r.kind, r.status])).toEqual([
        ['infrastructure', 'partial'],
        ['user', 'succeeded']
      ])
      expect(run.status).toBe('partial')
      expect(run.summary).toBe(
        `1 of 2 synchronization(s) succeeded; infrastructure synchronization of ${cp} (run ${started[0].id}) was partial.`
      )
      const cli = await cliFor(c.dataDir)(['--json', 'sync', 'device', cp, '--both'])
      expect(cli.code).toBe(1)
      expect((JSON.parse(cli.out) as RunSummary[]).map((r) => [r.kind, r.status])).toEqual([
        ['infrastructure', 'partial'],
        ['user', 'succeeded']
      ])
    } finally {
      delete lab.faults.failingTypes
    }
  }, 60_000)

  it('stops at the first failure with Abort on failure', async () => {
    await c.value('jobs:add', {
      name: 'Abort early',
      startAt: FUTURE,
      selection: { kind: 'granular', text: `cp.Dead CUCM: infra\ncp.${cp}: infra\ndomain.Lab Domain:` },
      options: { abortOnFailure: true, forceDomainSync: true }
    })
    const { run } = await runJob('Abort early')
    expect(run.status).toBe('failed')
    expect((await children(run)).map((r) => r.device)).toEqual(['Dead CUCM'])
    expect((await log(run, 'JOB_ABORTED'))[0].message).toMatch(
      /infrastructure synchronization of Dead CUCM failed/
    )
    expect(run.summary).toMatch(
      /^0 of 3 synchronization\(s\) succeeded; infrastructure synchronization of Dead CUCM \(run \d+\) failed\. 2 not started: the job stopped at the first failure \(Abort on failure\)\.$/
    )
  }, 60_000)

  it('runs device synchronizations side by side with Run in Parallel', async () => {
    await c.value('jobs:add', {
      name: 'Parallel',
      startAt: FUTURE,
      selection: { kind: 'granular', text: `cp.${cp}: infra\nmp.${mp}: infra\npp.${pp}: infra` },
      options: { parallel: true }
    })
    const { run } = await runJob('Parallel')
    expect(run.status).toBe('succeeded')
    const started = await children(run)
    expect(started).toHaveLength(3)
    // Every run started before any of them finished: they ran at the same time.
    const lastStart = Math.max(...started.map((r) => Date.parse(r.startedAt)))
    const firstEnd = Math.min(...started.map((r) => Date.parse(r.finishedAt ?? '')))
    expect(lastStart).toBeLessThanOrEqual(firstEnd)
  }, 60_000)
})

describe('jobs: Run Now, the queue and Cancel (SCHED-03, SCHED-06)', () => {
  it('queues a job behind a running synchronization, then cancels a second one', async () => {
    await c.value('jobs:add', {
      name: 'Queued',
      startAt: FUTURE,
      selection: { kind: 'granular', text: `domain.Lab Domain:` }
    })
    await c.value('jobs:add', {
      name: 'Cancelled',
      startAt: FUTURE,
      frequency: { every: 'hours', count: 6 },
      selection: { kind: 'granular', text: `cp.${cp}: both\nmp.${mp}: both` }
    })
    const manual = await c.value('sync:start', { device: cp, kind: 'user' })
    const queuedSettled = jobSettled(c, 'Queued')
    expect(await c.value('jobs:run', { names: ['Queued', 'Queued'] })).toEqual([
      { name: 'Queued', outcome: 'queued' },
      { name: 'Queued', outcome: 'already-queued' }
    ])
    expect((await c.value('jobs:get', { name: 'Queued' })).state).toBe('queued')
    expect(await c.value('jobs:queue', {})).toEqual([
      expect.objectContaining({ position: 1, label: 'job Queued' })
    ])
    await queuedSettled
    const [queued] = await c.value('jobs:runs', { name: 'Queued', limit: 1 })
    expect(queued.status).toBe('succeeded')
    expect(Date.parse(queued.startedAt)).toBeGreaterThanOrEqual(
      Date.parse((await c.value('sync:run', { runId: manual.runId })).finishedAt ?? '')
    )

    const running = jobState(c, 'Cancelled', (state) => state === 'running')
    await c.value('jobs:run', { names: ['Cancelled'] })
    await running
    expect(
      await error('jobs:edit', { name: 'Cancelled', changes: { frequency: { every: 'once' } } })
    ).toMatchObject({ code: 'BUSY', message: expect.stringMatching(/Job Cancelled is running/) as unknown })
    expect((await error('jobs:delete', { names: ['Cancelled'] })).code).toBe('BUSY')
    const cancelledSettled = jobSettled(c, 'Cancelled')
    expect(await c.value('jobs:cancel', { names: ['Cancelled'] })).toEqual([
      { name: 'Cancelled', outcome: 'canceling' }
    ])
    expect((await c.value('jobs:get', { name: 'Cancelled' })).state).toBe('canceling')
    await cancelledSettled
    const cancelled = await c.value('jobs:get', { name: 'Cancelled' })
    expect(cancelled.state).toBe('canceled')
    // A canceled job shows no synchronization status and has no next run.
    expect(cancelled.lastRun).toBeUndefined()
    expect(cancelled.nextRunAt).toBeUndefined()
    const [run] = await c.value('jobs:runs', { name: 'Cancelled', limit: 1 })
    expect(run.status).toBe('cancelled')
    expect((await children(run)).every((r) => r.status !== 'running')).toBe(true)
    expect((await c.value('sync:active', {})).length).toBe(0)

    // Run Now of a canceled job runs it once; its schedule stays off (issue 25 item 17).
    const again = await runJob('Cancelled')
    expect(again.run.status).toBe('succeeded')
    expect(again.job.state).toBe('canceled')
    expect(again.job.nextRunAt).toBeUndefined()
  }, 120_000)

  it('deletes several jobs at once, or none when one is unknown, keeping their runs', async () => {
    const [lastRun] = await c.value('jobs:runs', { name: 'Abort early', limit: 1 })
    expect(await c.value('jobs:delete', { names: ['Abort early', 'Parallel'] })).toEqual({
      deleted: ['Abort early', 'Parallel']
    })
    expect((await c.value('sync:run', { runId: lastRun.id })).kind).toBe('job')
    expect((await error('jobs:delete', { names: ['Weekly', 'Nope'] })).code).toBe('NOT_FOUND')
    expect((await c.value('jobs:list', {})).map((j) => j.name)).toContain('Weekly')
  })
})

describe('jobs: missed runs and restarts', () => {
  it('runs a start missed while the app was closed once, at the next start, and says so', async () => {
    const dueAt = new Date(Date.now() - 3 * 86_400_000 + 60_000).toISOString()
    await c.value('jobs:add', {
      name: 'Missed',
      startAt: new Date(Date.now() + 60_000).toISOString(),
      frequency: { every: 'days', count: 1 },
      selection: { kind: 'granular', text: 'domain.Lab Domain:' }
    })
    // Pretend the app was closed for three days after the job's first start.
    c.store.db
      .prepare('UPDATE jobs SET start_at = ?, next_run_at = ? WHERE name = ?')
      .run(dueAt, dueAt, 'Missed')
    const timer = new ManualTimer()
    const app = createCore({ dataDir: c.dataDir, host: 'headless', background: true, backgroundTimer: timer })
    try {
      const settled = jobSettled(app, 'Missed')
      // The host's first tick: what came due while it was closed starts.
      timer.tick()
      await settled
      const runs = c.store.syncRuns.listForJob(c.store.jobs.byName('Missed')?.id ?? 0, 10)
      expect(runs).toHaveLength(1)
      const [run] = runs
      expect(run.status).toBe('succeeded')
      expect((await log(run, 'JOB_NOTE'))[0].message).toMatch(/was due at .* and was missed.*runs once now/)
      // Started by the schedule, not by a person: the audit trail says so (issue 25 item 16).
      expect(c.store.audit.list(50).find((e) => e.action === 'job.scheduled-run')).toMatchObject({
        target: 'Missed',
        details: { dueAt, runId: run.id }
      })
      const next = Date.parse(c.store.jobs.byName('Missed')?.nextRunAt ?? '')
      expect(next).toBeGreaterThan(Date.now())
      expect(next - Date.now()).toBeLessThanOrEqual(86_400_000)
    } finally {
      await app.close()
    }
  }, 60_000)
})

describe('scheduled LDAP synchronization (LDAP-47)', () => {
  it('starts a domain’s LDAP synchronization when its interval comes round, once per occurrence', async () => {
    const directory = lab.servers.find((s) => s.kind === 'directory')?.name ?? ''
    await c.value('domains:add', { name: 'Directory Domain', callProcessors: [cp], directory })
    await c.value('ldap:set', {
      domain: 'Directory Domain',
      changes: {
        directory,
        intervalHours: 24,
        startAt: new Date(Date.now() - 3_600_000).toISOString()
      }
    })
    const domainId = c.store.domains.byName('Directory Domain')?.id ?? 0
    const timer = new ManualTimer()
    const app = createCore({ dataDir: c.dataDir, host: 'headless', background: true, backgroundTimer: timer })
    try {
      const finished = nextFinished(app, (run) => run.kind === 'ldap')
      timer.tick()
      const run = await finished
      expect(run).toMatchObject({ kind: 'ldap', status: 'succeeded' })
      // Several more ticks (each starts what is due before it returns): the occurrence has had its run.
      for (let tick = 0; tick < 3; tick++) timer.tick()
      expect(c.store.syncRuns.list({ domainId, kind: 'ldap', limit: 5 })).toHaveLength(1)
      expect(
        c.store.audit
          .list(50)
          .some((e) => e.action === 'ldap.scheduled-run' && e.target === 'Directory Domain')
      ).toBe(true)
    } finally {
      await app.close()
    }
  }, 60_000)
})

describe('jobs: command line (SCHED-16 … SCHED-18)', () => {
  it('runs sync.sh-style mass and granular synchronizations with test, options and exit codes', async () => {
    const cli = cliFor(c.dataDir)
    const test = await cli(['sync', 'all', 'test'])
    expect(test.code).toBe(0)
    expect(test.out).toMatch(/1\. infrastructure and user synchronization of/)
    const ok = await cli(['--json', 'sync', 'messageprocessor', 'parallel'])
    expect(ok.code).toBe(0)
    const summary = JSON.parse(ok.out) as { run: RunSummary; synchronizations: RunSummary[] }
    expect(summary.run).toMatchObject({
      kind: 'job',
      status: 'succeeded',
      device: 'command line: sync messageprocessor'
    })
    expect(summary.synchronizations.map((r) => r.kind)).toEqual(['infrastructure', 'user'])
    // The audit trail names what the command line synchronized (issue 25 item 16).
    expect(c.store.audit.list(5).find((e) => e.action === 'jobs:run-unsaved')?.target).toBe(
      'command line: sync messageprocessor'
    )

    const { writeFileSync } = await import('node:fs')
    const file = `${c.dataDir}/granular.txt`
    writeFileSync(file, `cp.Dead CUCM: infra\ndomain.Broken Domain:\n`)
    const failed = await cli(['sync', '-g', file, '--force-domain-sync'])
    expect(failed.code).toBe(1)
    expect(failed.out).toMatch(/Dead CUCM: failed/)
    writeFileSync(file, `cp.all: both\nbogus line\n`)
    const bad = await cli(['sync', '-g', file, 'test'])
    expect(bad.code).toBe(2)
    expect(bad.out).toMatch(/line 2: bogus line: expected <class>\.<name>: <type>/)
    expect((await cli(['sync', 'all', 'sometimes'])).err).toMatch(/unknown option "sometimes"/)
    const help = await cli(['sync', 'all', 'help'])
    expect([help.code, help.out]).toEqual([0, expect.stringMatching(/^Usage: switchboard sync/)])
  }, 120_000)

  it('manages jobs: add, show, edit, preview, run, cancel, delete', async () => {
    const cli = cliFor(c.dataDir)
    const add = await cli([
      'jobs',
      'add',
      'Cli job',
      '--every',
      '12h',
      '--start',
      '2099-06-01T02:30:00+02:00',
      '--time-zone',
      'Europe/Berlin',
      '--builder',
      'domains'
    ])
    expect(add.code).toBe(0)
    expect(add.out).toMatch(/every 12 hours, from 2099-06-01T00:30:00.000Z \(Europe\/Berlin\)/)
    expect((await cli(['jobs', 'add', 'Cli job 2', '--every', 'fortnightly'])).err).toMatch(
      /--every must be once/
    )
    expect((await cli(['jobs', 'preview', 'Cli job'])).out).toMatch(
      /1\. domain synchronization of Broken Domain/
    )
    // A file with a line that names nothing runnable is a usage error, as with `sync -g FILE test`.
    const { writeFileSync } = await import('node:fs')
    const bad = `${c.dataDir}/bad-granular.txt`
    writeFileSync(bad, 'domain.Broken Domain:\nbogus line\n')
    const badPreview = await cli(['jobs', 'preview', '--granular', bad])
    expect(badPreview.code).toBe(2)
    expect(badPreview.out).toMatch(/line 2: bogus line/)
    expect((await cli(['jobs', 'edit', 'Cli job', '--parallel', '--name', 'Cli job renamed'])).code).toBe(0)
    await c.value('jobs:add', {
      name: 'Cli job 3',
      startAt: '2099-01-01T00:00:00Z',
      selection: { kind: 'granular', text: 'domain.Lab Domain:' }
    })
    const run = await cli(['--json', 'jobs', 'run', 'Cli job renamed', 'Cli job 3'])
    // Directory Domain has no synchronization rules: its domain synchronization cannot start.
    expect(run.code).toBe(1)
    // One JSON array for the jobs run, whatever their number (issue 25 item 17).
    const reports = JSON.parse(run.out) as { run: RunSummary; synchronizations: RunSummary[] }[]
    expect(reports.map((r) => r.run.device)).toEqual(['Cli job renamed', 'Cli job 3'])
    expect(reports[0].synchronizations).toHaveLength(2)
    expect(reports[1].run.status).toBe('succeeded')
    await c.value('jobs:delete', { names: ['Cli job 3'] })
    expect((await cli(['jobs', 'cancel', 'Cli job renamed'])).out).toMatch(/Cli job renamed: canceled/)
    const list = await cli(['jobs', 'list'])
    expect(list.out).toMatch(/Cli job renamed\s+canceled/)
    expect((await cli(['jobs', 'delete', 'Cli job renamed'])).code).toBe(0)

    // Ctrl+C while `jobs run` waits cancels the job it started (issue 25 item 17).
    await c.value('jobs:add', {
      name: 'Interrupted',
      startAt: '2099-01-01T00:00:00Z',
      frequency: { every: 'hours', count: 6 },
      selection: { kind: 'granular', text: `cp.${cp}: both` }
    })
    let printed = ''
    const code = await runCli(['--data-dir', c.dataDir, 'jobs', 'run', 'Interrupted'], {
      stdout: (t) => (printed += t),
      stderr: (t) => (printed += t),
      readStdin: () => Promise.resolve(''),
      env: {},
      untilStopped: () => Promise.resolve('SIGINT')
    })
    expect(code).toBe(1)
    const interrupted = await c.value('jobs:get', { name: 'Interrupted' })
    expect(interrupted.state).toBe('canceled')
    const [cancelledRun] = await c.value('jobs:runs', { name: 'Interrupted', limit: 1 })
    expect(cancelledRun.status).toBe('cancelled')
    expect(printed).toMatch(/cancelled/)
    await c.value('jobs:delete', { names: ['Interrupted'] })
    expect((await cli(['jobs', 'show', 'Cli job renamed'])).code).toBe(2)
  }, 120_000)
})
