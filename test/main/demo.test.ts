// The built-in demo (issue 3 §8): a small lab in-process, its servers registered as devices with
// trusted certificates, and every Test Connection succeeding over the real protocols.
import { afterEach, describe, expect, it } from 'vitest'
import { runCli } from '../../src-main/cli/run'
import { testCore, type TestCore } from './helpers/core'

let c: TestCore | undefined
afterEach(async () => {
  await c?.dispose()
  c = undefined
})

describe('demo:start', () => {
  it('registers the lab devices, pins their certificates and tests them successfully; a restart updates them in place', async () => {
    c = testCore()
    const status = await c.value('demo:start', {})
    expect(status.running).toBe(true)
    expect(status.servers.map((s) => s.kind).sort()).toEqual([
      'call-processor',
      'directory',
      'message-processor',
      'presence-processor'
    ])
    const devices = await c.value('devices:list', {})
    expect(devices.map((d) => d.name).sort()).toEqual(['Lab AD', 'Lab CUCM 1', 'Lab IMP 1', 'Lab Unity 1'])
    for (const device of devices) {
      expect(device.lastTest, device.name).toMatchObject({ status: 'success' })
      if (device.kind !== 'directory') expect(device.pinnedCertificates).toHaveLength(1)
    }
    expect(devices.find((d) => d.name === 'Lab CUCM 1')?.version).toBe('15.0.1.11900(23)')
    expect(devices.find((d) => d.name === 'Lab IMP 1')?.callProcessor).toBe('Lab CUCM 1')

    // A second core on the same data directory (the next app start) gets new ports and passwords.
    const dataDir = c.dataDir
    await c.close()
    const { createCore } = await import('../../src-main/core')
    const again = createCore({ dataDir, host: 'cli' })
    const restarted = await again.dispatch('demo:start', {}, { origin: 'test' })
    expect(restarted.ok).toBe(true)
    const after = await again.dispatch('devices:list', {}, { origin: 'test' })
    expect(after.ok && after.value.length).toBe(4)
    expect(after.ok && after.value.every((d) => d.lastTest.status === 'success')).toBe(true)
    await again.close()
  }, 60_000)
})

describe('switchboard lab start', () => {
  it('prints one JSON line describing every server, then stops cleanly', async () => {
    const lines: string[] = []
    const code = await runCli(
      ['lab', 'start', '--users', '100', '--clusters', '2', '--seed', '3', '--changes', '60', '--json'],
      {
        stdout: (t) => lines.push(t),
        stderr: () => undefined,
        readStdin: () => Promise.resolve(''),
        env: {},
        untilStopped: () => Promise.resolve('SIGTERM')
      }
    )
    expect(code).toBe(0)
    expect(lines[0]).not.toContain('\n')
    const { servers } = JSON.parse(lines[0]) as {
      servers: { kind: string; url: string; fingerprint?: string; username: string; password: string }[]
    }
    expect(servers).toHaveLength(7)
    for (const server of servers) {
      expect(server.url).toMatch(/^(https|ldap):\/\/127\.0\.0\.1:\d+/)
      expect(server.password.length).toBeGreaterThan(8)
      if (server.kind !== 'directory') expect(server.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/)
    }
  }, 30_000)

  it('refuses bad options with exit 2', async () => {
    const errors: string[] = []
    const run = (args: string[]) =>
      runCli(['lab', 'start', ...args], {
        stdout: () => undefined,
        stderr: (t) => errors.push(t),
        readStdin: () => Promise.resolve(''),
        env: {},
        untilStopped: () => Promise.resolve('SIGTERM')
      })
    expect(await run(['--users', '0'])).toBe(2)
    expect(await run(['--changes', '200000'])).toBe(2)
    expect(errors.join('\n')).toMatch(/--changes must be at most 100000 per minute/)
    expect(await run(['--faults', 'explode=1'])).toBe(2)
    expect(errors.join('\n')).toMatch(/unknown fault "explode"/)
  })
})
