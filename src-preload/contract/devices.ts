// Devices in the contract: call, message and presence processors and directory servers, their fields
// and rules, connection tests and pinned certificates.
import { z } from 'zod'
import { adBindNameProblem, dnProblem } from '../rules/dn'
import {
  bindNameSchema,
  deviceNameSchema,
  dnSchema,
  hostSchema,
  noInput,
  passwordSchema,
  portSchema,
  returns,
  sha256FingerprintSchema,
  usernameSchema
} from './common'

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
  adminDn: bindNameSchema.optional(),
  searchBase: dnSchema.optional(),
  callProcessor: deviceNameSchema.optional(),
  extensionMobility: extensionMobilitySchema.optional(),
  /** Call Processor, seed 000: analog (VG) phones are synchronized and managed only when this is on. */
  analogPhones: z.boolean().optional(),
  /** Issue 20: Switchboard may change this device (orders, write-back); off until an admin turns it on. */
  allowChanges: z.boolean().optional()
}

/** A cross-field rule a device breaks: the field and the rule, in the form's words. */
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
      // callProcessor is optional: the Unified CM whose lines its mailboxes answer (domain
      // synchronization links mailboxes to that Call Processor's lines only).
      for (const f of [
        'adminDn',
        'searchBase',
        'backupHost',
        'backupPort',
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
      if (d.adminDn) {
        const activeDirectory = d.product === 'ad' || d.product === 'adlds'
        const problem = activeDirectory ? adBindNameProblem(d.adminDn) : dnProblem(d.adminDn)
        if (problem)
          issues.push({
            path: 'adminDn',
            message: activeDirectory
              ? `must be a distinguished name, user@realm or DOMAIN\\user: ${problem}`
              : `must be a distinguished name: ${problem}`
          })
      }
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
    adminDn: bindNameSchema.optional(),
    searchBase: dnSchema.optional(),
    callProcessor: deviceNameSchema.optional(),
    extensionMobility: extensionMobilitySchema.nullable().optional(),
    analogPhones: z.boolean().optional(),
    allowChanges: z.boolean().optional()
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
  /** Switchboard may change this device; every write to it is refused while this is off. */
  allowChanges: boolean
  version?: string
  hasPassword: boolean
  hasOsPassword: boolean
  createdAt: string
  updatedAt: string
  lastTest: { status: TestStatus; result?: TestResult }
  pinnedCertificates: PinnedCertificate[]
}

const byName = z.object({ name: deviceNameSchema }).strict()

export const deviceRequests = {
  'devices:list': { input: noInput, output: returns<Device[]>() },
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
        fingerprint: sha256FingerprintSchema,
        backup: z.boolean().optional()
      })
      .strict(),
    output: returns<PinnedCertificate>()
  }
} as const

export interface DeviceEvents {
  'devices:changed': { name?: string }
  'devices:test-status': { name: string; status: TestStatus; result?: TestResult }
}
