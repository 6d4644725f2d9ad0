// Number masks (seed 000 "Write Back Settings" and service-area filters, LDAP-34/35/43): digits, X,
// and a leading + (or \+ for a literal plus). Shared by the Core and the renderer.

/** The rule a mask breaks, or null. */
export function maskProblem(mask: string): string | null {
  if (mask === '') return 'is empty'
  const body = mask.replace(/^(\\\+|\+)/, '')
  if (/[+]/.test(body)) return '+ (or \\+) may appear only at the start'
  if (!/^[0-9X]+$/.test(body)) return 'may contain only digits 0-9, upper-case X and a leading + or \\+'
  return null
}

/**
 * Applies a mask to a directory number after stripping its non-digits. The number's digits fill
 * the X positions from the right (as Unified CM's external phone number masks do): 1234 under
 * +1408555XXXX is +14085551234. Extra digits on the left of the number are dropped; X positions
 * left over on the left are removed. (The seeds leave the alignment open: LDAP-35's gap.)
 */
export function applyMask(mask: string, number: string): string {
  const plus = /^(\\\+|\+)/.exec(mask)?.[0] ? '+' : ''
  const body = mask.replace(/^(\\\+|\+)/, '')
  const digits = number.replace(/\D/g, '').split('')
  const out: string[] = []
  for (let i = body.length - 1; i >= 0; i--) {
    const c = body[i]
    if (c !== 'X') out.unshift(c)
    else {
      const d = digits.pop()
      if (d !== undefined) out.unshift(d)
    }
  }
  return plus + out.join('')
}
