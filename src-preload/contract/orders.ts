// Orders in the contract (issue 20): every change Switchboard makes to a device is an order, a plan of
// steps stored before its first request, run one step at a time with a read-back after each, and
// recoverable by Retry or Roll back after a failure or a crash.
import { z } from 'zod'
import { deviceNameSchema, pagingShape, returns } from './common'

/**
 * queued: stored, waiting for its devices (one writer per device); running; done; failed: stopped at
 * a failed step; interrupted: the process ended while it ran (the next Retry or Roll back first reads
 * the device to learn what landed); rolling-back → rolled-back; cancelled: stopped by the user.
 */
export const orderStatuses = [
  'queued',
  'running',
  'done',
  'failed',
  'interrupted',
  'rolling-back',
  'rolled-back',
  'cancelled'
] as const
export type OrderStatus = (typeof orderStatuses)[number]

/** running: its request may have been sent; undoing: its undo may have been sent. */
export const stepStates = ['pending', 'running', 'done', 'failed', 'undoing', 'undone'] as const
export type StepState = (typeof stepStates)[number]

const text = (max: number) =>
  z.string().trim().min(1, 'is required').max(max, `must be at most ${max} characters`)
const optionalText = (max: number) => z.string().max(max, `must be at most ${max} characters`).optional()

