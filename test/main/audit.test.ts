// Issue 8 item 5: every configuration change and every action started is in the audit trail (who,
// what, before/after, when), and no secret ever is.
import { userInfo } from 'node:os'
import { afterEach, describe, expect, it } from 'vitest'
import { testCore, type TestCore } from './helpers/core'

let c: TestCore
afterEach(() => c?.dispose())

const SECRET = 'Sup3r-Secret-Audit!'
const cucm = {
  name: 'CUCM-Pub',
  kind: 'call-processor',
  product: 'cucm',
  host: 'cucm-pub.example.com',
  username: 'axladmin',
  password: SECRET
}

describe('audit trail', () => {
  it('records changes with before and after, and actions, as the OS user; reads are not recorded', async () => {
    c = testCore()
    await c.value('devices:add', cucm)
    await c.value('devices:edit', {
      name: 'CUCM-Pub',
      changes: { host: 'cucm-a.example.com', password: `${SECRET}2` }
    })
    await c.value('devices:list', {})
    await c.value('jobs:add', { name: 'Nightly', startAt: '2099-01-01T00:00:00Z' })
    await c.value('jobs:cancel', { names: ['Nightly'] })
    const entries = c.store.audit.list(20).reverse()
    expect(entries.map((e) => e.action)).toEqual(['devices:add', 'devices:edit', 'jobs:add', 'jobs:cancel'])
    expect(entries[0].details).toMatchObject({ secretsSet: ['password'] })
    expect(entries.every((e) => e.actor === userInfo().username)).toBe(true)
    const edit = entries[1]
    expect(edit).toMatchObject({
      target: 'CUCM-Pub',
      details: {
        effect: 'change',
        origin: 'test',
        before: { host: 'cucm-pub.example.com' },
        after: { host: 'cucm-a.example.com' },
        input: { name: 'CUCM-Pub', changes: { host: 'cucm-a.example.com' } },
        // That the password changed is recorded; its value never is (issue 25 item 16).
        secretsSet: ['password']
      }
    })
    const passwordOnly = await c.value('devices:edit', {
      name: 'CUCM-Pub',
      changes: { password: `${SECRET}3` }
    })
    expect(passwordOnly.name).toBe('CUCM-Pub')
    expect(c.store.audit.list(1)[0].details).toMatchObject({ secretsSet: ['password'] })
    expect(entries[3].details).toMatchObject({
      effect: 'action',
      result: [{ name: 'Nightly', outcome: 'canceled' }]
    })
    // No secret value in any column of any row: only the field's name.
    const dump = JSON.stringify(c.store.db.prepare('SELECT * FROM audit_log').all())
    expect(dump).not.toContain(SECRET)
    expect(dump.match(/password/gi)).toEqual(['password', 'password', 'password'])
  })

  it('records nothing for a refused change', async () => {
    c = testCore()
    expect(
      (
        await c.dispatch(
          'devices:edit',
          { name: 'Nope', changes: { host: 'x.example.com' } },
          { origin: 'test' }
        )
      ).ok
    ).toBe(false)
    expect(c.store.audit.list(10)).toEqual([])
  })
})
