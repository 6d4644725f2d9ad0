import type { AppError, ErrorCode, FieldIssue, Result } from '../../src-preload/contract'

/** An error a user can act on. Thrown inside the Core, returned as a value at the contract boundary. */
export class UserError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    readonly issues?: FieldIssue[]
  ) {
    super(message)
    this.name = 'UserError'
  }

  toAppError(): AppError {
    return {
      code: this.code,
      message: this.message,
      ...(this.field ? { field: this.field } : {}),
      ...(this.issues ? { issues: this.issues } : {})
    }
  }
}

export function validationError(issues: FieldIssue[]): UserError {
  const message = issues.map((i) => (i.field ? `${i.field}: ${i.message}` : i.message)).join('; ')
  return new UserError('VALIDATION', message, issues[0]?.field, issues)
}

export const ok = <T>(value: T): Result<T> => ({ ok: true, value })
export const fail = <T>(error: AppError): Result<T> => ({ ok: false, error })

/** Exhaustiveness helper for switches over unions. */
export function assertNever(value: never): never {
  throw new Error(`Unexpected value ${String(value)}`)
}
