// LDAP-48 (issue 6 item 6): the automatic status check stops a synchronization that made no progress
// for an hour, writes an audit entry saying so, and notes it at the end of the run's log. The server
// here accepts connections and never answers; the Core's clock jumps an hour ahead, and the test
// ticks the background timer itself.
import { createServer, type Server, type Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunSummary, SyncProgress } from '../../src-preload/contract'
import { createCore, type Core } from '../../src-main/core'
import { SyncCoordinator } from '../../src-main/sync/coordinator'
import { STUCK_AFTER_MS } from '../../src-main/sync/stuckMonitor'
import { tempDir } from './helpers/core'
import { finishedRun, ManualTimer } from './helpers/runs'

let silent: Server
const sockets: Socket[] = []
let port = 0

beforeAll(async () => {
  silent = createServer((socket) => sockets.push(socket))
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
  port = (silent.address() as { port: number }).port
})
afterAll(async () => {
  for (const socket of sockets) socket.destroy()
  await new Promise((resolve) => silent.close(resolve))
})

describe('stuck-run monitor', () => {
  it('stops a synchronization silent for an hour, with an audit entry and a log note', async () => {
    let now = Date.parse('2026-11-23T08:00:00Z')
    const timer = new ManualTimer()
    const core: Core = createCore({
      dataDir: tempDir(),
      host: 'headless',
      background: true,
      backgroundTimer: timer,
      clock: { now: () => new Date(now) }
    })
    try {
      const call = async <T>(channel: Parameters<Core['dispatch']>[0], input: unknown): Promise<T> => {
        const result = await core.dispatch(channel, input, { origin: 'test' })
        if (!result.ok) throw new Error(result.error.message)
        return result.value as T
      }
      await call('devices:add', {
        name: 'Silent CUCM',
        kind: 'call-processor',
        product: 'cucm',
        host: '127.0.0.1',
        port,
        username: 'axladmin',
        password: 'not-used-here'
      })
      const { runId } = await call<{ runId: number }>('sync:start', {
        device: 'Silent CUCM',
        kind: 'infrastructure'
      })
      // Still quiet, but not for an hour yet: the background check (it runs within the tick) leaves it alone.
      now += STUCK_AFTER_MS - 60_000
      timer.tick()
      expect((await call<RunSummary>('sync:run', { runId })).status).toBe('running')
      const stopped = () => core.store.audit.list(50).filter((e) => e.action === 'run.stopped-stuck')
      expect(stopped()).toEqual([])

      now += 120_000
      timer.tick()
      const run = await finishedRun(core, runId)
      expect(run.status).toBe('cancelled')
      const [audit] = stopped()
      expect(audit).toMatchObject({
        action: 'run.stopped-stuck',
        target: expect.stringContaining('Silent CUCM') as unknown,
        details: { runId, message: expect.stringMatching(/automatic status check failed/) as unknown }
      })
      const note = await call<{ entries: { code: string; message: string }[] }>('logs:entries', {
        runId,
        code: 'RUN_STOPPED_STUCK'
      })
      expect(note.entries[0].message).toMatch(/no progress for an hour/)
    } finally {
      await core.close()
    }
  }, 60_000)
})

describe('quiet runs', () => {
  it('leaves out a run waiting on synchronizations it started: they report, it waits (issue 25 item 1)', () => {
    let now = 0
    const coordinator = new SyncCoordinator(() => now)
    const progress = (runId: number, kind: SyncProgress['kind']): SyncProgress => ({
      runId,
      device: 'CUCM',
      kind,
      typesDone: 0,
      typesTotal: 1,
      objects: 0,
      percent: 0
    })
    coordinator.register(
      1,
      'enabling change notification of CUCM (run 1)',
      progress(1, 'change-notification')
    )
    coordinator.startChild(1, () => coordinator.register(2, 'the user synchronization', progress(2, 'user')))
    now = STUCK_AFTER_MS
    expect(coordinator.quietSince(STUCK_AFTER_MS).map((r) => r.runId)).toEqual([2])
    coordinator.release(2)
    expect(coordinator.quietSince(STUCK_AFTER_MS).map((r) => r.runId)).toEqual([1])
  })
})
