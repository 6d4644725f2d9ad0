// Domain synchronization proper: from the inventory the processors' synchronizations stored, decide
// which users join the domain (userAdmission.ts, after rules.ts), build each user's services
// (userServices.ts) and place each in the first service area that fits it (serviceAreaPlacement.ts,
// seed 001 table 5-3), then add the mailboxes (mailboxMatching.ts). Pure computation over a snapshot;
// the caller writes the result in one transaction, or nothing when it is a preview or was cancelled.
import type { DomainUserRecord } from '../../store/domainUserRecords'
import { DomainRoster } from './domainRoster'
import { MailboxMatching } from './mailboxMatching'
import { indexCallProcessor, indexMailboxes, phonesOfUser } from './processorIndexes'
import { effectiveRule } from './rules'
import { ServiceAreaPlacement } from './serviceAreaPlacement'
import type { Checkpoint, DomainSnapshot, DomainSyncOutcome, EngineCounts, LogSink } from './snapshot'
import { UserAdmission } from './userAdmission'
import { UserServices, type CallProcessorUser } from './userServices'
import { text } from './values'

export type {
  CallProcessorSnapshot,
  Checkpoint,
  DomainSnapshot,
  DomainSyncOutcome,
  EngineCounts,
  InventoryObject,
  LogSink,
  MessageProcessorSnapshot
} from './snapshot'

/** How often, in users, the engine lets the caller report progress and cancel. */
const CHECKPOINT_EVERY = 500

export async function computeDomainSync(
  snapshot: DomainSnapshot,
  log: LogSink,
  checkpoint: Checkpoint
): Promise<DomainSyncOutcome> {
  const rule = effectiveRule(snapshot.rules)
  if (!rule) throw new Error('computeDomainSync needs a required rule; the service checks this first.')
  const counts: EngineCounts = {
    usersRemoved: 0,
    usersSkipped: 0,
    services: 0,
    servicesWithoutArea: 0
  }
  const roster = new DomainRoster(
    snapshot.name,
    snapshot.existingUsers,
    snapshot.defaultRole,
    snapshot.directoryFields
  )
  const admission = new UserAdmission(snapshot, rule, roster, log, counts)
  const placement = new ServiceAreaPlacement(
    { name: snapshot.name, serviceAreas: snapshot.serviceAreas, nonRestricted: snapshot.rules.nonRestricted },
    log
  )
  const mailboxes = indexMailboxes(
    snapshot.messageProcessors,
    snapshot.callProcessors.map((cp) => cp.id)
  )
  logUnlinkedMessageProcessors(snapshot, mailboxes.unlinked, log)

  const usersOf = new Map(snapshot.callProcessors.map((cp) => [cp.id, cp.objects('User')]))
  const total = [...usersOf.values()].reduce((n, users) => n + users.length, 0)
  let processed = 0
  for (const cp of snapshot.callProcessors) {
    const index = indexCallProcessor(cp)
    const services = new UserServices(
      cp,
      index,
      mailboxes,
      placement,
      log,
      snapshot.messageProcessors.length > 0
    )
    for (const user of usersOf.get(cp.id) ?? []) {
      processed += 1
      if (processed % CHECKPOINT_EVERY === 0) await checkpoint(processed, total)
      const userid = text(user.data.userid)
      if (userid === '' || admission.skipsRestricted(cp, userid, user.data)) continue
      const key = userid.toLowerCase()
      const candidate: CallProcessorUser = {
        userid,
        key,
        data: user.data,
        phones: phonesOfUser(index, key),
        remoteDestinationProfiles: index.remoteDestinationProfilesOf.get(key) ?? []
      }
      if (admission.admits(cp, candidate)) roster.file(cp, candidate, services.of(candidate))
    }
  }

  const mailboxMatching = new MailboxMatching(snapshot, roster, placement, log, counts)
  mailboxMatching.fileMailboxes(mailboxes.byAlias)
  admission.logUsersLeftOut()
  mailboxMatching.logMailboxesLeftOut()
  roster.settleUnfiled(log, counts)

  const users = roster.inKeyOrder()
  countServices(users, counts)
  await checkpoint(total, total)
  return { users, counts }
}

/** Mailboxes of a Message Processor whose Call Processor is not known serve no line (issue 25 item 8). */
function logUnlinkedMessageProcessors(snapshot: DomainSnapshot, unlinked: string[], log: LogSink): void {
  for (const name of unlinked)
    log.add(
      'warning',
      'DOMAIN_MESSAGE_PROCESSOR_NOT_LINKED',
      `${name} names no Call Processor, and ${snapshot.name} has several: its mailboxes were linked to no line, since an extension alone does not say on which Unified CM the line is.`,
      {
        objectName: name,
        hint: `Set the Call Processor whose lines ${name} serves (Device Setup → ${name}, or switchboard devices edit "${name}" --call-processor NAME), then synchronize the domain again.`
      }
    )
}

function countServices(users: DomainUserRecord[], counts: EngineCounts): void {
  for (const user of users) {
    counts.services += user.services.length
    for (const s of user.services) if (s.serviceAreaId === undefined) counts.servicesWithoutArea += 1
  }
}
