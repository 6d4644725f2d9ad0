// A domain's LDAP settings in the contract (seed 000 "Configuring LDAP Server Sync", tables 5 and 6):
// mode, update policy, stale-user action, search base, field mappings, the filter, the deletion guard
// and the schedule.
import { z } from 'zod'
import {
  conditionProblem,
  filterProblem,
  simpleOperators,
  simpleQueryFields,
  type SimpleCondition
} from '../rules/ldapFilter'
import { maskProblem } from '../rules/numberMask'
import { returns } from './common'
import { provisioningNameSchema, type LdapProvisioning } from './provisioning'

export const ldapModes = ['auth-only', 'auth-sync'] as const
export const updatePolicies = ['all', 'none'] as const

/**
 * Seed 000's five stale-user actions (LDAP-07); the older choices of 001/003 (LDAP-06) are the same
 * actions under other names: "Do not delete" = keep, "Delete user only" = delete, "Delete user with
 * services" = delete-with-device-services.
 */
export const staleActions = [
  'keep',
  'delete-if-no-services',
  'delete',
  'delete-keep-device-services',
  'delete-with-device-services'
] as const
export type StaleAction = (typeof staleActions)[number]

export const staleActionLabels: Record<StaleAction, string> = {
  keep: 'Do not make changes',
  'delete-if-no-services': 'Delete user if there are no services',
  delete: 'Delete user (even with services; they stay without an owner)',
  'delete-keep-device-services':
    'Delete user, but keep services (user removed in Switchboard and on Unified CM)',
  'delete-with-device-services': 'Delete user and all services (on the devices too)'
}

/** Actions that change devices need provisioning orders, which this release does not send yet. */
export const deviceStaleActions: readonly StaleAction[] = [
  'delete-keep-device-services',
  'delete-with-device-services'
]

export const userIdAttributes = [
  'sAMAccountName',
  'uid',
  'employeeNumber',
  'mail',
  'telephoneNumber',
  'userPrincipalName'
] as const
export const phoneAttributes = ['telephoneNumber', 'ipPhone'] as const
export const emailAttributes = ['mail', 'sAMAccountName'] as const
export const middleNameAttributes = ['middleName', 'initials'] as const
export const directoryUriAttributes = ['mail', 'msRTCSIP-primaryuseraddress', 'none'] as const

/** LDAP-19/20: attributes only Active Directory (and AD LDS for some) offers. */
export const activeDirectoryOnly = [
  'sAMAccountName',
  'userPrincipalName',
  'ipPhone',
  'middleName',
  'msRTCSIP-primaryuseraddress'
] as const

export interface FieldMappings {
  userId: (typeof userIdAttributes)[number]
  phone: (typeof phoneAttributes)[number]
  email: (typeof emailAttributes)[number]
  middleName: (typeof middleNameAttributes)[number]
  directoryUri: (typeof directoryUriAttributes)[number]
}

export type LdapFilterSetting =
  { kind: 'all' } | { kind: 'simple'; conditions: SimpleCondition[] } | { kind: 'advanced'; filter: string }

/** LDAP-43: where a user's primary directory number is written back, and the mask applied first. */
export const writeBackAttributes = ['none', 'ipPhone', 'telephoneNumber', 'mobile'] as const
export interface WriteBack {
  attribute: (typeof writeBackAttributes)[number]
  mask?: string
}

/** Product fields a directory fills (seed 000 table 6), each with its own create / update / clear rule. */
export const productFields = [
  'firstName',
  'lastName',
  'middleName',
  'email',
  'phone',
  'mobile',
  'department',
  'title',
  'manager',
  'directoryUri'
] as const
export type ProductField = (typeof productFields)[number]

/**
 * The IP Office-style matrix (seed 002): whether a field is filled when a user is created, refreshed
 * when it changes, and cleared when the directory no longer has a value.
 */
export interface FieldRule {
  create: boolean
  update: boolean
  clear: boolean
}

/** What new directory users get (seed 002's user provisioning rule): a role and a service area. */
export interface ProvisioningRule {
  role?: string
  serviceArea?: string
}

export interface DeletionGuard {
  /** Stop before removing more users than this in one run. */
  maxRemovals: number
  /** … or more than this share of the domain's directory users. */
  maxPercent: number
}

export interface LdapSettings {
  domain: string
  directory: string
  mode: (typeof ldapModes)[number]
  updateExisting: (typeof updatePolicies)[number]
  staleAction: StaleAction
  searchBase: string
  syncDisabledUsers: boolean
  mappings: FieldMappings
  filter: LdapFilterSetting
  guard: DeletionGuard
  writeBack: WriteBack
  fieldRules: Record<ProductField, FieldRule>
  provisioningRule: ProvisioningRule
  intervalHours?: number
  startAt?: string
  /** Removals the deletion guard held back in the last run, waiting for approval. */
  held?: HeldRemovals
  updatedAt: string
}

const conditionSchema = z
  .object({
    field: z.enum(Object.keys(simpleQueryFields) as [keyof typeof simpleQueryFields], {
      error: `must be one of ${Object.keys(simpleQueryFields).join(', ')}`
    }),
    operator: z.enum(simpleOperators, { error: 'must be =, != or in' }),
    value: z.string().max(1000, 'must be at most 1000 characters')
  })
  .strict()
  .superRefine((c, ctx) => {
    const problem = conditionProblem(c)
    if (problem) ctx.addIssue({ code: 'custom', path: ['value'], message: problem })
  })

