import { parseArgs, type ParseArgsConfig } from 'node:util'

/** A mistake in how a command was called: exit code 2, nothing changed. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly help?: string
  ) {
    super(message)
    this.name = 'UsageError'
  }

  /** The error for a subcommand that is missing or that `command` does not have. */
  static unknownCommand(command: string, sub: string | undefined, help: string): UsageError {
    return new UsageError(
      sub === undefined ? `missing ${command} command` : `unknown ${command} command "${sub}"`,
      help
    )
  }
}

type Options = NonNullable<ParseArgsConfig['options']>

export interface Parsed {
  values: Record<string, string | boolean | string[] | undefined>
  positionals: string[]
}

/** Strict parsing: unknown options and missing values are usage errors naming the option. */
export function parse(argv: string[], options: Options, help: string): Parsed {
  try {
    const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true })
    return { values: values as Parsed['values'], positionals }
  } catch (error) {
    const message =
      error instanceof Error
        ? error.message.replace(/\. To specify a positional argument.*$/s, '')
        : String(error)
    throw new UsageError(message, help)
  }
}

export function str(parsed: Parsed, name: string): string | undefined {
  const value = parsed.values[name]
  return typeof value === 'string' ? value : undefined
}

export function flag(parsed: Parsed, name: string): boolean {
  return parsed.values[name] === true
}

export function list(parsed: Parsed, name: string): string[] {
  const value = parsed.values[name]
  return Array.isArray(value) ? value : []
}

/** Parses a decimal integer option, naming the option in the error. */
export function int(parsed: Parsed, name: string): number | undefined {
  const value = str(parsed, name)
  if (value === undefined) return undefined
  if (!/^\d+$/.test(value.trim())) throw new UsageError(`--${name} must be a whole number, got "${value}"`)
  return Number(value)
}

/** `--domain D`, which the commands about one domain's contents require. */
export function domainOption(parsed: Parsed, help: string): string {
  const domain = str(parsed, 'domain')
  if (domain === undefined) throw new UsageError('missing --domain DOMAIN', help)
  return domain
}

/** For commands that take options only. */
export function noPositionals(parsed: Parsed, help: string): void {
  if (parsed.positionals.length > 0)
    throw new UsageError(`unexpected argument "${parsed.positionals[0]}"`, help)
}

export function onePositional(parsed: Parsed, what: string, help: string): string {
  if (parsed.positionals.length === 0) throw new UsageError(`missing ${what}`, help)
  if (parsed.positionals.length > 1)
    throw new UsageError(`unexpected argument "${parsed.positionals[1]}"`, help)
  return parsed.positionals[0]
}

/** `--ldap-filter '(…)'|none` of service areas and roles: none clears the filter. */
export function ldapFilterOption(parsed: Parsed): { ldapFilter?: string | null } {
  const value = str(parsed, 'ldap-filter')
  return value === undefined ? {} : { ldapFilter: value === 'none' ? null : value }
}
