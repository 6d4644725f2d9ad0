// CLI: fixed command forms, --json on stdout, exit codes 0 / 1 / 2, passwords never as arguments,
// bad input changes nothing.
import { spawn } from 'node:child_process'
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { runCli } from '../../src-main/cli/run'
import { tempDir } from './helpers/core'
import { stopProcess } from './helpers/net'

const BIN = join(__dirname, '../../bin/switchboard.js')
const built = existsSync(join(__dirname, '../../out/main/cli.js'))
if (!built) console.warn('cli: skipping the pipe test: out/main/cli.js is missing (run npm run build)')

interface Run {
  code: number
  stdout: string
  stderr: string
  json: () => unknown
}

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function dataDir(): string {
  const dir = tempDir()
  dirs.push(dir)
  return dir
}

async function cli(
  args: string[],
  options: { env?: Record<string, string>; stdin?: string } = {}
): Promise<Run> {
  let stdout = ''
  let stderr = ''
  const code = await runCli(args, {
    stdout: (t) => (stdout += t + '\n'),
    stderr: (t) => (stderr += t + '\n'),
    readStdin: () => Promise.resolve(options.stdin ?? ''),
    env: options.env ?? {},
    untilStopped: () => Promise.resolve('SIGTERM')
  })
  return { code, stdout, stderr, json: () => JSON.parse(stdout) as unknown }
}

const addCucm = (dir: string, extra: string[] = []): string[] => [
  '--data-dir',
  dir,
  'devices',
  'add',
  '--kind',
  'call-processor',
  '--product',
  'cucm',
  '--name',
  'CUCM Pub',
  '--host',
  '127.0.0.1',
  '--port',
  '1',
  '--username',
  'axladmin',
  ...extra
]

