import type { dnBlockEditSchema, dnBlockInputSchema, DnBlock } from '../../src-preload/contract'
import { dnBlockProblems } from '../../src-preload/contract'
import type { z } from 'zod'
import { UserError } from '../core/errors'
import type { DnBlockRow } from '../store/dnBlocks'
import type { ServiceAreaRow } from '../store/serviceAreas'
import { deviceNames, domainRow, type DomainDeps } from './context'
import { blockContains, blockNumber, blocksOverlap, type BlockSpec } from './numbering'

type DnBlockInput = z.output<typeof dnBlockInputSchema>
type DnBlockEdit = z.output<typeof dnBlockEditSchema>

const spec = (row: DnBlockRow): BlockSpec => ({
  prefix: row.prefix,
  first: row.first,
  last: row.last,
  minLength: row.min_length
})

/** A stored block with its numbers and how many of them the Call Processor's lines use. */
export function toDnBlock(row: DnBlockRow, linePatterns: string[]): DnBlock {
  const block = spec(row)
  return {
    id: row.id,
    prefix: row.prefix,
    first: row.first,
    last: row.last,
    minLength: row.min_length,
    firstNumber: blockNumber(block, row.first),
    lastNumber: blockNumber(block, row.last),
    size: row.last - row.first + 1,
    used: new Set(linePatterns.filter((p) => blockContains(block, p))).size
  }
}

/** Directory number blocks of a service area; blocks on one Call Processor never share a number. */
export class DnBlockService {
  constructor(private readonly deps: DomainDeps) {}

  add(input: DnBlockInput): DnBlock {
    const { store, events } = this.deps
    const domain = domainRow(store, input.domain)
    const area = store.serviceAreas.byName(domain.id, input.serviceArea)
    if (!area)
      throw new UserError(
        'NOT_FOUND',
        `${domain.name} has no service area named "${input.serviceArea}".`,
        'serviceArea'
      )
    const block: BlockSpec = {
      prefix: input.prefix,
      first: input.first,
      last: input.last,
      minLength: input.minLength
    }
    this.assertNoOverlap(area.call_processor_id, block)
    const id = store.transaction(() =>
      store.dnBlocks.insert({
        service_area_id: area.id,
        prefix: block.prefix,
        first: block.first,
        last: block.last,
        min_length: block.minLength
      })
    )
    events.emit('domains:changed', { name: domain.name })
    const patterns = store.inventory.linePatterns(area.call_processor_id)
    return toDnBlock(store.dnBlocks.byId(id) as DnBlockRow, patterns)
  }

  edit(input: DnBlockEdit): DnBlock {
    const { store, events } = this.deps
    const row = store.dnBlocks.byId(input.id)
    if (!row) throw new UserError('NOT_FOUND', `There is no directory number block ${input.id}.`, 'id')
    const area = store.serviceAreas.byId(row.service_area_id) as ServiceAreaRow
    const block: BlockSpec = {
      prefix: input.prefix ?? row.prefix,
      first: input.first ?? row.first,
      last: input.last ?? row.last,
      minLength: input.minLength ?? row.min_length
    }
    const [problem] = dnBlockProblems(block)
    if (problem) throw new UserError('VALIDATION', `${problem.field}: ${problem.message}`, problem.field)
    this.assertNoOverlap(area.call_processor_id, block, row.id)
    store.transaction(() =>
      store.dnBlocks.update(row.id, {
        prefix: block.prefix,
        first: block.first,
        last: block.last,
        min_length: block.minLength
      })
    )
    events.emit('domains:changed', { name: store.domains.all().find((d) => d.id === area.domain_id)?.name })
    return toDnBlock(
      store.dnBlocks.byId(row.id) as DnBlockRow,
      store.inventory.linePatterns(area.call_processor_id)
    )
  }

  /** Blocks on one Call Processor never share a number, whatever domain their service areas are in. */
  private assertNoOverlap(callProcessorId: number, block: BlockSpec, except?: number): void {
    const { store } = this.deps
    const domainNames = new Map(store.domains.all().map((d) => [d.id, d.name]))
    for (const other of store.serviceAreas.onCallProcessor(callProcessorId)) {
      for (const existing of store.dnBlocks.ofServiceArea(other.id)) {
        if (existing.id === except || !blocksOverlap(block, spec(existing))) continue
        const range = `${blockNumber(spec(existing), existing.first)}–${blockNumber(spec(existing), existing.last)}`
        throw new UserError(
          'CONFLICT',
          `first: ${blockNumber(block, block.first)}–${blockNumber(block, block.last)} overlaps the block ${range} of service area ${other.name} (domain ${domainNames.get(other.domain_id)}) on ${deviceNames(store).get(callProcessorId)}.`,
          'first'
        )
      }
    }
  }

  delete(id: number): { deleted: number } {
    const { store, events } = this.deps
    const row = store.dnBlocks.byId(id)
    if (!row) throw new UserError('NOT_FOUND', `There is no directory number block ${id}.`, 'id')
    const area = store.serviceAreas.byId(row.service_area_id)
    store.transaction(() => store.dnBlocks.delete(id))
    const domain = store.domains.all().find((d) => d.id === area?.domain_id)
    events.emit('domains:changed', { name: domain?.name })
    return { deleted: id }
  }
}
