// Building blocks every area of the contract uses: value rules, paging, and the output-type marker.
import { z } from 'zod'
import { dnProblem } from '../rules/dn'
import { isHost } from '../rules/host'

/** Declares a request's output type; the value is never read. */
export const returns = <T>(): T => undefined as T

/** Seed rule (000/003 Add Device): letters, digits, space, `_ - . @`. */
const DEVICE_NAME = /^[A-Za-z0-9 _.@-]+$/

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
  .refine(isHost, 'must be a host name, an IPv4 address or an IPv6 address')

export const portSchema = z
  .number({ error: 'must be a number' })
  .int('must be a whole number')
  .min(1, 'must be between 1 and 65535')
  .max(65535, 'must be between 1 and 65535')

export const passwordSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(1024, 'must be at most 1024 characters')
export const usernameSchema = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(128, 'must be at most 128 characters')

/** A bind name: checked per product by deviceRuleIssues (a DN, or for AD also user@realm or DOMAIN\\user). */
export const bindNameSchema = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(1024, 'must be at most 1024 characters')

export const dnSchema = z.string().superRefine((value, ctx) => {
  const problem = dnProblem(value)
  if (problem) ctx.addIssue({ code: 'custom', message: `must be a distinguished name: ${problem}` })
})

export const pagingShape = {
  offset: z.number().int('must be a whole number').min(0, 'must be 0 or more').default(0),
  limit: z
    .number()
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(5000, 'must be at most 5000')
    .default(200)
}

/** A SHA-256 fingerprint as people paste it (any case, colons or not); the 64 digits upper-case. */
export const sha256FingerprintSchema = z
  .string()
  .trim()
  .transform((v) => v.toUpperCase().replace(/[^0-9A-F]/g, ''))
  .refine((v) => v.length === 64, 'must be a SHA-256 fingerprint: 64 hexadecimal digits (colons allowed)')

export const noInput = z.object({}).strict()
