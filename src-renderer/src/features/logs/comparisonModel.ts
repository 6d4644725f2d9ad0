// How a comparison of two runs reads: its totals, its one-line headline and what it is based on.
import type { ComparisonBasis, TypeComparison } from '../../../../src-preload/contract'

export type ComparisonTotals = TypeComparison['counts']

export function comparisonTotals(types: TypeComparison[]): ComparisonTotals {
  return types.reduce(
    (sum, t) => ({
      appeared: sum.appeared + t.counts.appeared,
      disappeared: sum.disappeared + t.counts.disappeared,
      changed: sum.changed + t.counts.changed
    }),
    { appeared: 0, disappeared: 0, changed: 0 }
  )
}

const plural = (count: number, one: string, many: string): string => `${count} ${count === 1 ? one : many}`

/** "3 objects appeared, 1 disappeared and 12 changed, in 4 object types", or "No differences". */
export function comparisonHeadline(types: TypeComparison[]): string {
  if (types.length === 0) return 'No differences: both runs read the same objects with the same fields.'
  const { appeared, disappeared, changed } = comparisonTotals(types)
  return `${plural(appeared, 'object', 'objects')} appeared, ${disappeared} disappeared and ${changed} changed, in ${plural(types.length, 'object type', 'object types')}.`
}

export const basisExplanations: Record<ComparisonBasis, string> = {
  inventory: 'Compared field by field on the objects each run read from the device.',
  users: 'Compared field by field on the domain’s users as each run left them.',
  log: 'Compared on what each run reported in its log (codes and messages) for each object it wrote.'
}

/** "and 250 more not listed" when a list stopped at the comparison's limit. */
export function notListed(listed: number, total: number): string | undefined {
  return total > listed ? `and ${total - listed} more not listed` : undefined
}
