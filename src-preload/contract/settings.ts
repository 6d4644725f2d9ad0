// Application settings in the contract: run retention, the deletion guard and the HTTPS proxy.
import { z } from 'zod'
import { noInput, returns } from './common'
import { runKinds, type RunKind } from './runs'

/** How long runs of one kind are kept, per device, domain or job (their logs and changes go with them). */
export interface RunRetention {
  /** The newest this many finished runs are kept. */
  count: number
  /** Finished runs older than this many days are deleted; null: no age limit. */
  days: number | null
}

/** Kinds given their own retention; the others keep `Settings.runsKeptPerDevice` runs of any age. */
export type RetentionSettings = Partial<Record<RunKind, RunRetention>>

export const runRetentionSchema = z
  .object({
    count: z
      .number({ error: 'must be a number' })
      .int('must be a whole number')
      .min(1, 'must be between 1 and 1000')
      .max(1000, 'must be between 1 and 1000'),
    days: z
      .number({ error: 'must be a number of days or null (no age limit)' })
      .int('must be a whole number')
      .min(1, 'must be between 1 and 3650')
      .max(3650, 'must be between 1 and 3650')
      .nullable()
  })
  .strict()

/** Per kind: a retention, or null to go back to the default. Kinds not given are left as they are. */
/**
 * A strict object rather than a partial record: a record drops a `__proto__` key silently and would
 * apply the rest of the request; an unknown kind must refuse it whole.
 */
export const retentionChangesSchema = z.strictObject(
  Object.fromEntries(runKinds.map((kind) => [kind, runRetentionSchema.nullable().optional()])) as Record<
    RunKind,
    z.ZodOptional<z.ZodNullable<typeof runRetentionSchema>>
  >,
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown run kind ${issue.keys.map((k) => `"${k}"`).join(', ')}: must be one of ${runKinds.join(', ')}`
        : undefined
  }
)

/** Change notification polls every few minutes, so it kept more runs than the others before retention existed. */
const CHANGE_NOTIFICATION_DEFAULT_COUNT = 100

/** The retention that applies to a kind: its own, else the default count with no age limit. */
export function effectiveRetention(
  settings: Pick<Settings, 'runsKeptPerDevice' | 'retention'>,
  kind: RunKind
): RunRetention {
  const own = settings.retention[kind]
  if (own) return own
  const count =
    kind === 'change-notification'
      ? Math.max(CHANGE_NOTIFICATION_DEFAULT_COUNT, settings.runsKeptPerDevice)
      : settings.runsKeptPerDevice
  return { count, days: null }
}

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
  /**
   * The proxy HTTPS requests to devices go through (an HTTP CONNECT tunnel; hosts NO_PROXY names go
   * direct); null: the environment's HTTPS_PROXY, if set.
   */
  proxy: string | null
}

export const PROXY_RULE =
  'must be the URL of an HTTP proxy, http://HOST:PORT or https://HOST:PORT, without user name, password, path or query'

/** Whether `text` is a proxy URL as PROXY_RULE says. */
export function isProxyUrl(text: string): boolean {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return false
  }
  return (
    (url.protocol === 'http:' || url.protocol === 'https:') &&
    url.hostname !== '' &&
    url.username === '' &&
    url.password === '' &&
    url.pathname === '/' &&
    // An empty query or fragment ("?", "#") leaves no trace in the URL object.
    !/[?#]/.test(text)
  )
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
    retention: retentionChangesSchema.optional(),
    proxy: z
      .string({ error: `${PROXY_RULE}, or null for none` })
      .trim()
      .refine(isProxyUrl, PROXY_RULE)
      .nullable()
      .optional()
  })
  .strict()

export const settingsRequests = {
  'settings:get': { input: noInput, output: returns<Settings>() },
  'settings:set': { input: settingsChangesSchema, output: returns<Settings>() }
} as const
