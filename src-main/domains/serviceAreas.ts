import {
  type serviceAreaChangesSchema,
  type serviceAreaInputSchema,
  type ServiceArea,
  type ServiceAreaAttributeChanges,
  type ServiceAreaAttributes,
  type ServiceAreaChoices
} from '../../src-preload/contract'
import type { z } from 'zod'
import { UserError } from '../core/errors'
import type { Store } from '../store'
import type { DomainRow } from '../store/domains'
import type { ServiceAreaLdapValues, ServiceAreaRow } from '../store/serviceAreas'
import { assertDomainIdle, deviceNames, deviceOfKind, domainRow, type DomainDeps } from './context'
import { toDnBlock } from './dnBlocks'

type ServiceAreaInput = z.output<typeof serviceAreaInputSchema>
type ServiceAreaChanges = z.output<typeof serviceAreaChangesSchema>
type LdapOptionsInput = Pick<
  ServiceAreaChanges,
  'ldapFilter' | 'assignLineFromBlock' | 'maskLdapNumbers' | 'ldapNumberMask'
>

/** The columns both adding and editing a service area write. */
type SettableColumns = Pick<
  ServiceAreaRow,
  'message_processor_id' | 'presence_processor_id' | 'attributes' | 'user_roles'
> &
  ServiceAreaLdapValues

const NO_LDAP_OPTIONS: ServiceAreaLdapValues = {
  ldap_filter: null,
  assign_line_from_block: false,
  mask_ldap_numbers: false,
  ldap_number_mask: null
}

/**
 * Service-area and role LDAP filters act only when LDAP synchronization creates users, so they need
 * the domain's LDAP settings in Authentication and Synchronization mode (LDAP-30 … -32).
 */
export function assertLdapProvisioning(
  store: Store,
  domain: DomainRow,
  what: 'service-area' | 'user-role'
): void {
  const settings = store.ldapSettings.get(domain.id)?.settings
  if (!settings)
    throw new UserError(
      'VALIDATION',
      `ldapFilter: ${what} LDAP filters need the domain's LDAP settings, and ${domain.name} has none yet; save them first (Provisioning Setup → ${domain.name} → LDAP Settings, mode Authentication and Synchronization).`,
      'ldapFilter'
    )
  if (settings.mode !== 'auth-sync')
    throw new UserError(
      'VALIDATION',
      `ldapFilter: ${domain.name} uses its directory for authentication only, where ${what} LDAP filters are disabled; switch its LDAP mode to Authentication and Synchronization first.`,
      'ldapFilter'
    )
}

/** Inventory types the Call Processor attributes are chosen from. */
const CALL_PROCESSOR_CHOICES = {
  devicePool: 'DevicePool',
  commonDeviceConfig: 'CommonDeviceConfig',
  deviceCss: 'Css',
  lineCss: 'Css',
  location: 'Location',
  routePartition: 'RoutePartition'
} as const

function serviceAreaChoices(store: Store, callProcessor: string): ServiceAreaChoices {
  const cp = deviceOfKind(store, callProcessor, 'call-processor', 'callProcessor')
  const names = (type: string): string[] => store.inventory.names(cp.id, type)
  const devices = store.devices.all()
  return {
    callProcessor: cp.name,
    synchronized: store.syncRuns.lastCompleted(cp.id, 'infrastructure') !== undefined,
    devicePools: names('DevicePool'),
    commonDeviceConfigs: names('CommonDeviceConfig'),
    callingSearchSpaces: names('Css'),
    locations: names('Location'),
    routePartitions: names('RoutePartition'),
    voiceGateways: names('Gateway'),
    presenceProcessors: devices
      .filter((d) => d.kind === 'presence-processor' && d.call_processor_id === cp.id)
      .map((d) => d.name),
    messageProcessors: devices
      .filter((d) => d.kind === 'message-processor')
      .map((d) => ({
        name: d.name,
        subscriberTemplates: store.inventory.names(d.id, 'SubscriberTemplate'),
        classesOfService: store.inventory.names(d.id, 'ClassOfService')
      }))
  }
}

/** Provisioning Setup → domain → Service Areas (seed 003 table 3). */
export class ServiceAreaService {
  constructor(private readonly deps: DomainDeps) {}

  /** What a service area on this Call Processor can match: its synchronized infrastructure. */
  choices(callProcessor: string): ServiceAreaChoices {
    return serviceAreaChoices(this.deps.store, callProcessor)
  }

