// Mailboxes (DOM-16, DOM-17): voicemail and unified messaging for users with a mailbox of their alias;
// other mailboxes join only under Sync All Users (Unity Connection), or when their user came from a
// Message Processor before.
import type { DomainUserRecord } from '../../store/domainUserRecords'
import type { DomainRoster } from './domainRoster'
import type { DomainSnapshot, EngineCounts, LogSink } from './snapshot'
import type { Mailbox } from './processorIndexes'
import type { ServiceAreaPlacement } from './serviceAreaPlacement'
import { isTrue, sameText, text } from './values'

export class MailboxMatching {
  /** Mailboxes left out because no user of their alias is in the domain, counted together. */
  private withoutUser = 0

  constructor(
    private readonly snapshot: DomainSnapshot,
    private readonly roster: DomainRoster,
    private readonly placement: ServiceAreaPlacement,
    private readonly log: LogSink,
    private readonly counts: EngineCounts
  ) {}

  /** Adds each alias's mailboxes to its user, filing a user for them where the rules allow. */
  fileMailboxes(byAlias: Map<string, Mailbox[]>): void {
    for (const [alias, mailboxes] of byAlias) {
      const record = this.recordFor(alias, mailboxes)
      if (!record) continue
      for (const mailbox of mailboxes) this.addVoicemail(record, mailbox)
    }
  }

  logMailboxesLeftOut(): void {
    if (this.withoutUser === 0) return
    this.log.add(
      'info',
      'DOMAIN_MAILBOXES_WITHOUT_USER',
      `${this.withoutUser} mailboxes have no user of the same alias in ${this.snapshot.name} and were not added (Sync All Users (Unity Connection) is off).`,
      { objectType: 'UnityUser' }
    )
  }

  /** The user the mailboxes of an alias belong to, filed now if the rules allow; undefined when they are left out. */
  private recordFor(alias: string, mailboxes: Mailbox[]): DomainUserRecord | undefined {
    const record = this.roster.records.get(alias)
    if (!record) return this.fileMailboxUser(alias, mailboxes)
    if (this.snapshot.rules.primaryFromUm) takeDetailsFromMailbox(record, mailboxes[0])
    return record
  }

  private fileMailboxUser(alias: string, mailboxes: Mailbox[]): DomainUserRecord | undefined {
    const stored = this.roster.stored.get(alias)
    const unityOnly =
      stored !== undefined && this.snapshot.messageProcessors.some((m) => sameText(m.name, stored.source))
    if (!this.snapshot.rules.syncAllUmUsers && !unityOnly) {
      this.withoutUser += 1
      return undefined
    }
    const elsewhere = this.snapshot.otherDomains.get(alias)
    if (elsewhere) {
      this.counts.usersSkipped += 1
      this.log.add(
        'warning',
        'DOMAIN_USER_IN_OTHER_DOMAIN',
        `Mailbox ${alias} on ${mailboxes[0].mpName} was not added: ${elsewhere.userid} already belongs to the domain ${elsewhere.domain}.`,
        {
          objectType: 'UnityUser',
          objectName: alias
        }
      )
      return undefined
    }
    const data = mailboxes[0].data
    const record: DomainUserRecord = {
      userid: text(data.Alias),
      role: this.roster.roleOf(alias),
      source: mailboxes[0].mpName,
      data: {
        firstName: text(data.FirstName),
        lastName: text(data.LastName) || text(data.DisplayName) || text(data.Alias),
        ...(text(data.EmailAddress) ? { email: text(data.EmailAddress) } : {})
      },
      services: []
    }
    this.roster.records.set(alias, record)
    return record
  }

  private addVoicemail(record: DomainUserRecord, mailbox: Mailbox): void {
    const extension = text(mailbox.data.DtmfAccessId)
    // Its line is the one on the Call Processor its Message Processor serves, not any with its number.
    const line = record.services.find(
      (s) => s.kind === 'Line' && s.processorId === mailbox.cpId && s.details.pattern === extension
    )
    const areaId = this.placement.voicemailArea(line?.serviceAreaId, mailbox.mpId)
    const base = {
      name: text(mailbox.data.Alias),
      processorId: mailbox.mpId,
      ...(areaId !== undefined ? { serviceAreaId: areaId } : {}),
      ...(extension ? { searchKey: `dn:${extension}` } : {})
    }
    record.services.push({
      kind: 'Voicemail',
      ...base,
      details: { extension, mailbox: text(mailbox.data.DisplayName) }
    })
    // Table 5-3: Unified Messaging Info goes with its voicemail product.
    if (isTrue(mailbox.data.UnifiedMessagingAccount))
      record.services.push({
        kind: 'Unified Messaging',
        ...base,
        details: { email: text(mailbox.data.EmailAddress) }
      })
  }
}

/** Primary User Information from Unity Connection: the mailbox's names and address win over Unified CM's. */
function takeDetailsFromMailbox(record: DomainUserRecord, mailbox: Mailbox): void {
  const data = mailbox.data
  record.data = {
    ...record.data,
    firstName: text(data.FirstName) || record.data.firstName,
    lastName: text(data.LastName) || record.data.lastName,
    ...(text(data.EmailAddress) ? { email: text(data.EmailAddress) } : {})
  }
  record.source = mailbox.mpName
}
