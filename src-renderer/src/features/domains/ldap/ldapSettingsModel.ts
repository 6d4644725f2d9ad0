// Pure conversion between a domain's LDAP settings and the LDAP Settings form, with the checks the form
// runs while typing and before saving; kept apart from the components so it can be unit-tested without a DOM.
import {
  activeDirectoryOnly,
  conditionProblem,
  dnProblem,
  filterProblem,
  ldapSettingsChangesSchema,
  maskProblem,
  productFields,
  type AppError,
  type Device,
  type FieldIssue,
  type FieldMappings,
  type FieldRule,
  type Input,
  type LdapSettings,
  type ProductField,
  type Product,
  type SimpleCondition,
  type StaleAction,
  type WriteBack
} from '../../../../../src-preload/contract'
import { formFieldOf } from '../../../api/errors'
import { isoWithOffset, localInputOf } from '../../../components/localDateTime'

export type LdapSettingsChanges = Input<'ldap:set'>['changes']
export type FilterKind = LdapSettings['filter']['kind']

export interface LdapSettingsForm {
  directory: string
  mode: LdapSettings['mode']
  updateExisting: LdapSettings['updateExisting']
  staleAction: StaleAction
  searchBase: string
  syncDisabledUsers: boolean
  mappings: FieldMappings
  filterKind: FilterKind
  /** Kept while another filter kind is chosen, so choosing it again brings them back. */
  conditions: SimpleCondition[]
  advancedFilter: string
  fieldRules: Record<ProductField, FieldRule>
  /** Empty: the domain's default role. */
  role: string
  /** Empty: none. */
  serviceArea: string
  maxRemovals: string
  maxPercent: string
  writeBackAttribute: WriteBack['attribute']
  /** Kept while the attribute is "Do not write", but only sent with an attribute. */
  writeBackMask: string
  /** Empty: synchronized by hand only. */
  intervalHours: string
  /** A datetime-local value in this computer's time zone; empty: none. */
  startAt: string
}

/** Labels of the form's fields, keyed as the contract names them in field errors. */
export const fieldLabels: Record<string, string> = {
  directory: 'Directory',
  mode: 'Mode',
  updateExisting: 'Update existing user details',
  staleAction: 'Action for stale users',
  searchBase: 'User search base',
  syncDisabledUsers: 'Synchronize disabled users',
  'mappings.userId': 'User ID',
  'mappings.phone': 'Phone number',
  'mappings.email': 'Email',
  'mappings.middleName': 'Middle name',
  'mappings.directoryUri': 'Directory URI',
  filter: 'Filter',
  'filter.conditions': 'Simple query',
  'filter.filter': 'LDAP query',
  fieldRules: 'Field matrix',
  'provisioningRule.role': 'Role of new users',
  'provisioningRule.serviceArea': 'Service area of new users',
  'guard.maxRemovals': 'Maximum removals',
  'guard.maxPercent': 'Maximum removals (%)',
  'writeBack.attribute': 'LDAP attribute',
  'writeBack.mask': 'Apply mask',
  intervalHours: 'Synchronization interval (hours)',
  startAt: 'Synchronization start date'
}

export const productFieldLabels: Record<ProductField, string> = {
  firstName: 'First name',
  lastName: 'Last name',
  middleName: 'Middle name',
  email: 'Email',
  phone: 'Phone number',
  mobile: 'Mobile number',
  department: 'Department',
  title: 'Title',
  manager: 'Manager ID',
  directoryUri: 'Directory URI'
}

/** The label of a field error's field; conditions are numbered from 1 as on screen. */
export function labelOf(field: string): string {
  const condition = /^filter\.conditions\.(\d+)\.(\w+)$/.exec(field)
  if (condition) return `Condition ${Number(condition[1]) + 1} ${condition[2]}`
  const rule = /^fieldRules\.(\w+)/.exec(field)?.[1]
  if (rule && rule in productFieldLabels) return `Field matrix, ${productFieldLabels[rule as ProductField]}`
  return fieldLabels[field] ?? field
}

/** A refusal as one sentence naming each field by its label and the rule it breaks. */
export function describeRefusal(error: AppError): string {
  if (!error.issues?.length) return error.message
  return error.issues
    .map((i) => (i.field ? `${labelOf(formFieldOf(i.field))}: ${i.message}` : i.message))
    .join('; ')
}

/**
 * Whether a directory product offers an attribute (LDAP-19/20, as the Core checks): Active Directory
 * identifies users by sAMAccountName, never uid; AD LDS has every AD-only attribute but sAMAccountName;
 * OpenLDAP and Oracle have none of them. An unknown product offers everything (the Core decides).
 */
