// The one contract between the renderer and the Core. Every entry point (Electron IPC, the headless
// host's WebSocket, the CLI) goes through dispatch() with these schemas, so inputs are validated in one
// place and every caller sees the same errors.
import { z } from 'zod'
import type { EventChannel, RequestChannel } from './channels'
import {
  dnBlockEditSchema,
  dnBlockInputSchema,
  domainChangesSchema,
  domainInputSchema,
  provisioningNameSchema,
  roleChangesSchema,
  roleInputSchema,
  serviceAreaChangesSchema,
  serviceAreaInputSchema,
  userQuerySchema,
  type DnBlock,
  type Domain,
  type DomainSyncPreview,
  type DomainUser,
  type ServiceArea,
  type ServiceAreaChoices,
  type UserRole
} from './provisioning'
import {
  ldapApprovalSchema,
  ldapSettingsChangesSchema,
  type LdapSettings,
  type LdapSyncPreview
} from './directory'
import {
  jobChangesSchema,
  jobInputSchema,
  jobNameSchema,
  jobNamesSchema,
  jobOptionsSchema,
  jobPreviewSelectionSchema,
  jobSelectionSchema,
  type Job,
  type JobCancelOutcome,
  type JobPreview,
  type JobRunOutcome,
  type QueuedWork
} from './jobs'
import {
  auditExportSchema,
  auditQuerySchema,
  exportFormatSchema,
  retentionChangesSchema,
  reviewExportSchema,
  runComparisonQuerySchema,
  runListQuerySchema,
  runStatsQuerySchema,
  type AuditPage,
  type ExportFile,
  type RetentionSettings,
  type ReviewBundleFile,
  type RunComparison,
  type RunKind,
  type RunPage,
  type RunStats,
  type RunStatus
} from './history'

export * from './provisioning'
export * from './directory'
export * from './ldapFilter'
export * from './numberMask'
export * from './jobs'
export * from './granular'
export * from './history'

// ---------- shared value rules ----------

/** Seed rule (000/003 Add Device): letters, digits, space, `_ - . @`. */
const DEVICE_NAME = /^[A-Za-z0-9 _.@-]+$/
const HOSTNAME =
  /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/
const IPV6_GROUP = /^[0-9A-Fa-f]{1,4}$/

/**
 * An IPv6 address (RFC 4291 text forms, optional zone id, optional matching brackets): eight groups,
 * or fewer with one `::`, the last two groups optionally written as IPv4. Shapes alone are not
 * enough: `1.2.3.4:80` is made of the same characters.
 */
function isIPv6(text: string): boolean {
  const bracketed = text.startsWith('[') || text.endsWith(']')
  if (bracketed && !(text.startsWith('[') && text.endsWith(']'))) return false
  const [address, zone, ...more] = (bracketed ? text.slice(1, -1) : text).split('%')
  if (more.length > 0 || (zone !== undefined && !/^[A-Za-z0-9]+$/.test(zone))) return false
  const halves = address.split('::')
  if (halves.length > 2) return false
  const groups = halves.map((half) => (half === '' ? [] : half.split(':')))
  const all = groups.flat()
  const last = all[all.length - 1]
  const embeddedIPv4 = last !== undefined && last.includes('.')
  if (embeddedIPv4 && !IPV4.test(last)) return false
  const hexGroups = embeddedIPv4 ? all.slice(0, -1) : all
  if (!hexGroups.every((g) => IPV6_GROUP.test(g))) return false
  const width = hexGroups.length + (embeddedIPv4 ? 2 : 0)
  return halves.length === 2 ? width <= 7 : width === 8
}

export const deviceNameSchema = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(64, 'must be at most 64 characters')
  .regex(DEVICE_NAME, 'may contain only letters A-Z a-z, digits 0-9, space, underscore, hyphen, period and @')

export const hostSchema = z
  .string()
  .trim()
  .min(1, 'is required')
  .refine(
    // All-numeric dotted text is an IPv4 address or nothing (300.1.1.1 is not a host name).
    (v) => (/^[\d.]+$/.test(v) ? IPV4.test(v) : HOSTNAME.test(v) || (v.includes(':') && isIPv6(v))),
    'must be a host name, an IPv4 address or an IPv6 address'
  )

