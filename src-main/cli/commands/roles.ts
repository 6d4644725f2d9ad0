import { roleLines, roleServices, type UserRole } from '../../../src-preload/contract'
import type { Core } from '../../core'
import { domainOption, ldapFilterOption, list, onePositional, parse, str, UsageError } from '../args'
import { repeatableOptions, valueOptions } from '../options'
import { callAndPrint, commaList } from '../call'
import { table, type Io } from '../io'

export const rolesHelp = `Usage: switchboard roles add --domain D NAME [--endpoint MODEL]... [--line LINE]... [--service S]...
                                      [--bundle B]... [--ldap-filter '(LDAP filter)']
       switchboard roles list --domain D
       switchboard roles edit --domain D NAME [--name NEW] [lists as for add: given lists replace]
                                               [--ldap-filter '(LDAP filter)'|none]
       switchboard roles delete --domain D NAME

Every domain has Employee (the default role for new users), Executive and Pseudo; Pseudo cannot be
renamed or removed. Lines: ${roleLines.join(', ')}.
Services: ${roleServices.join(', ')}.
--ldap-filter: users LDAP synchronization creates get the first role (in list order) whose filter
matches their entry, as well as the default role; it needs the domain's LDAP settings in auth-sync mode.`

function describeRole(r: UserRole): string {
  return [
    `Role ${r.name} (domain ${r.domain})${r.isDefault ? ' — default for new users' : ''}${r.builtin ? ' — built in' : ''}`,
    `  Endpoints: ${r.endpoints.join(', ') || 'none'}`,
    `  Lines:     ${r.lines.join(', ') || 'none'}`,
    `  Services:  ${r.services.join(', ') || 'none'}`,
    `  Bundles:   ${r.bundles.join(', ') || 'none'}`,
    `  LDAP filter: ${r.ldapFilter ?? 'none'}`,
    `  Users:     ${r.users}`
  ].join('\n')
}

export async function rolesCommand(core: Core, argv: string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv
  const parsed = parse(
    rest,
    {
      ...valueOptions('domain', 'name', 'ldap-filter'),
      ...repeatableOptions('endpoint', 'line', 'service', 'bundle')
    },
    rolesHelp
  )
  if (sub === undefined) throw new UsageError('missing roles command', rolesHelp)
  const domain = domainOption(parsed, rolesHelp)
  const nameArg = (): string => onePositional(parsed, 'NAME', rolesHelp)
  const lists: Record<string, string[]> = {}
  for (const [option, key] of [
    ['endpoint', 'endpoints'],
    ['line', 'lines'],
    ['service', 'services'],
    ['bundle', 'bundles']
  ] as const) {
    const values = list(parsed, option)
    if (values.length > 0) lists[key] = commaList(values)
  }
  switch (sub) {
    case 'list':
      return callAndPrint(core, io, 'roles:list', { domain }, (roles) =>
        table(
          ['ROLE', 'DEFAULT', 'ENDPOINTS', 'SERVICES', 'LDAP FILTER', 'USERS'],
          roles.map((r) => [
            r.name,
            r.isDefault ? 'yes' : '',
            r.endpoints.join(', '),
            r.services.join(', '),
            r.ldapFilter ?? '',
            String(r.users)
          ])
        )
      )
    case 'add':
      return callAndPrint(
        core,
        io,
        'roles:add',
        { domain, name: nameArg(), ...lists, ...ldapFilterOption(parsed) },
        describeRole
      )
    case 'edit': {
      const changes: Record<string, unknown> = { ...lists, ...ldapFilterOption(parsed) }
      if (str(parsed, 'name') !== undefined) changes.name = str(parsed, 'name')
      if (Object.keys(changes).length === 0) throw new UsageError('nothing to change', rolesHelp)
      return callAndPrint(core, io, 'roles:edit', { domain, name: nameArg(), changes }, describeRole)
    }
    case 'delete':
      return callAndPrint(
        core,
        io,
        'roles:delete',
        { domain, name: nameArg() },
        (r) => `Deleted role ${r.deleted}.`
      )
  }
  throw new UsageError(`unknown roles command "${sub}"`, rolesHelp)
}