export function attributeOffered(attribute: string, product: Product | undefined): boolean {
  if (product === undefined) return true
  if (product === 'ad') return attribute !== 'uid'
  if (!(activeDirectoryOnly as readonly string[]).includes(attribute)) return true
  return product === 'adlds' && attribute !== 'sAMAccountName'
}

/** "Synchronize disabled users" reads userAccountControl or msDS-UserAccountDisabled (LDAP-12). */
export const hasDisabledAccounts = (product: Product | undefined): boolean =>
  product === undefined || product === 'ad' || product === 'adlds'

function mappingDefaults(product: Product | undefined): FieldMappings {
  const activeDirectory = product === 'ad'
  return {
    userId: activeDirectory ? 'sAMAccountName' : 'uid',
    phone: 'telephoneNumber',
    email: 'mail',
    middleName: activeDirectory ? 'middleName' : 'initials',
    directoryUri: 'mail'
  }
}

const allFieldRules = (): Record<ProductField, FieldRule> =>
  Object.fromEntries(productFields.map((f) => [f, { create: true, update: true, clear: true }])) as Record<
    ProductField,
    FieldRule
  >

/**
 * The form before anything is saved: the Core's defaults for the directory (seed 000: all users, all
 * fields updated, nothing deleted, guard at 500 users or 20 %), so what the form shows is what is saved.
 */
export function defaultLdapForm(
  name: string,
  directory: Pick<Device, 'product' | 'searchBase'> | undefined
): LdapSettingsForm {
  return {
    directory: name,
    mode: 'auth-sync',
    updateExisting: 'all',
    staleAction: 'keep',
    searchBase: directory?.searchBase ?? '',
    syncDisabledUsers: false,
    mappings: mappingDefaults(directory?.product),
    filterKind: 'all',
    conditions: [],
    advancedFilter: '',
    fieldRules: allFieldRules(),
    role: '',
    serviceArea: '',
    maxRemovals: '500',
    maxPercent: '20',
    writeBackAttribute: 'none',
    writeBackMask: '',
    intervalHours: '',
    startAt: ''
  }
}

export function formFromSettings(settings: LdapSettings): LdapSettingsForm {
  const { filter } = settings
  return {
    directory: settings.directory,
    mode: settings.mode,
    updateExisting: settings.updateExisting,
    staleAction: settings.staleAction,
    searchBase: settings.searchBase,
    syncDisabledUsers: settings.syncDisabledUsers,
    mappings: { ...settings.mappings },
    filterKind: filter.kind,
    conditions: filter.kind === 'simple' ? filter.conditions.map((c) => ({ ...c })) : [],
    advancedFilter: filter.kind === 'advanced' ? filter.filter : '',
    fieldRules: { ...allFieldRules(), ...settings.fieldRules },
    role: settings.provisioningRule.role ?? '',
    serviceArea: settings.provisioningRule.serviceArea ?? '',
    maxRemovals: String(settings.guard.maxRemovals),
    maxPercent: String(settings.guard.maxPercent),
    writeBackAttribute: settings.writeBack.attribute,
    writeBackMask: settings.writeBack.mask ?? '',
    intervalHours: settings.intervalHours === undefined ? '' : String(settings.intervalHours),
    startAt: settings.startAt ? localInputOf(settings.startAt) : ''
  }
}

/**
 * Another directory: attributes its product does not offer fall back to the product's defaults, and
 * settings only Active Directory knows are switched off, so the form never holds a hidden choice.
 */
export function withDirectory(
  form: LdapSettingsForm,
  directory: string,
  product: Product | undefined
): LdapSettingsForm {
  const defaults = mappingDefaults(product)
  const offered = <K extends keyof FieldMappings>(key: K): FieldMappings[K] =>
    attributeOffered(form.mappings[key], product) ? form.mappings[key] : defaults[key]
  return {
    ...form,
    directory,
    mappings: {
      userId: offered('userId'),
      phone: offered('phone'),
      email: offered('email'),
      middleName: offered('middleName'),
      directoryUri: offered('directoryUri')
    },
    syncDisabledUsers: form.syncDisabledUsers && hasDisabledAccounts(product),
    writeBackAttribute: attributeOffered(form.writeBackAttribute, product) ? form.writeBackAttribute : 'none'
  }
}

export const emptyCondition = (): SimpleCondition => ({ field: 'Department', operator: '=', value: '' })

/** Problems shown while typing; empty values wait for Save, so a new row is not red at once. */
export function liveProblems(form: LdapSettingsForm): Record<string, string> {
  const problems: Record<string, string> = {}
  const add = (field: string, problem: string | null) => {
    if (problem) problems[field] = problem
  }
  if (form.filterKind === 'advanced' && form.advancedFilter !== '')
    add('filter.filter', filterProblem(form.advancedFilter))
  if (form.filterKind === 'simple')
    form.conditions.forEach((c, i) => {
      if (c.value.trim() !== '') add(`filter.conditions.${i}.value`, conditionProblem(c))
    })
  if (form.writeBackAttribute !== 'none' && form.writeBackMask.trim() !== '')
    add('writeBack.mask', maskProblem(form.writeBackMask.trim()))
  return problems
}