  list(domain: string): ServiceArea[] {
    const { store } = this.deps
    const row = domainRow(store, domain)
    const patterns = new Map<number, string[]>()
    return store.serviceAreas.ofDomain(row.id).map((area) => {
      if (!patterns.has(area.call_processor_id))
        patterns.set(area.call_processor_id, store.inventory.linePatterns(area.call_processor_id))
      return this.toServiceArea(row, area, patterns.get(area.call_processor_id))
    })
  }

  add(input: ServiceAreaInput): ServiceArea {
    const { store } = this.deps
    const domain = domainRow(store, input.domain)
    assertDomainIdle(this.deps.coordinator, domain)
    if (store.serviceAreas.byName(domain.id, input.name))
      throw new UserError(
        'CONFLICT',
        `name: ${domain.name} already has a service area named "${input.name}".`,
        'name'
      )
    const processorIds = store.domains.processorIds(domain.id)
    const cp = deviceOfKind(store, input.callProcessor, 'call-processor', 'callProcessor')
    if (!processorIds.includes(cp.id))
      throw new UserError(
        'VALIDATION',
        `callProcessor: ${cp.name} is not a Call Processor of ${domain.name}; add it to the domain first.`,
        'callProcessor'
      )
    const mpId = input.messageProcessor ? this.messageProcessorId(domain, input.messageProcessor) : null
    const ppId = input.presenceProcessor
      ? this.presenceProcessorId(cp.id, cp.name, input.presenceProcessor)
      : null
    const attributes = this.checkAttributes(cp.id, cp.name, mpId, input.attributes)
    const userRoles = this.checkRoles(domain, input.userRoles ?? [domain.default_role])
    const ldapOptions = this.ldapOptions(domain, NO_LDAP_OPTIONS, input)
    const settings = { mpId, ppId, attributes, userRoles, ldapOptions }
    return this.save(domain, input.name, settings, (columns) =>
      store.serviceAreas.insert({
        domain_id: domain.id,
        name: input.name,
        call_processor_id: cp.id,
        ...columns
      })
    )
  }

  edit(domainName: string, name: string, changes: ServiceAreaChanges): ServiceArea {
    const { store } = this.deps
    const domain = domainRow(store, domainName)
    assertDomainIdle(this.deps.coordinator, domain)
    const area = this.row(domain, name)
    const names = deviceNames(store)
    // Seed 003 (SETUP-07): a service area's domain and processors cannot change once assigned.
    if (changes.domain !== undefined && changes.domain.toLowerCase() !== domain.name.toLowerCase())
      throw new UserError('VALIDATION', `domain: a service area cannot move to another domain.`, 'domain')
    const fixed = (
      field: 'callProcessor' | 'messageProcessor' | 'presenceProcessor',
      currentId: number | null,
      wanted: string | undefined
    ): void => {
      if (wanted === undefined || currentId === null) return
      if ((names.get(currentId) ?? '').toLowerCase() !== wanted.toLowerCase())
        throw new UserError(
          'VALIDATION',
          `${field}: cannot change after assignment (it is ${names.get(currentId)}); create another service area instead.`,
          field
        )
    }
    fixed('callProcessor', area.call_processor_id, changes.callProcessor)
    fixed('messageProcessor', area.message_processor_id, changes.messageProcessor)
    fixed('presenceProcessor', area.presence_processor_id, changes.presenceProcessor)
    const cpName = names.get(area.call_processor_id) ?? ''
    const mpId =
      area.message_processor_id ??
      (changes.messageProcessor ? this.messageProcessorId(domain, changes.messageProcessor) : null)
    const ppId =
      area.presence_processor_id ??
      (changes.presenceProcessor
        ? this.presenceProcessorId(area.call_processor_id, cpName, changes.presenceProcessor)
        : null)
    const wanted = changes.attributeChanges
      ? withAttributeChanges(area.attributes, changes.attributeChanges)
      : changes.attributes
    const attributes = wanted
      ? this.checkAttributes(area.call_processor_id, cpName, mpId, wanted)
      : area.attributes
    const userRoles = changes.userRoles ? this.checkRoles(domain, changes.userRoles) : area.user_roles
    const ldapOptions = this.ldapOptions(domain, area, changes)
    const settings = { mpId, ppId, attributes, userRoles, ldapOptions }
    return this.save(domain, area.name, settings, (columns) => store.serviceAreas.update(area.id, columns))
  }

  /** Writes what add or edit checked, in one transaction, and returns the area as it now is. */
  private save(
    domain: DomainRow,
    name: string,
    settings: {
      mpId: number | null
      ppId: number | null
      attributes: ServiceAreaAttributes
      userRoles: string[]
      ldapOptions: ServiceAreaLdapValues
    },
    write: (columns: SettableColumns) => void
  ): ServiceArea {
    const { store, events } = this.deps
    store.transaction(() =>
      write({
        message_processor_id: settings.mpId,
        presence_processor_id: settings.ppId,
        attributes: settings.attributes,
        user_roles: settings.userRoles,
        ...settings.ldapOptions
      })
    )
    events.emit('domains:changed', { name: domain.name })
    return this.get(domain, name)
  }

