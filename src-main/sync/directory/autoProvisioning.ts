// What a user LDAP synchronization creates gets (seed 000 table 7 and "masks"): a service area (the
// first whose LDAP filter matches, in matching order, else the provisioning rule's), roles (the first
// whose filter matches, else the rule's, else the default; both the matched and the default role when
// they differ, LDAP-31), and a planned line decided by the service area's number options. This release
// sends no provisioning orders, so the decision is recorded and logged for the order to come.
import type { LdapProvisioning, LineSource } from '../../../src-preload/contract'
import { parseFilter, type FilterNode } from '../../../src-preload/rules/ldapFilter'
import type { DirectoryEntry } from '../../connectors/ldap/client'
import { BlockAllocator, blockNumber, plainNumber, type BlockSpec } from '../../domains/numbering'
import type { Store } from '../../store'
import type { DomainRow } from '../../store/domains'
import type { LdapProvisioningRecord } from '../../store/domainUserRecords'
import type { StoredLdapSettings } from '../../store/ldapSettings'
import type { ServiceAreaRow } from '../../store/serviceAreas'
import type { LogSink } from '../domain/engine'
import { decideLine, type NoLineReason } from './linePlanning'
import { filterAttributes, matchesEntry } from './matcher'

export interface NewUserProvisioning {
  /** The role chosen for auto-provisioning: the user's role in the domain. */
  role: string
  record: LdapProvisioningRecord
  /** What the preview shows, with the reason when no line is planned. */
  view: LdapProvisioning & { userid: string; noLine?: string }
}

interface Area {
  row: ServiceAreaRow
  filter?: FilterNode
  callProcessor: string
  blocks: BlockSpec[]
}

const same = (a: string | undefined, b: string | undefined): boolean =>
  a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase()

/** Users listed by name in one log entry at most; the rest are counted. */
const LISTED = 100

const SOURCE_WORDS: Record<LineSource, string> = {
  block: 'from a DN block',
  masked: 'the directory number masked',
  directory: 'the directory number'
}

/** Places the new users of one LDAP synchronization run; the numbers it hands out stay taken for the run. */
export class AutoProvisioning {
  private readonly areas: Area[]
  private readonly roles: { name: string; filter?: FilterNode }[]
  /** Per Call Processor: numbers its lines use and numbers planned so far, by any domain and this run. */
  private readonly taken = new Map<number, Set<string>>()
  private readonly allocators = new Map<number, BlockAllocator>()
  private readonly withoutArea: string[] = []

  constructor(
    private readonly store: Store,
    private readonly domain: DomainRow,
    private readonly settings: StoredLdapSettings,
    private readonly log: LogSink
  ) {
    const devices = new Map(store.devices.all().map((d) => [d.id, d.name]))
    this.areas = store.serviceAreas.ofDomain(domain.id).map((row) => ({
      row,
      ...(row.ldap_filter !== null ? { filter: parseFilter(row.ldap_filter) } : {}),
      callProcessor: devices.get(row.call_processor_id) ?? '',
      blocks: store.dnBlocks
        .ofServiceArea(row.id)
        .map((b) => ({ prefix: b.prefix, first: b.first, last: b.last, minLength: b.min_length }))
    }))
    this.roles = store.userRoles.ofDomain(domain.id).map((r) => ({
      name: r.name,
      ...(r.ldap_filter !== null ? { filter: parseFilter(r.ldap_filter) } : {})
    }))
  }

  /** Directory attributes the service-area and role filters read. */
  attributes(): string[] {
    return [...this.areas, ...this.roles].flatMap((x) => (x.filter ? filterAttributes(x.filter) : []))
  }

