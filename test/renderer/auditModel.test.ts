// The audit trail's before/after: which fields changed, and how values read.
import { describe, expect, it } from 'vitest'
import { auditDetails, fieldChanges, valueText } from '../../src-renderer/src/features/audit/auditModel'
import { fieldLabel } from '../../src-renderer/src/components/fieldLabel'

describe('field changes', () => {
  it('shows a password change as a row that says so, without a value', () => {
    const details = auditDetails({
      id: 7,
      at: '2026-12-07T15:00:00.000Z',
      actor: 'admin',
      action: 'devices:edit',
      target: 'CUCM-Pub',
      details: { effect: 'change', before: { port: 8443 }, after: { port: 8444 }, secretsSet: ['password'] }
    })
    expect(details.changes).toEqual([
      { field: 'port', before: 8443, after: 8444 },
      { field: 'password', before: '(not recorded)', after: 'changed (the value is never recorded)' }
    ])
    expect(details.other).toEqual({})
  })

  it('finds the changed leaves of nested objects', () => {
    expect(
      fieldChanges(
        { name: 'Lab CUCM 1', port: 8443, extensionMobility: { serviceName: 'EM', serviceUrl: 'http://a' } },
        { name: 'Lab CUCM 1', port: 8444, extensionMobility: { serviceName: 'EM', serviceUrl: 'http://b' } }
      )
    ).toEqual([
      { field: 'port', before: 8443, after: 8444 },
      { field: 'extensionMobility.serviceUrl', before: 'http://a', after: 'http://b' }
    ])
  })

  it('lists every field of a created or deleted object', () => {
    expect(fieldChanges(undefined, { name: 'Nightly', enabled: true })).toEqual([
      { field: 'name', before: undefined, after: 'Nightly' },
      { field: 'enabled', before: undefined, after: true }
    ])
    expect(fieldChanges({ name: 'Nightly' }, undefined)).toEqual([
      { field: 'name', before: 'Nightly', after: undefined }
    ])
    expect(fieldChanges(undefined, undefined)).toEqual([])
  })

  it('keys lists of named objects by name, so reordering is no change', () => {
    const sales = { name: 'Sales', position: 1, css: 'CSS-A' }
    const support = { name: 'Support', position: 2, css: 'CSS-B' }
    expect(fieldChanges([sales, support], [support, { ...sales, css: 'CSS-C' }])).toEqual([
      { field: 'Sales.css', before: 'CSS-A', after: 'CSS-C' }
    ])
    expect(fieldChanges([sales], [sales, support])).toEqual([
      { field: 'Support.name', before: undefined, after: 'Support' },
      { field: 'Support.position', before: undefined, after: 2 },
      { field: 'Support.css', before: undefined, after: 'CSS-B' }
    ])
  })

  it('compares lists of plain values, and values that change shape, as a whole', () => {
    expect(fieldChanges({ callProcessors: ['A'] }, { callProcessors: ['A', 'B'] })).toEqual([
      { field: 'callProcessors', before: ['A'], after: ['A', 'B'] }
    ])
    expect(fieldChanges({ backup: { host: 'h' } }, { backup: null })).toEqual([
      { field: 'backup', before: { host: 'h' }, after: null }
    ])
    expect(fieldChanges(3, 4)).toEqual([{ field: '(value)', before: 3, after: 4 }])
  })
})

describe('value text', () => {
  it('reads strings as they are, nothing as a dash and the rest as JSON', () => {
    expect(valueText('CSS-A')).toBe('CSS-A')
    expect(valueText(undefined)).toBe('—')
    expect(valueText(null)).toBe('—')
    expect(valueText('')).toBe('—')
    expect(valueText(false)).toBe('false')
    expect(valueText(['A', 'B'])).toBe('["A","B"]')
  })
})

// Issue 25 item 26: the audit detail showed raw keys (fieldRules.firstName.create).
describe('field labels', () => {
  it('reads a field path in words, abbreviations in capitals', () => {
    expect(fieldLabel('fieldRules.firstName.create')).toBe('Field rules › First name › Create')
    expect(fieldLabel('mappings.userId')).toBe('Mappings › User ID')
    expect(fieldLabel('extensionMobility.serviceUrl')).toBe('Extension mobility › Service URL')
    expect(fieldLabel('useSsl')).toBe('Use SSL')
  })
  it('keeps the names of things as they are', () => {
    expect(fieldLabel('Sales.callingSearchSpace')).toBe('Sales › Calling search space')
    expect(fieldLabel('CCM2')).toBe('CCM2')
    expect(fieldLabel('(value)')).toBe('(value)')
  })
})
