// Which users of the Call Processors the domain takes (seeds 000 and 001, "Business Rules for Domain
// Synchronization"): never the restricted accounts, new users only as the rule in effect allows, and
// each user id once regardless of letter case, in one domain (DOM-40).
import { RESTRICTED_USERS } from '../device/objects'
import type { DomainRoster } from './domainRoster'
import type { CallProcessorSnapshot, DomainSnapshot, EngineCounts, LogSink } from './snapshot'
import { failedAttributeRule, type AttributeRule, type EffectiveRule } from './rules'
import type { CallProcessorUser } from './userServices'
import { isTrue, text, type Data } from './values'

const RULE_LABEL: Record<AttributeRule, string> = {
  matchDepartment: 'Match Department',
  matchLocation: 'Match Location',
  matchDevicePool: 'Match Device Pool'
}

export class UserAdmission {
  /** Restricted users seen, as "userid (Call Processor)", named together at the end. */
  private readonly restricted: string[] = []
  /** New users the rule in effect left out, counted together at the end. */
  private notMatching = 0
  /** Users admitted so far by lower-cased id: the id as written and the Call Processor it came from first. */
  private readonly claimed = new Map<string, { userid: string; source: string }>()

  constructor(
    private readonly snapshot: DomainSnapshot,
    private readonly rule: EffectiveRule,
    private readonly roster: DomainRoster,
    private readonly log: LogSink,
    private readonly counts: EngineCounts
  ) {}

  /** Restricted users are never filed (admin and globaladmin by name, others by their flag); true when skipped. */
  skipsRestricted(cp: CallProcessorSnapshot, userid: string, data: Data): boolean {
    if (!RESTRICTED_USERS.has(userid.toLowerCase()) && !isTrue(data.restricted)) return false
    this.restricted.push(`${userid} (${cp.name})`)
    this.counts.usersSkipped += 1
    return true
  }

  /** Whether the domain takes the user: a new one must satisfy the rule in effect, and its id must be its own. */
  admits(cp: CallProcessorSnapshot, user: CallProcessorUser): boolean {
    if (!this.roster.stored.has(user.key) && !this.ruleTakes(cp, user)) {
      this.notMatching += 1
      return false
    }
    return this.claims(cp, user.userid, user.key)
  }

  /** Logs the users left out for the restricted accounts and for the rule, one entry each. */
  logUsersLeftOut(): void {
    if (this.restricted.length > 0) {
      this.log.add(
        'info',
        'DOMAIN_USERS_RESTRICTED',
        `Restricted users were not filed into ${this.snapshot.name}: ${this.restricted.join(', ')}. Switchboard never provisions admin and globaladmin accounts.`,
        { objectType: 'User' }
      )
    }
    if (this.notMatching > 0) {
      this.log.add('info', 'DOMAIN_USERS_NOT_MATCHING', this.notMatchingMessage(), { objectType: 'User' })
    }
  }

  private ruleTakes(cp: CallProcessorSnapshot, user: CallProcessorUser): boolean {
    if (this.rule.kind === 'sync-only-existing') return false
    if (this.rule.kind !== 'attributes') return true
    const failed = failedAttributeRule(this.rule.lists, cp.name, {
      department: text(user.data.department),
      locations: user.phones.map((p) => text(p.data.locationName)),
      devicePools: [
        ...user.phones.map((p) => text(p.data.devicePoolName)),
        ...user.remoteDestinationProfiles.map((r) => text(r.data.devicePoolName))
      ]
    })
    return failed === undefined
  }

  /**
   * DOM-40: user ids are unique regardless of case, here and across domains, and a user belongs to one
   * domain. A user on several Call Processors is one user. True when the user is the domain's to file.
   */
  private claims(cp: CallProcessorSnapshot, userid: string, key: string): boolean {
    const earlier = this.claimed.get(key)
    const elsewhere = this.snapshot.otherDomains.get(key)
    const clash = this.clashingUser(userid, key, earlier, elsewhere)
    if (clash)
      return this.skip(
        userid,
        'DOMAIN_DUPLICATE_USER',
        `Duplicate user id: skipped ${userid} from the Call Processor ${cp.name}, because the user ${clash} exists with the same id in different letter case. Its services were not synchronized.`,
        'User ids are unique regardless of case: remove one of the two users on Unified CM.'
      )
    if (elsewhere)
      return this.skip(
        userid,
        'DOMAIN_USER_IN_OTHER_DOMAIN',
        `${userid} from ${cp.name} was not added: the user already belongs to the domain ${elsewhere.domain}.`,
        `A user belongs to one domain. Narrow the rules of ${elsewhere.domain} (switchboard domains edit, or Provisioning Setup) so that it no longer takes this user, synchronize it, then synchronize this domain again.`
      )
    if (earlier) {
      this.log.add(
        'info',
        'DOMAIN_USER_ON_SEVERAL_PROCESSORS',
        `${userid} exists on ${earlier.source} and ${cp.name}; the services of both are on one user record.`,
        { objectType: 'User', objectName: userid }
      )
    }
    this.claimed.set(key, { userid, source: earlier?.source ?? cp.name })
    return true
  }

  /** Warns why the user is not filed and counts it as skipped; false, for claims() to return. */
  private skip(userid: string, code: string, message: string, hint: string): false {
    this.log.add('warning', code, message, { objectType: 'User', objectName: userid, hint })
    this.counts.usersSkipped += 1
    return false
  }

  /** The user whose id differs from this one in letter case only, described for DOM-40's warning. */
  private clashingUser(
    userid: string,
    key: string,
    earlier: { userid: string; source: string } | undefined,
    elsewhere: { userid: string; domain: string } | undefined
  ): string | undefined {
    const stored = this.roster.stored.get(key)
    if (earlier && earlier.userid !== userid) return `${earlier.userid} (from ${earlier.source})`
    if (elsewhere && elsewhere.userid !== userid) return `${elsewhere.userid} (domain ${elsewhere.domain})`
    if (stored && stored.userid !== userid) return `${stored.userid} (already in ${this.snapshot.name})`
    return undefined
  }

  private notMatchingMessage(): string {
    if (this.rule.kind === 'sync-only-existing')
      return `${this.notMatching} users of the Call Processors are not in ${this.snapshot.name} and were not added (Sync Only Existing Users).`
    return `${this.notMatching} users of the Call Processors did not satisfy ${Object.keys(
      this.rule.kind === 'attributes' ? this.rule.lists : {}
    )
      .map((r) => RULE_LABEL[r as AttributeRule])
      .join(' AND ')} and were not added.`
  }
}
