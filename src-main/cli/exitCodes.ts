import type { ErrorCode } from '../../src-preload/contract'

export const EXIT_OK = 0
export const EXIT_FAILED = 1
export const EXIT_USAGE = 2

/** Validation-type errors mean "nothing changed, fix the call" (2); the rest are failed operations (1). */
export function exitCodeFor(code: ErrorCode): number {
  switch (code) {
    case 'VALIDATION':
    case 'NOT_FOUND':
    case 'CONFLICT':
    case 'UNKNOWN_CHANNEL':
      return EXIT_USAGE
    default:
      return EXIT_FAILED
  }
}
