import type { AppError } from '../../src-preload/contract'
import { printableJson } from '../core/printable'
import { cliFieldLabel } from './fieldLabels'

/** Where a command writes; injected so tests run commands in-process and read what they printed. */
export interface Io {
  json: boolean
  stdout(text: string): void
  stderr(text: string): void
  readStdin(): Promise<string>
  env: NodeJS.ProcessEnv
  /** Resolves when the user asks a long-running command (serve) to stop. */
  untilStopped(): Promise<string>
  /** The words of the command being run (["devices", "add"]): errors name its options. */
  command?: readonly string[]
  /** Rewrites one status line on a terminal; absent when output is not a terminal. */
  progress?: (text: string) => void
}

export function printValue(io: Io, value: unknown, human: () => string): void {
  io.stdout(io.json ? printableJson(value) : human())
}

/**
 * Prints an error naming fields as the user typed them (`--call-processor`, NAME); --json keeps the
 * contract's field paths and adds each one's option.
 */
export function printError(io: Io, error: AppError): void {
  const label = (field: string): string => cliFieldLabel(io.command ?? [], field)
  if (io.json) {
    const issues = error.issues?.map((issue) => ({ ...issue, option: label(issue.field) }))
    io.stdout(
      printableJson({
        error: {
          ...error,
          ...(error.field ? { option: label(error.field) } : {}),
          ...(issues ? { issues } : {})
        }
      })
    )
    return
  }
  if (error.issues && error.issues.length > 1) {
    io.stderr(`error: ${error.issues.length} problems, nothing was changed:`)
    for (const issue of error.issues) io.stderr(`  ${label(issue.field)}: ${issue.message}`)
  } else if (error.field && error.message.startsWith(`${error.field}: `)) {
    io.stderr(`error: ${label(error.field)}: ${error.message.slice(error.field.length + 2)}`)
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

/** "120 entries (showing 50; use --offset and --limit)": the heading of one page of a longer list. */
export function pageHeading(total: number, shown: number, noun: string): string {
  return `${total} ${noun}${shown < total ? ` (showing ${shown}; use --offset and --limit)` : ''}`
}
