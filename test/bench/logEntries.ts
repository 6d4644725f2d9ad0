// The entries of a large synchronization log, shared by the store-level and the UI log benchmarks:
// mostly informational placements, 1 % warnings or errors with their own code, five object types.
import type { NewLogEntry } from '../../src-main/store/syncLog'

/** The code of the 1 % of entries that are warnings or errors: what a person filters for. */
export const RARE_CODE = 'DOMAIN_PHONE_NO_SERVICE_AREA'
/** Entries per append: RunLog's batch. */
export const BATCH = 500

const TYPES = ['Phone', 'User', 'Line', 'DeviceProfile', 'RemoteDestinationProfile']

/** Entry i (0-based; its seq is i + 1): every 100th carries RARE_CODE. */
export function logEntry(i: number): NewLogEntry {
  const name = `SEP${(0x100000 + i).toString(16).toUpperCase()}A${i % 7}`
  const severity = i % 1000 === 0 ? 'error' : i % 100 === 0 ? 'warning' : 'info'
  return {
    at: new Date(Date.UTC(2025, 0, 1) + i).toISOString(),
    severity,
    code: severity === 'info' ? 'DOMAIN_USER_PLACED' : RARE_CODE,
    objectType: TYPES[i % TYPES.length],
    objectName: name,
    message: `${TYPES[i % TYPES.length]} ${name} of user${i % 5000} placed in Site ${i % 13} (pool DP-${i % 40})`
  }
}

/** Appends `count` entries to a run the way a run writes them: batches of BATCH, seq from 1. */
export function appendEntries(
  log: { append(runId: number, firstSeq: number, entries: NewLogEntry[]): void },
  runId: number,
  count: number
): void {
  for (let i = 0; i < count; i += BATCH)
    log.append(
      runId,
      i + 1,
      Array.from({ length: Math.min(BATCH, count - i) }, (_, j) => logEntry(i + j))
    )
}