export const portSchema = z
  .number({ error: 'must be a number' })
  .int('must be a whole number')
  .min(1, 'must be between 1 and 65535')
  .max(65535, 'must be between 1 and 65535')

const passwordSchema = z.string().min(1, 'must not be empty').max(1024, 'must be at most 1024 characters')
const usernameSchema = z.string().trim().min(1, 'is required').max(128, 'must be at most 128 characters')

/**
 * Distinguished name per RFC 4514: comma-separated RDNs of `attribute=value`; values may contain
 * backslash escapes or be quoted. Returns the rule that failed, or null.
 */
export function dnProblem(dn: string): string | null {
  const text = dn.trim()
  if (text === '') return 'is required'
  let i = 0
  while (i < text.length) {
    const eq = text.indexOf('=', i)
    if (eq < 0) return `"${text.slice(i).trim()}" is not of the form attribute=value`
    const attr = text.slice(i, eq).trim()
    if (!/^([A-Za-z][A-Za-z0-9-]*|[0-9]+(\.[0-9]+)*)$/.test(attr)) {
      return `"${attr}" is not a valid attribute name (example: CN=Administrator,CN=Users,DC=example,DC=com)`
    }
    i = eq + 1
    let value = ''
    while (i < text.length && text[i] !== ',' && text[i] !== ';' && text[i] !== '+') {
      if (text[i] === '\\') {
        if (i + 1 >= text.length) return 'ends with an unfinished escape (\\)'
        value += text[i + 1]
        i += 2
        continue
      }
      value += text[i]
      i += 1
    }
    if (value.trim() === '') return `attribute "${attr}" has an empty value`
    if (i < text.length) i += 1
    if (i === text.length && /[,;+]$/.test(text)) return 'ends with a separator'
  }
  return null
}

const dnSchema = z.string().superRefine((value, ctx) => {
  const problem = dnProblem(value)
  if (problem) ctx.addIssue({ code: 'custom', message: `must be a distinguished name: ${problem}` })
})

// ---------- devices ----------

export const deviceKinds = ['call-processor', 'message-processor', 'presence-processor', 'directory'] as const
export type DeviceKind = (typeof deviceKinds)[number]

export const productsByKind = {
  'call-processor': ['cucm'],
  'message-processor': ['unity-connection'],
  'presence-processor': ['imp'],
  directory: ['ad', 'adlds', 'openldap', 'oracle']
} as const satisfies Record<DeviceKind, readonly string[]>

export type Product = (typeof productsByKind)[DeviceKind][number]

export const productLabels: Record<Product, string> = {
  cucm: 'Cisco Unified Communications Manager',
  'unity-connection': 'Cisco Unity Connection',
  imp: 'Cisco IM and Presence',
  ad: 'Microsoft Active Directory',
  adlds: 'Microsoft AD LDS / ADAM',
  openldap: 'OpenLDAP',
  oracle: 'Oracle Directory Server'
}

export const kindLabels: Record<DeviceKind, string> = {
  'call-processor': 'Call Processor',
  'message-processor': 'Unified Message Processor',
  'presence-processor': 'Presence Processor',
  directory: 'Directory Server (LDAP)'
}

/** Default ports: AXL 8443, CUPI 443, LDAP 389 / LDAPS 636. */
export function defaultPort(kind: DeviceKind, useSsl: boolean): number {
  switch (kind) {
    case 'call-processor':
    case 'presence-processor':
      return 8443
    case 'message-processor':
      return 443
    case 'directory':
      return useSsl ? 636 : 389
  }
}

/** How a directory connection is protected: plain LDAP, StartTLS on the plain port, or LDAPS. */
export type ConnectionSecurity = 'none' | 'starttls' | 'ssl'

export function connectionSecurity(d: { useSsl?: boolean; startTls?: boolean }): ConnectionSecurity {
  return d.useSsl ? 'ssl' : d.startTls ? 'starttls' : 'none'
}

