import {
  attributeLabels,
  type Domain,
  type DomainRules,
  type ServiceArea
} from '../../../src-preload/contract'
import type { Core } from '../../core'
import { flag, int, list, onePositional, parse, str, UsageError, type Parsed } from '../args'
import { callAndPrint, commaList } from '../call'
import { domainsLdapCommand, ldapHelp } from './ldap'
import { ldapFilterOption } from './provisioning'
import { EXIT_OK, exitCodeFor } from '../exitCodes'
import { printError, printValue, table, type Io } from '../io'

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
  'call-processors': { type: 'string', multiple: true },
  'message-processors': { type: 'string', multiple: true },
  directory: { type: 'string' },
  description: { type: 'string' },
  rule: { type: 'string', multiple: true },
  'default-role': { type: 'string' },
  clear: { type: 'string', multiple: true }
} as const

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
      return callAndPrint(
        core,
        io,
        'domains:get',
        { name: onePositional(parsed, 'NAME', domainsHelp) },
        describeDomain
      )
    case 'add': {
      const name = onePositional(parsed, 'NAME', domainsHelp)
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
      const name = onePositional(parsed, 'NAME', domainsHelp)
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
        { name: onePositional(parsed, 'NAME', domainsHelp) },
        (r) => `Deleted domain ${r.deleted}.`
      )
  }
  throw new UsageError(
    sub === undefined ? 'missing domains command' : `unknown domains command "${sub}"`,
    domainsHelp
  )
}

// ---------- service areas ----------

export const serviceAreasHelp = `Usage: switchboard service-areas <command> --domain DOMAIN [options]

Commands:
  add     switchboard service-areas add --domain D NAME --call-processor CP [--message-processor MP]
                                        [--presence-processor PP] [attributes] [--role ROLE]... [LDAP options]
  list    switchboard service-areas list --domain D        (in matching order: the first that fits wins)
  show    switchboard service-areas show --domain D NAME
  edit    switchboard service-areas edit --domain D NAME [attributes] [--clear ATTRIBUTE]... [--role ROLE]...
                                         [LDAP options]
          (processors cannot change once assigned; an unset Message or Presence Processor can be set)
  move    switchboard service-areas move --domain D NAME --position N   (1 = matched first)
  delete  switchboard service-areas delete --domain D NAME

Attributes (names as synchronized from the Call Processor; unset = any value fits):
  --device-pool X  --common-device-config X  --device-css X  --line-css X  --location X
  --route-partition X  --protocol SIP|SCCP  --voice-gateway G (repeatable)
  --subscriber-template T  --cos-with-tts C  --cos-without-tts C   (from the Message Processor)

LDAP options, for the users LDAP synchronization creates:
  --ldap-filter '(LDAP filter)'|none   a new user goes to the first service area whose filter matches
                                       (needs the domain's LDAP settings in auth-sync mode)
  --line-from-block / --no-line-from-block   its line number comes from the DN blocks
  --mask-ldap-numbers MASK|none        its directory number is masked (digits, X, a leading + or \\+)
  Both: masked, else from a block. Block only: from a block even if the directory has a number.
  Mask only: no line without a directory number. Neither: the directory number as it is.`

const ATTRIBUTE_OPTIONS = {
  'device-pool': 'devicePool',
  'common-device-config': 'commonDeviceConfig',
  'device-css': 'deviceCss',
  'line-css': 'lineCss',
  location: 'location',
  'route-partition': 'routePartition',
  protocol: 'protocol',
  'subscriber-template': 'subscriberTemplate',
  'cos-with-tts': 'cosWithTts',
  'cos-without-tts': 'cosWithoutTts'
} as const

const areaOptions = {
  domain: { type: 'string' as const },
  'call-processor': { type: 'string' as const },
  'message-processor': { type: 'string' as const },
  'presence-processor': { type: 'string' as const },
  'voice-gateway': { type: 'string' as const, multiple: true },
  role: { type: 'string' as const, multiple: true },
  clear: { type: 'string' as const, multiple: true },
  position: { type: 'string' as const },
  'ldap-filter': { type: 'string' as const },
  'line-from-block': { type: 'boolean' as const },
  'no-line-from-block': { type: 'boolean' as const },
  'mask-ldap-numbers': { type: 'string' as const },
  ...Object.fromEntries(Object.keys(ATTRIBUTE_OPTIONS).map((k) => [k, { type: 'string' as const }]))
} satisfies Parameters<typeof parse>[1]

