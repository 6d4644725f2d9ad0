import type { Domain, DomainRules } from '../../../src-preload/contract'
import type { Core } from '../../core'
import { list, onePositional, parse, str, UsageError, type Parsed } from '../args'
import { repeatableOptions, valueOptions } from '../options'
import { callAndPrint, commaList } from '../call'
import { domainsLdapCommand, ldapHelp } from './ldap'
import { table, type Io } from '../io'

export const domainsHelp = `Usage: switchboard domains <command> [options]

Commands:
  add     switchboard domains add NAME --call-processors A,B [--message-processors C] [--directory D]
                                       [--description TEXT] [--rule RULE]...
  list    List domains with their processors, service areas, users and last synchronization
  show    switchboard domains show NAME
  edit    switchboard domains edit NAME [add's options] [--default-role ROLE] [--clear directory]
          (--rule given at least once replaces all rules; --rule none turns every rule off)
  delete  switchboard domains delete NAME   (its service areas, roles and users go with it)
  ldap    switchboard domains ldap set|show DOMAIN …   (LDAP settings: switchboard help domains ldap)

Rules (seed 000 "Business Rules for Domain Synchronization"; one required rule must be on to synchronize):
  sync-all-users                    Sync All Users (Unified CM): every user of every Call Processor
  sync-only-existing                Sync Only Existing Users: no new users, services of existing users
  match-department=Dept1;Dept2      Sync by Attribute: department in the list
  match-location=CCM3:Location3     Sync by Attribute: a phone's location in the list (CP: binds to one CP)
  match-device-pool=CCM2:DP2;CCM3:DP3  Sync by Attribute: a phone's or RDP's device pool in the list
  sync-all-um-users                 Sync All Users (Unity Connection)
  primary-from-um                   Sync Primary User From Unity Connection
  non-restricted                    Non-RestrictedDomainSync
Attribute rules add up; Sync All Users overrides Sync Only Existing Users, which overrides the attributes.

${ldapHelp}`

const domainOptions = {
  ...valueOptions('directory', 'description', 'default-role'),
  ...repeatableOptions('call-processors', 'message-processors', 'rule', 'clear')
}

const FLAG_RULES = {
  'sync-all-users': 'syncAllUsers',
  'sync-only-existing': 'syncOnlyExisting',
  'sync-all-um-users': 'syncAllUmUsers',
  'primary-from-um': 'primaryFromUm',
  'non-restricted': 'nonRestricted'
} as const
const LIST_RULES = {
  'match-department': 'matchDepartment',
  'match-location': 'matchLocation',
  'match-device-pool': 'matchDevicePool'
} as const

/** --rule options → the contract's rules (undefined when none was given). */
export function rulesFrom(values: string[]): Partial<DomainRules> | undefined {
  if (values.length === 0) return undefined
  const rules: Partial<DomainRules> = {}
  for (const value of values) {
    if (value === 'none') {
      if (values.length > 1)
        throw new UsageError('--rule none cannot be combined with other rules', domainsHelp)
      return {}
    }
    const eq = value.indexOf('=')
    const name = eq >= 0 ? value.slice(0, eq) : value
    if (name in FLAG_RULES) {
      if (eq >= 0) throw new UsageError(`--rule ${name} takes no value`, domainsHelp)
      rules[FLAG_RULES[name as keyof typeof FLAG_RULES]] = true
    } else if (name in LIST_RULES) {
      if (eq < 0) throw new UsageError(`--rule ${name} needs a list: ${name}=VALUE;VALUE`, domainsHelp)
      rules[LIST_RULES[name as keyof typeof LIST_RULES]] = value.slice(eq + 1)
    } else {
      throw new UsageError(
        `unknown rule "${name}"; rules: ${[...Object.keys(FLAG_RULES), ...Object.keys(LIST_RULES)].join(', ')}, none`,
        domainsHelp
      )
    }
  }
  return rules
}

