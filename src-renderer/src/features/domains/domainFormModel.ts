// Pure conversion between the domain form and contract requests, kept apart from the components so it
// can be unit-tested without a DOM.
import { NO_RULES, type Domain, type DomainRules, type Input } from '../../../../src-preload/contract'

type DomainChanges = Input<'domains:edit'>['changes']

/** Rules that are on or off. */
export const ruleFlags = [
  'syncAllUsers',
  'syncOnlyExisting',
  'syncAllUmUsers',
  'primaryFromUm',
  'nonRestricted'
] as const
export type RuleFlag = (typeof ruleFlags)[number]

/** Sync by Attribute: each is off, or on with a list of values. */
export const attributeRules = ['matchDepartment', 'matchLocation', 'matchDevicePool'] as const
export type AttributeRule = (typeof attributeRules)[number]

export const ruleLabels: Record<keyof DomainRules, string> = {
  syncAllUsers: 'Sync All Users (Unified CM)',
  syncOnlyExisting: 'Sync Only Existing Users',
  matchDepartment: 'Match Department',
  matchLocation: 'Match Location',
  matchDevicePool: 'Match Device Pool',
  syncAllUmUsers: 'Sync All Users (Unity Connection)',
  primaryFromUm: 'Sync Primary User From Unity Connection',
  nonRestricted: 'Non-Restricted Domain Sync'
}

export interface RulesForm {
  flags: Record<RuleFlag, boolean>
  /** The text stays while an option is off, so ticking it again brings the values back. */
  attributes: Record<AttributeRule, { on: boolean; text: string }>
}

export interface DomainForm {
  name: string
  description: string
  callProcessors: string[]
  messageProcessors: string[]
  /** Empty: no directory server. */
  directory: string
  rules: RulesForm
  defaultRole: string
}

export function rulesFormOf(rules: DomainRules): RulesForm {
  const attribute = (text: string | undefined) => ({ on: text !== undefined, text: text ?? '' })
  return {
    flags: {
      syncAllUsers: rules.syncAllUsers,
      syncOnlyExisting: rules.syncOnlyExisting,
      syncAllUmUsers: rules.syncAllUmUsers,
      primaryFromUm: rules.primaryFromUm,
      nonRestricted: rules.nonRestricted
    },
    attributes: {
      matchDepartment: attribute(rules.matchDepartment),
      matchLocation: attribute(rules.matchLocation),
      matchDevicePool: attribute(rules.matchDevicePool)
    }
  }
}

/** The rules to send: an attribute option that is off sends nothing; one that is on sends its text as typed. */
export function rulesOf(form: RulesForm): DomainRules {
  const rules: DomainRules = { ...form.flags }
  for (const key of attributeRules) if (form.attributes[key].on) rules[key] = form.attributes[key].text
  return rules
}

export function emptyDomainForm(): DomainForm {
  return {
    name: '',
    description: '',
    callProcessors: [],
    messageProcessors: [],
    directory: '',
    rules: rulesFormOf(NO_RULES),
    defaultRole: ''
  }
}

export function formFromDomain(domain: Domain): DomainForm {
  return {
    name: domain.name,
    description: domain.description ?? '',
    callProcessors: domain.callProcessors,
    messageProcessors: domain.messageProcessors,
    directory: domain.directory ?? '',
    rules: rulesFormOf(domain.rules),
    defaultRole: domain.defaultRole
  }
}

/** The request for domains:add: empty optional fields are left out. */
export function addDomainRequest(form: DomainForm): Input<'domains:add'> {
  return {
    name: form.name,
    ...(form.description.trim() ? { description: form.description } : {}),
    callProcessors: form.callProcessors,
    messageProcessors: form.messageProcessors,
    ...(form.directory ? { directory: form.directory } : {}),
    rules: rulesOf(form.rules)
  }
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b)

/** The changes for domains:edit: only what differs from the stored domain; a removed directory is null. */
export function editDomainChanges(form: DomainForm, original: DomainForm): DomainChanges {
  const changes: DomainChanges = {}
  if (form.description !== original.description) changes.description = form.description
  if (!same(form.callProcessors, original.callProcessors)) changes.callProcessors = form.callProcessors
  if (!same(form.messageProcessors, original.messageProcessors))
    changes.messageProcessors = form.messageProcessors
  if (form.directory !== original.directory) changes.directory = form.directory || null
  const rules = rulesOf(form.rules)
  if (!same(rules, rulesOf(original.rules))) changes.rules = rules
  if (form.defaultRole !== original.defaultRole) changes.defaultRole = form.defaultRole
  return changes
}