/** How a new directory user's line number is chosen (seed 000 "masks", LDAP-36 … -39). */
function lineRule(a: ServiceArea): string {
  const masked = `the directory number masked with ${a.ldapNumberMask ?? ''}`
  if (a.maskLdapNumbers && a.assignLineFromBlock) return `${masked}, else from a DN block`
  if (a.maskLdapNumbers) return `${masked}, none without a directory number`
  if (a.assignLineFromBlock) return 'from a DN block'
  return 'the directory number as it is'
}

/** The service-area options of the command line, as the contract names them. */
function areaLdapOptions(parsed: Parsed): Record<string, unknown> {
  const options: Record<string, unknown> = { ...ldapFilterOption(parsed) }
  if (flag(parsed, 'line-from-block') && flag(parsed, 'no-line-from-block'))
    throw new UsageError('use either --line-from-block or --no-line-from-block', serviceAreasHelp)
  if (flag(parsed, 'line-from-block')) options.assignLineFromBlock = true
  if (flag(parsed, 'no-line-from-block')) options.assignLineFromBlock = false
  const mask = str(parsed, 'mask-ldap-numbers')
  if (mask !== undefined)
    Object.assign(
      options,
      mask === 'none'
        ? { maskLdapNumbers: false, ldapNumberMask: null }
        : { maskLdapNumbers: true, ldapNumberMask: mask }
    )
  return options
}

function describeArea(a: ServiceArea): string {
  const attributes = Object.entries(a.attributes).map(
    ([k, v]) =>
      `  ${attributeLabels[k as keyof typeof attributeLabels]}: ${Array.isArray(v) ? v.join(', ') : String(v)}`
  )
  return [
    `Service area ${a.name} (domain ${a.domain}, position ${a.position})`,
    `  Call Processor: ${a.callProcessor}`,
    `  Message Processor: ${a.messageProcessor ?? 'none'}`,
    `  Presence Processor: ${a.presenceProcessor ?? 'none'}`,
    ...(attributes.length > 0
      ? attributes
      : ['  (no matching attributes: any product of its Call Processor fits)']),
    `  User roles: ${a.userRoles.join(', ') || 'none'}`,
    `  LDAP filter: ${a.ldapFilter ?? 'none'}`,
    `  Lines of new directory users: ${lineRule(a)}`,
    ...a.dnBlocks.map(
      (b) => `  DN block ${b.id}: ${b.firstNumber}–${b.lastNumber} (${b.size} numbers, ${b.used} in use)`
    ),
    `  Services: ${
      Object.entries(a.services)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ') || 'none yet'
    }`
  ].join('\n')
}

function domainOf(parsed: Parsed, help: string): string {
  const domain = str(parsed, 'domain')
  if (domain === undefined) throw new UsageError('missing --domain DOMAIN', help)
  return domain
}