describe('switchboard devices', () => {
  it('adds with --password-env and prints JSON without the password', async () => {
    const dir = dataDir()
    const run = await cli(['--json', ...addCucm(dir, ['--password-env', 'AXL_PW'])], {
      env: { AXL_PW: 'hunter2!' }
    })
    expect(run.code).toBe(0)
    expect(run.json()).toMatchObject({
      device: { name: 'CUCM Pub', kind: 'call-processor', port: 1, hasPassword: true }
    })
    expect(run.stdout).not.toContain('hunter2')
    const list = await cli(['--data-dir', dir, 'devices', 'list', '--json'])
    expect((list.json() as { name: string }[]).map((d) => d.name)).toEqual(['CUCM Pub'])
  })

  it('reads the password from stdin', async () => {
    const dir = dataDir()
    expect((await cli(addCucm(dir, ['--password-stdin']), { stdin: 'from-stdin\n' })).code).toBe(0)
  })

  it('refuses --password on the command line with exit 2 and changes nothing', async () => {
    const dir = dataDir()
    const run = await cli(addCucm(dir, ['--password', 'visible']))
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/--password is not accepted/)
    expect((await cli(['--data-dir', dir, '--json', 'devices', 'list'])).json()).toEqual([])
  })

  it('reports validation errors naming the field, exit 2, nothing stored', async () => {
    const dir = dataDir()
    const run = await cli(
      ['--json', ...addCucm(dir, ['--password-env', 'PW']).map((a) => (a === 'CUCM Pub' ? 'CUCM/Pub' : a))],
      {
        env: { PW: 'x' }
      }
    )
    expect(run.code).toBe(2)
    expect(run.json()).toMatchObject({ error: { code: 'VALIDATION', field: 'name' } })
    expect((await cli(['--data-dir', dir, '--json', 'devices', 'list'])).json()).toEqual([])
  })

  it('rejects unknown options, a missing environment variable and a non-numeric port with exit 2', async () => {
    const dir = dataDir()
    expect((await cli(addCucm(dir, ['--colour', 'red']))).stderr).toMatch(/Unknown option '--colour'/)
    const missingEnv = await cli(addCucm(dir, ['--password-env', 'NOPE']))
    expect(missingEnv.code).toBe(2)
    expect(missingEnv.stderr).toMatch(/NOPE is not set/)
    const badPort = await cli(['--data-dir', dir, 'devices', 'add', '--port', '8o'])
    expect(badPort.code).toBe(2)
    expect(badPort.stderr).toMatch(/--port must be a whole number/)
  })

  it('devices test exits 1 with the reason when the connection fails', async () => {
    const dir = dataDir()
    await cli(addCucm(dir, ['--password-env', 'PW']), { env: { PW: 'x' } })
    const run = await cli(['--data-dir', dir, 'devices', 'test', 'CUCM Pub'])
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(/Failure \(refused\)/)
    const json = await cli(['--data-dir', dir, '--json', 'devices', 'test', 'CUCM Pub'])
    expect(json.json()).toMatchObject({ status: 'failure', reason: 'refused' })
  })

  it('devices add --test exits 1 when the test fails, and keeps the device (issue 25 item 5)', async () => {
    const dir = dataDir()
    const run = await cli(['--json', ...addCucm(dir, ['--password-env', 'PW', '--test'])], {
      env: { PW: 'x' }
    })
    expect(run.code).toBe(1)
    expect(run.json()).toMatchObject({
      device: { name: 'CUCM Pub' },
      test: { status: 'failure', reason: 'refused' }
    })
    expect((await cli(['--data-dir', dir, '--json', 'devices', 'list'])).json()).toMatchObject([
      { name: 'CUCM Pub', lastTest: { status: 'failure' } }
    ])
  })

  it('edits, shows and deletes; unknown names exit 2', async () => {
    const dir = dataDir()
    await cli(addCucm(dir, ['--password-env', 'PW']), { env: { PW: 'x' } })
    const edited = await cli([
      '--data-dir',
      dir,
      '--json',
      'devices',
      'edit',
      'CUCM Pub',
      '--host',
      'cucm.example.com',
      '--clear',
      'port'
    ])
    expect(edited.json()).toMatchObject({ host: 'cucm.example.com', port: 8443 })
    expect((await cli(['--data-dir', dir, 'devices', 'show', 'CUCM Pub'])).stdout).toMatch(
      /Host:\s+cucm\.example\.com/
    )
    expect((await cli(['--data-dir', dir, 'devices', 'show', 'Nope'])).code).toBe(2)
    expect((await cli(['--data-dir', dir, 'devices', 'edit', 'CUCM Pub', '--kind', 'directory'])).code).toBe(
      2
    )
    expect((await cli(['--data-dir', dir, '--json', 'devices', 'delete', 'CUCM Pub'])).json()).toEqual({
      deleted: 'CUCM Pub',
      runsKept: 0
    })
  })

  it('chooses a directory’s connection security with --starttls, --ssl or --no-ssl, warning about plain LDAP (issue 28)', async () => {
    const dir = dataDir()
    const addDirectory = (extra: string[]): Promise<Run> =>
      cli(
        [
          '--data-dir',
          dir,
          'devices',
          'add',
          '--kind',
          'directory',
          '--product',
          'openldap',
          '--name',
          'Corp LDAP',
          '--host',
          '127.0.0.1',
          '--admin-dn',
          'cn=reader,dc=example,dc=com',
          '--search-base',
          'ou=people,dc=example,dc=com',
          '--password-env',
          'PW',
          ...extra
        ],
        { env: { PW: 'x' } }
      )
    const both = await addDirectory(['--ssl', '--starttls'])
    expect(both.code).toBe(2)
    expect(both.stderr).toMatch(/use one of --ssl, --starttls or --no-ssl, not --ssl and --starttls/)

    const plain = await addDirectory([])
    expect(plain.code).toBe(0)
    expect(plain.stderr).toMatch(
      /Warning: Corp LDAP is reached without TLS, so the bind password is sent in clear text\. Choose StartTLS or SSL \(LDAPS\)\./
    )
    expect(plain.stdout).toMatch(/Connection security:\s+None \(plain LDAP\)/)

    const starttls = await cli(['--data-dir', dir, '--json', 'devices', 'edit', 'Corp LDAP', '--starttls'])
    expect(starttls.json()).toMatchObject({ useSsl: false, startTls: true, port: 389 })
    expect(starttls.stderr).toBe('')
    const ssl = await cli(['--data-dir', dir, 'devices', 'edit', 'Corp LDAP', '--ssl'])
    expect(ssl.stdout).toMatch(/Connection security:\s+SSL \(LDAPS\)/)
    expect(ssl.stdout).toMatch(/Port:\s+636/)
    const back = await cli(['--data-dir', dir, '--json', 'devices', 'edit', 'Corp LDAP', '--no-ssl'])
    expect(back.json()).toMatchObject({ useSsl: false, startTls: false, port: 389 })
    expect(back.stderr).toMatch(/Warning: Corp LDAP is reached without TLS/)
  })

  it('trust needs --fingerprint', async () => {
    const dir = dataDir()
    const run = await cli(['--data-dir', dir, 'devices', 'trust', 'X'])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/missing --fingerprint/)
  })
})

