// Pure helpers for showing domains, kept apart from components so they can be unit-tested without a DOM.
import type { AppError, DomainRules, DomainSyncCounts } from '../../../../src-preload/contract'
import { attributeRules, ruleFlags, ruleLabels } from './domainFormModel'

/** A refused synchronization the administrator fixes in the domain's rules (e.g. no required rule is on). */
export function isRulesRefusal(error: AppError): boolean {
  return (
    error.code === 'VALIDATION' && (error.field === 'rules' || error.field?.startsWith('rules.') === true)
  )
}

/** The rules that are on, by label, attribute rules with their values. */
export function rulesSummary(rules: DomainRules): string[] {
  return [
    ...ruleFlags.filter((flag) => rules[flag]).map((flag) => ruleLabels[flag]),
    ...attributeRules.flatMap((rule) => {
      const values = rules[rule]
      return values === undefined ? [] : [`${ruleLabels[rule]}: ${values}`]
    })
  ]
}

export const countLabels: Record<keyof DomainSyncCounts, string> = {
  usersCreated: 'Users created',
  usersUpdated: 'Users updated',
  usersUnchanged: 'Users unchanged',
  usersRemoved: 'Users removed',
  usersSkipped: 'Users skipped',
  services: 'Services',
  servicesWithoutArea: 'Services without service area'
}
