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