export const ldapFilterSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all') }).strict(),
  z
    .object({
      kind: z.literal('simple'),
      conditions: z.array(conditionSchema).min(1, 'needs at least one condition')
    })
    .strict(),
  z
    .object({
      kind: z.literal('advanced'),
      filter: z
        .string()
        .max(4000, 'must be at most 4000 characters')
        .superRefine((f, ctx) => {
          const problem = filterProblem(f)
          if (problem) ctx.addIssue({ code: 'custom', message: problem })
        })
    })
    .strict()
])

const fieldRuleSchema = z
  .object({ create: z.boolean(), update: z.boolean(), clear: z.boolean() })
  .partial()
  .strict()

/**
 * A rule per product field, each optional. A strict object rather than zod's partialRecord, which
 * drops a "__proto__" key (an own key in JSON.parse's output) without a word: here it is refused as
 * an unknown field, like any other.
 */
const fieldRulesSchema = z.strictObject(
  Object.fromEntries(productFields.map((field) => [field, fieldRuleSchema.optional()])) as Record<
    ProductField,
    z.ZodOptional<typeof fieldRuleSchema>
  >
)

/** Changes to a domain's LDAP settings; the first save needs a directory. Checks that need the directory's product run in the Core. */
export const ldapSettingsChangesSchema = z
  .object({
    directory: z.string().trim().min(1, 'is required').max(64).optional(),
    mode: z.enum(ldapModes, { error: 'must be auth-only or auth-sync' }).optional(),
    updateExisting: z.enum(updatePolicies, { error: 'must be all or none' }).optional(),
    staleAction: z.enum(staleActions, { error: `must be one of ${staleActions.join(', ')}` }).optional(),
    searchBase: z.string().trim().min(1, 'is required').max(1024).optional(),
    syncDisabledUsers: z.boolean().optional(),
    mappings: z
      .object({
        userId: z
          .enum(userIdAttributes, { error: `must be one of ${userIdAttributes.join(', ')}` })
          .optional(),
        phone: z.enum(phoneAttributes, { error: 'must be telephoneNumber or ipPhone' }).optional(),
        email: z.enum(emailAttributes, { error: 'must be mail or sAMAccountName' }).optional(),
        middleName: z.enum(middleNameAttributes, { error: 'must be middleName or initials' }).optional(),
        directoryUri: z
          .enum(directoryUriAttributes, { error: `must be one of ${directoryUriAttributes.join(', ')}` })
          .optional()
      })
      .strict()
      .optional(),
    filter: ldapFilterSchema.optional(),
    guard: z
      .object({
        maxRemovals: z
          .number()
          .int('must be a whole number')
          .min(0, 'must be 0 or more')
          .max(1_000_000)
          .optional(),
        maxPercent: z
          .number()
          .min(0, 'must be between 0 and 100')
          .max(100, 'must be between 0 and 100')
          .optional()
      })
      .strict()
      .optional(),
    writeBack: z
      .object({
        attribute: z
          .enum(writeBackAttributes, { error: `must be one of ${writeBackAttributes.join(', ')}` })
          .optional(),
        mask: z
          .string()
          .trim()
          .max(32, 'must be at most 32 characters')
          .superRefine((m, ctx) => {
            const problem = maskProblem(m)
            if (problem) ctx.addIssue({ code: 'custom', message: problem })
          })
          .nullable()
          .optional()
      })
      .strict()
      .optional(),
    fieldRules: fieldRulesSchema.optional(),
    provisioningRule: z
      .object({
        role: z.string().trim().min(1).max(64).nullable().optional(),
        serviceArea: z.string().trim().min(1).max(64).nullable().optional()
      })
      .strict()
      .optional(),
    intervalHours: z
      .number()
      .int('must be a whole number of hours')
      .min(1, 'must be between 1 and 8760')
      .max(8760)
      .nullable()
      .optional(),
    startAt: z.iso
      .datetime({ offset: true, error: 'must be an ISO 8601 date and time with a time zone' })
      .nullable()
      .optional()
  })
  .strict()

export const ldapApprovalSchema = z.union(
  [
    z.literal('all'),
    z.literal('none'),
    z
      .array(z.string().trim().min(1, 'must not be empty').max(128, 'must be at most 128 characters'))
      .min(1, 'must name at least one user')
  ],
  { error: 'must be all, none or a list of user ids' }
)

/** Removals a deletion guard held back, waiting for an administrator's decision. */
export interface HeldRemovals {
  runId: number
  reason: string
  users: string[]
}

export interface LdapSyncPreview {
  domain: string
  entries: number
  create: string[]
  update: string[]
  /** Users the directory no longer returns: removed, kept by the stale-user action, or held. */
  stale: string[]
  /** Of `stale`, the removals the deletion guard would hold. */
  held: string[]
  /** Set when the guard would stop removals. */
  guard?: string
  /** Directory users not created because they belong to another domain. */
  inOtherDomains: string[]
  /** What each user in `create` would get (service area, roles, line), and why a line would not be planned. */
  provisioning: (LdapProvisioning & { userid: string; noLine?: string })[]
}

export const directoryRequests = {
  'ldap:get': {
    input: z.object({ domain: provisioningNameSchema }).strict(),
    output: returns<LdapSettings>()
  },
  'ldap:set': {
    input: z.object({ domain: provisioningNameSchema, changes: ldapSettingsChangesSchema }).strict(),
    output: returns<LdapSettings>()
  },
  'ldap:sync': {
    input: z.object({ domain: provisioningNameSchema, approve: ldapApprovalSchema.optional() }).strict(),
    output: returns<{ runId: number }>()
  },
  'ldap:write-back': {
    input: z.object({ domain: provisioningNameSchema }).strict(),
    output: returns<{ runId: number }>()
  },
  'ldap:preview': {
    input: z.object({ domain: provisioningNameSchema }).strict(),
    output: returns<LdapSyncPreview>()
  }
} as const
