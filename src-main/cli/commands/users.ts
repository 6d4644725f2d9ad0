import type { DomainUser, LdapProvisioning } from '../../../src-preload/contract'
import type { Core } from '../../core'
import { onePositional, parse, str, UsageError } from '../args'
import { PAGE_OPTIONS, pageOf, valueOptions } from '../options'
import { callAndPrint } from '../call'
import { type Io } from '../io'

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
  const parsed = parse(rest, { ...valueOptions('domain', 'search', 'by'), ...PAGE_OPTIONS }, usersHelp)
  if (sub === 'show')
    return callAndPrint(
      core,
      io,
      'users:get',
      { userid: onePositional(parsed, 'USERID', usersHelp) },
      describeUser
    )
  if (sub !== 'list') throw UsageError.unknownCommand('users', sub, usersHelp)
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
      ...pageOf(parsed, 100)
    },
    (r) =>
      [
        `${r.total} users${r.total > r.users.length ? ` (showing ${r.users.length})` : ''}`,
        ...r.users.map(describeUser)
      ].join('\n')
  )
}