export const connectionSecurityLabels: Record<ConnectionSecurity, string> = {
  none: 'None (plain LDAP)',
  starttls: 'StartTLS',
  ssl: 'SSL (LDAPS)'
}

/** What device setup and Test Connection say about a directory reached without TLS. */
export function plainLdapWarning(directory = 'this directory'): string {
  return `Warning: ${directory} is reached without TLS, so the bind password is sent in clear text. Choose StartTLS or SSL (LDAPS).`
}

const extensionMobilitySchema = z.object({
  serviceName: z.string().trim().min(1, 'is required').max(50, 'must be at most 50 characters'),
  serviceUrl: z
    .string()
    .trim()
    .regex(/^https?:\/\/\S+$/, 'must be an http:// or https:// URL')
})

/**
 * Fields a user may set on a device. One flat shape for every kind keeps forms and the CLI simple;
 * `deviceInputSchema` enforces which fields each kind needs (and refuses the ones it cannot use).
 */
const deviceFieldsShape = {
  name: deviceNameSchema,
  kind: z.enum(deviceKinds, { error: `must be one of ${deviceKinds.join(', ')}` }),
  product: z.string().trim().min(1, 'is required'),
  host: hostSchema,
  port: portSchema.optional(),
  useSsl: z.boolean().optional(),
  startTls: z.boolean().optional(),
  username: usernameSchema.optional(),
  password: passwordSchema.optional(),
  osUsername: usernameSchema.optional(),
  osPassword: passwordSchema.optional(),
  backupHost: hostSchema.optional(),
  backupPort: portSchema.optional(),
  adminDn: dnSchema.optional(),
  searchBase: dnSchema.optional(),
  callProcessor: deviceNameSchema.optional(),
  extensionMobility: extensionMobilitySchema.optional(),
  /** Call Processor, seed 000: analog (VG) phones are synchronized and managed only when this is on. */
  analogPhones: z.boolean().optional()
}

type Issue = { path: string; message: string }

/** Cross-field rules per kind; run on the merged record for edits, so an edit is held to the same rules. */
export function deviceRuleIssues(d: DeviceFields): Issue[] {
  const issues: Issue[] = []
  const need = (field: keyof DeviceFields, why: string): void => {
    if (d[field] === undefined || d[field] === '') issues.push({ path: field, message: `is required ${why}` })
  }
  const refuse = (field: keyof DeviceFields, why: string): void => {
    if (d[field] !== undefined) issues.push({ path: field, message: `does not apply ${why}` })
  }
  const products: readonly string[] = productsByKind[d.kind]
  if (!products.includes(d.product)) {
    issues.push({
      path: 'product',
      message: `must be one of ${products.join(', ')} for a ${kindLabels[d.kind]}`
    })
  }
  const label = `to a ${kindLabels[d.kind]}`
  if (d.kind !== 'call-processor') refuse('analogPhones', `${label} (analog phones are Unified CM devices)`)
  switch (d.kind) {
    case 'call-processor':
      need('username', 'for a Call Processor (the AXL user)')
      need('password', 'for a Call Processor (the AXL password)')
      for (const f of [
        'adminDn',
        'searchBase',
        'backupHost',
        'backupPort',
        'callProcessor',
        'osUsername',
        'osPassword',
        'useSsl',
        'startTls'
      ] as const)
        refuse(f, label)
      break
    case 'message-processor':
      need('username', 'for a Unified Message Processor (the application administrator)')
      need('password', 'for a Unified Message Processor (the application administrator password)')
      if ((d.osUsername === undefined) !== (d.osPassword === undefined)) {
        issues.push({
          path: d.osUsername === undefined ? 'osUsername' : 'osPassword',
          message: 'OS administrator user name and password must be given together'
        })
      }
      for (const f of [
        'adminDn',
        'searchBase',
        'backupHost',
        'backupPort',
        'callProcessor',
        'extensionMobility',
        'useSsl',
        'startTls'
      ] as const)
        refuse(f, label)
      break
    case 'presence-processor':
      need('username', 'for a Presence Processor (the AXL user)')
      need('password', 'for a Presence Processor (the AXL password)')
      need('callProcessor', 'for a Presence Processor (the Call Processor it belongs to)')
      for (const f of [
        'adminDn',
        'searchBase',
        'backupHost',
        'backupPort',
        'osUsername',
        'osPassword',
        'extensionMobility',
        'useSsl',
        'startTls'
      ] as const)
        refuse(f, label)
      break
    case 'directory': {
      need('adminDn', 'for a Directory Server (the bind DN)')
      need('password', 'for a Directory Server (the bind password)')
      need('searchBase', 'for a Directory Server (the user search base)')
      for (const f of ['username', 'osUsername', 'osPassword', 'callProcessor', 'extensionMobility'] as const)
        refuse(f, label)
      const ssl = d.useSsl ?? false
      if (ssl && d.startTls) {
        issues.push({
          path: 'startTls',
          message:
            'cannot be combined with SSL (LDAPS): StartTLS secures the plain LDAP port, SSL has its own port; choose one'
        })
      }
      for (const [field, port] of [
        ['port', d.port],
        ['backupPort', d.backupPort]
      ] as const) {
        if (port === undefined) continue
        if ((port === 636 || port === 3269) && !ssl) {
          issues.push({
            path: field,
            message: d.startTls
              ? `${port} is an SSL port: StartTLS runs on the plain LDAP port (use ${port === 636 ? 389 : 3268})`
              : `${port} is an SSL port: choose SSL (LDAPS) as the connection security (or use ${port === 636 ? 389 : 3268})`
          })
        }
        if ((port === 389 || port === 3268) && ssl) {
          issues.push({
            path: field,
            message: `${port} is a plain LDAP port: with SSL (LDAPS) use ${port === 389 ? 636 : 3269}`
          })
        }
      }
      if (d.backupPort !== undefined && d.backupHost === undefined) {
        issues.push({ path: 'backupPort', message: 'needs a backup server address' })
      }
      break
    }
  }
  return issues
}

