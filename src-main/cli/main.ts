// `switchboard` command-line entry (package.json bin → bin/switchboard.js → this bundle).
import { runCli } from './run'

function readStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    if (process.stdin.isTTY) {
      reject(
        new Error('--password-stdin expects the password on standard input (pipe it in), not a terminal')
      )
      return
    }
    const chunks: Buffer[] = []
    process.stdin.on('data', (chunk: Buffer) => chunks.push(chunk))
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    process.stdin.on('error', reject)
  })
}

function untilStopped(): Promise<string> {
  return new Promise((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve(signal))
  })
}

// A reader that stops early (`| head`) closes the pipe: stop quietly, as other command-line tools do,
// instead of dying of an unhandled EPIPE with a stack trace.
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error
    process.exit(process.exitCode ?? 0)
  })

void runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text + '\n'),
  stderr: (text) => process.stderr.write(text + '\n'),
  readStdin,
  env: process.env,
  untilStopped,
  ...(process.stderr.isTTY ? { progress: (text: string) => process.stderr.write(`\r\x1b[2K${text}`) } : {})
}).then((code) => {
  process.exitCode = code
})
