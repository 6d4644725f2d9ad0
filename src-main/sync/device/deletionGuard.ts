// The deletion guard of device synchronizations (issue 28): a device that answers with empty or wrong
// lists must not empty the inventory. A run that would remove more than a share of an object type's
// inventory, or all of it, changes nothing and waits for an administrator's approval.
import type { HeldType, RunCounts } from '../../../src-preload/contract'

/**
 * Types with fewer objects than this are held only when they would lose all of them: removing 1 of 3
 * partitions or 2 of 8 device pools is everyday administration, not a sign of a broken answer, and a
 * share of a handful of objects says little. An emptied type is held at any size.
 */
export const GUARD_MIN_OBJECTS = 10

/** The removals an administrator approved: those a held run reported, at most that many per type. */
export interface Approval {
  runId: number
  types: HeldType[]
}

export interface GuardDecision {
  /** Types over the guard: the run must not change anything. */
  held: HeldType[]
  /** Types over the guard whose removals the approval covers. */
  approved: HeldType[]
}

/** What each type would lose, from a commit's counts (the inventory before is what it did not add). */
export function lossesOf(counts: RunCounts): HeldType[] {
  return Object.entries(counts).map(([type, c]) => ({
    type,
    inventory: c.changed + c.unchanged + c.removed,
    wouldRemove: c.removed
  }))
}

/** Whether removing `wouldRemove` of `inventory` objects goes beyond the guard. */
export function overGuard(loss: HeldType, percent: number): boolean {
  if (loss.wouldRemove === 0) return false
  if (loss.wouldRemove >= loss.inventory) return true
  return loss.inventory >= GUARD_MIN_OBJECTS && loss.wouldRemove * 100 > percent * loss.inventory
}

/**
 * Sorts the types over the guard into held and approved. An approval covers a type up to the removals
 * its held run reported: a device that lost more since then is held again, so approving what one read
 * showed never accepts what a later, worse read would do.
 */
export function decide(losses: HeldType[], percent: number, approval?: Approval): GuardDecision {
  const decision: GuardDecision = { held: [], approved: [] }
  for (const loss of losses) {
    if (!overGuard(loss, percent)) continue
    const allowed = approval?.types.find((t) => t.type === loss.type)
    if (allowed && loss.wouldRemove <= allowed.wouldRemove) decision.approved.push(loss)
    else decision.held.push(loss)
  }
  return decision
}

/** The guard as a sentence's end: "more than 20 % of a type, or all of it". */
export function describeGuard(percent: number): string {
  return `the deletion guard holds a run that would remove more than ${percent} % of a type (of ${GUARD_MIN_OBJECTS} objects or more), or all of it`
}