export const deviceFieldsSchema = z.object(deviceFieldsShape).strict()
export type DeviceFields = z.infer<typeof deviceFieldsSchema>

export const deviceInputSchema = deviceFieldsSchema.superRefine((d, ctx) => {
  for (const issue of deviceRuleIssues(d))
    ctx.addIssue({ code: 'custom', path: [issue.path], message: issue.message })
})

/** Edit: any subset of fields except kind; `null` clears an optional field. Rules run on the merged device. */
export const deviceChangesSchema = z
  .object({
    name: deviceNameSchema.optional(),
    product: deviceFieldsShape.product.optional(),
    host: hostSchema.optional(),
    port: portSchema.nullable().optional(),
    useSsl: z.boolean().nullable().optional(),
    startTls: z.boolean().nullable().optional(),
    username: usernameSchema.optional(),
    password: passwordSchema.optional(),
    osUsername: usernameSchema.nullable().optional(),
    osPassword: passwordSchema.nullable().optional(),
    backupHost: hostSchema.nullable().optional(),
    backupPort: portSchema.nullable().optional(),
    adminDn: dnSchema.optional(),
    searchBase: dnSchema.optional(),
    callProcessor: deviceNameSchema.optional(),
    extensionMobility: extensionMobilitySchema.nullable().optional(),
    analogPhones: z.boolean().optional()
  })
  .strict()
export type DeviceChanges = z.infer<typeof deviceChangesSchema>

export const testStatuses = ['never', 'in-progress', 'success', 'failure'] as const
export type TestStatus = (typeof testStatuses)[number]

export const testFailureReasons = [
  'dns',
  'refused',
  'timeout',
  'tls-untrusted',
  'tls-changed',
  'tls',
  'auth',
  'search-base',
  'version',
  'protocol',
  'network'
] as const
export type TestFailureReason = (typeof testFailureReasons)[number]

export interface TestResult {
  status: 'success' | 'failure'
  at: string
  durationMs: number
  message: string
  reason?: TestFailureReason
  /** Detected product version (CUCM/IM&P getCCMVersion, Unity Connection product version). */
  version?: string
  /** SHA-256 fingerprint of an untrusted or changed certificate, for the user to check and pin. */
  fingerprint?: string
  endpoint?: string
}

