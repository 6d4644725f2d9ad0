// Issue 6: number masks (LDAP-34, LDAP-35, LDAP-43).
import { describe, expect, it } from 'vitest'
import { applyMask, maskProblem } from '../../src-preload/rules/numberMask'

describe('number masks', () => {
  it.each(['12XXX', '+XX234', 'XX231XXX', '\\+1408XXXXXXX', '4085551234'])('accepts %s', (mask) => {
    expect(maskProblem(mask)).toBeNull()
  })
  it.each([
    ['', /empty/],
    ['12+XX', /only at the start/],
    ['1x2', /upper-case X/],
    ['+', /only digits/],
    ['12-XX', /only digits/]
  ])('refuses %s', (mask, problem) => {
    expect(maskProblem(mask)).toMatch(problem)
  })
  it('fills X from the right with the digits of the number, after removing non-digits', () => {
    expect(applyMask('+1408555XXXX', '1234')).toBe('+14085551234')
    expect(applyMask('\\+1408555XXXX', '(12) 34')).toBe('+14085551234')
    expect(applyMask('12XXX', '4567')).toBe('12567')
    expect(applyMask('XX231XXX', '98765')).toBe('98231765')
    expect(applyMask('9XXXX', '12')).toBe('912')
  })
})
