// Directory numbers in the contract (issue 21 item 4, MACD-36/37): the chooser of a service area's
// numbers (its DN blocks, minus the lines of its partition on its Call Processor, minus reservations)
// and the reservations of numbers for users.
import { z } from 'zod'
import { pagingShape, returns } from './common'
import { provisioningNameSchema } from './provisioning'

export const numberStates = ['available', 'in-use', 'reserved'] as const
export type NumberState = (typeof numberStates)[number]

export interface NumberReservation {
  number: string
  domain: string
  serviceArea: string
  /** Whom it is held for. */
  userid: string
  /** Who reserved it, and when (ISO time). */
  reservedBy: string
  reservedAt: string
}

export interface DirectoryNumber {
  number: string
  state: NumberState
  reservation?: NumberReservation
}

/** A DN block of the service area, with its numbers counted by state. */
export interface NumberBlock {
  firstNumber: string
  lastNumber: string
  size: number
  available: number
  inUse: number
  reserved: number
}

export interface NumberList {
  domain: string
  serviceArea: string
  callProcessor: string
  /** The route partition whose lines count as in use ('' is the <None> partition). */
  partition: string
  blocks: NumberBlock[]
  /** How many numbers match, over all pages. */
  total: number
  numbers: DirectoryNumber[]
}

/** A chosen directory number as the chooser takes it: digits only (MACD-36, no dashes or spaces). */
const numberSchema = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(24, 'must be at most 24 digits')
  .regex(/^\d+$/, 'may contain only digits 0-9 (no dashes or spaces)')

const useridSchema = z.string().trim().min(1, 'is required').max(128, 'must be at most 128 characters')

/** A service area by name; the domain may be left out when only one domain has an area of that name. */
const serviceAreaShape = {
  serviceArea: provisioningNameSchema,
  domain: provisioningNameSchema.optional()
}

export const numberListSchema = z
  .object({
    ...serviceAreaShape,
    state: z.enum(numberStates, { error: `must be one of ${numberStates.join(', ')}` }).optional(),
    search: z
      .string()
      .trim()
      .max(24, 'must be at most 24 digits')
      .regex(/^\d*$/, 'may contain only digits 0-9')
      .optional(),
    ...pagingShape
  })
  .strict()

export const numberReservationQuerySchema = z
  .object({
    serviceArea: provisioningNameSchema.optional(),
    domain: provisioningNameSchema.optional(),
    userid: useridSchema.optional()
  })
  .strict()
  .refine((q) => q.serviceArea !== undefined || q.userid !== undefined, {
    message: 'name a service area or a user',
    path: ['serviceArea']
  })

export const numberReserveSchema = z
  .object({ number: numberSchema, userid: useridSchema, ...serviceAreaShape })
  .strict()

export const numberReleaseSchema = z
  .object({
    number: numberSchema,
    serviceArea: provisioningNameSchema.optional(),
    domain: provisioningNameSchema.optional()
  })
  .strict()

export const numberRequests = {
  /** One page of the service area's numbers, in a state and containing the searched digits. */
  'numbers:list': { input: numberListSchema, output: returns<NumberList>() },
  /** Reservations of a service area, of a user, or of a user in a service area. */
  'numbers:reservations': { input: numberReservationQuerySchema, output: returns<NumberReservation[]>() },
  /** The number auto-assign would take: the lowest neither in use nor reserved. */
  'numbers:next': {
    input: z.object(serviceAreaShape).strict(),
    output: returns<{ number: string; domain: string; serviceArea: string }>()
  },
  'numbers:reserve': { input: numberReserveSchema, output: returns<NumberReservation>() },
  'numbers:release': { input: numberReleaseSchema, output: returns<{ released: NumberReservation }>() }
} as const

export interface NumberEvents {
  /** A reservation was made or released in a service area (lists of its numbers are out of date). */
  'numbers:changed': { domain: string; serviceArea: string }
}
