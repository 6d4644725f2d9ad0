// Device Setup through dispatch(): add/edit/list/delete, errors as values that change nothing,
// secrets encrypted at rest and never returned, deletes refused with the reason (DEV-15/16).
import { createServer, type Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { createCore } from '../../src-main/core'
import { cliFor } from './helpers/cli'
import { testCore, type TestCore } from './helpers/core'
import { nextEvent } from './helpers/runs'

let c: TestCore
afterEach(() => c?.dispose())

const cucm = {
  name: 'CUCM-Pub',
  kind: 'call-processor',
  product: 'cucm',
  host: 'cucm-pub.example.com',
  username: 'axladmin',
  password: 'Sup3r-Secret!'
}

function snapshot(core: TestCore): unknown[] {
  return core.store.db.prepare('SELECT * FROM devices ORDER BY id').all()
}

describe('devices through dispatch', () => {
  it('adds with defaults, lists, and never returns or stores the password in clear', async () => {
    c = testCore()
    const device = await c.value('devices:add', cucm)
    expect(device).toMatchObject({
      name: 'CUCM-Pub',
      port: 8443,
      hasPassword: true,
      lastTest: { status: 'never' }
    })
    expect(JSON.stringify(device)).not.toContain('Sup3r-Secret!')
    const list = await c.value('devices:list', {})
    expect(list.map((d) => d.name)).toEqual(['CUCM-Pub'])
    expect(JSON.stringify(list)).not.toContain('Sup3r-Secret!')
    const secrets = c.store.db.prepare('SELECT ciphertext FROM device_secrets').all() as {
      ciphertext: string
    }[]
    expect(secrets).toHaveLength(1)
    expect(secrets[0].ciphertext).toMatch(/^k1:/)
    expect(secrets[0].ciphertext).not.toContain('Sup3r')
  })

  it('returns validation errors as values naming each field, and writes nothing', async () => {
    c = testCore()
    const result = await c.dispatch(
      'devices:add',
      { ...cucm, name: 'bad/name', port: 99999 },
      { origin: 'test' }
    )
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.error.code).toBe('VALIDATION')
    expect(result.error.issues?.map((i) => i.field).sort()).toEqual(['name', 'port'])
    expect(result.error.message).toMatch(/name: may contain only letters/)
    expect(snapshot(c)).toEqual([])
  })

  it('refuses a duplicate name regardless of case', async () => {
    c = testCore()
    await c.value('devices:add', cucm)
    const result = await c.dispatch('devices:add', { ...cucm, name: 'cucm-pub' }, { origin: 'test' })
    expect(result).toMatchObject({ ok: false, error: { code: 'CONFLICT', field: 'name' } })
    expect(snapshot(c)).toHaveLength(1)
  })

  it('answers an unknown channel with an error value', async () => {
    c = testCore()
    const result = await c.dispatch('devices:explode' as 'devices:list', {}, { origin: 'test' })
    expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } })
  })

  it('edits: keeps the stored password when none is given, clears optional fields with null, re-checks cross-field rules', async () => {
    c = testCore()
    await c.value('devices:add', {
      name: 'AD',
      kind: 'directory',
      product: 'ad',
      host: 'dc1.example.com',
      adminDn: 'CN=svc,DC=example,DC=com',
      password: 'pw',
      searchBase: 'DC=example,DC=com',
      backupHost: 'dc2.example.com',
      backupPort: 389
    })
    const before = c.store.db.prepare('SELECT ciphertext FROM device_secrets').get()
    const ssl = await c.value('devices:edit', { name: 'AD', changes: { useSsl: true, backupPort: 636 } })
    expect(ssl).toMatchObject({ useSsl: true, port: 636, backupPort: 636, hasPassword: true })
    expect(c.store.db.prepare('SELECT ciphertext FROM device_secrets').get()).toEqual(before)

    const bad = await c.dispatch('devices:edit', { name: 'AD', changes: { port: 389 } }, { origin: 'test' })
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'port' } })
    expect((await c.value('devices:get', { name: 'AD' })).port).toBe(636)

    const cleared = await c.value('devices:edit', {
      name: 'AD',
      changes: { backupHost: null, backupPort: null, name: 'Corp AD' }
    })
    expect(cleared.backupHost).toBeUndefined()
    expect(cleared.name).toBe('Corp AD')
  })

  it('refuses to change the device type on edit', async () => {
    c = testCore()
    await c.value('devices:add', cucm)
    const result = await c.dispatch(
      'devices:edit',
      { name: 'CUCM-Pub', changes: { kind: 'directory' } },
      { origin: 'test' }
    )
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'changes.kind' } })
  })

  it('links IM and Presence to an existing Call Processor and refuses to delete that Call Processor while linked', async () => {
    c = testCore()
    await c.value('devices:add', cucm)
    const imp = {
      name: 'IMP-1',
      kind: 'presence-processor',
      product: 'imp',
      host: 'imp.example.com',
      username: 'axl',
      password: 'pw'
    }
    const missing = await c.dispatch('devices:add', { ...imp, callProcessor: 'Nope' }, { origin: 'test' })
    expect(missing).toMatchObject({ ok: false, error: { field: 'callProcessor' } })
    await c.value('devices:add', { ...imp, callProcessor: 'cucm-pub' })
    expect((await c.value('devices:get', { name: 'IMP-1' })).callProcessor).toBe('CUCM-Pub')

    const refused = await c.dispatch('devices:delete', { name: 'CUCM-Pub' }, { origin: 'test' })
    expect(refused).toMatchObject({ ok: false, error: { code: 'IN_USE' } })
    if (!refused.ok) expect(refused.error.message).toContain('IMP-1')
    await c.value('devices:delete', { name: 'IMP-1' })
    expect(await c.value('devices:delete', { name: 'CUCM-Pub' })).toEqual({
      deleted: 'CUCM-Pub',
      runsKept: 0
    })
    expect(await c.value('devices:list', {})).toEqual([])
    expect(c.store.db.prepare('SELECT COUNT(*) AS n FROM device_secrets').get()).toEqual({ n: 0 })
  })

  it('links Unity Connection to the Call Processor whose lines it serves, when told (issue 25 item 8)', async () => {
    c = testCore()
    await c.value('devices:add', cucm)
    const cuc = {
      name: 'CUC-1',
      kind: 'message-processor',
      product: 'unity-connection',
      host: 'cuc.example.com',
      username: 'admin',
      password: 'pw'
    }
    await c.value('devices:add', { ...cuc, name: 'CUC-0' })
    const notCallProcessor = await c.dispatch(
      'devices:add',
      { ...cuc, callProcessor: 'CUC-0' },
      { origin: 'test' }
    )
    expect(notCallProcessor).toMatchObject({ ok: false, error: { field: 'callProcessor' } })
    if (!notCallProcessor.ok) expect(notCallProcessor.error.message).toMatch(/not a Call Processor/)
    await c.value('devices:add', { ...cuc, callProcessor: 'cucm-pub' })
    expect((await c.value('devices:get', { name: 'CUC-1' })).callProcessor).toBe('CUCM-Pub')
    expect((await c.value('devices:get', { name: 'CUC-0' })).callProcessor).toBe(undefined)
  })

  it('refuses delete and edit while a connection test of the device runs (DEV-16)', async () => {
    c = testCore()
    // A TCP server that accepts and never answers keeps the test in progress.
    const accepted: Socket[] = []
    const silent = createServer((socket) => accepted.push(socket))
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    const port = (silent.address() as { port: number }).port
    await c.value('devices:add', { ...cucm, host: '127.0.0.1', port })
    const statuses: string[] = []
    c.events.subscribe((event, payload) => {
      if (event === 'devices:test-status') statuses.push((payload as { status: string }).status)
    })
    const testing = nextEvent(c.events, 'devices:test-status', (p) => p.status === 'in-progress')
    const running = c.dispatch('devices:test', { name: 'CUCM-Pub' }, { origin: 'test' })
    await testing
    expect((await c.value('devices:get', { name: 'CUCM-Pub' })).lastTest.status).toBe('in-progress')
    const refused = await c.dispatch('devices:delete', { name: 'CUCM-Pub' }, { origin: 'test' })
    expect(refused).toMatchObject({ ok: false, error: { code: 'BUSY' } })
    if (!refused.ok) expect(refused.error.message).toContain('connection test')
    expect(
      await c.dispatch(
        'devices:edit',
        { name: 'CUCM-Pub', changes: { host: 'x.example.com' } },
        { origin: 'test' }
      )
    ).toMatchObject({
      ok: false,
      error: { code: 'BUSY' }
    })
    for (const socket of accepted) socket.destroy()
    silent.close()
    expect(await running).toMatchObject({ ok: true, value: { status: 'failure' } })
    expect(statuses).toEqual(['in-progress', 'failure'])
    expect(await c.value('devices:list', {})).toHaveLength(1)
  })

  it('marks a test left in progress by a crashed process as failed on the next start', async () => {
    c = testCore()
    const device = await c.value('devices:add', cucm)
    c.store.connectionTests.start(device.id, new Date().toISOString())
    const dataDir = c.dataDir
    await c.close()
    const reopened = createCore({ dataDir, host: 'cli' })
    const result = await reopened.dispatch('devices:get', { name: 'CUCM-Pub' }, { origin: 'test' })
    expect(result).toMatchObject({ ok: true, value: { lastTest: { status: 'failure' } } })
    await reopened.close()
  })
})

describe('Allow changes (issue 20 item 1)', () => {
  it('is off for a new device, turned on and off from the command line, and shown', async () => {
    c = testCore()
    const added = await c.value('devices:add', cucm)
    expect(added.allowChanges).toBe(false)
    const cli = cliFor(c.dataDir)
    const show = async () => (await cli(['devices', 'show', cucm.name])).out
    expect(await show()).toMatch(/Changes:\s+not allowed \(read only\)/)
    expect((await cli(['devices', 'edit', cucm.name, '--allow-changes'])).code).toBe(0)
    expect(await show()).toMatch(/Changes:\s+allowed/)
    const both = await cli(['devices', 'edit', cucm.name, '--allow-changes', '--no-allow-changes'])
    expect([both.code, both.err]).toEqual([
      2,
      expect.stringMatching(/use either --allow-changes or --no-allow-changes/)
    ])
    expect((await cli(['devices', 'edit', cucm.name, '--no-allow-changes'])).code).toBe(0)
    expect((await c.value('devices:get', { name: cucm.name })).allowChanges).toBe(false)
  })
})
