import type { ReviewInfo } from '../../../src-preload/contract'
import { useStore } from '../store'

/**
 * Why an action is off while a review bundle is open (app:info's `review`), for a disabled button's
 * title. Every reason is undefined in a normal session, so `disabled={!!reason}` is enough.
 */
export interface ReadOnlyReasons {
  review?: ReviewInfo
  /** Adding, editing, deleting, trusting, saving. */
  change?: string
  /** Starting something that reads the store only (a domain synchronization). */
  start?: string
  /** Exporting a review bundle: the open one already is one. */
  export?: string
  /** Starting something that would contact a server: a test, a synchronization, a write-back. */
  contact: (server: string) => string | undefined
}

const PREFIX = 'Read-only review bundle'

export function readOnlyReasons(review: ReviewInfo | undefined): ReadOnlyReasons {
  if (!review) return { contact: () => undefined }
  return {
    review,
    change: `${PREFIX}: the configuration is shown as it was exported and cannot be changed.`,
    start: `${PREFIX}: nothing is started here; runs and logs are shown as they were recorded.`,
    export: `${PREFIX}: this already is an export; export again from the data directory it came from.`,
    contact: (server) => `${PREFIX}: this would contact ${server}, which this machine may not reach.`
  }
}

/** The read-only reasons of this session; pages that start or change things disable those controls. */
export function useReadOnly(): ReadOnlyReasons {
  return readOnlyReasons(useStore((s) => s.info?.review))
}
