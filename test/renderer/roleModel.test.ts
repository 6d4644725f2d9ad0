// The user role form: comma lists become arrays; an edit renames only when the name changed.
import { describe, expect, it } from 'vitest'
import type { UserRole } from '../../src-preload/contract'
import {
  addRoleRequest,
  deleteRefusal,
  editRoleChanges,
  formFromRole,
  isPseudo,
  ldapFilterProblem,
  splitList
} from '../../src-renderer/src/features/domains/roleModel'

const role: UserRole = {
  domain: 'Demo Domain',
  name: 'Executive',
  builtin: true,
  isDefault: false,
  endpoints: ['Cisco 8865'],
  lines: ['Line'],
  services: ['Voicemail'],
  bundles: [],
  ldapFilter: null,
  users: 3
}

describe('role form', () => {
  it('splits comma lists, dropping empty entries', () => {
    expect(splitList(' Cisco 8865, ,Cisco 7841 ,')).toEqual(['Cisco 8865', 'Cisco 7841'])
    expect(splitList('')).toEqual([])
  })

  it('builds add and edit requests', () => {
    const form = { ...formFromRole(role), name: 'Sales', bundles: 'Standard' }
    expect(addRoleRequest('Demo Domain', form)).toEqual({
      domain: 'Demo Domain',
      name: 'Sales',
      endpoints: ['Cisco 8865'],
      lines: ['Line'],
      services: ['Voicemail'],
      bundles: ['Standard']
    })
    const original = formFromRole(role)
    expect(editRoleChanges(original, original)).not.toHaveProperty('name')
    expect(editRoleChanges(form, original)).toMatchObject({ name: 'Sales', bundles: ['Standard'] })
  })

  it('sends the LDAP filter when set or changed, and checks it while typing (LDAP-31)', () => {
    const form = { ...formFromRole(role), ldapFilter: '(title=Director*)' }
    expect(addRoleRequest('Demo Domain', form)).toMatchObject({ ldapFilter: '(title=Director*)' })
    expect(addRoleRequest('Demo Domain', formFromRole(role))).not.toHaveProperty('ldapFilter')
    expect(editRoleChanges(formFromRole(role), formFromRole(role))).not.toHaveProperty('ldapFilter')
    expect(editRoleChanges(formFromRole(role), form)).toMatchObject({ ldapFilter: null })
    expect(ldapFilterProblem({ ...form, ldapFilter: 'title=Director' })).toMatch(/expected "\("/)
    expect(ldapFilterProblem(form)).toBeNull()
  })

  it('knows the built-in Pseudo role', () => {
    expect(isPseudo({ ...role, name: 'Pseudo' })).toBe(true)
    expect(isPseudo(role)).toBe(false)
  })

  // Issue 25 item 28: Delete is off where the Core refuses it, with the reason for its title.
  it('offers Delete only for roles the Core would delete', () => {
    expect(deleteRefusal({ ...role, name: 'Pseudo', users: 0 })).toMatch(/Pseudo role .* cannot be/)
    expect(deleteRefusal({ ...role, name: 'Employee', isDefault: true, users: 0 })).toMatch(
      /^Employee is the domain's default role/
    )
    expect(deleteRefusal(role)).toBe('3 users have the role Executive, so it cannot be deleted.')
    expect(deleteRefusal({ ...role, users: 1 })).toBe(
      '1 user has the role Executive, so it cannot be deleted.'
    )
    // A built-in role may be trimmed (SETUP-16) once it is neither the default nor in use.
    expect(deleteRefusal({ ...role, users: 0 })).toBeUndefined()
  })
})
