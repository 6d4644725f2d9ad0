import { runCli } from '../../../src-main/cli/run'

export interface CliResult {
  code: number
  out: string
  err: string
}

/** Runs `switchboard` in-process against a data directory and collects what it printed. */
export function cliFor(dataDir: string): (args: string[]) => Promise<CliResult> {
  return async (args) => {
    let out = ''
    let err = ''
    const code = await runCli(['--data-dir', dataDir, ...args], {
      stdout: (t) => (out += t + '\n'),
      stderr: (t) => (err += t + '\n'),
      readStdin: () => Promise.resolve(''),
      env: {},
      untilStopped: () => new Promise(() => undefined)
    })
    return { code, out, err }
  }
}
