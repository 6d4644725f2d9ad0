// Device synchronization in the contract: starting and following runs, their logs and inventory, and
// change notification.
import { z } from 'zod'
import { deviceNameSchema, pagingShape, noInput, returns } from './common'
import { exportFormatSchema, type ExportFile } from './history'
import { provisioningNameSchema } from './provisioning'
import type { RunKind, RunSummary } from './runs'

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

export const syncRequests = {
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
  'sync:active': { input: noInput, output: returns<SyncProgress[]>() },
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
  }
} as const

export interface SyncEvents {
  'sync:progress': SyncProgress
  'sync:finished': RunSummary
}
