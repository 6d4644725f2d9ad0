// The run history in the contract (issue 8): every run of every kind in one list, comparison of two
// runs, figures for plots, exports of logs and of the audit trail, and retention per run kind (its settings are in settings.ts).
import { z } from 'zod'
import { noInput, returns, sha256FingerprintSchema } from './common'
import { jobNameSchema } from './jobs'
import { provisioningNameSchema } from './provisioning'
import {
  domainRunKinds,
  runKinds,
  runStatuses,
  type RunCounts,
  type RunKind,
  type RunStatus,
  type RunSummary
} from './runs'

const isoInstant = z.iso.datetime({
  offset: true,
  error: 'must be an ISO 8601 date and time with a time zone, e.g. 2025-03-01T08:00:00Z'
})

/** Device names follow common.ts's rule; an unknown one is refused by the lookup (NOT_FOUND). */
const deviceRefSchema = z.string().trim().min(1, 'is required').max(64, 'must be at most 64 characters')

const subjectShape = {
  /** Runs of this device (infrastructure, user, change notification). */
  device: deviceRefSchema.optional(),
  /** Runs of this domain (domain, LDAP, write-back). */
  domain: provisioningNameSchema.optional(),
  /** Runs of this stored job. */
  job: jobNameSchema.optional()
}

type Subject = { device?: string; domain?: string; job?: string }
const oneSubject = (q: Subject): boolean =>
  [q.device, q.domain, q.job].filter((v) => v !== undefined).length <= 1
const oneSubjectRule = { message: 'give a device, a domain or a job, not more than one', path: ['domain'] }

/**
 * The filter that finds a run's siblings for `runs:list` and `runs:stats`: a device's runs for device
 * kinds, a domain's for domain kinds, a job's for job runs (RunSummary.device holds that name).
 */
export function runSubject(run: Pick<RunSummary, 'device' | 'kind'>): Subject {
  if ((domainRunKinds as readonly RunKind[]).includes(run.kind)) return { domain: run.device }
  return run.kind === 'job' ? { job: run.device } : { device: run.device }
}

const kindsSchema = z
  .array(z.enum(runKinds, { error: `must be one of ${runKinds.join(', ')}` }))
  .min(1, 'must list at least one kind')
  .optional()

export const runListQuerySchema = z
  .object({
    ...subjectShape,
    /** Part of the device's, domain's or job's name, any case. */
    name: z.string().trim().min(1).max(64, 'must be at most 64 characters').optional(),
    kinds: kindsSchema,
    statuses: z
      .array(z.enum(runStatuses, { error: `must be one of ${runStatuses.join(', ')}` }))
      .min(1, 'must list at least one status')
      .optional(),
    /** Runs that started at or after this instant. */
    from: isoInstant.optional(),
    /** Runs that started at or before this instant. */
    to: isoInstant.optional(),
    offset: z.number().int('must be a whole number').min(0, 'must be 0 or more').default(0),
    limit: z
      .number()
      .int('must be a whole number')
      .min(1, 'must be between 1 and 1000')
      .max(1000, 'must be between 1 and 1000')
      .default(50)
  })
  .strict()
  .refine(oneSubject, oneSubjectRule)
  .refine((q) => q.from === undefined || q.to === undefined || Date.parse(q.from) <= Date.parse(q.to), {
    message: 'must not be before from',
    path: ['to']
  })
export type RunListQuery = z.output<typeof runListQuerySchema>

/** Newest first. */
export interface RunPage {
  total: number
  runs: RunSummary[]
}

export const runComparisonQuerySchema = z
  .object({
    older: z.number().int().positive('must be a run id'),
    newer: z.number().int().positive('must be a run id'),
    /** At most this many objects per list (appeared, disappeared, changed) and type. */
    limit: z
      .number()
      .int('must be a whole number')
      .min(1, 'must be between 1 and 10000')
      .max(10000, 'must be between 1 and 10000')
      .default(1000)
  })
  .strict()
  .refine((q) => q.older !== q.newer, { message: 'must be another run than older', path: ['newer'] })

export interface ObjectRef {
  key: string
  name: string
}

export interface FieldChange {
  /** Dotted path into the object's data, e.g. `callingSearchSpace` or `lines.1.pattern`. */
  field: string
  /** Absent when the field did not exist before. */
  before?: unknown
  /** Absent when the field no longer exists. */
  after?: unknown
}

export interface ObjectChange extends ObjectRef {
  fields: FieldChange[]
}

export interface TypeComparison {
  type: string
  appeared: ObjectRef[]
  disappeared: ObjectRef[]
  changed: ObjectChange[]
  /** How many there are in all; the lists stop at the query's limit. */
  counts: { appeared: number; disappeared: number; changed: number }
  /** Why the lists may be incomplete for this type (e.g. a run in between filled it from empty). */
  note?: string
}

/**
 * What a comparison is based on. `inventory`: the objects device synchronizations (and change
 * notification polls in between) read, field by field. `users`: the domain's users as domain and LDAP
 * synchronizations left them, field by field. `log`: the objects write-back runs reported in their
 * log entries (their codes and messages).
 */
export type ComparisonBasis = 'inventory' | 'users' | 'log'

/** What appeared, disappeared and changed between two runs of one device (and kind) or one domain. */
export interface RunComparison {
  older: RunSummary
  newer: RunSummary
  basis: ComparisonBasis
  /** Object types in name order; types without a difference are left out. */
  types: TypeComparison[]
  /** Set when some list stopped at the limit. */
  truncated?: boolean
}