export interface PinnedCertificate {
  endpoint: string
  fingerprint: string
  trustedAt: string
}

/** What leaves the Core about a device: every field but the secrets, plus which secrets are set. */
export interface Device {
  id: number
  name: string
  kind: DeviceKind
  product: Product
  host: string
  port: number
  useSsl: boolean
  /** A directory upgrades its plain LDAP connection with StartTLS before the bind. */
  startTls: boolean
  username?: string
  osUsername?: string
  backupHost?: string
  backupPort?: number
  adminDn?: string
  searchBase?: string
  callProcessor?: string
  extensionMobility?: { serviceName: string; serviceUrl: string }
  /** Call Processors: whether every synchronization and change notification poll keeps analog (VG) phones. */
  analogPhones?: boolean
  version?: string
  hasPassword: boolean
  hasOsPassword: boolean
  createdAt: string
  updatedAt: string
  lastTest: { status: TestStatus; result?: TestResult }
  pinnedCertificates: PinnedCertificate[]
}

// ---------- synchronization ----------

export interface TypeCounts {
  added: number
  changed: number
  removed: number
  unchanged: number
}
export type RunCounts = Record<string, TypeCounts>

export interface RunSummary {
  id: number
  /** The device synchronized, or the domain for kind "domain". */
  device: string
  kind: RunKind
  status: RunStatus
  /** The job run that started this synchronization, if any. */
  parentRunId?: number
  startedAt: string
  finishedAt?: string
  summary?: string
  counts: RunCounts
  /** Object types that could not be synchronized, with the reason for each. */
  failedTypes: { type: string; reason: string }[]
  /** Status needs-approval: what the deletion guard held (nothing of the run was applied). */
  held?: DeletionHold
}

/** An object type that would lose more of its inventory than the deletion guard allows. */
export interface HeldType {
  type: string
  /** Objects of the type in the inventory before the run. */
  inventory: number
  /** Of those, the objects the device no longer returned. */
  wouldRemove: number
}

/** What a held type would lose: "297 of 2,031 objects (14.6 %)", or "all 12 objects". */
export function describeLoss(loss: HeldType): string {
  const count = (n: number): string => n.toLocaleString('en-US')
  if (loss.wouldRemove >= loss.inventory) return `all ${count(loss.inventory)} objects`
  const share = Math.round((1000 * loss.wouldRemove) / Math.max(1, loss.inventory)) / 10
  return `${count(loss.wouldRemove)} of ${count(loss.inventory)} objects (${share} %)`
}

/** Why a device synchronization was held: its types over the guard, and the guard's share then. */
export interface DeletionHold {
  /** The share of a type's objects (percent) a run may remove without approval. */
  percent: number
  types: HeldType[]
}

export interface SyncProgress {
  runId: number
  device: string
  kind: RunKind
  /** The object type being read, or undefined between steps. */
  objectType?: string
  /** Object types finished and planned. */
  typesDone: number
  typesTotal: number
  /** Objects read so far in this run. */
  objects: number
  percent: number
}

export const severities = ['info', 'warning', 'error'] as const
export type Severity = (typeof severities)[number]

export interface LogEntry {
  runId: number
  seq: number
  at: string
  severity: Severity
  /** Stable code (e.g. SYNC_TYPE_FAILED) that filters and scripts can rely on. */
  code: string
  objectType?: string
  objectName?: string
  message: string
  hint?: string
}

export interface InventoryItem {
  type: string
  key: string
  name: string
  data: Record<string, unknown>
}

const pagingShape = {
  offset: z.number().int('must be a whole number').min(0, 'must be 0 or more').default(0),
  limit: z
    .number()
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(5000, 'must be at most 5000')
    .default(200)
}

export const logQuerySchema = z
  .object({
    runId: z.number().int().positive('must be a run id'),
    severity: z.enum(severities, { error: `must be one of ${severities.join(', ')}` }).optional(),
    code: z.string().trim().min(1).max(64).optional(),
    objectType: z.string().trim().min(1).max(64).optional(),
    search: z.string().max(200, 'must be at most 200 characters').optional(),
    ...pagingShape
  })
  .strict()