/** A directory number: its pattern and partition (none: the <None> partition). */
const lineIdSchema = z
  .object({
    pattern: text(50).regex(
      /^[0-9*#+\\X[\]^.!?-]+$/,
      'may contain only digits, *, #, + and route-pattern wildcards'
    ),
    partition: optionalText(50)
  })
  .strict()

const lineSettingsShape = {
  description: optionalText(200),
  alertingName: optionalText(50),
  asciiAlertingName: optionalText(30),
  voiceMailProfileName: optionalText(50)
}

const phoneLineSchema = lineIdSchema
  .extend({
    index: z
      .number()
      .int('must be a whole number')
      .min(1, 'must be 1 or more')
      .max(200, 'must be at most 200'),
    label: optionalText(50),
    display: optionalText(50)
  })
  .strict()

/** Device names as Unified CM allows them (letters, digits, period, underscore, hyphen; up to 50). */
const phoneNameSchema = text(50).regex(
  /^[A-Za-z0-9._-]+$/,
  'may contain only letters, digits, period, underscore and hyphen'
)

const phoneSettingsShape = {
  description: optionalText(128),
  callingSearchSpaceName: optionalText(50),
  devicePoolName: optionalText(50),
  locationName: optionalText(50),
  ownerUserName: optionalText(128)
}

const useridSchema = text(128)

/** Unity Connection's alias (String(64)) and extension (DtmfAccessId: digits). */
const mailboxAliasSchema = text(64)
const extensionSchema = text(40).regex(/^[0-9]+$/, 'must be digits')
const mailboxNamesShape = {
  firstName: optionalText(64),
  lastName: optionalText(64),
  displayName: optionalText(64),
  smtpAddress: optionalText(320)
}

/** Extension Mobility and remote destination profiles are devices: named as phones are. */
const profileNameSchema = phoneNameSchema

const lineListSchema = z.array(phoneLineSchema).max(200, 'must list at most 200 lines')

const deviceProfileSettingsShape = {
  description: optionalText(128),
  phoneTemplateName: optionalText(100),
  userLocale: optionalText(50),
  softkeyTemplateName: optionalText(100)
}

const remoteDestinationProfileSettingsShape = {
  description: optionalText(128),
  callingSearchSpaceName: optionalText(50),
  devicePoolName: optionalText(50),
  /** The user the profile belongs to. */
  userId: optionalText(128),
  rerouteCallingSearchSpaceName: optionalText(50)
}

/** A remote destination's number: digits with an optional leading + (up to 24, Unified CM's limit). */
const destinationNumberSchema = text(24).regex(/^\+?[0-9]+$/, 'must be digits, optionally after a +')

const timerSchema = z
  .number({ error: 'must be a number of milliseconds' })
  .int('must be a whole number of milliseconds')
  .min(0, 'must be 0 or more')
  .max(300_000, 'must be at most 300000 (5 minutes)')

const remoteDestinationSettingsShape = {
  name: optionalText(50),
  answerTooSoonTimer: timerSchema.optional(),
  answerTooLateTimer: timerSchema.optional(),
  delayBeforeRingingCell: timerSchema.optional(),
  isMobilePhone: z.boolean().optional(),
  enableMobileConnect: z.boolean().optional()
}

/** Names added to or removed from a list Unified CM replaces whole. */
const nameListChanges = (what: string) =>
  z
    .object({
      add: z.array(profileNameSchema).max(100, `must list at most 100 ${what}`).optional(),
      remove: z.array(profileNameSchema).max(100, `must list at most 100 ${what}`).optional()
    })
    .strict()

/**
 * A voicemail PIN. It is sealed with the Core's secret box before the step is stored (never kept in
 * clear); its name says "secret" so the audit trail drops it.
 */
const pinSecretSchema = z
  .string({ error: 'must be the PIN as text' })
  .regex(/^[0-9]{1,64}$/, 'must be 1 to 64 digits')

const step = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.object({ type: z.literal(type), device: deviceNameSchema, ...shape }).strict()

/** What one step does, on which device (by name). */
export const stepActionSchema = z.discriminatedUnion(
  'type',
  [
    step('add-line', { line: lineIdSchema.extend(lineSettingsShape).strict() }),
    step('update-line', { line: lineIdSchema, changes: z.object(lineSettingsShape).strict() }),
    step('remove-line', { line: lineIdSchema }),
    step('add-phone', {
      phone: z
        .object({
          ...phoneSettingsShape,
          name: phoneNameSchema,
          product: text(100),
          class: text(50),
          protocol: text(50),
          devicePoolName: text(50),
          locationName: text(50),
          phoneTemplateName: text(100),
          commonPhoneConfigName: optionalText(100),
          securityProfileName: optionalText(100),
          sipProfileName: optionalText(100),
          lines: z.array(phoneLineSchema).max(200, 'must list at most 200 lines').default([])
        })
        .strict()
    }),
    step('update-phone', {
      name: phoneNameSchema,
      changes: z.object(phoneSettingsShape).strict().default({}),
      addLines: z.array(phoneLineSchema).max(200, 'must list at most 200 lines').optional(),
      removeLines: z.array(phoneLineSchema).max(200, 'must list at most 200 lines').optional()
    }),
    step('remove-phone', { name: phoneNameSchema }),
    step('update-user', {
      userid: useridSchema,
      changes: z
        .object({
          associatedDevices: nameListChanges('devices').optional(),
          primaryExtension: lineIdSchema.optional(),
          /** Extension Mobility profiles the user may log in with. */
          phoneProfiles: nameListChanges('profiles').optional(),
          /** The profile Extension Mobility logs the user in with. */
          defaultProfile: optionalText(50),
          firstName: optionalText(64),
          lastName: optionalText(64),
          mailid: optionalText(255),
          department: optionalText(64),
          homeCluster: z.boolean().optional(),
          imAndPresenceEnable: z.boolean().optional(),
          serviceProfile: optionalText(50)
        })
        .strict()
        .refine((changes) => Object.keys(changes).length > 0, 'must change at least one field')
    }),
    step('add-user', {
      user: z
        .object({
          userid: useridSchema,
          lastName: text(64),
          firstName: optionalText(64),
          mailid: optionalText(255),
          department: optionalText(64),
          telephoneNumber: optionalText(64),
          homeCluster: z.boolean().optional(),
          imAndPresenceEnable: z.boolean().optional(),
          serviceProfile: optionalText(50)
        })
        .strict()
    }),
    step('remove-user', { userid: useridSchema }),
    step('add-device-profile', {
      profile: z
        .object({
          ...deviceProfileSettingsShape,
          name: profileNameSchema,
          /** The phone model the profile stands for, e.g. Cisco 8845. */
          product: text(100),
          protocol: text(50),
          phoneTemplateName: text(100),
          lines: lineListSchema.default([])
        })
        .strict()
    }),
    step('update-device-profile', {
      name: profileNameSchema,
      changes: z.object(deviceProfileSettingsShape).strict().default({}),
      addLines: lineListSchema.optional(),
      removeLines: lineListSchema.optional()
    }),
    step('remove-device-profile', { name: profileNameSchema }),
    step('add-remote-destination-profile', {
      profile: z
        .object({
          ...remoteDestinationProfileSettingsShape,
          name: profileNameSchema,
          devicePoolName: text(50),
          userId: useridSchema,
          lines: lineListSchema.default([])
        })
        .strict()
    }),
    step('update-remote-destination-profile', {
      name: profileNameSchema,
      changes: z.object(remoteDestinationProfileSettingsShape).strict().default({}),
      addLines: lineListSchema.optional(),
      removeLines: lineListSchema.optional()
    }),
    step('remove-remote-destination-profile', { name: profileNameSchema }),
    /** A mobile number, on a remote destination profile or a Jabber mobile device (exactly one). */
    step('add-remote-destination', {
      destination: z
        .object({
          ...remoteDestinationSettingsShape,
          destination: destinationNumberSchema,
          ownerUserId: useridSchema,
          remoteDestinationProfileName: profileNameSchema.optional(),
          dualModeDeviceName: phoneNameSchema.optional()
        })
        .strict()
        .refine(
          (d) => (d.remoteDestinationProfileName === undefined) !== (d.dualModeDeviceName === undefined),
          {
            message: 'must name exactly one of remoteDestinationProfileName and dualModeDeviceName',
            path: ['remoteDestinationProfileName']
          }
        )
    }),
    /** Known by its number; newDestination changes the number itself. */
    step('update-remote-destination', {
      destination: destinationNumberSchema,
      changes: z
        .object({ ...remoteDestinationSettingsShape, newDestination: destinationNumberSchema.optional() })
        .strict()
        .refine((changes) => Object.keys(changes).length > 0, 'must change at least one field')
    }),
    step('remove-remote-destination', { destination: destinationNumberSchema }),
    /** Extension Mobility: logs the user in to the phone with the profile (nobody may be logged in). */
    step('device-login', {
      name: phoneNameSchema,
      profileName: profileNameSchema,
      userid: useridSchema,
      /** Minutes, as Unified CM counts them; 0 or absent: no limit. */
      loginDuration: z
        .number({ error: 'must be a number of minutes' })
        .int('must be a whole number of minutes')
        .min(0, 'must be 0 or more')
        .max(10_080, 'must be at most 10080 (a week)')
        .optional()
    }),
    /** Extension Mobility: logs whoever is logged in out of the phone. */
    step('device-logout', { name: phoneNameSchema }),
    /** Makes a registered phone take its new configuration with the least disruption. */
    step('apply-phone', { name: phoneNameSchema }),
    /** Restarts a phone (drops its calls): for changes an apply does not carry. */
    step('reset-phone', { name: phoneNameSchema }),
    step('create-mailbox', {
      /** The Unity Connection user template the mailbox is made from. */
      template: text(64),
      mailbox: z
        .object({ alias: mailboxAliasSchema, extension: extensionSchema, ...mailboxNamesShape })
        .strict()
    }),
    step('update-mailbox', {
      alias: mailboxAliasSchema,
      changes: z
        .object({ extension: extensionSchema.optional(), ...mailboxNamesShape })
        .strict()
        .refine((changes) => Object.keys(changes).length > 0, 'must change at least one field')
    }),
    /** Deletes a mailbox with its messages; a roll back makes a new, empty one. */
    step('delete-mailbox', { alias: mailboxAliasSchema }),
    /** A mailbox for a user Unity Connection synchronizes from LDAP (pkid: its import listing's). */
    step('import-mailbox', {
      template: text(64),
      mailbox: z
        .object({
          alias: mailboxAliasSchema,
          extension: extensionSchema,
          pkid: text(64),
          firstName: optionalText(64),
          lastName: optionalText(64)
        })
        .strict()
    }),
    /**
     * Sets a mailbox's PIN. It has no undo: no API reads the old PIN. The PIN is stored only sealed
     * (see OrderService), shown masked.
     */
    step('set-voicemail-pin', { alias: mailboxAliasSchema, pinSecret: pinSecretSchema })
  ],
  { error: 'must be a known step type' }
)
export type StepAction = z.output<typeof stepActionSchema>
export type StepType = StepAction['type']

const stepInputSchema = z
  .object({
    action: stepActionSchema,
    /** Step numbers (1-based) this step needs done first; each must come before it. */
    dependsOn: z.array(z.number().int('must be a whole number').min(1, 'must be 1 or more')).optional()
  })
  .strict()

export const orderInputSchema = z
  .object({
    title: text(200),
    steps: z
      .array(stepInputSchema)
      .min(1, 'must hold at least one step')
      .max(500, 'must hold at most 500 steps')
  })
  .strict()
  .superRefine((order, ctx) => {
    order.steps.forEach((s, index) => {
      for (const needed of s.dependsOn ?? [])
        if (needed > index)
          ctx.addIssue({
            code: 'custom',
            path: ['steps', index, 'dependsOn'],
            message: `must name earlier steps: step ${index + 1} cannot depend on step ${needed}`
          })
    })
  })
export type OrderInput = z.input<typeof orderInputSchema>

/** A request as sent (or, in a dry run, as it would be): AXL's envelope, or CUPI's method, path and JSON. */
export type RenderedRequest =
  | { protocol: 'axl'; device: string; operation: string; envelope: string }
  | { protocol: 'cupi'; device: string; method: string; path: string; body?: unknown }

export interface OrderStep {
  /** 1-based, the order the steps run in. */
  seq: number
  device: string
  action: StepAction
  /** The step in words: "Add line 4100 in PT-Internal". */
  summary: string
  dependsOn: number[]
  state: StepState
  /** The request sent last for this step (its undo's, once undone); secrets masked. */
  request?: RenderedRequest
  /** What undoes it, planned before its request was sent. */
  undo?: StepAction
  /** What a roll back cannot put back, in words (a PIN: the old one cannot be read). */
  undoLimit?: string
  /** The object as the device returned it after the step (or its undo). */
  answer?: unknown
  error?: string
  startedAt?: string
  finishedAt?: string
  durationMs?: number
}

export interface OrderSummary {
  id: number
  title: string
  status: OrderStatus
  requestedBy: string
  createdAt: string
  updatedAt: string
  devices: string[]
  steps: { total: number; done: number; failed: number; undone: number }
  /** The run of its latest execution (run, retry or roll back), with its log. */
  lastRunId?: number
  error?: string
}

export interface Order extends OrderSummary {
  stepList: OrderStep[]
}

/** How the inventory would change: one object added, changed or removed on a device. */
export interface InventoryChange {
  device: string
  type: string
  name: string
  change: 'add' | 'change' | 'remove'
}

export interface OrderDryRun {
  title: string
  steps: { seq: number; device: string; summary: string; requests: RenderedRequest[] }[]
  inventoryAfter: InventoryChange[]
}

const orderIdSchema = z
  .number({ error: 'must be a number' })
  .int('must be a whole number')
  .min(1, 'must be 1 or more')

export const orderRequests = {
  'orders:list': {
    input: z
      .object({
        device: deviceNameSchema.optional(),
        statuses: z
          .array(z.enum(orderStatuses, { error: `must be one of ${orderStatuses.join(', ')}` }))
          .min(1, 'must list at least one status')
          .optional(),
        limit: pagingShape.limit
      })
      .strict(),
    output: returns<OrderSummary[]>()
  },
  'orders:get': { input: z.object({ id: orderIdSchema }).strict(), output: returns<Order>() },
  'orders:dry-run': { input: orderInputSchema, output: returns<OrderDryRun>() },
  /** Stores the order and runs it; answers when it has ended (done, failed or cancelled). */
  'orders:submit': { input: orderInputSchema, output: returns<Order>() },
  'orders:retry': { input: z.object({ id: orderIdSchema }).strict(), output: returns<Order>() },
  'orders:rollback': { input: z.object({ id: orderIdSchema }).strict(), output: returns<Order>() },
  'orders:cancel': { input: z.object({ id: orderIdSchema }).strict(), output: returns<Order>() }
} as const

export interface OrderEvents {
  /** The order's status changed, or (with `step`) one of its steps moved. */
  'orders:changed': { id: number; status: OrderStatus; step?: number }
}