export function describeRules(rules: DomainRules): string {
  const on = [
    rules.syncAllUsers && 'Sync All Users (Unified CM)',
    rules.syncOnlyExisting && 'Sync Only Existing Users',
    rules.matchDepartment !== undefined && `Match Department = ${rules.matchDepartment}`,
    rules.matchLocation !== undefined && `Match Location = ${rules.matchLocation}`,
    rules.matchDevicePool !== undefined && `Match Device Pool = ${rules.matchDevicePool}`,
    rules.syncAllUmUsers && 'Sync All Users (Unity Connection)',
    rules.primaryFromUm && 'Sync Primary User From Unity Connection',
    rules.nonRestricted && 'Non-RestrictedDomainSync'
  ].filter(Boolean)
  return on.length > 0 ? on.join('; ') : 'none (a domain synchronization cannot start)'
}

function describeDomain(d: Domain): string {
  return [
    `Domain ${d.name}${d.description ? ` — ${d.description}` : ''}`,
    `  Call Processors:    ${d.callProcessors.join(', ')}`,
    `  Message Processors: ${d.messageProcessors.join(', ') || 'none'}`,
    `  Directory:          ${d.directory ?? 'none'}`,
    `  Rules:              ${describeRules(d.rules)}`,
    `  Default role:       ${d.defaultRole}`,
    `  Service areas: ${d.serviceAreas}, users: ${d.users}`,
    `  Last synchronization: ${d.lastSync ? `run ${d.lastSync.runId} ${d.lastSync.status}, ${d.lastSync.startedAt} – ${d.lastSync.finishedAt ?? '…'}` : 'never'}`
  ].join('\n')
}

function domainFields(parsed: Parsed): Record<string, unknown> {
  const fields: Record<string, unknown> = {}
  const cps = list(parsed, 'call-processors')
  const mps = list(parsed, 'message-processors')
  if (cps.length > 0) fields.callProcessors = commaList(cps)
  if (mps.length > 0) fields.messageProcessors = commaList(mps)
  if (str(parsed, 'directory') !== undefined) fields.directory = str(parsed, 'directory')
  if (str(parsed, 'description') !== undefined) fields.description = str(parsed, 'description')
  const rules = rulesFrom(list(parsed, 'rule'))
  if (rules) fields.rules = rules
  return fields
}

export async function domainsCommand(core: Core, argv: string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv
  if (sub === 'ldap') return domainsLdapCommand(core, rest, io)
  const parsed = parse(rest, domainOptions, domainsHelp)
  const nameArg = (): string => onePositional(parsed, 'NAME', domainsHelp)
  switch (sub) {
    case 'list':
      return callAndPrint(core, io, 'domains:list', {}, (domains) =>
        table(
          ['DOMAIN', 'CALL PROCESSORS', 'MESSAGE PROCESSORS', 'AREAS', 'USERS', 'LAST SYNC'],
          domains.map((d) => [
            d.name,
            d.callProcessors.join(', '),
            d.messageProcessors.join(', '),
            String(d.serviceAreas),
            String(d.users),
            d.lastSync ? `${d.lastSync.status} ${d.lastSync.finishedAt ?? d.lastSync.startedAt}` : 'never'
          ])
        )
      )
    case 'show':
      return callAndPrint(core, io, 'domains:get', { name: nameArg() }, describeDomain)
    case 'add': {
      const name = nameArg()
      if (str(parsed, 'default-role') !== undefined || list(parsed, 'clear').length > 0)
        throw new UsageError('--default-role and --clear are for edit', domainsHelp)
      return callAndPrint(
        core,
        io,
        'domains:add',
        { name, callProcessors: [], ...domainFields(parsed) },
        describeDomain
      )
    }
    case 'edit': {
      const name = nameArg()
      const changes = domainFields(parsed)
      if (str(parsed, 'default-role') !== undefined) changes.defaultRole = str(parsed, 'default-role')
      for (const field of list(parsed, 'clear')) {
        if (field !== 'directory')
          throw new UsageError(`--clear: only "directory" can be cleared, not "${field}"`, domainsHelp)
        changes.directory = null
      }
      if (Object.keys(changes).length === 0) throw new UsageError('nothing to change', domainsHelp)
      return callAndPrint(core, io, 'domains:edit', { name, changes }, describeDomain)
    }
    case 'delete':
      return callAndPrint(
        core,
        io,
        'domains:delete',
        { name: nameArg() },
        (r) => `Deleted domain ${r.deleted}.`
      )
  }
  throw UsageError.unknownCommand('domains', sub, domainsHelp)
}

// ---------- service areas ----------
