import type { AppError } from '../../src-preload/contract'
import { printableJson } from '../core/printable'

/** Where a command writes; injected so tests run commands in-process and read what they printed. */
export interface Io {
  json: boolean
  stdout(text: string): void
  stderr(text: string): void
  readStdin(): Promise<string>
  env: NodeJS.ProcessEnv
  /** Resolves when the user asks a long-running command (serve) to stop. */
  untilStopped(): Promise<string>
  /** Rewrites one status line on a terminal; absent when output is not a terminal. */
  progress?: (text: string) => void
}

export function printValue(io: Io, value: unknown, human: () => string): void {
  io.stdout(io.json ? printableJson(value) : human())
}

export function printError(io: Io, error: AppError): void {
  if (io.json) {
    io.stdout(printableJson({ error }))
    return
  }
  if (error.issues && error.issues.length > 1) {
    io.stderr(`error: ${error.issues.length} problems, nothing was changed:`)
    for (const issue of error.issues) io.stderr(`  ${issue.field}: ${issue.message}`)
  } else {
    io.stderr(`error: ${error.message}`)
  }
}

/** A plain text table: padded columns, no colour (scripts may parse it; --json is the stable form). */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd()
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')
}
