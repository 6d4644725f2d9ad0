// What an LDAP synchronization does with the entries it reads, decided page by page as they arrive:
// each entry becomes its user's record at once, so a page's entries are garbage before the next page is
// read (holding 50,000 entries until the end doubled the run's time in garbage collection), and a page's
// new users are handed on with the page (a run stages them in the store at once). Stale users, the
// deletion guard and the closing log entries are decided once the directory has been read in full.
import { productFields, type ProductField } from '../../../src-preload/contract'
import type { DirectoryEntry } from '../../connectors/ldap/client'
import { directoryOwnedFields, fieldRulesOf } from '../../domains/ldapSettings'
import type { Store } from '../../store'
import type { DeviceRow } from '../../store/devices'
import type { DomainRow } from '../../store/domains'
import type { DomainUserRecord, DomainUserRow } from '../../store/domainUserRecords'
import type { StoredLdapSettings } from '../../store/ldapSettings'
import type { LogSink } from '../domain/engine'
import { dataChanges } from '../domain/userChanges'
import type { AutoProvisioning, NewUserProvisioning } from './autoProvisioning'

export type Approval = 'all' | 'none' | string[]

/** A user the run creates, with what auto-provisioning decided for it. */
export interface NewUser {
  user: DomainUserRecord
  provisioning: NewUserProvisioning
}

export interface Plan {
  entries: number
  /**
   * Every user the domain keeps besides the new ones (those went to the planner's `onNewUsers` page by
   * page), by lower-cased user id (the store's key order).
   */
  users: DomainUserRecord[]
  created: string[]
  updated: string[]
  removed: string[]
  /** Stale users kept by the stale-user action (or because they still have services). */
  kept: string[]
  /** Removals the deletion guard held, awaiting approval (the users stay). */
  held?: { reason: string; users: string[] }
  /** Removals the guard held and `--approve none` declined (the users stay). */
  declined: string[]
  /** Directory users not created because they belong to another domain. */
  inOtherDomains: string[]
  /** How many of the new users have a planned line. */
  plannedLines: number
}

type LogEntry = Parameters<LogSink['add']>

/**
 * Log entries held back until the directory has been read in full: a read that fails on a later page
 * must not leave entries about users it then did not create or update.
 */
export class DeferredLog implements LogSink {
  private readonly entries: LogEntry[] = []

  add(...entry: LogEntry): void {
    this.entries.push(entry)
  }

  /** Passes the held entries on, in the order they were made. */
  replayInto(log: LogSink): void {
    for (const entry of this.entries) log.add(...entry)
    this.entries.length = 0
  }
}

/** Decides one run: `add` every page of entries in the order the directory returns them, then `finish`. */
export class DirectoryPlanner {
  private readonly existing: Map<string, DomainUserRow>
  private readonly otherDomains: Map<string, { userid: string; domain: string }>
  private readonly rules: ReturnType<typeof fieldRulesOf>
  private readonly userIdKey: string
  private readonly sources: FieldSources
  /** The fields a new user takes from the directory (the matrix's "New" column). */
  private readonly createdFields: ProductField[]
  /** The fields an existing user takes from the directory (LDAP-05 and the matrix's "Update" column). */
  private readonly ownedFields: ProductField[]
  /**
   * Users of this run by key, and the keys of its new users: an entry whose key is in either or in
   * `keysInOtherDomains` is a duplicate.
   */
  private readonly users = new Map<string, DomainUserRecord>()
  private readonly createdKeys = new Set<string>()
  private readonly created: string[] = []
  private readonly updated: string[] = []
  private readonly keysInOtherDomains = new Set<string>()
  private readonly inOtherDomains: string[] = []
  private plannedLines = 0
  private entries = 0

  constructor(
    store: Store,
    private readonly domain: DomainRow,
    private readonly directory: DeviceRow,
    private readonly settings: StoredLdapSettings,
    private readonly provisioning: AutoProvisioning,
    private readonly log: LogSink,
    /** Receives each page's new users once the page is planned. */
    private readonly onNewUsers: (users: NewUser[]) => void
  ) {
    this.existing = new Map(store.domainUsers.ofDomain(domain.id).map((u) => [u.userid.toLowerCase(), u]))
    this.otherDomains = store.domainUsers.inOtherDomains(domain.id)
    this.rules = fieldRulesOf(settings)
    this.userIdKey = settings.mappings.userId.toLowerCase()
    this.sources = fieldSourcesOf(settings)
    this.createdFields = productFields.filter((field) => this.rules[field].create)
    this.ownedFields = directoryOwnedFields(settings)
  }

  add(page: DirectoryEntry[]): void {
    const created: NewUser[] = []
    for (const entry of page) this.addEntry(entry, created)
    if (created.length > 0) this.onNewUsers(created)
  }