export type LogQuery = z.output<typeof logQuerySchema>

/** A run's log, or the part of it a filter selects, as one file. */
export const logExportSchema = logQuerySchema
  .omit({ offset: true, limit: true })
  .extend({ format: exportFormatSchema })
  .strict()
export type LogExportQuery = z.output<typeof logExportSchema>

/** What one run may choose; analog phones are a setting of the device (Device.analogPhones). */
export const syncOptionsSchema = z
  .object({
    /** Seed 001: also bring in directory numbers on no device (intercom, unmanaged endpoints). */
    specialDns: z.boolean().default(true)
  })
  .strict()

// ---------- change notification ----------

export interface ChangeNotificationStatus {
  device: string
  /** Offered for Unified CM 10.0 and later only. */
  supported: boolean
  reason?: string
  enabled: boolean
  intervalMinutes: number
  queueId?: string
  nextStartChangeId?: number
  lastPollAt?: string
  lastStatus?: string
}

// ---------- settings ----------

export interface Settings {
  /** Synchronization runs kept per device and kind (with their logs); older ones are deleted. */
  runsKeptPerDevice: number
  /**
   * The device synchronizations' deletion guard: a run that would remove more than this share
   * (percent) of an object type's inventory, or all of it, is held for approval.
   */
  deletionGuardPercent: number
  /** Kinds with their own count and age limit (see effectiveRetention); the others use runsKeptPerDevice. */
  retention: RetentionSettings
}

export const settingsChangesSchema = z
  .object({
    runsKeptPerDevice: z
      .number({ error: 'must be a number' })
      .int('must be a whole number')
      .min(1, 'must be between 1 and 1000')
      .max(1000, 'must be between 1 and 1000')
      .optional(),
    deletionGuardPercent: z
      .number({ error: 'must be a number' })
      .int('must be a whole number')
      .min(1, 'must be between 1 and 100')
      .max(100, 'must be between 1 and 100')
      .optional(),
    retention: retentionChangesSchema.optional()
  })
  .strict()

// ---------- demo lab ----------

export interface DemoStatus {
  running: boolean
  servers: { name: string; kind: DeviceKind; url: string; version: string }[]
}

// ---------- the contract ----------

/** Declares a request's output type; the value is never read. */
const returns = <T>(): T => undefined as T

/** A review bundle this Core was opened on (read-only): where it came from, for the banner. */
export interface ReviewInfo {
  fileName: string
  createdAt: string
  /** The operating-system user who exported it. */
  createdBy: string
  /** The machine it was exported on. */
  createdOn: string
  appVersion: string
  /** What was exported, in words: "domain West", "device CUCM-Pub", "runs 3, 4". */
  selection: string
  /** The devices whose runs and inventory it holds. */
  sourceDevices: string[]
}

export interface AppInfo {
  version: string
  dataDir: string
  host: 'electron' | 'headless' | 'cli'
  platform: string
  /**
   * When this Core started. A connection test older than this was made by an earlier run of the app,
   * so it says nothing about whether the device answers now.
   */
  startedAt: string
  /** Where device passwords are encrypted at rest; `warning` when that is weaker than one may assume. */
  secretStorage: { kind: 'os-keychain' | 'key-file' | 'none'; description: string; warning?: string }
  /** Set when the Core serves a review bundle: every change and action is refused (READ_ONLY). */
  review?: ReviewInfo
}

const byName = z.object({ name: deviceNameSchema }).strict()
const byDomain = z.object({ name: provisioningNameSchema }).strict()
const byServiceArea = z.object({ domain: provisioningNameSchema, name: provisioningNameSchema }).strict()

