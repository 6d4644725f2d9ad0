import type {
  DirectoryNumber,
  NumberList,
  NumberReservation,
  numberListSchema,
  numberReleaseSchema,
  numberReservationQuerySchema,
  numberReserveSchema
} from '../../src-preload/contract'
import type { z } from 'zod'
import { osUser } from '../audit'
import { UserError } from '../core/errors'
import type { DomainRow } from '../store/domains'
import type { NumberReservationRow } from '../store/numberReservations'
import type { ServiceAreaRow } from '../store/serviceAreas'
import { deviceNames, domainRow, type DomainDeps } from './context'
import {
  blockCounts,
  blockOf,
  blockRange,
  blocksLowestFirst,
  lowestFreeNumber,
  pageOfNumbers,
  type NumberPool
} from './numberChooser'
import { blockNumber, plainNumber, type BlockSpec } from './numbering'

type ListInput = z.output<typeof numberListSchema>
type ReservationQuery = z.output<typeof numberReservationQuerySchema>
type ReserveInput = z.output<typeof numberReserveSchema>
type ReleaseInput = z.output<typeof numberReleaseSchema>

interface Area {
  domain: DomainRow
  row: ServiceAreaRow
  /** The route partition the area's lines go in; '' is the <None> partition. */
  partition: string
}

/** The service area's numbers as the chooser sees them, read from the store and the inventory. */
interface AreaNumbers {
  area: Area
  pool: NumberPool
  reservations: Map<string, NumberReservationRow>
}

/**
 * The directory-number chooser of order entry (MACD-37) and the reservations behind its "Reserved
 * DNs": numbers of a service area's DN blocks, less those its Call Processor uses in its partition,
 * less those reserved.
 */
export class NumberService {
  /** Who reserves: the operating-system user, as the audit trail and orders record it. */
  private readonly actor = osUser()

  constructor(private readonly deps: DomainDeps) {}

  list(input: ListInput): NumberList {
    const { area, pool, reservations } = this.numbersOf(input)
    const page = pageOfNumbers(pool, {
      ...(input.state ? { state: input.state } : {}),
      ...(input.search ? { search: input.search } : {}),
      offset: input.offset,
      limit: input.limit
    })
    const numbers = page.numbers.map(({ number, state }): DirectoryNumber => {
      const reservation = reservations.get(number)
      return { number, state, ...(reservation ? { reservation: this.toReservation(reservation) } : {}) }
    })
    return {
      domain: area.domain.name,
      serviceArea: area.row.name,
      callProcessor: deviceNames(this.deps.store).get(area.row.call_processor_id) ?? '',
      partition: area.partition,
      blocks: blocksLowestFirst(pool.blocks).map((block) => {
        const counts = blockCounts(pool, block)
        return {
          firstNumber: blockNumber(block, block.first),
          lastNumber: blockNumber(block, block.last),
          size: block.last - block.first + 1,
          available: counts.available,
          inUse: counts['in-use'],
          reserved: counts.reserved
        }
      }),
      total: page.total,
      numbers
    }
  }

  /** A service area's reservations, a user's, or a user's in a service area; lowest number first. */
  reservations(query: ReservationQuery): NumberReservation[] {
    const { store } = this.deps
    const rows = query.serviceArea
      ? store.numberReservations.ofServiceArea(
          this.area({ serviceArea: query.serviceArea, domain: query.domain }).row.id
        )
      : store.numberReservations.ofUser(query.userid ?? '')
    const userKey = query.userid?.toLowerCase()
    return rows
      .filter((r) => userKey === undefined || r.userid.toLowerCase() === userKey)
      .map((r) => this.toReservation(r))
  }

  /** What auto-assign takes: the lowest number neither in use nor reserved. */
  next(input: { serviceArea: string; domain?: string }): {
    number: string
    domain: string
    serviceArea: string
  } {
    const { area, pool } = this.numbersOf(input)
    const number = lowestFreeNumber({ name: area.row.name, domain: area.domain.name }, pool)
    return { number, domain: area.domain.name, serviceArea: area.row.name }
  }