  private addEntry(entry: DirectoryEntry, created: NewUser[]): void {
    const { settings, log, sources } = this
    const attributes = entry.attributes
    this.entries += 1
    const userid = attributes[this.userIdKey]?.[0]
    if (!userid) {
      log.add(
        'warning',
        'LDAP_NO_USER_ID',
        `${entry.dn} has no ${settings.mappings.userId}; it was not synchronized.`,
        {
          objectType: 'DirectoryEntry',
          objectName: entry.dn,
          hint: `Give the entry a ${settings.mappings.userId}, or map User ID to another attribute.`
        }
      )
      return
    }
    const key = userid.toLowerCase()
    if (this.users.has(key) || this.createdKeys.has(key) || this.keysInOtherDomains.has(key)) {
      log.add(
        'warning',
        'LDAP_DUPLICATE_USER_ID',
        `${entry.dn} has the user id ${userid} of another entry; it was skipped.`,
        {
          objectType: 'DirectoryEntry',
          objectName: entry.dn
        }
      )
      return
    }
    const elsewhere = this.otherDomains.get(key)
    if (elsewhere) {
      this.keysInOtherDomains.add(key)
      this.inOtherDomains.push(`${userid} (${elsewhere.domain})`)
      return
    }
    const stored = this.existing.get(key)
    if (!stored) {
      // A record always has a first and last name.
      const data: DomainUserRecord['data'] = { firstName: '', lastName: userid, ldapDn: entry.dn }
      for (const field of this.createdFields) {
        const value = firstValue(attributes, sources[field])
        if (value !== undefined) data[field] = value
      }
      const placed = this.provisioning.place(userid, entry, firstValue(attributes, sources.phone))
      if (placed.record.line) this.plannedLines += 1
      created.push({
        user: { userid, role: placed.role, source: this.directory.name, data, services: [] },
        provisioning: placed
      })
      this.createdKeys.add(key)
      this.created.push(userid)
      return
    }
    // LDAP-05 and the matrix's "Update" and "Delete" columns: only the fields the directory owns are
    // refreshed (none under "Do not update"); the record becomes a directory user either way.
    const data: DomainUserRecord['data'] = { ...stored.data, ldapDn: entry.dn }
    for (const field of this.ownedFields) {
      const value = firstValue(attributes, sources[field])
      if (value !== undefined) data[field] = value
      else if (this.rules[field].clear) {
        if (field === 'firstName' || field === 'lastName') data[field] = field === 'lastName' ? userid : ''
        else delete data[field]
      }
    }
    const changes = dataChanges(stored.data, data)
    if (changes.length > 0) {
      this.updated.push(userid)
      log.add('info', 'LDAP_USER_UPDATED', `${userid}: ${changes.join('; ')}.`, {
        objectType: 'User',
        objectName: userid
      })
    }
    this.users.set(key, recordOf(stored, data))
  }

