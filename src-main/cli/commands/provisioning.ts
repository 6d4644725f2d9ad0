import {
  roleLines,
  roleServices,
  type DomainUser,
  type LdapProvisioning,
  type UserRole
} from '../../../src-preload/contract'
import type { Core } from '../../core'
import { int, list, onePositional, parse, str, UsageError, type Parsed } from '../args'
import { callAndPrint, commaList } from '../call'
import { EXIT_OK, exitCodeFor } from '../exitCodes'
import { printError, printValue, table, type Io } from '../io'

export const dnBlocksHelp = `Usage: switchboard dn-blocks add --domain D --service-area S --first N --last N [--prefix DIGITS] [--min-length N]
       switchboard dn-blocks edit ID [--first N] [--last N] [--prefix DIGITS] [--min-length N]
       switchboard dn-blocks list --domain D [--service-area S]
       switchboard dn-blocks delete ID

The number part is zero-padded to the minimum length after the prefix: --prefix 408 --first 0
--last 100 --min-length 4 is 4080000 … 4080100. Blocks on one Call Processor never overlap.`

export async function dnBlocksCommand(core: Core, argv: string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv
  const parsed = parse(
    rest,
    {
      domain: { type: 'string' },
      'service-area': { type: 'string' },
      prefix: { type: 'string' },
      first: { type: 'string' },
      last: { type: 'string' },
      'min-length': { type: 'string' }
    },
    dnBlocksHelp
  )
  switch (sub) {
    case 'add': {
      if (parsed.positionals.length > 0)
        throw new UsageError(`unexpected argument "${parsed.positionals[0]}"`, dnBlocksHelp)
      const first = int(parsed, 'first')
      const last = int(parsed, 'last')
      if (first === undefined || last === undefined)
        throw new UsageError('give --first N and --last N', dnBlocksHelp)
      return callAndPrint(
        core,
        io,
        'dn-blocks:add',
        {
          domain: str(parsed, 'domain') ?? '',
          serviceArea: str(parsed, 'service-area') ?? '',
          prefix: str(parsed, 'prefix') ?? '',
          first,
          last,
          minLength: int(parsed, 'min-length') ?? 0
        },
        (b) => `Added block ${b.id}: ${b.firstNumber}–${b.lastNumber} (${b.size} numbers, ${b.used} in use).`
      )
    }
    case 'edit': {
      const id = onePositional(parsed, 'ID', dnBlocksHelp)
      if (!/^\d+$/.test(id)) throw new UsageError(`ID must be a block number, got "${id}"`, dnBlocksHelp)
      // Only the values given change; the block keeps the others.
      const changes = {
        prefix: str(parsed, 'prefix'),
        first: int(parsed, 'first'),
        last: int(parsed, 'last'),
        minLength: int(parsed, 'min-length')
      }
      if (Object.values(changes).every((v) => v === undefined))
        throw new UsageError('give at least one of --first, --last, --prefix, --min-length', dnBlocksHelp)
      return callAndPrint(
        core,
        io,
        'dn-blocks:edit',
        { id: Number(id), ...changes },
        (b) => `Block ${b.id}: ${b.firstNumber}–${b.lastNumber} (${b.size} numbers, ${b.used} in use).`
      )
    }
    case 'list': {
      const domain = str(parsed, 'domain')
      if (domain === undefined) throw new UsageError('missing --domain DOMAIN', dnBlocksHelp)
      const result = await core.dispatch('service-areas:list', { domain }, { origin: 'cli' })
      if (!result.ok) {
        printError(io, result.error)
        return exitCodeFor(result.error.code)
      }
      const only = str(parsed, 'service-area')?.toLowerCase()
      const rows = result.value
        .filter((a) => only === undefined || a.name.toLowerCase() === only)
        .flatMap((a) => a.dnBlocks.map((b) => ({ serviceArea: a.name, ...b })))
      printValue(io, rows, () =>
        table(
          ['ID', 'SERVICE AREA', 'PREFIX', 'FIRST', 'LAST', 'MIN', 'NUMBERS', 'SIZE', 'USED'],
          rows.map((b) => [
            String(b.id),
            b.serviceArea,
            b.prefix,
            String(b.first),
            String(b.last),
            String(b.minLength),
            `${b.firstNumber}–${b.lastNumber}`,
            String(b.size),
            String(b.used)
          ])
        )
      )
      return EXIT_OK
    }
    case 'delete': {
      const id = onePositional(parsed, 'ID', dnBlocksHelp)
      if (!/^\d+$/.test(id)) throw new UsageError(`ID must be a block number, got "${id}"`, dnBlocksHelp)
      return callAndPrint(
        core,
        io,
        'dn-blocks:delete',
        { id: Number(id) },
        (r) => `Deleted block ${r.deleted}.`
      )
    }
  }
  throw new UsageError(
    sub === undefined ? 'missing dn-blocks command' : `unknown dn-blocks command "${sub}"`,
    dnBlocksHelp
  )
}