describe('switchboard help and globals', () => {
  it('prints help with exit 0, and usage with exit 2 when no command is given', async () => {
    expect((await cli(['--help'])).code).toBe(0)
    expect((await cli(['help', 'devices'])).stdout).toMatch(/switchboard devices <command>/)
    expect((await cli(['devices', '--help'])).stdout).toMatch(/--password-env VAR/)
    expect((await cli([])).code).toBe(2)
    const unknown = await cli(['--json', 'frobnicate'])
    expect(unknown.code).toBe(2)
    expect(unknown.json()).toMatchObject({ error: { code: 'USAGE' } })
  })

  it('--data-dir is required to have a value', async () => {
    expect((await cli(['devices', 'list', '--data-dir'])).code).toBe(2)
  })
})

describe('switchboard in a pipeline', () => {
  it.skipIf(!built)('stops quietly when the reader closes the pipe early (| head)', async () => {
    const child = spawn(process.execPath, [BIN, 'help'], { stdio: ['ignore', 'pipe', 'pipe'] })
    // The reader is gone before the first line is written, as when `head -1` has had its line.
    child.stdout.destroy()
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
    expect(stderr).toBe('')
    expect(code).toBe(0)
  })
})

/** Whether npm installed Electron's binary here (then `npm start` would open the desktop app). */
function electronInstalled(): boolean {
  const pathFile = join(__dirname, '../../node_modules/electron/path.txt')
  return (
    existsSync(pathFile) && existsSync(join(dirname(pathFile), 'dist', readFileSync(pathFile, 'utf8').trim()))
  )
}

describe('npm start without an Electron binary', () => {
  it.skipIf(!built || electronInstalled())(
    'says in one calm line why it is headless, then serves (no download attempt, no stack trace)',
    async () => {
      const dir = dataDir()
      // A configured device: no demo lab is started, so the host is up at once.
      expect((await cli([...addCucm(dir, ['--password-env', 'PW'])], { env: { PW: 'x' } })).code).toBe(0)
      const env: NodeJS.ProcessEnv = { ...process.env }
      delete env.ELECTRON_SKIP_BINARY_DOWNLOAD
      delete env.SWITCHBOARD_HEADLESS
      const child = spawn(
        process.execPath,
        [join(__dirname, '../../bin/start.js'), '--data-dir', dir, '--port', '0'],
        { stdio: ['ignore', 'pipe', 'pipe'], env }
      )
      let output = ''
      const serving = new Promise<void>((resolve, reject) => {
        const read = (chunk: Buffer): void => {
          output += chunk.toString()
          if (output.includes('Switchboard is serving at')) resolve()
        }
        child.stdout.on('data', read)
        child.stderr.on('data', read)
        child.once('exit', () => reject(new Error(`npm start exited:\n${output}`)))
      })
      try {
        await serving
      } finally {
        await stopProcess(child)
      }
      const [first, second] = output.split('\n')
      expect(first).toBe(
        'No Electron binary is installed here (npm could not download it): starting the headless host; open the URL below in a browser on this machine.'
      )
      expect(second).toMatch(/^Switchboard is serving at http:\/\/127\.0\.0\.1:\d+\/\?token=/)
      expect(output).not.toMatch(/Downloading|fetch failed|\n\s+at /)
    },
    30_000
  )
})