  /** The run's outcome once every page is in: stale users, the deletion guard, the closing entries. */
  finish(approval: Approval | undefined): Plan {
    const { settings, log, domain, users, existing } = this
    const entries = this.entries
    if (this.inOtherDomains.length > 0)
      log.add(
        'warning',
        'LDAP_USER_IN_OTHER_DOMAIN',
        `${this.inOtherDomains.length} users were not created because they already belong to another domain: ${this.inOtherDomains.join(', ')}.`,
        {
          objectType: 'User',
          hint: 'Remove them from the other domain (or narrow its filter), then synchronize again.'
        }
      )
    this.provisioning.finish()

    // Stale users: directory users of this domain the search no longer returns (LDAP-07).
    const stale = [...existing.values()].filter((u) => u.data.ldapDn && !users.has(u.userid.toLowerCase()))
    // Users the directory does not have stay as they are; one it has (even one it matched for the first
    // time this run) keeps the record this run made of it.
    for (const u of existing.values()) {
      const key = u.userid.toLowerCase()
      if (!u.data.ldapDn && !users.has(key)) users.set(key, recordOf(u))
    }
    const action = settings.staleAction
    const removable = stale.filter(
      (u) => action === 'delete' || (action === 'delete-if-no-services' && u.services.length === 0)
    )
    const removableSet = new Set(removable)
    const keptUsers = stale.filter((u) => !removableSet.has(u))
    for (const u of keptUsers) users.set(u.userid.toLowerCase(), recordOf(u))
    const kept = keptUsers.map((u) => u.userid)
    if (kept.length > 0)
      log.add(
        'info',
        'LDAP_STALE_KEPT',
        action === 'keep'
          ? `${kept.length} users are no longer in the directory under the search base and filter but were not deleted because the stale-user action is "Do not make changes": ${kept.join(', ')}.`
          : `${kept.length} users are no longer in the directory but still have services and were kept: ${kept.join(', ')}.`,
        {
          objectType: 'User',
          hint: 'Choose a delete action for stale users and synchronize again to remove them.'
        }
      )

    // The deletion guard: never remove many users on the strength of one read.
    const directoryUsers = [...existing.values()].filter((u) => u.data.ldapDn).length
    const reasons: string[] = []
    if (removable.length > settings.guard.maxRemovals)
      reasons.push(`${removable.length} removals exceed the limit of ${settings.guard.maxRemovals}`)
    if (directoryUsers > 0 && (100 * removable.length) / directoryUsers > settings.guard.maxPercent)
      reasons.push(
        `${removable.length} of ${directoryUsers} directory users (${Math.round((100 * removable.length) / directoryUsers)} %) exceed ${settings.guard.maxPercent} %`
      )
    if (entries === 0 && directoryUsers > 0) reasons.push('the directory returned no entries at all')
    else if (settings.lastEntries !== undefined && entries < settings.lastEntries / 2)
      reasons.push(
        `the directory returned ${entries} entries, far fewer than the ${settings.lastEntries} of the last run`
      )
    const approved = (userid: string): boolean =>
      approval === 'all' ||
      (Array.isArray(approval) && approval.some((a) => a.toLowerCase() === userid.toLowerCase()))
    const tripped = removable.length > 0 && reasons.length > 0
    const removed: string[] = []
    const held: string[] = []
    for (const u of removable) {
      if (tripped && !approved(u.userid)) {
        held.push(u.userid)
        users.set(u.userid.toLowerCase(), recordOf(u))
      } else {
        removed.push(u.userid)
        log.add(
          'info',
          'LDAP_USER_DELETED',
          `${u.userid} is no longer in the directory; it was removed from ${domain.name}.`,
          {
            objectType: 'User',
            objectName: u.userid
          }
        )
      }
    }
    const plan: Plan = {
      entries,
      users: inKeyOrder(users),
      created: this.created,
      updated: this.updated,
      removed,
      kept,
      declined: approval === 'none' ? held : [],
      inOtherDomains: this.inOtherDomains,
      plannedLines: this.plannedLines
    }
    if (held.length > 0 && approval !== 'none') {
      const reason = `Deletion guard: ${reasons.join('; ')}. Nothing was deleted.`
      plan.held = { reason, users: held }
      log.add('warning', 'LDAP_GUARD_HELD', `${reason} ${held.length} users await approval.`, {
        hint: `Review the LDAP_REMOVAL_HELD entries, then run: switchboard sync ldap "${domain.name}" --approve all|none|USER,USER`
      })
      for (const userid of held)
        log.add('warning', 'LDAP_REMOVAL_HELD', `${userid} would be removed from ${domain.name}.`, {
          objectType: 'User',
          objectName: userid
        })
    } else if (held.length > 0) {
      log.add(
        'info',
        'LDAP_REMOVALS_DECLINED',
        `The removals the deletion guard held were declined; ${held.length} users were kept.`
      )
    }
    return plan
  }
}

/**
 * The values in the order of their keys: the store's tables are keyed by the lower-cased user id, and
 * rows written in key order append to their B-trees. A directory returns entries in no particular
 * order (50,000 users of a shuffled directory: written as they came 1,040 ms, in key order 865 ms).
 */
function inKeyOrder<T>(byKey: Map<string, T>): T[] {
  // The default sort orders strings by UTF-16 code units, as < does, without a comparator call per pair.
  return [...byKey.keys()].sort().map((key) => byKey.get(key)!)
}

/** Lower-cased attribute names each product field reads, the first with a value winning. */
type FieldSources = Record<ProductField, readonly string[]>

function fieldSourcesOf(settings: StoredLdapSettings): FieldSources {
  const { mappings } = settings
  return {
    firstName: ['givenname'],
    lastName: ['sn'],
    middleName: [mappings.middleName.toLowerCase()],
    email: [mappings.email.toLowerCase()],
    phone: [mappings.phone.toLowerCase()],
    mobile: ['mobile'],
    department: ['department', 'departmentnumber'],
    title: ['title'],
    manager: ['manager'],
    directoryUri: mappings.directoryUri === 'none' ? [] : [mappings.directoryUri.toLowerCase()]
  }
}

function firstValue(attributes: DirectoryEntry['attributes'], names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = attributes[name]?.[0]
    if (value !== undefined) return value
  }
  return undefined
}

function recordOf(u: DomainUserRow, data = u.data): DomainUserRecord {
  return { userid: u.userid, role: u.role, source: u.source, data, services: u.services }
}
