// Domain synchronization rules (seeds 000 and 001, "Business Rules for Domain Synchronization"):
// one required rule takes effect — Sync All Users (Unified CM), else Sync Only Existing Users, else the
// attribute rules, which add up (DOM-14) — and attribute list entries may be bound to one Call
// Processor (DOM-22, DOM-23).
import {
  parseRuleList,
  ruleDescriptions,
  type DomainRules,
  type FieldIssue,
  type RuleValue
} from '../../../src-preload/contract'

export type AttributeRule = 'matchDepartment' | 'matchLocation' | 'matchDevicePool'
/** The current guide's order (DOM-15); the results do not depend on it since the three add up. */
export const ATTRIBUTE_RULES: readonly AttributeRule[] = [
  'matchDepartment',
  'matchLocation',
  'matchDevicePool'
]

export type EffectiveRule =
  | { kind: 'sync-all-users' }
  | { kind: 'sync-only-existing' }
  | { kind: 'attributes'; lists: Partial<Record<AttributeRule, RuleValue[]>> }

function entriesOf(text: string | undefined): RuleValue[] | undefined {
  if (text === undefined) return undefined
  const parsed = parseRuleList(text)
  return 'entries' in parsed ? parsed.entries : undefined
}

/** Problems with processor prefixes: each must name a Call Processor of the domain. */
export function ruleIssues(rules: DomainRules, callProcessors: string[]): FieldIssue[] {
  const known = new Set(callProcessors.map((p) => p.toLowerCase()))
  const issues: FieldIssue[] = []
  for (const rule of ATTRIBUTE_RULES) {
    for (const entry of entriesOf(rules[rule]) ?? []) {
      if (entry.processor !== undefined && !known.has(entry.processor.toLowerCase())) {
        issues.push({
          field: `rules.${rule}`,
          message: `"${entry.processor}:${entry.value}" names ${entry.processor}, which is not a Call Processor of this domain (its Call Processors: ${callProcessors.join(', ')}); write <Call Processor>:<value> or just <value>`
        })
      }
    }
  }
  return issues
}

/** The rule in effect, or undefined when no required rule is on (a domain synchronization cannot start). */
export function effectiveRule(rules: DomainRules): EffectiveRule | undefined {
  if (rules.syncAllUsers) return { kind: 'sync-all-users' }
  if (rules.syncOnlyExisting) return { kind: 'sync-only-existing' }
  const lists: Partial<Record<AttributeRule, RuleValue[]>> = {}
  for (const rule of ATTRIBUTE_RULES) {
    const entries = entriesOf(rules[rule])
    if (entries && entries.length > 0) lists[rule] = entries
  }
  return Object.keys(lists).length > 0 ? { kind: 'attributes', lists } : undefined
}

/** One line naming the rule in effect and what it ignores, for the log. */
export function describeEffectiveRule(rules: DomainRules): string {
  const effective = effectiveRule(rules)
  if (!effective) return 'No required rule is on.'
  const ignored = (names: string[]): string =>
    names.length > 0 ? ` (${names.join(', ')} ignored: lower priority)` : ''
  switch (effective.kind) {
    case 'sync-all-users':
      return `Sync All Users (Unified CM) is in effect${ignored(
        [
          rules.syncOnlyExisting ? 'Sync Only Existing Users' : '',
          ...ATTRIBUTE_RULES.filter((r) => rules[r] !== undefined).map(
            (r) => ruleDescriptions[r].split(':')[0]
          )
        ].filter(Boolean)
      )}.`
    case 'sync-only-existing':
      return `Sync Only Existing Users is in effect${ignored(
        ATTRIBUTE_RULES.filter((r) => rules[r] !== undefined).map((r) => ruleDescriptions[r].split(':')[0])
      )}.`
    case 'attributes':
      return `Sync by Attribute is in effect: ${Object.entries(effective.lists)
        .map(
          ([rule, entries]) =>
            `${ruleDescriptions[rule as AttributeRule].split(':')[0]} = ${entries.map((e) => (e.processor ? `${e.processor}:${e.value}` : e.value)).join(';')}`
        )
        .join(' AND ')}.`
  }
}

/** The values of a list that bind users of one Call Processor; undefined when none does (no constraint). */
export function valuesFor(entries: RuleValue[] | undefined, processor: string): Set<string> | undefined {
  if (!entries) return undefined
  const applicable = entries.filter(
    (e) => e.processor === undefined || e.processor.toLowerCase() === processor.toLowerCase()
  )
  return applicable.length > 0 ? new Set(applicable.map((e) => e.value.toLowerCase())) : undefined
}

/** What the attribute rules look at for one user of one Call Processor. */
export interface UserFacts {
  department: string
  /** Locations of the user's phones. */
  locations: string[]
  /** Device pools of the user's phones and remote destination profiles. */
  devicePools: string[]
}

/**
 * Whether a Call Processor user joins the domain under attribute rules: every rule that binds this
 * processor must be satisfied (they add up). Returns the first rule that failed, or undefined.
 */
export function failedAttributeRule(
  lists: Partial<Record<AttributeRule, RuleValue[]>>,
  processor: string,
  user: UserFacts
): AttributeRule | undefined {
  const department = valuesFor(lists.matchDepartment, processor)
  if (department && !department.has(user.department.toLowerCase())) return 'matchDepartment'
  const location = valuesFor(lists.matchLocation, processor)
  if (location && !user.locations.some((l) => location.has(l.toLowerCase()))) return 'matchLocation'
  const devicePool = valuesFor(lists.matchDevicePool, processor)
  if (devicePool && !user.devicePools.some((d) => devicePool.has(d.toLowerCase()))) return 'matchDevicePool'
  return undefined
}
