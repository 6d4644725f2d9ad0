// The directory-number chooser (MACD-36/37, issue 21 item 4): what a service area can hand out. Its
// numbers are those of its DN blocks; a number is in use when the Call Processor has a line with that
// pattern in the area's route partition, reserved when someone holds it, available otherwise. Pure:
// the service reads the store and the inventory, this decides.
import type { NumberState } from '../../src-preload/contract'
import { UserError } from '../core/errors'
import { blockContains, blockNumber, type BlockSpec } from './numbering'

export interface NumberPool {
  blocks: readonly BlockSpec[]
  /** Plain numbers of the lines in the area's partition on its Call Processor. */
  inUse: ReadonlySet<string>
  /** Numbers reserved for anyone. */
  reserved: ReadonlySet<string>
}

export interface PageRequest {
  /** Only numbers in this state; every number of the blocks otherwise. */
  state?: NumberState
  /** Digits the number contains (a prefix is a substring too). */
  search?: string
  offset: number
  limit: number
}

export interface NumberPage {
  /** How many numbers match, over all pages. */
  total: number
  numbers: { number: string; state: NumberState }[]
}

/** A number's numeric value, then its length: 0100 and 100 differ, and the shorter comes first. */
function compareNumbers(a: string, b: string): number {
  const byValue = BigInt(a) - BigInt(b)
  if (byValue !== 0n) return byValue < 0n ? -1 : 1
  return a.length - b.length
}

/** The blocks lowest first (blocks of one Call Processor never overlap, so their order is the numbers' order). */
export function blocksLowestFirst(blocks: readonly BlockSpec[]): BlockSpec[] {
  return [...blocks].sort((a, b) => compareNumbers(blockNumber(a, a.first), blockNumber(b, b.first)))
}

export function blockRange(block: BlockSpec): string {
  return `${blockNumber(block, block.first)}–${blockNumber(block, block.last)}`
}

/** The block a number belongs to, if any. */
export function blockOf(blocks: readonly BlockSpec[], number: string): BlockSpec | undefined {
  return blocks.find((b) => blockContains(b, number))
}

export function numberState(pool: NumberPool, number: string): NumberState {
  if (pool.inUse.has(number)) return 'in-use'
  return pool.reserved.has(number) ? 'reserved' : 'available'
}

/** Every number of the blocks, lowest first. */
function* numbersOf(blocks: readonly BlockSpec[]): Generator<string> {
  for (const block of blocksLowestFirst(blocks))
    for (let n = block.first; n <= block.last; n++) yield blockNumber(block, n)
}

/** One page of the blocks' numbers in a state and containing the searched digits, lowest first. */
export function pageOfNumbers(pool: NumberPool, request: PageRequest): NumberPage {
  const numbers: NumberPage['numbers'] = []
  let total = 0
  for (const number of numbersOf(pool.blocks)) {
    if (request.search && !number.includes(request.search)) continue
    const state = numberState(pool, number)
    if (request.state && state !== request.state) continue
    if (total >= request.offset && numbers.length < request.limit) numbers.push({ number, state })
    total++
  }
  return { total, numbers }
}

/** How many numbers of a block are in each state. */
export function blockCounts(pool: NumberPool, block: BlockSpec): Record<NumberState, number> {
  const counts: Record<NumberState, number> = { available: 0, 'in-use': 0, reserved: 0 }
  for (const number of numbersOf([block])) counts[numberState(pool, number)]++
  return counts
}

/**
 * What auto-assign takes: the lowest number neither in use nor reserved. A service area with no
 * blocks, or with every number taken, is refused with its blocks named.
 */
export function lowestFreeNumber(area: { name: string; domain: string }, pool: NumberPool): string {
  const where = `Service area ${area.name} (domain ${area.domain})`
  if (pool.blocks.length === 0)
    throw new UserError(
      'VALIDATION',
      `serviceArea: ${where} has no directory number blocks; add one (Provisioning Setup → ${area.domain} → ${area.name} → Directory Number Blocks, or switchboard dn-blocks add).`,
      'serviceArea'
    )
  for (const number of numbersOf(pool.blocks)) if (numberState(pool, number) === 'available') return number
  const blocks = blocksLowestFirst(pool.blocks).map(blockRange).join(', ')
  throw new UserError(
    'VALIDATION',
    `serviceArea: ${where} has no free directory number: every number of its blocks ${blocks} is in use or reserved; add a block or release a reservation.`,
    'serviceArea'
  )
}
