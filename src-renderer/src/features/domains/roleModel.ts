// Pure conversion between the user role form and contract requests.
import {
  entryFilterProblem,
  type Input,
  type UserRole,
  type roleLines,
  type roleServices
} from '../../../../src-preload/contract'

type RoleChanges = Input<'roles:edit'>['changes']
export type RoleLine = (typeof roleLines)[number]
export type RoleService = (typeof roleServices)[number]

export interface RoleForm {
  name: string
  /** Comma-separated phone models. */
  endpoints: string
  lines: RoleLine[]
  services: RoleService[]
  /** Comma-separated bundle names. */
  bundles: string
  /** Empty: no filter. */
  ldapFilter: string
}

/** The built-in role that cannot be renamed or deleted. */
export const PSEUDO_ROLE = 'Pseudo'

export function isPseudo(role: UserRole): boolean {
  return role.builtin && role.name === PSEUDO_ROLE
}

const PSEUDO_REASON =
  'The built-in Pseudo role (for phones without an owning person) cannot be renamed or deleted.'

/**
 * Why the Core would refuse to delete the role, for a disabled Delete's title: the Pseudo role, the
 * domain's default role and a role users have stay (the built-in Employee and Executive may go once
 * they are neither, SETUP-16).
 */
export function deleteRefusal(role: UserRole): string | undefined {
  if (isPseudo(role)) return PSEUDO_REASON
  if (role.isDefault)
    return `${role.name} is the domain's default role: choose another default role (Edit the domain) before deleting it.`
  if (role.users > 0)
    return `${role.users} ${role.users === 1 ? 'user has' : 'users have'} the role ${role.name}, so it cannot be deleted.`
  return undefined
}

/** "a, b,,c " → ["a", "b", "c"]. */
export function splitList(text: string): string[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
}

export function emptyRoleForm(): RoleForm {
  return { name: '', endpoints: '', lines: [], services: [], bundles: '', ldapFilter: '' }
}

export function formFromRole(role: UserRole): RoleForm {
  return {
    name: role.name,
    endpoints: role.endpoints.join(', '),
    // The contract reports what was stored, which its schema allowed.
    lines: role.lines as RoleLine[],
    services: role.services as RoleService[],
    bundles: role.bundles.join(', '),
    ldapFilter: role.ldapFilter ?? ''
  }
}

/** The filter as the contract has it: empty is none. */
function ldapFilterOf(form: RoleForm): string | null {
  const filter = form.ldapFilter.trim()
  return filter === '' ? null : filter
}

/** The filter's problem while typing (the Core checks the same rule on save). */
export function ldapFilterProblem(form: RoleForm): string | null {
  const filter = ldapFilterOf(form)
  return filter === null ? null : entryFilterProblem(filter)
}

function lists(form: RoleForm) {
  return {
    endpoints: splitList(form.endpoints),
    lines: form.lines,
    services: form.services,
    bundles: splitList(form.bundles)
  }
}

export function addRoleRequest(domain: string, form: RoleForm): Input<'roles:add'> {
  const ldapFilter = ldapFilterOf(form)
  return { domain, name: form.name, ...lists(form), ...(ldapFilter !== null ? { ldapFilter } : {}) }
}

/** The changes for roles:edit: the name and the filter only when they changed, the lists as they are now. */
export function editRoleChanges(form: RoleForm, original: RoleForm): RoleChanges {
  const ldapFilter = ldapFilterOf(form)
  return {
    ...(form.name !== original.name ? { name: form.name } : {}),
    ...lists(form),
    ...(ldapFilter !== ldapFilterOf(original) ? { ldapFilter } : {})
  }
}