  /** The matching order decides where a product that fits several areas goes (DOM-30). */
  move(domainName: string, name: string, position: number): ServiceArea[] {
    const { store, events } = this.deps
    const domain = domainRow(store, domainName)
    assertDomainIdle(this.deps.coordinator, domain)
    const area = this.row(domain, name)
    store.transaction(() => store.serviceAreas.move(domain.id, area.id, position))
    events.emit('domains:changed', { name: domain.name })
    return this.list(domain.name)
  }

  delete(domainName: string, name: string): { deleted: string } {
    const { store, events } = this.deps
    const domain = domainRow(store, domainName)
    assertDomainIdle(this.deps.coordinator, domain)
    const area = this.row(domain, name)
    store.transaction(() => store.serviceAreas.delete(area.id))
    events.emit('domains:changed', { name: domain.name })
    return { deleted: area.name }
  }

  private get(domain: DomainRow, name: string): ServiceArea {
    return this.toServiceArea(domain, this.row(domain, name))
  }

  private row(domain: DomainRow, name: string): ServiceAreaRow {
    const area = this.deps.store.serviceAreas.byName(domain.id, name)
    if (!area) throw new UserError('NOT_FOUND', `${domain.name} has no service area named "${name}".`, 'name')
    return area
  }

  private messageProcessorId(domain: DomainRow, name: string): number {
    const { store } = this.deps
    const mp = deviceOfKind(store, name, 'message-processor', 'messageProcessor')
    if (!store.domains.processorIds(domain.id).includes(mp.id))
      throw new UserError(
        'VALIDATION',
        `messageProcessor: ${mp.name} is not a Message Processor of ${domain.name}; add it to the domain first.`,
        'messageProcessor'
      )
    return mp.id
  }

  /** SETUP-05: only Presence Processors linked to the service area's Call Processor. */
  private presenceProcessorId(cpId: number, cpName: string, name: string): number {
    const pp = deviceOfKind(this.deps.store, name, 'presence-processor', 'presenceProcessor')
    if (pp.call_processor_id !== cpId)
      throw new UserError(
        'VALIDATION',
        `presenceProcessor: ${pp.name} is not linked to ${cpName}; choose a Presence Processor of that Call Processor.`,
        'presenceProcessor'
      )
    return pp.id
  }

  /** Every attribute names an object of the synchronized infrastructure (as the device spells it). */
  private checkAttributes(
    cpId: number,
    cpName: string,
    mpId: number | null,
    attributes: ServiceAreaAttributes
  ): ServiceAreaAttributes {
    const { store } = this.deps
    const checked: ServiceAreaAttributes = {}
    const pick = (
      field: string,
      deviceId: number,
      deviceName: string,
      type: string,
      value: string
    ): string => {
      const names = store.inventory.names(deviceId, type)
      if (names.length === 0)
        throw new UserError(
          'VALIDATION',
          `attributes.${field}: ${deviceName} has no synchronized ${type} objects; run its infrastructure synchronization first.`,
          `attributes.${field}`
        )
      const found = names.find((n) => n.toLowerCase() === value.toLowerCase())
      if (!found)
        throw new UserError(
          'VALIDATION',
          `attributes.${field}: ${deviceName} has no ${type} "${value}" (synchronized: ${names.slice(0, 8).join(', ')}${names.length > 8 ? ', …' : ''}).`,
          `attributes.${field}`
        )
      return found
    }
    for (const [field, type] of Object.entries(CALL_PROCESSOR_CHOICES) as [
      keyof typeof CALL_PROCESSOR_CHOICES,
      string
    ][]) {
      const value = attributes[field]
      if (value !== undefined) checked[field] = pick(field, cpId, cpName, type, value)
    }
    if (attributes.protocol) checked.protocol = attributes.protocol
    if (attributes.voiceGateways)
      checked.voiceGateways = attributes.voiceGateways.map((g, i) =>
        pick(`voiceGateways.${i}`, cpId, cpName, 'Gateway', g)
      )
    const unitySide = ['subscriberTemplate', 'cosWithTts', 'cosWithoutTts'] as const
    for (const field of unitySide) {
      const value = attributes[field]
      if (value === undefined) continue
      // SETUP-10: templates and classes of service belong to the Message Processor.
      if (mpId === null)
        throw new UserError(
          'VALIDATION',
          `attributes.${field}: choose the service area's Message Processor first; templates and classes of service come from it.`,
          `attributes.${field}`
        )
      const mpName = deviceNames(store).get(mpId) ?? ''
      const type = field === 'subscriberTemplate' ? 'SubscriberTemplate' : 'ClassOfService'
      const name = pick(field, mpId, mpName, type, value)
      if (field !== 'subscriberTemplate') {
        // SETUP-12: "with TTS" switches unified messaging on, "without TTS" off.
        const cos = store.inventory.objects(mpId, 'ClassOfService').find((o) => o.name === name)
        const tts = cos?.data.AccessTts === 'true' || cos?.data.AccessTts === true
        if (tts !== (field === 'cosWithTts'))
          throw new UserError(
            'VALIDATION',
            `attributes.${field}: the class of service "${name}" ${tts ? 'has' : 'does not have'} text to speech; choose one ${field === 'cosWithTts' ? 'with' : 'without'} TTS.`,
            `attributes.${field}`
          )
      }
      checked[field] = name
    }
    return checked
  }

