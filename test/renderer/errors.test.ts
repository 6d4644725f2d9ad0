// Field errors of refused requests land on the form field they are about.
import { describe, expect, it } from 'vitest'
import { fieldErrors, formFieldOf } from '../../src-renderer/src/api/errors'

describe('fieldErrors', () => {
  it('maps edit and list issue paths to form fields and joins messages per field', () => {
    expect(formFieldOf('changes.rules.matchDepartment')).toBe('rules.matchDepartment')
    expect(formFieldOf('callProcessors.0')).toBe('callProcessors')
    expect(
      fieldErrors({
        code: 'VALIDATION',
        message: 'invalid',
        issues: [
          { field: 'last', message: 'must be at least the first number (5)' },
          { field: 'last', message: 'overlaps block 4080000–4080100' }
        ]
      })
    ).toEqual({ last: 'must be at least the first number (5); overlaps block 4080000–4080100' })
  })

  it('uses the error itself when it names one field without an issue list', () => {
    expect(fieldErrors({ code: 'CONFLICT', message: 'overlaps', field: 'first' })).toEqual({
      first: 'overlaps'
    })
    expect(fieldErrors(undefined)).toEqual({})
  })
})
