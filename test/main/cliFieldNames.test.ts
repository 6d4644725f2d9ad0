// Issue 25 item 29: the command line names fields as they are typed (options and placeholders), never
// by the contract's internal paths, and a field gets one problem, not zod's type wording.
import { rmSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import { cliFor } from './helpers/cli'
import { tempDir } from './helpers/core'

const dir = tempDir('switchboard-cli-fields-')
const cli = cliFor(dir)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** An internal path in an error line: camelCase or dotted before the colon (`callProcessor:`, `a.b:`). */
const INTERNAL_PATH = /^\s*(error: )?[a-z]+([A-Z.][\w.]*)+:/m

describe('the command line names fields as the user typed them', () => {
  it('names options, says "is required" once per field, and never shows internal paths', async () => {
    const none = await cli(['devices', 'add'])
    expect(none.code).toBe(2)
    expect(none.err).toContain('--name: is required')
    expect(none.err).toContain('--product: is required')
    expect(none.err).toContain('--kind: must be one of call-processor')
    expect(none.err).not.toMatch(/Invalid input|expected string/)

    const bad = await cli([
      'devices',
      'add',
      '--kind',
      'call-processor',
      '--product',
      'cucm',
      '--name',
      '',
      '--host',
      'bad host',
      '--username',
      'axl'
    ])
    expect(bad.err.split('\n').filter((line) => line.includes('--name:'))).toEqual(['  --name: is required'])
    expect(bad.err).toContain('--host: must be a host name')
    expect(bad.err).toContain('--password-env or --password-stdin: is required for a Call Processor')
    expect(bad.err).not.toMatch(INTERNAL_PATH)

    const presence = await cli([
      'devices',
      'add',
      '--kind',
      'presence-processor',
      '--product',
      'imp',
      '--name',
      'IMP 1',
      '--host',
      'imp.example.com',
      '--username',
      'axl',
      '--password-env',
      'NO_SUCH_VARIABLE_SET',
      '--call-processor',
      'Nosuch CP'
    ])
    expect(presence.code).toBe(2)
    expect(presence.err).not.toMatch(INTERNAL_PATH)
  })

  it('names positional arguments by their placeholder and nested fields by their option', async () => {
    const unnamed = await cli(['domains', 'add', '', '--call-processors', 'Nosuch CP'])
    expect(unnamed.err).toContain('NAME: is required')
    const domain = await cli(['domains', 'add', 'West', '--call-processors', 'Nosuch CP'])
    expect(domain.err).toMatch(/^error: --call-processors: there is no device named "Nosuch CP"/m)
    expect(domain.err).not.toMatch(INTERNAL_PATH)

    const job = await cli(['jobs', 'add', 'Nightly', '--every', '0d'])
    expect(job.err).toMatch(/^error: --every: must be at least 1/m)

    const retention = await cli(['settings', 'set', '--retention', 'user=5,0'])
    expect(retention.err).toMatch(/^error: --retention user=COUNT,DAYS: /m)
  })

  it('keeps the contract path in --json and adds the option beside it', async () => {
    const run = await cli(['--json', 'devices', 'add', '--kind', 'call-processor', '--product', 'cucm'])
    const { error } = JSON.parse(run.out) as {
      error: { field: string; option: string; issues: { field: string; option: string }[] }
    }
    expect(error.issues).toEqual([
      { field: 'name', message: 'is required', option: '--name' },
      { field: 'host', message: 'is required', option: '--host' }
    ])
    expect(error).toMatchObject({ field: error.issues[0].field, option: error.issues[0].option })
  })
})
