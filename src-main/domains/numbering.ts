// Directory number blocks (seed 003 Add Directory Number Block, SETUP-14/15): a block is a prefix put
// in front of the numbers first..last, each zero-padded to the minimum length.

export interface BlockSpec {
  prefix: string
  first: number
  last: number
  minLength: number
}

export function blockNumber(block: BlockSpec, n: number): string {
  return block.prefix + String(n).padStart(block.minLength, '0')
}

/**
 * The block as runs of equally long numbers: within one length, numbers compare as integers. Two
 * blocks share a number exactly when two of their runs have the same length and overlapping ranges.
 */
function runs(block: BlockSpec): { length: number; low: bigint; high: bigint }[] {
  const result: { length: number; low: bigint; high: bigint }[] = []
  const digits = (n: number): number => String(n).length
  for (let k = digits(block.first); k <= digits(block.last); k++) {
    const low = Math.max(block.first, k === 1 ? 0 : 10 ** (k - 1))
    const high = Math.min(block.last, 10 ** k - 1)
    if (low > high) continue
    const width = Math.max(k, block.minLength)
    const base = BigInt(block.prefix === '' ? 0 : block.prefix) * 10n ** BigInt(width)
    result.push({ length: block.prefix.length + width, low: base + BigInt(low), high: base + BigInt(high) })
  }
  return result
}

export function blocksOverlap(a: BlockSpec, b: BlockSpec): boolean {
  return runs(a).some((ra) =>
    runs(b).some((rb) => ra.length === rb.length && ra.low <= rb.high && rb.low <= ra.high)
  )
}

/** Whether a directory number is one of the block's numbers. */
export function blockContains(block: BlockSpec, pattern: string): boolean {
  if (!pattern.startsWith(block.prefix)) return false
  const rest = pattern.slice(block.prefix.length)
  if (!/^\d+$/.test(rest) || rest.length < block.minLength) return false
  const n = Number(rest)
  // "0408" is not a number of a block without padding: it must read back the same way.
  return String(n).padStart(block.minLength, '0') === rest && n >= block.first && n <= block.last
}

/** A Call Processor's line pattern as a plain number: `\+` (an escaped plus in a pattern) reads as `+`. */
export function plainNumber(pattern: string): string {
  return pattern.replace(/\\\+/g, '+')
}

/**
 * Hands out the free numbers of some blocks, lowest block and number first. `taken` holds every number
 * in use or planned on the blocks' Call Processor; each number handed out joins it, so numbers planned
 * for other service areas of the same Call Processor are seen too.
 */
export class BlockAllocator {
  /** Per block, the first number not yet looked at: `taken` only grows, so nothing below it frees up. */
  private readonly cursor = new Map<BlockSpec, number>()

  constructor(
    private readonly blocks: readonly BlockSpec[],
    private readonly taken: Set<string>
  ) {}

  get hasBlocks(): boolean {
    return this.blocks.length > 0
  }

  /** The next free number and its block, or undefined when every number is taken. */
  next(): { dn: string; block: BlockSpec } | undefined {
    for (const block of this.blocks) {
      for (let n = this.cursor.get(block) ?? block.first; n <= block.last; n++) {
        const dn = blockNumber(block, n)
        if (this.taken.has(dn)) continue
        this.cursor.set(block, n + 1)
        this.taken.add(dn)
        return { dn, block }
      }
      this.cursor.set(block, block.last + 1)
    }
    return undefined
  }
}
