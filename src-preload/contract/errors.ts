// Errors as values: every request answers a Result, and a failure carries a stable code and a message.

export const errorCodes = [
  'VALIDATION',
  'NOT_FOUND',
  'CONFLICT',
  'IN_USE',
  'BUSY',
  'UNKNOWN_CHANNEL',
  'SECRET_UNAVAILABLE',
  'READ_ONLY',
  /** The device's "Allow changes" is off: the write was refused before anything was sent. */
  'CHANGES_NOT_ALLOWED',
  /** The device could not be reached, or refused or failed the request; nothing was changed. */
  'DEVICE_ERROR',
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