/** A number typed into the form (null: left empty); the contract's schema then checks its range. */
function parseNumber(text: string, field: string, issues: FieldIssue[], required = false): number | null {
  if (text.trim() === '') {
    if (required) issues.push({ field, message: 'is required' })
    return null
  }
  const value = Number(text.trim())
  if (!Number.isFinite(value)) issues.push({ field, message: 'must be a number' })
  return value
}

/** Everything the form says, as ldap:set changes. */
function allChanges(form: LdapSettingsForm, issues: FieldIssue[]): LdapSettingsChanges {
  const filter: LdapSettingsChanges['filter'] =
    form.filterKind === 'simple'
      ? { kind: 'simple', conditions: form.conditions }
      : form.filterKind === 'advanced'
        ? { kind: 'advanced', filter: form.advancedFilter }
        : { kind: 'all' }
  const maxRemovals = parseNumber(form.maxRemovals, 'guard.maxRemovals', issues, true)
  const maxPercent = parseNumber(form.maxPercent, 'guard.maxPercent', issues, true)
  const mask = form.writeBackMask.trim()
  const startAt = form.startAt === '' ? null : isoWithOffset(form.startAt)
  if (form.startAt !== '' && startAt === null)
    issues.push({ field: 'startAt', message: 'must be a date and time' })
  return {
    directory: form.directory,
    mode: form.mode,
    updateExisting: form.updateExisting,
    staleAction: form.staleAction,
    searchBase: form.searchBase.trim(),
    syncDisabledUsers: form.syncDisabledUsers,
    mappings: form.mappings,
    filter,
    guard: {
      ...(maxRemovals === null ? {} : { maxRemovals }),
      ...(maxPercent === null ? {} : { maxPercent })
    },
    writeBack: {
      attribute: form.writeBackAttribute,
      // The Core refuses a mask without an attribute to write.
      mask: form.writeBackAttribute === 'none' || mask === '' ? null : mask
    },
    fieldRules: form.fieldRules,
    provisioningRule: { role: form.role || null, serviceArea: form.serviceArea || null },
    intervalHours: parseNumber(form.intervalHours, 'intervalHours', issues),
    startAt
  }
}

// Changes the Core merges key by key; the filter and the other values replace what is stored.
const mergedKeys = new Set(['mappings', 'guard', 'writeBack', 'fieldRules', 'provisioningRule'])

/** Unset and null (cleared) are the same to the Core. */
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null)

function changedOnly(next: LdapSettingsChanges, base: LdapSettingsChanges): LdapSettingsChanges {
  const before = base as Record<string, unknown>
  const changes: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(next)) {
    if (mergedKeys.has(key) && value !== null && typeof value === 'object') {
      const previous = (before[key] ?? {}) as Record<string, unknown>
      const changed = Object.entries(value).filter(([k, v]) => !same(v, previous[k]))
      if (changed.length > 0) changes[key] = Object.fromEntries(changed)
    } else if (!same(value, before[key])) changes[key] = value
  }
  return changes
}

export type LdapSettingsRequest = { ok: true; changes: LdapSettingsChanges } | { ok: false; error: AppError }

/**
 * The ldap:set changes for a save: only what differs from the saved settings (everything on the first
 * save, which also names the directory), or, when the form breaks a rule, the refusal to show,
 * in the same shape as the Core's.
 */
export function ldapSettingsRequest(
  form: LdapSettingsForm,
  saved: LdapSettingsForm | undefined
): LdapSettingsRequest {
  const issues: FieldIssue[] = []
  const changes = allChanges(form, issues)
  // An empty base is the schema's "is required"; anything else must parse as a DN, as the Core checks.
  const searchBaseProblem = changes.searchBase ? dnProblem(changes.searchBase) : null
  if (searchBaseProblem)
    issues.push({ field: 'searchBase', message: `must be a distinguished name: ${searchBaseProblem}` })
  const parsed = ldapSettingsChangesSchema.safeParse(changes)
  if (!parsed.success)
    for (const issue of parsed.error.issues) {
      const field = issue.path.map(String).join('.')
      // A field already refused above (e.g. "must be a number") needs no second message.
      if (!issues.some((i) => i.field === field)) issues.push({ field, message: issue.message })
    }
  if (issues.length > 0) {
    const error: AppError = { code: 'VALIDATION', message: '', field: issues[0].field, issues }
    return { ok: false, error: { ...error, message: describeRefusal(error) } }
  }
  return { ok: true, changes: saved ? changedOnly(changes, allChanges(saved, [])) : changedOnly(changes, {}) }
}
