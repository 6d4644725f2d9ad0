import { int, str, type Parsed } from './args'

// A command's options declared by kind, as node:util parseArgs takes them.

function declare<N extends string, O>(names: readonly N[], option: O): Record<N, O> {
  return Object.fromEntries(names.map((name) => [name, option])) as Record<N, O>
}

/** Options that take a value (`--domain D`), declared by name. */
export function valueOptions<N extends string>(...names: N[]): Record<N, { type: 'string' }> {
  return declare(names, { type: 'string' } as const)
}

/** Options that take a value and may be given again (`--rule A --rule B`). */
export function repeatableOptions<N extends string>(
  ...names: N[]
): Record<N, { type: 'string'; multiple: true }> {
  return declare(names, { type: 'string', multiple: true } as const)
}

/** Options that take no value (`--force`). */
export function flagOptions<N extends string>(...names: N[]): Record<N, { type: 'boolean' }> {
  return declare(names, { type: 'boolean' } as const)
}

/** `--offset N --limit N` of the commands that list a page at a time. */
export const PAGE_OPTIONS = valueOptions('offset', 'limit')

/** The page `--offset` and `--limit` ask for: from the first entry, `defaultLimit` long unless given. */
export function pageOf(parsed: Parsed, defaultLimit: number): { offset: number; limit: number } {
  return { offset: int(parsed, 'offset') ?? 0, limit: int(parsed, 'limit') ?? defaultLimit }
}

/**
 * The string options that were given, under the contract's names (`{ searchBase: 'search-base' }`):
 * an option left out stays out, so an edit changes only what was named.
 */
export function givenStrings(parsed: Parsed, optionOf: Record<string, string>): Record<string, string> {
  const given: Record<string, string> = {}
  for (const [field, option] of Object.entries(optionOf)) {
    const value = str(parsed, option)
    if (value !== undefined) given[field] = value
  }
  return given
}
