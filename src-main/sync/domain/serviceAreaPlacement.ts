// Placing a user's products in the domain's service areas (seed 001 table 5-3): the first area whose
// attributes fit the product, else the first area of its Call Processor under Non-RestrictedDomainSync,
// else none, each with the warning the guide asks for.
import { attributeLabels, type ServiceAreaAttributes } from '../../../src-preload/contract'
import type { ServiceAreaRow } from '../../store/serviceAreas'
import type { CallProcessorSnapshot, LogSink } from './snapshot'
import { sameText } from './values'

/** What a product is matched on, per seed 001 table 5-3. */
export type Wanted = Partial<
  Record<
    | 'devicePool'
    | 'commonDeviceConfig'
    | 'deviceCss'
    | 'lineCss'
    | 'location'
    | 'routePartition'
    | 'protocol',
    string
  >
> & {
  messageProcessorId?: number
}

/** The product being placed, for the warnings. */
export interface Product {
  kind: string
  name: string
  userid: string
}

/**
 * Products share a few attribute combinations (one per site), so each combination is matched once,
 * and the texts its warnings repeat for thousands of products are written once too.
 */
interface Match {
  areas: ServiceAreaRow[]
  /** The matching areas' names, for DOM-30's warning. */
  names?: string
  /** The properties searched, for DOM-39's and DOM-42's warnings, by the Message Processor named. */
  properties?: Map<string, string>
}

export interface PlacementDomain {
  name: string
  serviceAreas: ServiceAreaRow[]
  /** Non-RestrictedDomainSync: a product that fits no area goes to its Call Processor's first. */
  nonRestricted: boolean
}

export class ServiceAreaPlacement {
  private readonly areasInOrder: ServiceAreaRow[]
  private readonly areasByProcessor = new Map<number, ServiceAreaRow[]>()
  private readonly matchCache = new Map<string, Match>()

  constructor(
    private readonly domain: PlacementDomain,
    private readonly log: LogSink
  ) {
    this.areasInOrder = [...domain.serviceAreas].sort((a, b) => a.position - b.position)
  }

  /** DOM-29: where user-level products and products matched on nothing go. */
  firstAreaOn(cpId: number): number | undefined {
    return this.areasOn(cpId)[0]?.id
  }

  /**
   * Places a product: the first fitting service area (a warning when several fit, DOM-30); without
   * one, the first area of its Call Processor under Non-RestrictedDomainSync, else none (a warning
   * with the properties searched: DOM-39, DOM-42). A product matched on nothing (wanted undefined)
   * goes to the first area of its Call Processor.
   */
  place(
    product: Product,
    cp: CallProcessorSnapshot,
    wanted: Wanted | undefined,
    code: string,
    mpName?: string
  ): number | undefined {
    const onProcessor = this.areasOn(cp.id)
    if (wanted === undefined) return onProcessor[0]?.id
    const match = this.matchingAreas(cp.id, onProcessor, wanted)
    if (match.areas.length > 1) this.warnSeveralFit(product, match)
    if (match.areas.length > 0) return match.areas[0].id
    // A line's mailbox is named in the text whether or not its combination matches on it.
    const properties = this.propertiesSearched(match, cp.name, wanted, mpName)
    if (this.domain.nonRestricted && onProcessor.length > 0) {
      this.log.add(
        'warning',
        'DOMAIN_PLACED_NON_RESTRICTED',
        `${product.kind} ${product.name} of ${product.userid} fits no service area (${properties}); Non-RestrictedDomainSync placed it in ${onProcessor[0].name}.`,
        { objectType: product.kind, objectName: product.name }
      )
      return onProcessor[0].id
    }
    this.log.add(
      'warning',
      code,
      `${product.kind} ${product.name} of ${product.userid} could not be placed in a service area of ${this.domain.name}: none has these properties: ${properties}. It stays on the user's record without a service area.`,
      {
        objectType: product.kind,
        objectName: product.name,
        hint: `Create a service area with these settings, or change the ${product.kind.toLowerCase()} on Unified CM.`
      }
    )
    return undefined
  }

  /**
   * Voicemail belongs where its line is (table 5-3) when that area is of the mailbox's Message
   * Processor, else to the first area of its Message Processor.
   */
  voicemailArea(lineAreaId: number | undefined, mpId: number): number | undefined {
    if (
      lineAreaId !== undefined &&
      this.areasInOrder.find((a) => a.id === lineAreaId)?.message_processor_id === mpId
    )
      return lineAreaId
    return this.areasInOrder.find((a) => a.message_processor_id === mpId)?.id
  }

  private areasOn(cpId: number): ServiceAreaRow[] {
    let list = this.areasByProcessor.get(cpId)
    if (!list)
      this.areasByProcessor.set(cpId, (list = this.areasInOrder.filter((a) => a.call_processor_id === cpId)))
    return list
  }

  private matchingAreas(cpId: number, onProcessor: ServiceAreaRow[], wanted: Wanted): Match {
    // Values differing only in letter case get entries of their own, with the same (case-insensitive) result.
    let key = String(cpId)
    for (const field in wanted) key += `\u0000${field}\u0001${String(wanted[field as keyof Wanted] ?? '')}`
    let found = this.matchCache.get(key)
    if (!found)
      this.matchCache.set(key, (found = { areas: onProcessor.filter((a) => fits(a, cpId, wanted)) }))
    return found
  }

  private warnSeveralFit(product: Product, match: Match): void {
    const matching = match.areas
    match.names ??= matching.map((a) => a.name).join(', ')
    this.log.add(
      'warning',
      'DOMAIN_SEVERAL_SERVICE_AREAS',
      `${product.kind} ${product.name} of ${product.userid} fits ${matching.length} service areas (${match.names}); it was placed in the first, ${matching[0].name}.`,
      {
        objectType: product.kind,
        objectName: product.name,
        hint: 'Make the service areas’ attributes distinct if it belongs elsewhere.'
      }
    )
  }

  private propertiesSearched(match: Match, cpName: string, wanted: Wanted, mpName?: string): string {
    match.properties ??= new Map<string, string>()
    let properties = match.properties.get(mpName ?? '')
    if (properties === undefined)
      match.properties.set(mpName ?? '', (properties = describeWanted(cpName, wanted, mpName)))
    return properties
  }
}

function fits(area: ServiceAreaRow, cpId: number, wanted: Wanted): boolean {
  if (area.call_processor_id !== cpId) return false
  for (const [field, value] of Object.entries(wanted) as [keyof Wanted, string | number | undefined][]) {
    if (field === 'messageProcessorId') {
      if (value !== undefined && area.message_processor_id !== value) return false
      continue
    }
    const required = area.attributes[field as keyof ServiceAreaAttributes]
    // An attribute the service area leaves empty accepts any value.
    if (required !== undefined && typeof required === 'string' && !sameText(required, String(value ?? '')))
      return false
  }
  return true
}

function describeWanted(cpName: string, wanted: Wanted, mpName?: string): string {
  const parts = [`Call Processor: ${cpName}`]
  for (const [field, value] of Object.entries(wanted)) {
    if (field === 'messageProcessorId') continue
    parts.push(
      `${attributeLabels[field as keyof ServiceAreaAttributes]}: ${value === '' || value === undefined ? 'none' : String(value)}`
    )
  }
  if (mpName) parts.push(`Unified Message Processor (Voicemail): ${mpName}`)
  return parts.join(', ')
}
