// What a directory server may take of this client before it is taken for a broken or hostile one:
// deadlines besides the idle timeout, and caps on what one search may bring. The values leave room
// for real directories (a 100,000-user Active Directory paged at 500 or 1,000 per page over a WAN)
// and stop a server that sends without end long before memory runs out.
import { MAX_REPLY_BYTES } from './replies'

/** Raised when a server breaks one of these limits; its message names the limit and its value. */
export class DirectoryLimitError extends Error {
  readonly code = 'LDAP_LIMIT'
  constructor(message: string) {
    super(message)
    this.name = 'DirectoryLimitError'
  }
}

export interface DirectoryLimits {
  /** How long connecting may take, and how long an operation may wait for a reply of its own. */
  idleMs: number
  /** How long one StartTLS, bind, modify or base read may take from request to result. */
  operationDeadlineMs: number
  /** How long one search may take, all pages together. */
  searchDeadlineMs: number
  /** How long one LDAP synchronization or write-back may take from connecting to its end. */
  runDeadlineMs: number
  /** Bytes one search may receive, all pages together. */
  maxSearchBytes: number
  /** The largest single reply. */
  maxReplyBytes: number
}

/** What each connection is held to. */
export type ConnectionLimits = Pick<DirectoryLimits, 'idleMs' | 'operationDeadlineMs' | 'maxReplyBytes'>

/** What one search may take before it is taken for a server that does not stop. */
export interface SearchLimits {
  maxEntriesPerPage: number
  maxPages: number
  maxBytes: number
  deadlineMs: number
}

const MINUTE = 60_000
const MIB = 1024 * 1024

export const DIRECTORY_LIMITS: DirectoryLimits = {
  // A directory that sends nothing about an operation for 15 s is hung or gone, even over a WAN.
  idleMs: 15_000,
  // One reply is owed: a loaded domain controller answers a bind or a modify in well under a second.
  operationDeadlineMs: MINUTE,
  // Reading 100,000 users from a domain controller over a WAN takes 1 to 3 minutes; ten times that.
  searchDeadlineMs: 30 * MINUTE,
  // A run is one search and its planning (or one modify per user): twice the search's deadline.
  runDeadlineMs: 60 * MINUTE,
  // The attributes the sync reads come to about 1 KB per user: room for 250,000 users, and at most a
  // few times as much memory once decoded, which a desktop process can spare.
  maxSearchBytes: 256 * MIB,
  maxReplyBytes: MAX_REPLY_BYTES
}

/** No server returns more than the page size asked for; twice it spares one that counts loosely. */
const PAGE_ENTRIES_MARGIN = 2
/** What a search is assumed to return at most when little is known: a 100,000-user AD twice over. */
const MIN_EXPECTED_ENTRIES = 200_000
/** Room for the directory to grow past what the previous run read, before paging on is a loop. */
const EXPECTED_GROWTH = 2
/** Pages beyond the expected count, for servers that end pages early (time or look-through limits). */
const SPARE_PAGES = 100

/**
 * The caps of one search: entries per page from the page size, pages from the expected number of
 * entries (what the previous run read, if anything), bytes and time from `limits`.
 */
export function searchLimits(
  pageSize: number,
  expectedEntries: number | undefined,
  limits: DirectoryLimits
): SearchLimits {
  const entries = Math.max((expectedEntries ?? 0) * EXPECTED_GROWTH, MIN_EXPECTED_ENTRIES)
  return {
    maxEntriesPerPage: pageSize * PAGE_ENTRIES_MARGIN,
    maxPages: Math.ceil(entries / pageSize) + SPARE_PAGES,
    maxBytes: limits.maxSearchBytes,
    deadlineMs: limits.searchDeadlineMs
  }
}

/** "30 minutes", "1 minute", "15 seconds", "250 ms". */
export function describeDuration(ms: number): string {
  const unit = (value: number, name: string): string => `${value} ${name}${value === 1 ? '' : 's'}`
  if (ms >= MINUTE && ms % MINUTE === 0) return unit(ms / MINUTE, 'minute')
  if (ms >= 1000 && ms % 1000 === 0) return unit(ms / 1000, 'second')
  return `${ms} ms`
}

/** "The LDAP synchronization of West did not finish within 60 minutes, the deadline for one run, …". */
export function describeRunDeadline(what: string, ms: number): string {
  return `${what} did not finish within ${describeDuration(ms)}, the deadline for one run, and was stopped.`
}

/** "256 MiB", "64 KiB", "1000 bytes". */
export function describeBytes(bytes: number): string {
  if (bytes >= MIB && bytes % MIB === 0) return `${bytes / MIB} MiB`
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`
  return `${bytes} bytes`
}
