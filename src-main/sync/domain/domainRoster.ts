// The domain's users as a synchronization files them: one record per user id regardless of letter case,
// started from what the last synchronization stored, and returned in key order for the write.
import type { DomainUserRecord, StoredDomainUser, StoredUserService } from '../../store/domainUserRecords'
import type { CallProcessorSnapshot, EngineCounts, LogSink } from './snapshot'
import type { CallProcessorUser } from './userServices'
import { text, type Data } from './values'

type UserData = DomainUserRecord['data']

/** The details a domain synchronization files: what newRecord and the mailbox's primary details set. */
const FILED_FIELDS = ['firstName', 'lastName', 'department', 'email', 'primaryDn'] as const

export class DomainRoster {
  /** Users of the domain as the last synchronization left them, by lower-cased user id. */
  readonly stored: Map<string, StoredDomainUser>
  /** The users filed by this synchronization, by lower-cased user id. */
  readonly records = new Map<string, DomainUserRecord>()

  constructor(
    private readonly domainName: string,
    existingUsers: StoredDomainUser[],
    private readonly defaultRole: string,
    /** The fields the domain's directory owns on its users. */
    private readonly directoryFields: ReadonlySet<string> = new Set()
  ) {
    this.stored = new Map(existingUsers.map((u) => [u.userid.toLowerCase(), u]))
  }

  /** A stored user keeps its role; a new one gets the domain's default. */
  roleOf(key: string): string {
    return this.stored.get(key)?.role ?? this.defaultRole
  }

  /** Files a Call Processor user with its services; a user of several Call Processors gets all of them. */
  file(cp: CallProcessorSnapshot, user: CallProcessorUser, services: StoredUserService[]): void {
    const record = this.records.get(user.key) ?? this.newRecord(cp, user)
    record.services.push(...services)
    this.records.set(user.key, record)
  }

  /**
   * Stored users this synchronization did not file: directory users stay (LDAP synchronization decides
   * when they go), the others are removed. A filed user keeps what is not this synchronization's to set.
   */
  settleUnfiled(log: LogSink, counts: EngineCounts): void {
    for (const [key, stored] of this.stored) {
      const record = this.records.get(key)
      if (record) {
        record.data = this.ownedMerge(stored.data, record.data)
        continue
      }
      if (stored.data.ldapDn) {
        this.records.set(key, {
          userid: stored.userid,
          role: stored.role,
          source: stored.source,
          data: stored.data,
          services: []
        })
        continue
      }
      counts.usersRemoved += 1
      log.add(
        'info',
        'DOMAIN_USER_REMOVED',
        `${stored.userid} is no longer on any processor of ${this.domainName}; it was removed from the domain.`,
        { objectType: 'User', objectName: stored.userid }
      )
    }
  }

  /**
   * A filed user's details: Unified CM's (or the mailbox's) fields over the stored record, except on a
   * directory user the fields its directory owns. Fields domain synchronization does not read (phone,
   * title, the entry's DN, …) stay, and the stored order of the fields is kept.
   */
  private ownedMerge(stored: UserData, filed: UserData): UserData {
    const data = { ...stored }
    const directoryUser = stored.ldapDn !== undefined
    for (const field of FILED_FIELDS) {
      if (directoryUser && this.directoryFields.has(field)) continue
      const value = filed[field]
      if (value !== undefined) data[field] = value
      else if (field !== 'firstName' && field !== 'lastName') delete data[field]
    }
    return data
  }

  /**
   * The users in key order: the store's users are ordered by key, so writing them in order appends.
   * The default sort orders strings by UTF-16 code units, as < does, without a comparator call per pair.
   */
  inKeyOrder(): DomainUserRecord[] {
    return [...this.records.keys()].sort().map((key) => this.records.get(key)!)
  }

  private newRecord(cp: CallProcessorSnapshot, user: CallProcessorUser): DomainUserRecord {
    const { data } = user
    const primaryDn = primaryDnOf(data)
    return {
      userid: user.userid,
      role: this.roleOf(user.key),
      source: cp.name,
      data: {
        firstName: text(data.firstName),
        lastName: text(data.lastName),
        ...(text(data.department) ? { department: text(data.department) } : {}),
        ...(text(data.mailid) ? { email: text(data.mailid) } : {}),
        ...(primaryDn ? { primaryDn } : {})
      },
      services: []
    }
  }
}

/** The pattern of a user's primaryExtension (a nested element of the AXL user). */
function primaryDnOf(user: Data): string {
  const extension = user.primaryExtension
  if (typeof extension !== 'object' || extension === null) return ''
  const pattern = (extension as Data).pattern
  return typeof pattern === 'string' ? pattern : ''
}
