// Custom Granular Synchronization (seed 000 table 3, seed 001 "Command Line Script Utility Options"):
// one entry per line, `<class>.<name>: <type>`; classes cp, mp, pp, ad, domain; name `all` or an
// object name; types infra, sub, both, left empty for ad and domain. Blank lines and `#` comments
// are allowed. Every malformed line is reported with its number and what is wrong.

export const granularClasses = ['cp', 'mp', 'pp', 'ad', 'domain'] as const
export type GranularClass = (typeof granularClasses)[number]
export const granularTypes = ['infra', 'sub', 'both'] as const
export type GranularType = (typeof granularTypes)[number]

export interface GranularEntry {
  line: number
  class: GranularClass
  /** "all" or the name of a device or domain, as written. */
  name: string
  /** Undefined for ad and domain, which take no type. */
  type?: GranularType
}

export interface GranularProblem {
  line: number
  text: string
  problem: string
}

const CLASS_WORDS: Record<GranularClass, string> = {
  cp: 'Call Processor',
  mp: 'Message Processor',
  pp: 'Presence Processor',
  ad: 'directory',
  domain: 'domain'
}

export function parseGranular(text: string): { entries: GranularEntry[]; problems: GranularProblem[] } {
  const entries: GranularEntry[] = []
  const problems: GranularProblem[] = []
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1
    const trimmed = raw.trim()
    if (trimmed === '' || trimmed.startsWith('#')) return
    const problem = (message: string): void => {
      problems.push({ line, text: trimmed, problem: message })
    }
    const dot = trimmed.indexOf('.')
    if (dot <= 0) return problem('expected <class>.<name>: <type>, e.g. cp.all: both')
    const cls = trimmed.slice(0, dot).trim().toLowerCase()
    if (!(granularClasses as readonly string[]).includes(cls))
      return problem(
        `unknown class "${trimmed.slice(0, dot).trim()}"; classes are ${granularClasses.join(', ')}`
      )
    // Names may hold ":" (domain names do), so the type follows the last one.
    const colon = trimmed.lastIndexOf(':')
    if (colon < dot)
      return problem(
        `missing ":" after the name (write ${cls}.<name>:${cls === 'ad' || cls === 'domain' ? '' : ' <type>'})`
      )
    const name = trimmed.slice(dot + 1, colon).trim()
    if (name === '') return problem('missing name: write all or the name of a device or domain')
    const type = trimmed
      .slice(colon + 1)
      .trim()
      .toLowerCase()
    const klass = cls as GranularClass
    if (klass === 'ad' || klass === 'domain') {
      if (type !== '') return problem(`a ${CLASS_WORDS[klass]} takes no type (write ${cls}.${name}:)`)
      entries.push({ line, class: klass, name })
      return
    }
    if (type === '') return problem(`a ${CLASS_WORDS[klass]} needs a type: infra, sub or both`)
    if (!(granularTypes as readonly string[]).includes(type))
      return problem(`unknown type "${trimmed.slice(colon + 1).trim()}"; types are infra, sub and both`)
    entries.push({ line, class: klass, name, type: type as GranularType })
  })
  return { entries, problems }
}

/**
 * The selection with every entry of one of `classes` naming `from` (any case) renamed to `to`; the
 * rest of each line, comments and blank lines stay as written. Used when a device is renamed, so a
 * job keeps synchronizing it.
 */
export function renameInGranular(
  text: string,
  classes: readonly GranularClass[],
  from: string,
  to: string
): string {
  return text
    .split(/(\r?\n)/)
    .map((raw) => {
      const [entry] = parseGranular(raw).entries
      if (!entry || !classes.includes(entry.class) || entry.name.toLowerCase() !== from.toLowerCase())
        return raw
      const dot = raw.indexOf('.')
      return `${raw.slice(0, dot + 1)}${to}${raw.slice(raw.lastIndexOf(':'))}`
    })
    .join('')
}
