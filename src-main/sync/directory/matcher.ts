// Service-area and user-role LDAP filters (LDAP-30, -31) evaluated against directory entries
// in-process: one search per synchronization instead of one per service area and role. Semantics
// follow RFC 4511/4515 as far as the entry alone can tell: attribute names and values compare without
// regard to case, an attribute matches when any of its values does, and an absent attribute makes an
// assertion false (so its negation is true).
import { entryMatchingRule, type FilterNode } from '../../../src-preload/rules/ldapFilter'
import type { DirectoryEntry } from '../../connectors/ldap/client'

/** caseIgnoreMatch's preparation, in short: compatibility-normalized, lower case, spaces collapsed. */
function fold(value: string): string {
  return value.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ')
}

function equal(a: string, b: string): boolean {
  return fold(a).trim() === fold(b).trim()
}

const INTEGER = /^-?\d+$/

/** For >= and <=: integers compare as numbers (integerOrderingMatch), other values by folded code points. */
function order(a: string, b: string): number {
  if (INTEGER.test(a.trim()) && INTEGER.test(b.trim())) {
    const difference = BigInt(a.trim()) - BigInt(b.trim())
    return difference === 0n ? 0 : difference < 0n ? -1 : 1
  }
  const x = fold(a).trim()
  const y = fold(b).trim()
  return x === y ? 0 : x < y ? -1 : 1
}

function substringsMatch(value: string, node: Extract<FilterNode, { type: 'substrings' }>): boolean {
  const folded = fold(value)
  let position = 0
  if (node.initial !== undefined) {
    const initial = fold(node.initial)
    if (!folded.startsWith(initial)) return false
    position = initial.length
  }
  for (const piece of node.any) {
    const found = folded.indexOf(fold(piece), position)
    if (found < 0) return false
    position = found + fold(piece).length
  }
  if (node.final === undefined) return true
  const final = fold(node.final)
  return folded.length - final.length >= position && folded.endsWith(final)
}

function extensibleMatch(value: string, node: Extract<FilterNode, { type: 'extensible' }>): boolean {
  switch (entryMatchingRule(node.rule)) {
    case 'caseIgnore':
      return equal(value, node.value)
    case 'caseExact':
      return value === node.value
    case 'bitwiseAnd':
    case 'bitwiseOr': {
      if (!INTEGER.test(value) || !INTEGER.test(node.value)) return false
      const bits = BigInt(value) & BigInt(node.value)
      return entryMatchingRule(node.rule) === 'bitwiseAnd' ? bits === BigInt(node.value) : bits !== 0n
    }
    case undefined:
      // entryFilterProblem refuses these before a filter is saved.
      return false
  }
}

/** Whether the entry satisfies the filter. */
export function matchesEntry(node: FilterNode, entry: DirectoryEntry): boolean {
  const values = (attribute: string): string[] => entry.attributes[attribute.toLowerCase()] ?? []
  switch (node.type) {
    case 'and':
      return node.filters.every((f) => matchesEntry(f, entry))
    case 'or':
      return node.filters.some((f) => matchesEntry(f, entry))
    case 'not':
      return !matchesEntry(node.filter, entry)
    case 'present':
      return values(node.attribute).length > 0
    case 'equality':
    case 'approx':
      return values(node.attribute).some((v) => equal(v, node.value))
    case 'greaterOrEqual':
      return values(node.attribute).some((v) => order(v, node.value) >= 0)
    case 'lessOrEqual':
      return values(node.attribute).some((v) => order(v, node.value) <= 0)
    case 'substrings':
      return values(node.attribute).some((v) => substringsMatch(v, node))
    case 'extensible':
      return node.attribute !== undefined && values(node.attribute).some((v) => extensibleMatch(v, node))
  }
}

/** Attribute names a filter reads, so that the directory search asks for them. */
export function filterAttributes(node: FilterNode): string[] {
  switch (node.type) {
    case 'and':
    case 'or':
      return node.filters.flatMap(filterAttributes)
    case 'not':
      return filterAttributes(node.filter)
    default:
      return node.attribute !== undefined ? [node.attribute] : []
  }
}