export const requests = {
  'app:info': { input: z.object({}).strict(), output: returns<AppInfo>() },
  'devices:list': { input: z.object({}).strict(), output: returns<Device[]>() },
  'devices:get': { input: byName, output: returns<Device>() },
  'devices:add': { input: deviceInputSchema, output: returns<Device>() },
  'devices:edit': {
    input: z.object({ name: deviceNameSchema, changes: deviceChangesSchema }).strict(),
    output: returns<Device>()
  },
  /** runsKept: the device's runs, kept with their logs under its name (Logs, `logs list`). */
  'devices:delete': { input: byName, output: returns<{ deleted: string; runsKept: number }>() },
  'devices:test': { input: byName, output: returns<TestResult>() },
  'devices:trust': {
    input: z
      .object({
        name: deviceNameSchema,
        fingerprint: z
          .string()
          .trim()
          .transform((v) => v.toUpperCase().replace(/[^0-9A-F]/g, ''))
          .refine(
            (v) => v.length === 64,
            'must be a SHA-256 fingerprint: 64 hexadecimal digits (colons allowed)'
          ),
        backup: z.boolean().optional()
      })
      .strict(),
    output: returns<PinnedCertificate>()
  },
  'demo:status': { input: z.object({}).strict(), output: returns<DemoStatus>() },
  'demo:start': { input: z.object({}).strict(), output: returns<DemoStatus>() },
  'sync:start': {
    input: z
      .object({
        device: deviceNameSchema,
        kind: z.enum(['infrastructure', 'user'], { error: 'must be infrastructure or user' }),
        options: syncOptionsSchema.optional(),
        /** The run (of this device and kind) whose held removals to accept; the run reads again. */
        approve: z.number().int().positive('must be the id of the run that needs approval').optional()
      })
      .strict(),
    output: returns<{ runId: number }>()
  },
  'sync:cancel': {
    input: z.object({ runId: z.number().int().positive() }).strict(),
    output: returns<{ cancelling: boolean }>()
  },
  'sync:runs': {
    input: z
      .object({
        device: deviceNameSchema.optional(),
        domain: provisioningNameSchema.optional(),
        /** The synchronizations a job run started. */
        parentRunId: z.number().int().positive('must be a run id').optional(),
        limit: z.number().int().min(1).max(1000).default(50)
      })
      .strict()
      .refine((q) => [q.device, q.domain, q.parentRunId].filter((v) => v !== undefined).length <= 1, {
        message: 'give a device, a domain or a parent run, not more than one',
        path: ['domain']
      }),
    output: returns<RunSummary[]>()
  },
  'sync:run': {
    input: z.object({ runId: z.number().int().positive() }).strict(),
    output: returns<RunSummary>()
  },
  'sync:active': { input: z.object({}).strict(), output: returns<SyncProgress[]>() },
  'settings:get': { input: z.object({}).strict(), output: returns<Settings>() },
  'settings:set': { input: settingsChangesSchema, output: returns<Settings>() },
  'cn:status': {
    input: z.object({ device: deviceNameSchema }).strict(),
    output: returns<ChangeNotificationStatus>()
  },
  'cn:set': {
    input: z
      .object({
        device: deviceNameSchema,
        enabled: z.boolean(),
        intervalMinutes: z
          .number()
          .int('must be a whole number of minutes')
          .min(1, 'must be between 1 and 15 minutes')
          .max(15, 'must be between 1 and 15 minutes')
          .optional()
      })
      .strict(),
    /** runId: the run enabling started (queue position, full synchronizations), when it started one. */
    output: returns<ChangeNotificationStatus & { runId?: number }>()
  },
  'cn:poll': { input: z.object({ device: deviceNameSchema }).strict(), output: returns<{ runId: number }>() },
  'logs:entries': { input: logQuerySchema, output: returns<{ total: number; entries: LogEntry[] }>() },
  'logs:export': { input: logExportSchema, output: returns<ExportFile>() },
  'runs:list': { input: runListQuerySchema, output: returns<RunPage>() },
  'runs:compare': { input: runComparisonQuerySchema, output: returns<RunComparison>() },
  'runs:stats': { input: runStatsQuerySchema, output: returns<RunStats[]>() },
  'audit:list': { input: auditQuerySchema, output: returns<AuditPage>() },
  'audit:export': { input: auditExportSchema, output: returns<ExportFile>() },
  'review:export': { input: reviewExportSchema, output: returns<ReviewBundleFile>() },
  'inventory:list': {
    input: z
      .object({
        device: deviceNameSchema,
        type: z.string().trim().min(1).max(64).optional(),
        search: z.string().max(200).optional(),
        ...pagingShape
      })
      .strict(),
    output: returns<{ total: number; items: InventoryItem[]; types: Record<string, number> }>()
  },
  'domains:list': { input: z.object({}).strict(), output: returns<Domain[]>() },
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
  },
  'jobs:list': { input: z.object({}).strict(), output: returns<Job[]>() },
  'jobs:get': { input: z.object({ name: jobNameSchema }).strict(), output: returns<Job>() },
  'jobs:add': { input: jobInputSchema, output: returns<Job>() },
  'jobs:edit': {
    input: z.object({ name: jobNameSchema, changes: jobChangesSchema }).strict(),
    output: returns<Job>()
  },
  'jobs:delete': {
    input: z.object({ names: jobNamesSchema }).strict(),
    output: returns<{ deleted: string[] }>()
  },
  'jobs:run': { input: z.object({ names: jobNamesSchema }).strict(), output: returns<JobRunOutcome[]>() },
  'jobs:cancel': {
    input: z.object({ names: jobNamesSchema }).strict(),
    output: returns<JobCancelOutcome[]>()
  },
  'jobs:preview': {
    input: z.object({ selection: jobPreviewSelectionSchema }).strict(),
    output: returns<JobPreview>()
  },
  'jobs:runs': {
    input: z.object({ name: jobNameSchema, limit: z.number().int().min(1).max(1000).default(20) }).strict(),
    output: returns<RunSummary[]>()
  },
  'jobs:queue': { input: z.object({}).strict(), output: returns<QueuedWork[]>() },
  'jobs:run-unsaved': {
    input: z
      .object({
        label: z.string().trim().min(1, 'is required').max(128, 'must be at most 128 characters'),
        selection: jobSelectionSchema,
        options: jobOptionsSchema.optional()
      })
      .strict(),
    output: returns<{ runId: number }>()
  },
  'users:list': { input: userQuerySchema, output: returns<{ total: number; users: DomainUser[] }>() },
  'users:get': {
    input: z.object({ userid: z.string().trim().min(1, 'is required').max(128) }).strict(),
    output: returns<DomainUser>()
  }
} as const satisfies Record<RequestChannel, { input: z.ZodType; output: unknown }>

