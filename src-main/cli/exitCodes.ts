import type { ErrorCode } from '../../src-preload/contract'

export const EXIT_OK = 0
export const EXIT_FAILED = 1
export const EXIT_USAGE = 2
/** Something else holds what the command needs (the data directory, a running sync): try again later. */
export const EXIT_BUSY = 3

/**
 * Validation-type errors and a device whose "Allow changes" is off mean "nothing changed, fix the
 * call or the setting" (2); busy means "nothing changed, try again later" (3), which a cron script
 * should not treat like a failed synchronization; the rest are failed operations (1).
 */
export function exitCodeFor(code: ErrorCode): number {
  switch (code) {
    case 'BUSY':
      return EXIT_BUSY
    case 'VALIDATION':
    case 'NOT_FOUND':
    case 'CONFLICT':
    case 'UNKNOWN_CHANNEL':
    case 'CHANGES_NOT_ALLOWED':
      return EXIT_USAGE
    default:
      return EXIT_FAILED
  }
}
