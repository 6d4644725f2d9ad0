// Issue 25 item 8: two lab clusters number their lines alike (both have a line 2000001). A domain with
// both Call Processors and only the first cluster's Unity Connection, which its device configuration
// links to the first Unified CM, gives the first cluster's line its mailbox and the second's none.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunSummary } from '../../src-preload/contract'
import { startLab, type RunningLab } from '../../src-main/lab'
import { UnityDirectory } from '../../src-main/lab/cupi/directory'
import { addTrustedLabDevice, testCore, type TestCore } from './helpers/core'
import { finishedRun } from './helpers/runs'

let lab: RunningLab
let c: TestCore
const finished = (runId: number): Promise<RunSummary> => finishedRun(c, runId)

const deviceSync = async (device: string, kind: 'infrastructure' | 'user') =>
  finished((await c.value('sync:start', { device, kind })).runId)

beforeAll(async () => {
  lab = await startLab({ users: 20, clusters: 2, seed: 8, faults: {} })
  c = testCore()
  for (const name of ['Lab CUCM 1', 'Lab CUCM 2', 'Lab Unity 1'])
    await addTrustedLabDevice(
      c,
      lab.servers.find((s) => s.name === name)!
    )
  await c.value('devices:test', { name: 'Lab Unity 1' })
  for (const device of ['Lab CUCM 1', 'Lab CUCM 2', 'Lab Unity 1'])
    for (const kind of ['infrastructure', 'user'] as const)
      expect((await deviceSync(device, kind)).status).toBe('succeeded')
}, 120_000)
afterAll(async () => {
  await c?.dispose()
  await lab?.stop()
})

describe('voicemail of a domain with two clusters', () => {
  it('links a mailbox only to the line of the Call Processor its Message Processor serves', async () => {
    expect((await c.value('devices:get', { name: 'Lab Unity 1' })).callProcessor).toBe('Lab CUCM 1')
    await c.value('domains:add', {
      name: 'Two',
      callProcessors: ['Lab CUCM 1', 'Lab CUCM 2'],
      messageProcessors: ['Lab Unity 1'],
      rules: { syncAllUsers: true }
    })
    await c.value('service-areas:add', {
      domain: 'Two',
      name: 'CCM1',
      callProcessor: 'Lab CUCM 1',
      messageProcessor: 'Lab Unity 1',
      attributes: {}
    })
    await c.value('service-areas:add', {
      domain: 'Two',
      name: 'CCM2',
      callProcessor: 'Lab CUCM 2',
      attributes: {}
    })
    const run = await finished((await c.value('domains:sync', { name: 'Two' })).runId)
    expect(run.status).toBe('succeeded')

    // A user of each cluster with the same primary line; Unity 1 has a mailbox on it for the first.
    const [first, second] = lab.clusters
    const index = [...Array(first.users).keys()].find(
      (i) => new UnityDirectory(first).mailboxOf(i) === 'matching'
    )!
    const pattern = first.linePattern(index)
    expect(second.linePattern(index)).toBe(pattern)
    const withMailbox = await c.value('users:get', { userid: first.userid(index) })
    const sameNumber = await c.value('users:get', { userid: second.userid(index) })
    const line = (user: typeof withMailbox) =>
      user.services.find((s) => s.kind === 'Line' && s.details.pattern === pattern)
    expect(line(withMailbox)).toMatchObject({ processor: 'Lab CUCM 1', serviceArea: 'CCM1' })
    expect(withMailbox.services.find((s) => s.kind === 'Voicemail')).toMatchObject({
      serviceArea: 'CCM1',
      details: { extension: pattern }
    })
    // The second cluster's line wants no Message Processor, so it fits CCM2's service area.
    expect(line(sameNumber)).toMatchObject({ processor: 'Lab CUCM 2', serviceArea: 'CCM2' })
    expect(sameNumber.services.some((s) => s.kind === 'Voicemail')).toBe(false)
  })
})