export const runStatsQuerySchema = z
  .object({
    ...subjectShape,
    kinds: kindsSchema,
    limit: z
      .number()
      .int('must be a whole number')
      .min(1, 'must be between 1 and 1000')
      .max(1000, 'must be between 1 and 1000')
      .default(50)
  })
  .strict()
  .refine(oneSubject, oneSubjectRule)

/** One run's figures for plots: its duration, its objects, and its counts per type and outcome. */
export interface RunStats {
  runId: number
  kind: RunKind
  status: RunStatus
  startedAt: string
  /** Undefined while the run is still going. */
  durationMs?: number
  /** Objects the run left in the inventory (added, changed and unchanged); 0 for kinds without counts. */
  objects: number
  counts: RunCounts
}

export const exportFormats = ['csv', 'json'] as const
export type ExportFormat = (typeof exportFormats)[number]
export const exportFormatSchema = z.enum(exportFormats, { error: 'must be csv or json' })

/** An export as text: CSV with a header row (RFC 4180 quoting), or a JSON array. */
export interface ExportFile {
  fileName: string
  content: string
  /** Rows (CSV) or elements (JSON) written. */
  rows: number
}

// ---------- audit trail ----------

export interface AuditEntry {
  id: number
  at: string
  /** The operating-system user the action ran as. */
  actor: string
  /** The contract channel (e.g. devices:edit) or a dotted name (e.g. run.stopped-stuck). */
  action: string
  target?: string
  details: Record<string, unknown>
}

const auditFilterShape = {
  /** An exact action, or every action of an area when it ends with ":" (e.g. `devices:`). */
  action: z.string().trim().min(1).max(64, 'must be at most 64 characters').optional(),
  /** Part of the target's name, any case. */
  target: z.string().trim().min(1).max(128, 'must be at most 128 characters').optional(),
  from: isoInstant.optional(),
  to: isoInstant.optional()
}

export const auditQuerySchema = z
  .object({
    ...auditFilterShape,
    offset: z.number().int('must be a whole number').min(0, 'must be 0 or more').default(0),
    limit: z
      .number()
      .int('must be a whole number')
      .min(1, 'must be between 1 and 5000')
      .max(5000, 'must be between 1 and 5000')
      .default(200)
  })
  .strict()
export type AuditQuery = z.output<typeof auditQuerySchema>
export type AuditFilter = Omit<AuditQuery, 'offset' | 'limit'>

export const auditExportSchema = z.object({ ...auditFilterShape, format: exportFormatSchema }).strict()

/** Newest first. */
export interface AuditPage {
  total: number
  entries: AuditEntry[]
}

/** Bounded like a device name, so a huge string is refused here rather than echoed in NOT_FOUND. */
const selectedDeviceName = z.string().trim().min(1, 'is required').max(64, 'must be at most 64 characters')

/** What a review bundle holds: everything of one domain, some devices' runs, or chosen runs. */
export const reviewSelectionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('domain'), domain: provisioningNameSchema }).strict(),
  z.object({ kind: z.literal('devices'), devices: z.array(selectedDeviceName).min(1).max(1000) }).strict(),
  z
    .object({ kind: z.literal('runs'), runs: z.array(z.number().int().positive()).min(1).max(100_000) })
    .strict()
])
export type ReviewSelection = z.infer<typeof reviewSelectionSchema>

export const reviewExportSchema = z.object({ selection: reviewSelectionSchema }).strict()

/**
 * A review bundle for the page to save through the browser's download (the page chooses no path on
 * this machine, as with log exports): its content in base64, since bundles are binary.
 */
export interface ReviewBundleFile {
  fileName: string
  contentBase64: string
  bytes: number
  /** What was exported, in words: "domain West", "device CUCM-Pub", "runs 3, 4". */
  selection: string
  counts: {
    runs: number
    logEntries: number
    inventoryObjects: number
    users: number
    devices: number
    domains: number
    auditEntries: number
  }
}

/** A colleague's review-bundle signing key this installation trusts (`review trust`). */
export interface TrustedSigner {
  /** SHA-256 of the raw Ed25519 public key, colon-separated hex like a certificate's. */
  fingerprint: string
  name: string
  trustedAt: string
  /** The operating-system user who trusted it. */
  trustedBy: string
  /** The bundle it was trusted from, in words, when it was trusted from one. */
  trustedFrom?: string
}

/** This installation's signing key (once it has exported a bundle) and the keys it trusts. */
export interface ReviewSigners {
  own?: { fingerprint: string; createdAt: string }
  trusted: TrustedSigner[]
}

/** Who a trusted key belongs to, in the user's words; shown in terminals, so no control characters. */
const signerNameSchema = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(64, 'must be at most 64 characters')
  .regex(/^\P{Cc}+$/u, 'must not contain control characters')

export const reviewTrustSchema = z
  .object({
    fingerprint: sha256FingerprintSchema,
    name: signerNameSchema,
    trustedFrom: z.string().max(500, 'must be at most 500 characters').optional()
  })
  .strict()

export const historyRequests = {
  'runs:list': { input: runListQuerySchema, output: returns<RunPage>() },
  'runs:compare': { input: runComparisonQuerySchema, output: returns<RunComparison>() },
  'runs:stats': { input: runStatsQuerySchema, output: returns<RunStats[]>() },
  'audit:list': { input: auditQuerySchema, output: returns<AuditPage>() },
  'audit:export': { input: auditExportSchema, output: returns<ExportFile>() },
  'review:export': { input: reviewExportSchema, output: returns<ReviewBundleFile>() },
  'review:signers': { input: noInput, output: returns<ReviewSigners>() },
  'review:trust': { input: reviewTrustSchema, output: returns<TrustedSigner>() },
  'review:untrust': {
    input: z.object({ fingerprint: sha256FingerprintSchema }).strict(),
    output: returns<TrustedSigner>()
  }
} as const