export async function serviceAreasCommand(core: Core, argv: string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv
  const parsed = parse(rest, areaOptions, serviceAreasHelp)
  if (sub === undefined) throw new UsageError('missing service-areas command', serviceAreasHelp)
  const domain = domainOf(parsed, serviceAreasHelp)
  const attributes = (): Record<string, unknown> => {
    const result: Record<string, unknown> = {}
    for (const [option, field] of Object.entries(ATTRIBUTE_OPTIONS)) {
      const value = str(parsed, option)
      if (value !== undefined) result[field] = value
    }
    const gateways = list(parsed, 'voice-gateway')
    if (gateways.length > 0) result.voiceGateways = commaList(gateways)
    return result
  }
  const roles = list(parsed, 'role')
  switch (sub) {
    case 'list':
      return callAndPrint(core, io, 'service-areas:list', { domain }, (areas) =>
        table(
          [
            '#',
            'SERVICE AREA',
            'CALL PROCESSOR',
            'MESSAGE PROCESSOR',
            'ATTRIBUTES',
            'DN BLOCKS',
            'LDAP FILTER'
          ],
          areas.map((a) => [
            String(a.position),
            a.name,
            a.callProcessor,
            a.messageProcessor ?? '',
            Object.entries(a.attributes)
              .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('|') : String(v)}`)
              .join(' '),
            a.dnBlocks.map((b) => `${b.firstNumber}-${b.lastNumber}`).join(' '),
            a.ldapFilter ?? ''
          ])
        )
      )
    case 'show': {
      const name = onePositional(parsed, 'NAME', serviceAreasHelp)
      const result = await core.dispatch('service-areas:list', { domain }, { origin: 'cli' })
      if (!result.ok) {
        printError(io, result.error)
        return exitCodeFor(result.error.code)
      }
      const area = result.value.find((a) => a.name.toLowerCase() === name.toLowerCase())
      if (!area) {
        printError(io, {
          code: 'NOT_FOUND',
          message: `${domain} has no service area named "${name}".`,
          field: 'name'
        })
        return exitCodeFor('NOT_FOUND')
      }
      printValue(io, area, () => describeArea(area))
      return EXIT_OK
    }
    case 'add':
      return callAndPrint(
        core,
        io,
        'service-areas:add',
        {
          domain,
          name: onePositional(parsed, 'NAME', serviceAreasHelp),
          callProcessor: str(parsed, 'call-processor') ?? '',
          ...(str(parsed, 'message-processor') !== undefined
            ? { messageProcessor: str(parsed, 'message-processor') }
            : {}),
          ...(str(parsed, 'presence-processor') !== undefined
            ? { presenceProcessor: str(parsed, 'presence-processor') }
            : {}),
          attributes: attributes(),
          ...(roles.length > 0 ? { userRoles: commaList(roles) } : {}),
          ...areaLdapOptions(parsed)
        },
        describeArea
      )
    case 'edit': {
      const name = onePositional(parsed, 'NAME', serviceAreasHelp)
      const current = await core.dispatch('service-areas:list', { domain }, { origin: 'cli' })
      const area = current.ok
        ? current.value.find((a) => a.name.toLowerCase() === name.toLowerCase())
        : undefined
      const merged: Record<string, unknown> = { ...(area?.attributes ?? {}), ...attributes() }
      for (const clear of list(parsed, 'clear')) {
        const field =
          (ATTRIBUTE_OPTIONS as Record<string, string>)[clear] ??
          (clear === 'voice-gateway' ? 'voiceGateways' : undefined)
        if (!field) throw new UsageError(`--clear: unknown attribute "${clear}"`, serviceAreasHelp)
        delete merged[field]
      }
      const changes: Record<string, unknown> = { attributes: merged, ...areaLdapOptions(parsed) }
      if (roles.length > 0) changes.userRoles = commaList(roles)
      for (const [option, key] of [
        ['call-processor', 'callProcessor'],
        ['message-processor', 'messageProcessor'],
        ['presence-processor', 'presenceProcessor']
      ] as const)
        if (str(parsed, option) !== undefined) changes[key] = str(parsed, option)
      return callAndPrint(core, io, 'service-areas:edit', { domain, name, changes }, describeArea)
    }
    case 'move': {
      const position = int(parsed, 'position')
      if (position === undefined) throw new UsageError('missing --position N', serviceAreasHelp)
      return callAndPrint(
        core,
        io,
        'service-areas:move',
        { domain, name: onePositional(parsed, 'NAME', serviceAreasHelp), position },
        (areas) => areas.map((a) => `${a.position}. ${a.name}`).join('\n')
      )
    }
    case 'delete':
      return callAndPrint(
        core,
        io,
        'service-areas:delete',
        { domain, name: onePositional(parsed, 'NAME', serviceAreasHelp) },
        (r) => `Deleted service area ${r.deleted}.`
      )
  }
  throw new UsageError(`unknown service-areas command "${sub}"`, serviceAreasHelp)
}