  reserve(input: ReserveInput): NumberReservation {
    const { store, clock } = this.deps
    const { area, pool } = this.numbersOf(input)
    const where = `service area ${area.row.name} (domain ${area.domain.name})`
    if (!blockOf(pool.blocks, input.number)) {
      const blocks = blocksLowestFirst(pool.blocks).map(blockRange)
      throw new UserError(
        'VALIDATION',
        `number: ${input.number} is not a number of ${where}: ${blocks.length > 0 ? `its blocks are ${blocks.join(', ')}` : 'it has no directory number blocks'}; a number is reserved in the service area whose blocks hold it.`,
        'number'
      )
    }
    if (pool.inUse.has(input.number))
      throw new UserError(
        'CONFLICT',
        `number: ${input.number} is in use on ${deviceNames(store).get(area.row.call_processor_id)} in ${area.partition === '' ? 'the <None> partition' : `partition ${area.partition}`}; only a free number can be reserved.`,
        'number'
      )
    // Blocks of one Call Processor never overlap, yet an edited block may have left a reservation
    // of this number in another service area: the number is held there.
    const held = store.numberReservations.onCallProcessor(area.row.call_processor_id, input.number)
    if (held) {
      const reservation = this.toReservation(held)
      throw new UserError(
        'CONFLICT',
        `number: ${input.number} is already reserved for ${reservation.userid} in service area ${reservation.serviceArea} (by ${reservation.reservedBy} at ${reservation.reservedAt}); release it first.`,
        'number'
      )
    }
    const id = store.transaction(() =>
      store.numberReservations.insert({
        service_area_id: area.row.id,
        call_processor_id: area.row.call_processor_id,
        number: input.number,
        userid: input.userid,
        reserved_by: this.actor,
        reserved_at: clock.now().toISOString()
      })
    )
    const row = store.numberReservations.ofServiceArea(area.row.id).find((r) => r.id === id)
    const reservation = this.toReservation(row as NumberReservationRow)
    this.deps.events.emit('numbers:changed', {
      domain: reservation.domain,
      serviceArea: reservation.serviceArea
    })
    return reservation
  }

  /**
   * Frees a reservation. Without a service area the number names it, unless two Call Processors each
   * hold a reservation of it; then the service area decides.
   */
  release(input: ReleaseInput): { released: NumberReservation } {
    const { store } = this.deps
    const candidates = input.serviceArea
      ? store.numberReservations
          .ofServiceArea(this.area({ serviceArea: input.serviceArea, domain: input.domain }).row.id)
          .filter((r) => r.number === input.number)
      : store.numberReservations.ofNumber(input.number)
    if (candidates.length === 0)
      throw new UserError(
        'NOT_FOUND',
        `number: ${input.number} is not reserved${input.serviceArea ? ` in service area ${input.serviceArea}` : ''}.`,
        'number'
      )
    if (candidates.length > 1) {
      const areas = candidates.map((r) => this.toReservation(r).serviceArea)
      throw new UserError(
        'VALIDATION',
        `serviceArea: ${input.number} is reserved in several service areas (${areas.join(', ')}); name the one to release it in.`,
        'serviceArea'
      )
    }
    const [row] = candidates as [NumberReservationRow]
    const released = this.toReservation(row)
    store.transaction(() => store.numberReservations.delete(row.id))
    this.deps.events.emit('numbers:changed', { domain: released.domain, serviceArea: released.serviceArea })
    return { released }
  }

  private numbersOf(input: { serviceArea: string; domain?: string }): AreaNumbers {
    const { store } = this.deps
    const area = this.area(input)
    const blocks: BlockSpec[] = store.dnBlocks.ofServiceArea(area.row.id).map((b) => ({
      prefix: b.prefix,
      first: b.first,
      last: b.last,
      minLength: b.min_length
    }))
    const inUse = new Set(
      store.inventory.linePatternsIn(area.row.call_processor_id, area.partition).map(plainNumber)
    )
    const rows = store.numberReservations.ofServiceArea(area.row.id)
    return {
      area,
      pool: { blocks, inUse, reserved: new Set(rows.map((r) => r.number)) },
      reservations: new Map(rows.map((r) => [r.number, r]))
    }
  }

  /**
   * A service area by name, in the named domain or, without one, in whichever domain has it. Names
   * compare without letter case, as everywhere in Provisioning Setup.
   */
  private area(input: { serviceArea: string; domain?: string }): Area {
    const { store } = this.deps
    const domains = input.domain ? [domainRow(store, input.domain)] : store.domains.all()
    const found = domains.flatMap((domain) =>
      store.serviceAreas
        .ofDomain(domain.id)
        .filter((a) => a.name.toLowerCase() === input.serviceArea.toLowerCase())
        .map((row) => ({ domain, row, partition: row.attributes.routePartition ?? '' }))
    )
    if (found.length === 0)
      throw new UserError(
        'NOT_FOUND',
        `serviceArea: there is no service area named "${input.serviceArea}"${input.domain ? ` in ${domains[0]?.name}` : ''}.`,
        'serviceArea'
      )
    if (found.length > 1)
      throw new UserError(
        'VALIDATION',
        `domain: service areas named "${input.serviceArea}" are in ${found.map((f) => f.domain.name).join(', ')}; name the domain.`,
        'domain'
      )
    return found[0]
  }

  private toReservation(row: NumberReservationRow): NumberReservation {
    const { store } = this.deps
    const area = store.serviceAreas.byId(row.service_area_id)
    const domain = store.domains.all().find((d) => d.id === area?.domain_id)
    return {
      number: row.number,
      domain: domain?.name ?? '',
      serviceArea: area?.name ?? '',
      userid: row.userid,
      reservedBy: row.reserved_by,
      reservedAt: row.reserved_at
    }
  }
}
