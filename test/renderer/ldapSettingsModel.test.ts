// The LDAP Settings form: settings ↔ form, only changes sent, the rules checked before saving, and
// what each directory product offers (LDAP-19/20).
import { describe, expect, it } from 'vitest'
import type { AppError, LdapSettings } from '../../src-preload/contract'
import {
  attributeOffered,
  defaultLdapForm,
  describeRefusal,
  formFromSettings,
  ldapSettingsRequest,
  liveProblems,
  withDirectory,
  type LdapSettingsForm,
  type LdapSettingsRequest
} from '../../src-renderer/src/features/domains/ldap/ldapSettingsModel'
import { isoWithOffset, localInputOf } from '../../src-renderer/src/components/localDateTime'

const everyRule = { create: true, update: true, clear: true }

const settings: LdapSettings = {
  domain: 'Sales',
  directory: 'Lab AD',
  mode: 'auth-sync',
  updateExisting: 'all',
  staleAction: 'delete-if-no-services',
  searchBase: 'OU=Staff,DC=example,DC=test',
  syncDisabledUsers: true,
  mappings: {
    userId: 'sAMAccountName',
    phone: 'ipPhone',
    email: 'mail',
    middleName: 'middleName',
    directoryUri: 'msRTCSIP-primaryuseraddress'
  },
  filter: { kind: 'simple', conditions: [{ field: 'Department', operator: '=', value: 'Sales' }] },
  guard: { maxRemovals: 50, maxPercent: 10 },
  writeBack: { attribute: 'ipPhone', mask: '+1408555XXXX' },
  fieldRules: {
    firstName: everyRule,
    lastName: everyRule,
    middleName: everyRule,
    email: everyRule,
    phone: everyRule,
    mobile: everyRule,
    department: everyRule,
    title: { create: true, update: false, clear: false },
    manager: everyRule,
    directoryUri: everyRule
  },
  provisioningRule: { role: 'Employee', serviceArea: 'HQ' },
  intervalHours: 24,
  startAt: '2026-12-01T01:00:00.000Z',
  updatedAt: '2026-11-22T00:00:00.000Z'
}

const saved = formFromSettings(settings)

function changesOf(request: LdapSettingsRequest) {
  if (!request.ok) throw new Error(`refused: ${request.error.message}`)
  return request.changes
}

function refusalOf(request: LdapSettingsRequest): AppError {
  if (request.ok) throw new Error(`accepted: ${JSON.stringify(request.changes)}`)
  return request.error
}

const edited = (changes: Partial<LdapSettingsForm>): LdapSettingsForm => ({ ...saved, ...changes })