  /**
   * The LDAP options once the input is applied. A new filter needs LDAP synchronization (LDAP-32);
   * the mask goes with its box, as the form's Mask field is enabled only while the box is ticked (LDAP-33).
   */
  private ldapOptions(
    domain: DomainRow,
    current: ServiceAreaLdapValues,
    input: LdapOptionsInput
  ): ServiceAreaLdapValues {
    const ldapFilter = input.ldapFilter === undefined ? current.ldap_filter : input.ldapFilter
    if (ldapFilter !== null && ldapFilter !== current.ldap_filter)
      assertLdapProvisioning(this.deps.store, domain, 'service-area')
    const masking = input.maskLdapNumbers ?? current.mask_ldap_numbers
    const mask = input.ldapNumberMask === undefined ? current.ldap_number_mask : input.ldapNumberMask
    if (masking && mask === null)
      throw new UserError(
        'VALIDATION',
        'ldapNumberMask: is required while maskLdapNumbers is on (digits, X and a leading + or \\+, e.g. 12XXX).',
        'ldapNumberMask'
      )
    if (!masking && input.ldapNumberMask != null)
      throw new UserError(
        'VALIDATION',
        'ldapNumberMask: is used only while maskLdapNumbers is on; turn it on to apply a mask to directory numbers.',
        'ldapNumberMask'
      )
    return {
      ldap_filter: ldapFilter,
      assign_line_from_block: input.assignLineFromBlock ?? current.assign_line_from_block,
      mask_ldap_numbers: masking,
      ldap_number_mask: masking ? mask : null
    }
  }

  private checkRoles(domain: DomainRow, roles: string[]): string[] {
    const known = this.deps.store.userRoles.ofDomain(domain.id)
    return roles.map((role, i) => {
      const found = known.find((r) => r.name.toLowerCase() === role.toLowerCase())
      if (!found)
        throw new UserError(
          'VALIDATION',
          `userRoles.${i}: ${domain.name} has no user role "${role}" (roles: ${known.map((r) => r.name).join(', ')}).`,
          `userRoles.${i}`
        )
      return found.name
    })
  }

  private toServiceArea(
    domain: DomainRow,
    area: ServiceAreaRow,
    patterns = this.deps.store.inventory.linePatterns(area.call_processor_id)
  ): ServiceArea {
    const { store } = this.deps
    const names = deviceNames(store)
    return {
      domain: domain.name,
      name: area.name,
      position: area.position,
      callProcessor: names.get(area.call_processor_id) ?? '',
      ...(area.message_processor_id !== null
        ? { messageProcessor: names.get(area.message_processor_id) }
        : {}),
      ...(area.presence_processor_id !== null
        ? { presenceProcessor: names.get(area.presence_processor_id) }
        : {}),
      attributes: area.attributes,
      userRoles: area.user_roles,
      ldapFilter: area.ldap_filter,
      assignLineFromBlock: area.assign_line_from_block,
      maskLdapNumbers: area.mask_ldap_numbers,
      ldapNumberMask: area.ldap_number_mask,
      dnBlocks: store.dnBlocks.ofServiceArea(area.id).map((b) => toDnBlock(b, patterns)),
      services: store.serviceAreaUsage.servicesPerKind(area.id)
    }
  }
}

/** The attributes after some of them are set (a value) or cleared (null); the others stay. */
function withAttributeChanges(
  current: ServiceAreaAttributes,
  changes: ServiceAreaAttributeChanges
): ServiceAreaAttributes {
  const merged: Record<string, unknown> = { ...current }
  for (const [field, value] of Object.entries(changes)) {
    if (value === null) delete merged[field]
    else if (value !== undefined) merged[field] = value
  }
  return merged
}
