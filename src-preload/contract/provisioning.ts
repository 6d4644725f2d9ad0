// Provisioning Setup in the contract: domains, their synchronization rules, service areas, directory
// number blocks, user roles, and the users domain synchronization files into them.
import { z } from 'zod'
import { entryFilterProblem } from '../rules/ldapFilter'
import { maskProblem } from '../rules/numberMask'
import { deviceNameSchema, noInput, returns } from './common'
import type { RunStatus } from './runs'

/** Seed 003 Add Domain (SETUP-01): letters, digits, space and `_ - . / : ; = ? @ ^ ' { } [ ] | ~`. */
const PROVISIONING_NAME = /^[A-Za-z0-9 _\-./:;=?@^'{}[\]|~]+$/
const NAME_RULE = "may contain only letters, digits, space and _ - . / : ; = ? @ ^ ' { } [ ] | ~"

/** Names of domains, service areas and user roles follow the same seed rule. */
export const provisioningNameSchema = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(64, 'must be at most 64 characters')
  .regex(PROVISIONING_NAME, NAME_RULE)

const deviceRefSchema = z.string().trim().min(1, 'is required').max(64, 'must be at most 64 characters')

// ---------- synchronization rules (DOM-09 … DOM-23) ----------

/** One entry of an attribute rule's list: a value, optionally bound to one Call Processor (DOM-22). */
export interface RuleValue {
  processor?: string
  value: string
}

/**
 * Parses an attribute rule's list as the seeds write it: entries separated by `;`, each either a value
 * (`Dept1`) or `<Call Processor>:<value>` (`CCM2:DevicePool2`). Whether a prefix names a Call Processor
 * of the domain is checked where the domain is known. Returns the entries or the rule that failed.
 */
export function parseRuleList(text: string): { entries: RuleValue[] } | { problem: string } {
  const parts = text.split(';').map((p) => p.trim())
  if (parts.every((p) => p === '')) return { problem: 'needs at least one value' }
  const entries: RuleValue[] = []
  for (const [i, part] of parts.entries()) {
    if (part === '') {
      if (i === parts.length - 1) continue // a trailing ";" is harmless
      return { problem: `entry ${i + 1} is empty (two ";" in a row)` }
    }
    const colon = part.indexOf(':')
    const processor = colon >= 0 ? part.slice(0, colon).trim() : undefined
    const value = colon >= 0 ? part.slice(colon + 1).trim() : part
    if (processor === '') return { problem: `entry "${part}" has nothing before ":"` }
    if (value === '') return { problem: `entry "${part}" has no value after ":"` }
    if (value.length > 100) return { problem: `entry "${part}" is longer than 100 characters` }
    entries.push(processor === undefined ? { value } : { processor, value })
  }
  return { entries }
}

const ruleListSchema = z
  .string()
  .max(4000, 'must be at most 4000 characters')
  .superRefine((text, ctx) => {
    const parsed = parseRuleList(text)
    if ('problem' in parsed) ctx.addIssue({ code: 'custom', message: parsed.problem })
  })
  .transform((text) =>
    text
      .split(';')
      .map((p) => p.trim())
      .filter((p) => p !== '')
      .join(';')
  )

/**
 * A domain's synchronization rules. Required rules (one must be on): Sync All Users (Unified CM),
 * Sync Only Existing Users, or Sync by Attribute with at least one of its lists (an absent list is an
 * option that is off). The rest coexist with them.
 */
export interface DomainRules {
  syncAllUsers: boolean
  syncOnlyExisting: boolean
  matchDepartment?: string
  matchLocation?: string
  matchDevicePool?: string
  syncAllUmUsers: boolean
  primaryFromUm: boolean
  nonRestricted: boolean
}

export const NO_RULES: DomainRules = {
  syncAllUsers: false,
  syncOnlyExisting: false,
  syncAllUmUsers: false,
  primaryFromUm: false,
  nonRestricted: false
}

export const domainRulesSchema = z
  .object({
    syncAllUsers: z.boolean().default(false),
    syncOnlyExisting: z.boolean().default(false),
    matchDepartment: ruleListSchema.optional(),
    matchLocation: ruleListSchema.optional(),
    matchDevicePool: ruleListSchema.optional(),
    syncAllUmUsers: z.boolean().default(false),
    primaryFromUm: z.boolean().default(false),
    nonRestricted: z.boolean().default(false)
  })
  .strict()

/** The rules in the order they take effect (DOM-15: the current guide's order), with the seed's words. */
export const ruleDescriptions = {
  syncAllUsers:
    'Sync All Users (Unified CM): every user of every Call Processor of the domain joins it. Overrides every other required rule.',
  syncOnlyExisting:
    'Sync Only Existing Users: no user is created; only the services of users already in the domain are synchronized. Overrides the attribute rules.',
  matchDepartment:
    'Match Department: only users whose department is in the list. Attribute rules add up: a user must satisfy each one that is on.',
  matchLocation:
    "Match Location: only users with a phone whose location is in the list ('CCM3:Location3' binds an entry to one Call Processor).",
  matchDevicePool:
    "Match Device Pool: only users with a phone or remote destination profile whose device pool is in the list ('CCM2:DevicePool2;CCM3:DevicePool3').",
  syncAllUmUsers:
    'Sync All Users (Unity Connection): every mailbox of the Message Processors joins the domain; when off, only mailboxes whose alias matches a user of the domain.',
  primaryFromUm:
    'Sync Primary User From Unity Connection: first and last name and e-mail come from the mailbox rather than from Unified CM.',
  nonRestricted:
    'Non-Restricted Domain Sync: a service that fits no service area is placed in the first service area of its Call Processor (with a warning) instead of staying without one.'
} as const satisfies Record<keyof DomainRules, string>

// ---------- domains ----------

export interface DomainSyncSummary {
  runId: number
  status: RunStatus
  startedAt: string
  finishedAt?: string
  summary?: string
}

export interface Domain {
  name: string
  description?: string
  callProcessors: string[]
  messageProcessors: string[]
  /** The directory server users of this domain come from (its LDAP settings arrive with LDAP sync). */
  directory?: string
  rules: DomainRules
  /** The role new users get (the DefaultUserType rule; Employee out of the box). */
  defaultRole: string
  serviceAreas: number
  users: number
  lastSync?: DomainSyncSummary
  /** The last LDAP synchronization of the domain's directory users. */
  lastLdapSync?: DomainSyncSummary
  createdAt: string
  updatedAt: string
}

export const domainInputSchema = z
  .object({
    name: provisioningNameSchema,
    description: z.string().trim().max(256, 'must be at most 256 characters').optional(),
    callProcessors: z.array(deviceRefSchema).min(1, 'needs at least one Call Processor'),
    messageProcessors: z.array(deviceRefSchema).default([]),
    directory: deviceRefSchema.optional(),
    rules: domainRulesSchema.optional()
  })
  .strict()

export const domainChangesSchema = z
  .object({
    description: z.string().trim().max(256, 'must be at most 256 characters').optional(),
    callProcessors: z.array(deviceRefSchema).min(1, 'needs at least one Call Processor').optional(),
    messageProcessors: z.array(deviceRefSchema).optional(),
    /** null removes the directory server. */
    directory: deviceRefSchema.nullable().optional(),
    rules: domainRulesSchema.optional(),
    defaultRole: provisioningNameSchema.optional()
  })
  .strict()

// ---------- service areas (seed 003 table 3; matching per seed 001 table 5-3) ----------

export const phoneProtocols = ['SIP', 'SCCP'] as const

export interface ServiceAreaAttributes {
  devicePool?: string
  commonDeviceConfig?: string
  /** Calling search space of phones and remote destination profiles. */
  deviceCss?: string
  /** Calling search space of lines. */
  lineCss?: string
  location?: string
  routePartition?: string
  protocol?: (typeof phoneProtocols)[number]
  /** Gateways whose analog ports belong here. */
  voiceGateways?: string[]
  subscriberTemplate?: string
  cosWithTts?: string
  cosWithoutTts?: string
}

const infraNameSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(100, 'must be at most 100 characters')

export const serviceAreaAttributesSchema = z
  .object({
    devicePool: infraNameSchema.optional(),
    commonDeviceConfig: infraNameSchema.optional(),
    deviceCss: infraNameSchema.optional(),
    lineCss: infraNameSchema.optional(),
    location: infraNameSchema.optional(),
    routePartition: infraNameSchema.optional(),
    protocol: z.enum(phoneProtocols, { error: 'must be SIP or SCCP' }).optional(),
    voiceGateways: z.array(infraNameSchema).optional(),
    subscriberTemplate: infraNameSchema.optional(),
    cosWithTts: infraNameSchema.optional(),
    cosWithoutTts: infraNameSchema.optional()
  })
  .strict()

/** Labels of the matching attributes, as log entries and forms show them. */
export const attributeLabels: Record<keyof ServiceAreaAttributes, string> = {
  devicePool: 'Device Pool',
  commonDeviceConfig: 'Common Device Config',
  deviceCss: 'Calling Search Space (Device)',
  lineCss: 'Calling Search Space (Line)',
  location: 'Location',
  routePartition: 'Route Partition',
  protocol: 'Protocol',
  voiceGateways: 'Voice Gateway References',
  subscriberTemplate: 'Subscriber Template',
  cosWithTts: 'Subscriber CoS with TTS',
  cosWithoutTts: 'Subscriber CoS without TTS'
}

export interface DnBlock {
  id: number
  prefix: string
  first: number
  last: number
  minLength: number
  /** The block's first and last directory numbers, zero-padded (prefix 408, 0, min 4 → 4080000). */
  firstNumber: string
  lastNumber: string
  size: number
  /** Directory numbers of the Call Processor's inventory that fall in the block. */
  used: number
}

/**
 * A service area's options for new directory users (seed 000 table 7 and "masks"). The filter picks
 * who goes to the area (LDAP-30); the two boxes decide a new user's line number (LDAP-33 … -39):
 * block only → from the area's DN blocks; mask only → the directory number masked, no line without
 * one; both → masked, else from a block; neither → the directory number as it is.
 */
export interface ServiceAreaLdapOptions {
  /** An LDAP filter evaluated against each new directory user's entry; null: none. */
  ldapFilter: string | null
  assignLineFromBlock: boolean
  maskLdapNumbers: boolean
  /** Set exactly while maskLdapNumbers is on. */
  ldapNumberMask: string | null
}

/** Service-area and role LDAP filters: RFC 4515, and only matches Switchboard evaluates itself. */
export const entryFilterSchema = z
  .string()
  .trim()
  .max(4000, 'must be at most 4000 characters')
  .superRefine((filter, ctx) => {
    const problem = entryFilterProblem(filter)
    if (problem) ctx.addIssue({ code: 'custom', message: problem })
  })

const numberMaskSchema = z
  .string()
  .trim()
  .max(32, 'must be at most 32 characters')
  .superRefine((mask, ctx) => {
    const problem = maskProblem(mask)
    if (problem) ctx.addIssue({ code: 'custom', message: problem })
  })

/** null clears the filter or the mask; whether the mask goes with its box is checked with the stored area. */
const serviceAreaLdapShape = {
  ldapFilter: entryFilterSchema.nullable().optional(),
  assignLineFromBlock: z.boolean().optional(),
  maskLdapNumbers: z.boolean().optional(),
  ldapNumberMask: numberMaskSchema.nullable().optional()
}

export interface ServiceArea extends ServiceAreaLdapOptions {
  domain: string
  name: string
  /** Matching order: the first service area that fits a product wins (DOM-30). */
  position: number
  callProcessor: string
  messageProcessor?: string
  presenceProcessor?: string
  attributes: ServiceAreaAttributes
  userRoles: string[]
  dnBlocks: DnBlock[]
  /** Services filed here by the last domain synchronization, per kind. */
  services: Record<string, number>
}

export const serviceAreaInputSchema = z
  .object({
    domain: provisioningNameSchema,
    name: provisioningNameSchema,
    callProcessor: deviceRefSchema,
    messageProcessor: deviceRefSchema.optional(),
    presenceProcessor: deviceRefSchema.optional(),
    attributes: serviceAreaAttributesSchema.default({}),
    /** Defaults to the domain's default role. */
    userRoles: z.array(provisioningNameSchema).optional(),
    ...serviceAreaLdapShape
  })
  .strict()

/**
 * Edits to some attributes, leaving the others as they are: a value sets one, null clears it (any
 * value fits again). The command line edits this way; the form sends `attributes`, the whole set.
 */
export type ServiceAreaAttributeChanges = {
  [F in keyof ServiceAreaAttributes]?: ServiceAreaAttributes[F] | null
}
export const serviceAreaAttributeChangesSchema: z.ZodType<
  ServiceAreaAttributeChanges,
  ServiceAreaAttributeChanges
> = z.strictObject(
  Object.fromEntries(
    Object.entries(serviceAreaAttributesSchema.shape).map(([field, schema]) => [
      field,
      schema.unwrap().nullable().optional()
    ])
  )
)

export const serviceAreaChangesSchema = z
  .object({
    attributes: serviceAreaAttributesSchema.optional(),
    attributeChanges: serviceAreaAttributeChangesSchema.optional(),
    userRoles: z.array(provisioningNameSchema).optional(),
    // Present so that an attempt to change them gets the seed's reason rather than "unknown field".
    callProcessor: deviceRefSchema.optional(),
    messageProcessor: deviceRefSchema.optional(),
    presenceProcessor: deviceRefSchema.optional(),
    domain: provisioningNameSchema.optional(),
    ...serviceAreaLdapShape
  })
  .strict()
  .refine((c) => c.attributes === undefined || c.attributeChanges === undefined, {
    message: 'give the whole set of attributes or changes to some of them, not both',
    path: ['attributeChanges']
  })

/** What a service area's attributes can be set to: the synchronized infrastructure of its processors. */
export interface ServiceAreaChoices {
  callProcessor: string
  synchronized: boolean
  devicePools: string[]
  commonDeviceConfigs: string[]
  callingSearchSpaces: string[]
  locations: string[]
  routePartitions: string[]
  voiceGateways: string[]
  /** Presence Processors linked to this Call Processor (SETUP-05). */
  presenceProcessors: string[]
  messageProcessors: { name: string; subscriberTemplates: string[]; classesOfService: string[] }[]
}

const digitsOnly = /^\d*$/

const dnBlockValuesShape = {
  prefix: z
    .string()
    .trim()
    .max(16, 'must be at most 16 digits')
    .regex(digitsOnly, 'may contain only digits 0-9')
    .default(''),
  first: z.number({ error: 'must be a number' }).int('must be a whole number').min(0, 'must be 0 or more'),
  last: z.number({ error: 'must be a number' }).int('must be a whole number').min(0, 'must be 0 or more'),
  minLength: z
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(0, 'must be between 0 and 16')
    .max(16, 'must be between 0 and 16')
    .default(0)
}

type BlockValues = { prefix: string; first: number; last: number; minLength: number }

/** The rules a whole block must meet, once its four values are known (an edit merges first). */
export function dnBlockProblems(b: BlockValues): { field: 'last' | 'minLength'; message: string }[] {
  const problems: { field: 'last' | 'minLength'; message: string }[] = []
  if (b.last < b.first)
    problems.push({ field: 'last', message: `must be at least the first number (${b.first})` })
  if (b.last - b.first >= 1_000_000)
    problems.push({ field: 'last', message: 'a block holds at most 1,000,000 numbers' })
  if (b.prefix.length + Math.max(b.minLength, String(b.last).length) > 24)
    problems.push({ field: 'minLength', message: 'directory numbers are at most 24 digits' })
  return problems
}

function checkBlock(b: BlockValues, ctx: z.RefinementCtx): void {
  for (const p of dnBlockProblems(b)) ctx.addIssue({ code: 'custom', path: [p.field], message: p.message })
}

export const dnBlockInputSchema = z
  .object({ domain: provisioningNameSchema, serviceArea: provisioningNameSchema, ...dnBlockValuesShape })
  .strict()
  .superRefine(checkBlock)

/**
 * An edit changes the values it names and keeps the others (SETUP-14): `--first 0 --last 200` on a
 * block with prefix 408 keeps the prefix. The merged block is checked by dnBlockProblems.
 */
export const dnBlockEditSchema = z
  .object({
    id: z.number().int().positive('must be a block id'),
    prefix: dnBlockValuesShape.prefix.unwrap().optional(),
    first: dnBlockValuesShape.first.optional(),
    last: dnBlockValuesShape.last.optional(),
    minLength: dnBlockValuesShape.minLength.unwrap().optional()
  })
  .strict()

// ---------- user roles (seed 003 Add User Role) ----------

export const builtinRoles = ['Employee', 'Executive', 'Pseudo'] as const

/** Services a role can allow; the names are the product names of seed 003 table 4. */
export const roleServices = [
  'Voicemail',
  'Unified Messaging',
  'Extension Mobility Access',
  'Remote Destination Profile',
  'Single Number Reach',
  'Enable Mobility Support',
  'Enable Softphone Support',
  'Jabber',
  'User Services'
] as const
export const roleLines = [
  'Line',
  'Extension Mobility Access Line',
  'Remote Destination Profile Line'
] as const

export interface UserRole {
  domain: string
  name: string
  builtin: boolean
  isDefault: boolean
  /** Phone models users of this role may order (empty: none yet). */
  endpoints: string[]
  lines: string[]
  services: string[]
  bundles: string[]
  /** Picks the new directory users that get this role besides the default one (LDAP-31); null: none. */
  ldapFilter: string | null
  users: number
}

const roleListsShape = {
  endpoints: z.array(z.string().trim().min(1, 'must not be empty').max(100)).optional(),
  lines: z.array(z.enum(roleLines, { error: `must be one of ${roleLines.join(', ')}` })).optional(),
  services: z.array(z.enum(roleServices, { error: `must be one of ${roleServices.join(', ')}` })).optional(),
  bundles: z.array(z.string().trim().min(1, 'must not be empty').max(100)).optional(),
  ldapFilter: entryFilterSchema.nullable().optional()
}

export const roleInputSchema = z
  .object({ domain: provisioningNameSchema, name: provisioningNameSchema, ...roleListsShape })
  .strict()

export const roleChangesSchema = z
  .object({ name: provisioningNameSchema.optional(), ...roleListsShape })
  .strict()

// ---------- users and their services ----------

export const serviceKinds = [
  'Phone',
  'Soft Phone',
  'Line',
  'Extension Mobility Access',
  'Extension Mobility Access Line',
  'Remote Destination Profile',
  'Remote Destination Profile Line',
  'Voicemail',
  'Unified Messaging',
  'Enable Mobility Support',
  'Enable Softphone Support',
  'User Services'
] as const
export type ServiceKind = (typeof serviceKinds)[number]

export interface UserService {
  kind: ServiceKind
  /** Device name, "<device> line <n>: <DN>", mailbox alias, or the user id for user-level services. */
  name: string
  processor: string
  serviceArea?: string
  details: Record<string, string>
}

/** Where a planned line's number came from (LDAP-36 … -39). */
export const lineSources = ['block', 'directory', 'masked'] as const
export type LineSource = (typeof lineSources)[number]

/**
 * The line LDAP synchronization planned for a new directory user. This release sends no provisioning
 * orders: the plan is recorded for the order that will create the line.
 */
export interface PlannedLine {
  dn: string
  source: LineSource
  callProcessor: string
}

/** What LDAP synchronization decided for a user it created (LDAP-30, -31, -33 … -39). */
export interface LdapProvisioning {
  serviceArea?: string
  /** The role chosen for auto-provisioning first; the default role too when a role filter chose another (LDAP-31). */
  roles: string[]
  plannedLine?: PlannedLine
}

export interface DomainUser {
  userid: string
  domain: string
  firstName: string
  lastName: string
  department?: string
  email?: string
  role: string
  /** The processor the user's details come from (a Call Processor, or a Message Processor). */
  source: string
  services: UserService[]
  /** Set for directory users that LDAP synchronization created. */
  provisioning?: LdapProvisioning
}

export const userSearchKinds = ['user', 'mac', 'dn'] as const

/**
 * Global search (seed 003 Order Service step 9): user id or last name, letters, digits, `- _ . @`,
 * space and apostrophe (MACD-47); MAC address, 12 hexadecimal digits without separators (MACD-48);
 * directory number, digits with `+` (escaped `\+`), `?`, `( )`, `-` (MACD-49). `*` may start or end
 * each. A MAC may also be typed as Unified CM names the phone (SEP001122AABBCC, ATA…, BAT…) or with
 * `:`, `-` or `.` separators, as admins copy it from a phone or a switch.
 */
export function searchProblem(by: (typeof userSearchKinds)[number], text: string): string | null {
  const body = text.replace(/^\*/, '').replace(/\*$/, '')
  if (text.trim() === '') return 'is required'
  if (body.includes('*')) return 'may use * only at the start or the end'
  switch (by) {
    case 'user':
      return /^[A-Za-z0-9\-_.@ ']*$/.test(body)
        ? null
        : 'may contain only letters, digits, - _ . @, space and apostrophe (and * at the start or end)'
    case 'mac': {
      const mac = macSearchText(body)
      return /^[0-9A-F]{0,12}$/.test(mac) && (text.includes('*') || mac.length === 12)
        ? null
        : 'must be a MAC address: 12 hexadecimal digits, optionally as a device name (SEP…) or with : - . separators (or part of one with *)'
    }
    case 'dn':
      return /^(\\\+|[0-9?()-])*$/.test(body)
        ? null
        : 'may contain only digits and \\+ ? ( ) - (and * at the start or end)'
  }
}

/** The 12 hexadecimal digits (upper case) of a MAC typed bare, with separators or as a device name. */
export function macSearchText(text: string): string {
  return text
    .trim()
    .replace(/^(\*?)(SEP|ATA|BAT)/i, '$1')
    .replace(/[:.-]/g, '')
    .toUpperCase()
}

export const userQuerySchema = z
  .object({
    domain: provisioningNameSchema.optional(),
    search: z
      .object({
        by: z.enum(userSearchKinds).default('user'),
        text: z.string().max(64, 'must be at most 64 characters')
      })
      .strict()
      .superRefine((s, ctx) => {
        const problem = searchProblem(s.by, s.text)
        if (problem) ctx.addIssue({ code: 'custom', path: ['text'], message: problem })
      })
      .transform((s) => (s.by === 'mac' ? { ...s, text: macSearchText(s.text) } : s))
      .optional(),
    offset: z.number().int('must be a whole number').min(0, 'must be 0 or more').default(0),
    limit: z
      .number()
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(1000, 'must be at most 1000')
      .default(100)
  })
  .strict()

// ---------- domain synchronization ----------

export interface DomainSyncCounts {
  usersCreated: number
  usersUpdated: number
  usersUnchanged: number
  usersRemoved: number
  usersSkipped: number
  services: number
  servicesWithoutArea: number
}

/** A dry run: what a domain synchronization would do, written nowhere (log entries included). */
export interface DomainSyncPreview {
  domain: string
  counts: DomainSyncCounts
  entries: {
    severity: 'info' | 'warning' | 'error'
    code: string
    objectType?: string
    objectName?: string
    message: string
    hint?: string
  }[]
  /** Entries beyond the ones returned. */
  moreEntries: number
}

const byDomain = z.object({ name: provisioningNameSchema }).strict()
const byServiceArea = z.object({ domain: provisioningNameSchema, name: provisioningNameSchema }).strict()

export const provisioningRequests = {
  'domains:list': { input: noInput, output: returns<Domain[]>() },
  'domains:get': { input: byDomain, output: returns<Domain>() },
  'domains:add': { input: domainInputSchema, output: returns<Domain>() },
  'domains:edit': {
    input: z.object({ name: provisioningNameSchema, changes: domainChangesSchema }).strict(),
    output: returns<Domain>()
  },
  'domains:delete': { input: byDomain, output: returns<{ deleted: string }>() },
  'domains:sync': { input: byDomain, output: returns<{ runId: number }>() },
  'domains:preview': { input: byDomain, output: returns<DomainSyncPreview>() },
  'service-areas:list': {
    input: z.object({ domain: provisioningNameSchema }).strict(),
    output: returns<ServiceArea[]>()
  },
  'service-areas:add': { input: serviceAreaInputSchema, output: returns<ServiceArea>() },
  'service-areas:edit': {
    input: z
      .object({
        domain: provisioningNameSchema,
        name: provisioningNameSchema,
        changes: serviceAreaChangesSchema
      })
      .strict(),
    output: returns<ServiceArea>()
  },
  'service-areas:delete': { input: byServiceArea, output: returns<{ deleted: string }>() },
  'service-areas:move': {
    input: z
      .object({
        domain: provisioningNameSchema,
        name: provisioningNameSchema,
        position: z.number().int('must be a whole number').min(1, 'must be 1 or more')
      })
      .strict(),
    output: returns<ServiceArea[]>()
  },
  'service-areas:choices': {
    input: z.object({ callProcessor: deviceNameSchema }).strict(),
    output: returns<ServiceAreaChoices>()
  },
  'dn-blocks:add': { input: dnBlockInputSchema, output: returns<DnBlock>() },
  'dn-blocks:edit': { input: dnBlockEditSchema, output: returns<DnBlock>() },
  'dn-blocks:delete': {
    input: z.object({ id: z.number().int().positive('must be a block id') }).strict(),
    output: returns<{ deleted: number }>()
  },
  'roles:list': {
    input: z.object({ domain: provisioningNameSchema }).strict(),
    output: returns<UserRole[]>()
  },
  'roles:add': { input: roleInputSchema, output: returns<UserRole>() },
  'roles:edit': {
    input: z
      .object({ domain: provisioningNameSchema, name: provisioningNameSchema, changes: roleChangesSchema })
      .strict(),
    output: returns<UserRole>()
  },
  'roles:delete': {
    input: z.object({ domain: provisioningNameSchema, name: provisioningNameSchema }).strict(),
    output: returns<{ deleted: string }>()
  },
  'users:list': { input: userQuerySchema, output: returns<{ total: number; users: DomainUser[] }>() },
  'users:get': {
    input: z.object({ userid: z.string().trim().min(1, 'is required').max(128) }).strict(),
    output: returns<DomainUser>()
  }
} as const

export interface ProvisioningEvents {
  'domains:changed': { name?: string }
}