describe('ldapSettingsRequest', () => {
  it('sends nothing when the saved settings are saved again', () => {
    expect(changesOf(ldapSettingsRequest(saved, saved))).toEqual({})
  })

  it('sends only the values that changed, and only the changed keys of merged groups', () => {
    const form = edited({
      searchBase: ' OU=Sales,DC=example,DC=test ',
      mappings: { ...saved.mappings, phone: 'telephoneNumber' },
      fieldRules: { ...saved.fieldRules, mobile: { create: true, update: true, clear: false } },
      maxPercent: '15'
    })
    expect(changesOf(ldapSettingsRequest(form, saved))).toEqual({
      searchBase: 'OU=Sales,DC=example,DC=test',
      mappings: { phone: 'telephoneNumber' },
      fieldRules: { mobile: { create: true, update: true, clear: false } },
      guard: { maxPercent: 15 }
    })
  })

  it('clears what was emptied with null', () => {
    const form = edited({ intervalHours: '', startAt: '', role: '', writeBackMask: '' })
    expect(changesOf(ldapSettingsRequest(form, saved))).toEqual({
      intervalHours: null,
      startAt: null,
      provisioningRule: { role: null },
      writeBack: { mask: null }
    })
  })

  it('drops the mask when nothing is written back, but keeps it in the form for later', () => {
    const form = edited({ writeBackAttribute: 'none' })
    expect(changesOf(ldapSettingsRequest(form, saved))).toEqual({
      writeBack: { attribute: 'none', mask: null }
    })
    expect(form.writeBackMask).toBe('+1408555XXXX')
  })

  it('replaces the whole filter when its kind changes', () => {
    const form = edited({ filterKind: 'advanced', advancedFilter: '(&(department=Sales*)(mail=*))' })
    expect(changesOf(ldapSettingsRequest(form, saved))).toEqual({
      filter: { kind: 'advanced', filter: '(&(department=Sales*)(mail=*))' }
    })
    expect(changesOf(ldapSettingsRequest(edited({ filterKind: 'all' }), saved))).toEqual({
      filter: { kind: 'all' }
    })
  })

  it('sends every setting and the directory on the first save, but no empty optional ones', () => {
    const form = defaultLdapForm('Lab AD', { product: 'ad', searchBase: 'OU=Staff,DC=example,DC=test' })
    const changes = changesOf(ldapSettingsRequest(form, undefined))
    expect(changes).toMatchObject({
      directory: 'Lab AD',
      mode: 'auth-sync',
      updateExisting: 'all',
      staleAction: 'keep',
      searchBase: 'OU=Staff,DC=example,DC=test',
      syncDisabledUsers: false,
      mappings: { userId: 'sAMAccountName', middleName: 'middleName' },
      filter: { kind: 'all' },
      guard: { maxRemovals: 500, maxPercent: 20 },
      writeBack: { attribute: 'none' }
    })
    expect(Object.keys(changes.fieldRules ?? {})).toHaveLength(10)
    expect(changes).not.toHaveProperty('provisioningRule')
    expect(changes).not.toHaveProperty('intervalHours')
    expect(changes).not.toHaveProperty('startAt')
    expect(changes.writeBack).not.toHaveProperty('mask')
  })

  it('refuses a broken advanced filter, naming the field and the rule', () => {
    const form = edited({ filterKind: 'advanced', advancedFilter: '(department=Sales' })
    const error = refusalOf(ldapSettingsRequest(form, saved))
    expect(error.issues?.map((i) => i.field)).toEqual(['filter.filter'])
    expect(error.issues?.[0].message).toMatch(/^is not a valid LDAP filter: expected "\)" at position 18$/)
    expect(error.message).toMatch(/^LDAP query: is not a valid LDAP filter/)
    expect(liveProblems(form)['filter.filter']).toMatch(/is not a valid LDAP filter/)
  })

  it('refuses simple queries without conditions or with a * inside a value', () => {
    const none = refusalOf(ldapSettingsRequest(edited({ conditions: [] }), saved))
    expect(none.issues).toEqual([{ field: 'filter.conditions', message: 'needs at least one condition' }])
    const starred = edited({ conditions: [{ field: 'User ID', operator: '=', value: 'ab*cd' }] })
    const error = refusalOf(ldapSettingsRequest(starred, saved))
    expect(error.issues?.[0].field).toBe('filter.conditions.0.value')
    expect(error.message).toBe('Condition 1 value: "ab*cd": * may only start or end a value')
    expect(liveProblems(starred)).toEqual({
      'filter.conditions.0.value': '"ab*cd": * may only start or end a value'
    })
  })

  it('waits for Save before calling an empty condition wrong', () => {
    const form = edited({ conditions: [{ field: 'Department', operator: '=', value: '' }] })
    expect(liveProblems(form)).toEqual({})
    expect(refusalOf(ldapSettingsRequest(form, saved)).issues).toEqual([
      { field: 'filter.conditions.0.value', message: 'needs a value' }
    ])
  })

  it('refuses a search base that is not a distinguished name', () => {
    const error = refusalOf(ldapSettingsRequest(edited({ searchBase: 'Staff' }), saved))
    expect(error.issues?.[0].field).toBe('searchBase')
    expect(error.message).toMatch(/^User search base: must be a distinguished name/)
    const empty = refusalOf(ldapSettingsRequest(edited({ searchBase: ' ' }), saved))
    expect(empty.issues).toEqual([{ field: 'searchBase', message: 'is required' }])
  })

  it('checks the guard, the interval and the mask', () => {
    const form = edited({
      maxRemovals: 'many',
      maxPercent: '150',
      intervalHours: '0',
      writeBackMask: '14+08'
    })
    const error = refusalOf(ldapSettingsRequest(form, saved))
    expect(error.issues).toEqual([
      { field: 'guard.maxRemovals', message: 'must be a number' },
      { field: 'guard.maxPercent', message: 'must be between 0 and 100' },
      { field: 'writeBack.mask', message: '+ (or \\+) may appear only at the start' },
      { field: 'intervalHours', message: 'must be between 1 and 8760' }
    ])
    expect(liveProblems(form)).toEqual({ 'writeBack.mask': '+ (or \\+) may appear only at the start' })
    const empty = refusalOf(ldapSettingsRequest(edited({ maxRemovals: ' ' }), saved))
    expect(empty.issues).toEqual([{ field: 'guard.maxRemovals', message: 'is required' }])
  })

  it('does not check a mask that is not sent', () => {
    expect(liveProblems(edited({ writeBackAttribute: 'none', writeBackMask: 'abc' }))).toEqual({})
    expect(ldapSettingsRequest(edited({ writeBackAttribute: 'none', writeBackMask: 'abc' }), saved).ok).toBe(
      true
    )
  })
})