export interface EventPayloads {
  'devices:changed': { name?: string }
  'devices:test-status': { name: string; status: TestStatus; result?: TestResult }
  'demo:changed': DemoStatus
  'sync:progress': SyncProgress
  'sync:finished': RunSummary
  'domains:changed': { name?: string }
  'jobs:changed': { name?: string }
}

// Compile-time check that channels.ts and this contract list the same channels.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const requestChannelsMatch: Same<keyof typeof requests, RequestChannel> = true
const eventChannelsMatch: Same<keyof EventPayloads, EventChannel> = true
void requestChannelsMatch
void eventChannelsMatch

export type Requests = typeof requests
export type Input<C extends RequestChannel> = z.input<Requests[C]['input']>
export type ParsedInput<C extends RequestChannel> = z.output<Requests[C]['input']>
export type Output<C extends RequestChannel> = Requests[C]['output']

export const errorCodes = [
  'VALIDATION',
  'NOT_FOUND',
  'CONFLICT',
  'IN_USE',
  'BUSY',
  'UNKNOWN_CHANNEL',
  'SECRET_UNAVAILABLE',
  'READ_ONLY',
  'INTERNAL'
] as const
export type ErrorCode = (typeof errorCodes)[number]

export interface FieldIssue {
  field: string
  message: string
}

export interface AppError {
  code: ErrorCode
  message: string
  field?: string
  issues?: FieldIssue[]
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError }

/** The typed surface every client exposes: one function per request channel. */
export type Api = { [C in RequestChannel]: (input: Input<C>) => Promise<Result<Output<C>>> }

export type EventListener<E extends EventChannel> = (payload: EventPayloads[E]) => void

export interface Bridge {
  api: Api
  on<E extends EventChannel>(event: E, listener: EventListener<E>): () => void
}
