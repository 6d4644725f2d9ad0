// Issue 26 item 3: the app's HTTPS proxy setting (`settings set --proxy URL` / `--no-proxy`), validated
// with an error naming --proxy, stored, and used by Test Connection and synchronizations, which reach
// the lab through a CONNECT proxy on 127.0.0.1 while it is set and directly once it is removed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isProxyUrl } from '../../src-preload/contract'
import { createCore, type Core } from '../../src-main/core'
import { labDeviceFields, startLab, type LabServer, type RunningLab } from '../../src-main/lab'
import { cliFor, type CliResult } from './helpers/cli'
import { startConnectProxy, type TestProxy } from './helpers/connectProxy'
import { tempDir } from './helpers/core'

let lab: RunningLab
let core: Core
let proxy: TestProxy
let cucm: LabServer
let unity: LabServer
let cli: (args: string[]) => Promise<CliResult>

async function value<T>(result: Promise<{ ok: true; value: T } | { ok: false; error: { message: string } }>) {
  const r = await result
  if (!r.ok) throw new Error(r.error.message)
  return r.value
}

beforeAll(async () => {
  lab = await startLab({ users: 5, clusters: 1, seed: 26, faults: {} })
  proxy = await startConnectProxy()
  const dataDir = tempDir()
  core = createCore({ dataDir, host: 'cli' })
  cli = cliFor(dataDir)
  cucm = lab.servers.find((s) => s.kind === 'call-processor') as LabServer
  unity = lab.servers.find((s) => s.kind === 'message-processor') as LabServer
  for (const server of [cucm, unity]) {
    await value(core.dispatch('devices:add', labDeviceFields(server), { origin: 'test' }))
    await value(
      core.dispatch(
        'devices:trust',
        { name: server.name, fingerprint: server.fingerprint as string },
        { origin: 'test' }
      )
    )
  }
})

afterAll(async () => {
  await core?.close()
  await proxy?.close()
  await lab?.stop()
})

const endpointOf = (server: LabServer): string => `127.0.0.1:${server.port}`

describe('settings set --proxy', () => {
  it.each([
    ['ftp://proxy.example.test:21', 'another scheme'],
    ['http://user:secret@proxy.example.test:3128', 'credentials'],
    ['http://proxy.example.test:3128/path', 'a path'],
    ['http://proxy.example.test:3128/?x=1', 'a query'],
    ['proxy.example.test:3128', 'no scheme'],
    ['http://proxy.example.test:99999', 'a port out of range']
  ])('refuses %s (%s) with an error naming --proxy and the rule', async (url) => {
    const result = await cli(['settings', 'set', '--proxy', url])
    expect(result.code).toBe(2)
    expect(result.err).toContain(
      '--proxy: must be the URL of an HTTP proxy, http://HOST:PORT or https://HOST:PORT, without user name, password, path or query'
    )
    expect((await value(core.dispatch('settings:get', {}, { origin: 'test' }))).proxy).toBeNull()
  })

  it('accepts the URL of an HTTP or HTTPS proxy', () => {
    for (const url of ['http://proxy.example.test:3128', 'https://10.0.0.1:8443/', 'http://[::1]:3128'])
      expect(isProxyUrl(url), url).toBe(true)
  })

  it('refuses --proxy together with --no-proxy', async () => {
    const result = await cli(['settings', 'set', '--proxy', proxy.url, '--no-proxy'])
    expect(result.code).toBe(2)
    expect(result.err).toMatch(/--proxy and --no-proxy exclude each other/)
  })

  it('sends Test Connection and synchronizations through the proxy while set, directly once removed', async () => {
    const set = await cli(['--json', 'settings', 'set', '--proxy', proxy.url])
    expect(set.code).toBe(0)
    expect(JSON.parse(set.out)).toMatchObject({ proxy: proxy.url })
    expect((await cli(['settings', 'show'])).out).toContain(`HTTPS proxy: ${proxy.url}`)

    for (const server of [cucm, unity]) {
      const result = await value(core.dispatch('devices:test', { name: server.name }, { origin: 'test' }))
      expect(result.status, result.message).toBe('success')
    }
    // Trusting reads the certificate the way requests reach the device: through the tunnel too.
    await value(
      core.dispatch(
        'devices:trust',
        { name: unity.name, fingerprint: unity.fingerprint as string },
        { origin: 'test' }
      )
    )
    const sync = await cli(['sync', 'device', cucm.name, '--infra'])
    expect(sync.code, sync.err).toBe(0)
    expect(new Set(proxy.tunnels)).toEqual(new Set([endpointOf(cucm), endpointOf(unity)]))
    expect(proxy.tunnels.filter((t) => t === endpointOf(unity)).length).toBeGreaterThanOrEqual(3)

    const tunnelsWhileSet = proxy.tunnels.length
    expect((await cli(['settings', 'set', '--no-proxy'])).code).toBe(0)
    expect((await cli(['settings', 'show'])).out).toContain('HTTPS proxy: none set')
    const direct = await value(core.dispatch('devices:test', { name: cucm.name }, { origin: 'test' }))
    expect(direct.status, direct.message).toBe('success')
    expect(proxy.tunnels).toHaveLength(tunnelsWhileSet)
  })
})