describe('describeRefusal', () => {
  it('names the Core’s fields by their labels', () => {
    const error: AppError = {
      code: 'VALIDATION',
      message: 'mappings.userId: …',
      issues: [
        {
          field: 'mappings.userId',
          message: 'Active Directory users are identified by sAMAccountName, not uid'
        },
        { field: 'changes.guard.maxPercent', message: 'must be between 0 and 100' }
      ]
    }
    expect(describeRefusal(error)).toBe(
      'User ID: Active Directory users are identified by sAMAccountName, not uid; Maximum removals (%): must be between 0 and 100'
    )
    expect(describeRefusal({ code: 'BUSY', message: 'Sales is synchronizing.' })).toBe(
      'Sales is synchronizing.'
    )
  })
})

describe('directory products', () => {
  it('offers uid instead of sAMAccountName outside Active Directory, and no AD-only attribute for OpenLDAP', () => {
    expect(attributeOffered('sAMAccountName', 'ad')).toBe(true)
    expect(attributeOffered('uid', 'ad')).toBe(false)
    expect(attributeOffered('sAMAccountName', 'adlds')).toBe(false)
    expect(attributeOffered('userPrincipalName', 'adlds')).toBe(true)
    expect(attributeOffered('uid', 'adlds')).toBe(true)
    for (const attribute of [
      'sAMAccountName',
      'userPrincipalName',
      'ipPhone',
      'middleName',
      'msRTCSIP-primaryuseraddress'
    ])
      expect(attributeOffered(attribute, 'openldap')).toBe(false)
    expect(attributeOffered('telephoneNumber', 'oracle')).toBe(true)
  })

  it('moves choices another directory does not offer to its defaults', () => {
    const form = withDirectory(saved, 'Lab OpenLDAP', 'openldap')
    expect(form.directory).toBe('Lab OpenLDAP')
    expect(form.mappings).toEqual({
      userId: 'uid',
      phone: 'telephoneNumber',
      email: 'mail',
      middleName: 'initials',
      directoryUri: 'mail'
    })
    expect(form.syncDisabledUsers).toBe(false)
    expect(form.writeBackAttribute).toBe('none')
    expect(withDirectory(saved, 'Other AD', 'ad')).toEqual({ ...saved, directory: 'Other AD' })
  })

  it('starts a first save from the product’s defaults', () => {
    expect(defaultLdapForm('Lab LDAP', { product: 'openldap', searchBase: undefined })).toMatchObject({
      directory: 'Lab LDAP',
      searchBase: '',
      mappings: { userId: 'uid', middleName: 'initials' }
    })
  })
})

// Checked as instants, so the tests hold in any time zone the machine has.
describe('start dates', () => {
  const instant = (text: string) => new Date(text).getTime()

  it('are shown in local time', () => {
    expect(saved.startAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d$/)
    expect(instant(saved.startAt)).toBe(instant('2026-12-01T01:00:00.000Z'))
  })

  it('are sent as ISO 8601 with the local offset, naming the instant typed', () => {
    const iso = isoWithOffset('2026-07-01T02:30')
    expect(iso).toMatch(/^2026-07-01T02:30:00[+-]\d\d:\d\d$/)
    expect(instant(iso ?? '')).toBe(instant('2026-07-01T02:30'))
    expect(localInputOf(iso ?? '')).toBe('2026-07-01T02:30')
    expect(isoWithOffset('not a date')).toBeNull()
    expect(changesOf(ldapSettingsRequest(edited({ startAt: '2026-12-24T18:15' }), saved))).toEqual({
      startAt: isoWithOffset('2026-12-24T18:15')
    })
  })
})