  /** Decides for one new user; `directoryNumber` is the value of the attribute mapped to the phone. */
  place(userid: string, entry: DirectoryEntry, directoryNumber: string | undefined): NewUserProvisioning {
    const rule = this.settings.provisioningRule ?? {}
    const defaultRole = this.domain.default_role
    const matchedRole = this.roles.find((r) => r.filter && matchesEntry(r.filter, entry))?.name
    const role = matchedRole ?? rule.role ?? defaultRole
    const roles = matchedRole && !same(matchedRole, defaultRole) ? [matchedRole, defaultRole] : [role]
    const matchedArea = this.areas.find((a) => a.filter && matchesEntry(a.filter, entry))
    const area = matchedArea ?? this.areas.find((a) => same(a.row.name, rule.serviceArea))
    const record: LdapProvisioningRecord = {
      userid,
      roles,
      ...(area ? { serviceAreaId: area.row.id } : {})
    }
    const view: NewUserProvisioning['view'] = {
      userid,
      roles,
      ...(area ? { serviceArea: area.row.name } : {})
    }
    if (!area) {
      this.withoutArea.push(userid)
      return { role, record, view }
    }

    const placement = `service area ${area.row.name} (${matchedArea ? 'its LDAP filter matched' : 'the provisioning rule'}), ${
      roles.length > 1
        ? `roles ${roles[0]} (its LDAP filter matched) and ${roles[1]} (the default)`
        : `role ${role}${matchedRole ? ' (its LDAP filter matched)' : ''}`
    }`
    const about = { objectType: 'User', objectName: userid }
    const options = {
      assignLineFromBlock: area.row.assign_line_from_block,
      maskLdapNumbers: area.row.mask_ldap_numbers,
      ldapNumberMask: area.row.ldap_number_mask
    }
    const taken = this.takenOn(area.row.call_processor_id)
    const decision = decideLine(options, directoryNumber, this.allocatorOf(area, taken))
    if (!decision.planned) {
      const { message, hint } = this.noLine(decision.reason, area, directoryNumber)
      this.log.add(
        'warning',
        decision.reason === 'blocks-exhausted' ? 'LDAP_BLOCK_EXHAUSTED' : 'LDAP_LINE_NOT_PLANNED',
        `${userid}: ${placement}; no line planned: ${message}.`,
        { ...about, hint }
      )
      return { role, record, view: { ...view, noLine: message } }
    }

    // Block numbers were free; a directory number may already be someone's line.
    const shared = decision.source !== 'block' && taken.has(decision.dn)
    taken.add(decision.dn)
    const how =
      decision.source === 'block' && decision.block
        ? `${SOURCE_WORDS.block} ${blockNumber(decision.block, decision.block.first)}–${blockNumber(decision.block, decision.block.last)}`
        : decision.source === 'masked'
          ? `${SOURCE_WORDS.masked}: ${directoryNumber} under ${options.ldapNumberMask}`
          : `${SOURCE_WORDS.directory} ${directoryNumber}`
    this.log.add(
      shared ? 'warning' : 'info',
      shared ? 'LDAP_LINE_NUMBER_IN_USE' : 'LDAP_LINE_PLANNED',
      `${userid}: ${placement}; line ${decision.dn} planned on ${area.callProcessor}, ${how}${
        shared
          ? `, although ${decision.dn} is already in use, planned or reserved there (the line would be shared)`
          : ''
      }.`,
      shared
        ? {
            ...about,
            hint: `Check the user's number in the directory; to give new users numbers of their own, tick "Assign new line from the extension block" on ${area.row.name}.`
          }
        : about
    )
    const line = { dn: decision.dn, source: decision.source, callProcessorId: area.row.call_processor_id }
    return {
      role,
      record: { ...record, line },
      view: { ...view, plannedLine: { dn: line.dn, source: line.source, callProcessor: area.callProcessor } }
    }
  }

  /** Entries about the run as a whole, once every new user is placed. */
  finish(): void {
    const count = this.withoutArea.length
    if (count === 0) return
    const listed = this.withoutArea.slice(0, LISTED).join(', ')
    this.log.add(
      'info',
      'LDAP_NO_SERVICE_AREA',
      `${count} new users are in no service area, so no line was planned for them: ${listed}${count > LISTED ? ` and ${count - LISTED} more` : ''}.`,
      {
        objectType: 'User',
        hint:
          this.areas.length === 0
            ? `${this.domain.name} has no service areas yet; add one with an LDAP filter, or name one in the provisioning rule.`
            : 'Give a service area an LDAP filter that matches them, or name a service area in the provisioning rule of the LDAP settings.'
      }
    )
  }

  private takenOn(callProcessorId: number): Set<string> {
    let taken = this.taken.get(callProcessorId)
    if (!taken) {
      taken = new Set([
        ...this.store.inventory.linePatterns(callProcessorId).map(plainNumber),
        ...this.store.domainUsers.plannedNumbers(callProcessorId),
        // A number reserved for someone (order entry's chooser) is not handed to a new directory user.
        ...this.store.numberReservations.numbersOnCallProcessor(callProcessorId)
      ])
      this.taken.set(callProcessorId, taken)
    }
    return taken
  }

  private allocatorOf(area: Area, taken: Set<string>): BlockAllocator {
    let allocator = this.allocators.get(area.row.id)
    if (!allocator) {
      allocator = new BlockAllocator(area.blocks, taken)
      this.allocators.set(area.row.id, allocator)
    }
    return allocator
  }

  private noLine(
    reason: NoLineReason,
    area: Area,
    directoryNumber: string | undefined
  ): { message: string; hint: string } {
    const attribute = this.settings.mappings.phone
    switch (reason) {
      case 'no-directory-number':
        return {
          message: `the directory has no ${attribute} for the user${area.row.mask_ldap_numbers ? ' and the service area only masks directory numbers' : ''}`,
          hint: `Give the entry a ${attribute}, or tick "Assign new line from the extension block" on ${area.row.name} (with a DN block).`
        }
      case 'not-dialable':
        return {
          message: `the directory number "${directoryNumber}" is not a number a line can have`,
          hint: `Correct the ${attribute} in the directory, or apply a mask or a DN block on ${area.row.name}.`
        }
      case 'no-blocks':
        return {
          message: `${area.row.name} assigns lines from its DN blocks but has none`,
          hint: `Add a DN block to ${area.row.name}.`
        }
      case 'blocks-exhausted':
        return {
          message: `every number of the DN blocks of ${area.row.name} is in use on ${area.callProcessor} or planned for another user`,
          hint: `Add a DN block to ${area.row.name} or widen one, so that the users to come get a number.`
        }
    }
  }
}
