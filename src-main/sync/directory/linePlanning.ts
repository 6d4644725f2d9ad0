// The line number of a new directory user (seed 000 "masks", LDAP-33 … -39): the service area's two
// boxes, "assign new line from the extension block" and "apply mask to LDAP synchronized telephone
// numbers", decide between a block number, the directory number masked, or the directory number.
import type { LineSource } from '../../../src-preload/contract'
import { applyMask } from '../../../src-preload/rules/numberMask'
import type { BlockAllocator, BlockSpec } from '../../domains/numbering'

export interface LineOptions {
  assignLineFromBlock: boolean
  maskLdapNumbers: boolean
  ldapNumberMask: string | null
}

/** Why no line is planned. */
export type NoLineReason =
  /** Mask only (LDAP-37), or neither box: the directory has no number. */
  | 'no-directory-number'
  /** Neither box: the directory number is not one Unified CM accepts (letters, for instance). */
  | 'not-dialable'
  /** The block box is ticked but the service area has no DN block. */
  | 'no-blocks'
  /** Every number of the service area's blocks is in use or planned. */
  | 'blocks-exhausted'

export type LineDecision =
  | { planned: true; dn: string; source: LineSource; block?: BlockSpec }
  | { planned: false; reason: NoLineReason }

/** Separators people write in phone numbers; a directory number keeps its digits and a leading +. */
const SEPARATORS = /[\s\-.()/]/g

/**
 * Decides a new user's line from the service area's options and the number the directory holds
 * (the attribute the domain maps to the phone; undefined when it has none).
 */
export function decideLine(
  options: LineOptions,
  directoryNumber: string | undefined,
  blocks: BlockAllocator
): LineDecision {
  // The seed masks "after removing the non-numeric characters": a value without digits is no number.
  const hasNumber = directoryNumber !== undefined && /\d/.test(directoryNumber)
  const fromBlock = (): LineDecision => {
    if (!blocks.hasBlocks) return { planned: false, reason: 'no-blocks' }
    const picked = blocks.next()
    return picked
      ? { planned: true, dn: picked.dn, source: 'block', block: picked.block }
      : { planned: false, reason: 'blocks-exhausted' }
  }
  if (options.maskLdapNumbers && options.ldapNumberMask !== null) {
    // LDAP-37, -38: the masked directory number; without one, a block number only with both boxes.
    if (hasNumber)
      return { planned: true, dn: applyMask(options.ldapNumberMask, directoryNumber), source: 'masked' }
    return options.assignLineFromBlock ? fromBlock() : { planned: false, reason: 'no-directory-number' }
  }
  // LDAP-36: the block wins even over a directory number.
  if (options.assignLineFromBlock) return fromBlock()
  // LDAP-39: the directory number as it is, only without the separators a directory number cannot hold.
  if (!hasNumber) return { planned: false, reason: 'no-directory-number' }
  const dn = directoryNumber.replace(SEPARATORS, '')
  return /^\+?\d+$/.test(dn)
    ? { planned: true, dn, source: 'directory' }
    : { planned: false, reason: 'not-dialable' }
}