/** `--ldap-filter '(…)'|none` of service areas and roles: none clears the filter. */
export function ldapFilterOption(parsed: Parsed): { ldapFilter?: string | null } {
  const value = str(parsed, 'ldap-filter')
  return value === undefined ? {} : { ldapFilter: value === 'none' ? null : value }
}

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
      domain: { type: 'string' },
      name: { type: 'string' },
      endpoint: { type: 'string', multiple: true },
      line: { type: 'string', multiple: true },
      service: { type: 'string', multiple: true },
      bundle: { type: 'string', multiple: true },
      'ldap-filter': { type: 'string' }
    },
    rolesHelp
  )
  const domain = str(parsed, 'domain')
  if (sub === undefined) throw new UsageError('missing roles command', rolesHelp)
  if (domain === undefined) throw new UsageError('missing --domain DOMAIN', rolesHelp)
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
        { domain, name: onePositional(parsed, 'NAME', rolesHelp), ...lists, ...ldapFilterOption(parsed) },
        describeRole
      )
    case 'edit': {
      const changes: Record<string, unknown> = { ...lists, ...ldapFilterOption(parsed) }
      if (str(parsed, 'name') !== undefined) changes.name = str(parsed, 'name')
      if (Object.keys(changes).length === 0) throw new UsageError('nothing to change', rolesHelp)
      return callAndPrint(
        core,
        io,
        'roles:edit',
        { domain, name: onePositional(parsed, 'NAME', rolesHelp), changes },
        describeRole
      )
    }
    case 'delete':
      return callAndPrint(
        core,
        io,
        'roles:delete',
        { domain, name: onePositional(parsed, 'NAME', rolesHelp) },
        (r) => `Deleted role ${r.deleted}.`
      )
  }
  throw new UsageError(`unknown roles command "${sub}"`, rolesHelp)
}

export const usersHelp = `Usage: switchboard users list [--domain D] [--search Q [--by user|mac|dn]] [--offset N] [--limit N]
       switchboard users show USERID

--search finds users by user id or last name (--by user, the default), by MAC address (--by mac, 12
hexadecimal digits) or by directory number (--by dn; write + as \\+); * may start or end the text.
Each user is listed with its services and their service areas.`

/** What LDAP synchronization decided when it created the user; the line waits for an order. */
function describeProvisioning(p: LdapProvisioning): string {
  const line = p.plannedLine
    ? `planned line ${p.plannedLine.dn} (${p.plannedLine.source}) on ${p.plannedLine.callProcessor}`
    : 'no planned line'
  return `  New directory user: service area ${p.serviceArea ?? 'none'}, roles ${p.roles.join(', ')}, ${line}`
}

function describeUser(u: DomainUser): string {
  return [
    `${u.userid}: ${[u.firstName, u.lastName].filter(Boolean).join(' ')} (domain ${u.domain}, role ${u.role}, from ${u.source})`,
    ...(u.provisioning ? [describeProvisioning(u.provisioning)] : []),
    ...u.services.map(
      (s) => `  ${s.kind}: ${s.name} on ${s.processor} — ${s.serviceArea ?? 'no service area'}`
    )
  ].join('\n')
}

export async function usersCommand(core: Core, argv: string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv
  const parsed = parse(
    rest,
    {
      domain: { type: 'string' },
      search: { type: 'string' },
      by: { type: 'string' },
      offset: { type: 'string' },
      limit: { type: 'string' }
    },
    usersHelp
  )
  if (sub === 'show')
    return callAndPrint(
      core,
      io,
      'users:get',
      { userid: onePositional(parsed, 'USERID', usersHelp) },
      describeUser
    )
  if (sub !== 'list')
    throw new UsageError(
      sub === undefined ? 'missing users command' : `unknown users command "${sub}"`,
      usersHelp
    )
  const search = str(parsed, 'search')
  if (str(parsed, 'by') !== undefined && search === undefined)
    throw new UsageError('--by needs --search', usersHelp)
  return callAndPrint(
    core,
    io,
    'users:list',
    {
      ...(str(parsed, 'domain') !== undefined ? { domain: str(parsed, 'domain') } : {}),
      ...(search !== undefined ? { search: { by: str(parsed, 'by') ?? 'user', text: search } } : {}),
      offset: int(parsed, 'offset') ?? 0,
      limit: int(parsed, 'limit') ?? 100
    },
    (r) =>
      [
        `${r.total} users${r.total > r.users.length ? ` (showing ${r.users.length})` : ''}`,
        ...r.users.map(describeUser)
      ].join('\n')
  )
}
