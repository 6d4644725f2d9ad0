// Issue 7 (and issue 9's concurrency check): one Switchboard process per data directory. The command
// line run from cron while the app (here: the headless host in another process) holds the directory
// gets a clear lock error and changes nothing; a killed holder leaves no stale lock behind.
import { spawn } from 'node:child_process'
import { existsSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { cliFor } from './helpers/cli'
import { tempDir, testCore } from './helpers/core'
import { stopProcess, untilPrinted } from './helpers/net'

const CLI = join(__dirname, '../../out/main/cli.js')
const built = existsSync(CLI)
if (!built) console.warn(`dataDirLock: skipping the two-process test: ${CLI} is missing (run npm run build)`)

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

describe('data directory lock', () => {
  it.skipIf(!built)(
    'refuses a second process with a clear error, and frees the lock when the holder dies',
    async () => {
      const dataDir = tempDir()
      const host = spawn(
        process.execPath,
        [join(__dirname, '../../bin/switchboard.js'), '--data-dir', dataDir, 'serve'],
        {
          stdio: ['ignore', 'pipe', 'pipe']
        }
      )
      cleanups.push(async () => {
        await stopProcess(host)
        rmSync(dataDir, { recursive: true, force: true })
      })
      await untilPrinted(host, 'Switchboard is serving at')

      const cli = cliFor(dataDir)
      const refused = await cli(['jobs', 'add', 'Nightly'])
      expect(refused.code).toBe(3)
      expect(refused.err).toMatch(
        new RegExp(
          `data directory .* is in use by the headless host \\(switchboard serve\\) \\(process ${host.pid} `
        )
      )
      expect(refused.err).toMatch(/Only one Switchboard process may use a data directory at a time/)

      host.kill('SIGKILL')
      await new Promise((resolve) => host.once('exit', resolve))
      const added = await cli(['jobs', 'add', 'Nightly', '--start', '2099-01-01T00:00:00Z'])
      expect(added.code).toBe(0)
      expect((await cli(['jobs', 'list'])).out).toMatch(/Nightly\s+scheduled/)
    },
    60_000
  )

  it('is shared by the Cores of one process (the CLI inside the host, tests)', async () => {
    const core = testCore()
    cleanups.push(() => core.dispose())
    const list = await cliFor(core.dataDir)(['jobs', 'list'])
    expect(list.code).toBe(0)
    // The first Core still works after the second closed.
    expect(await core.value('jobs:list', {})).toEqual([])
  })
})
