import { attributeLabels, type ServiceArea } from '../../../src-preload/contract'
import type { Core } from '../../core'
import {
  domainOption,
  flag,
  int,
  ldapFilterOption,
  list,
  onePositional,
  parse,
  str,
  UsageError,
  type Parsed
} from '../args'
import { flagOptions, repeatableOptions, valueOptions } from '../options'
import { callAndPrint, commaList } from '../call'
import { EXIT_OK, exitCodeFor } from '../exitCodes'
import { printError, printValue, table, type Io } from '../io'

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
  ...valueOptions(
    'domain',
    'call-processor',
    'message-processor',
    'presence-processor',
    'position',
    'ldap-filter',
    'mask-ldap-numbers',
    ...(Object.keys(ATTRIBUTE_OPTIONS) as (keyof typeof ATTRIBUTE_OPTIONS)[])
  ),
  ...repeatableOptions('voice-gateway', 'role', 'clear'),
  ...flagOptions('line-from-block', 'no-line-from-block')
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

export async function serviceAreasCommand(core: Core, argv: string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv
  const parsed = parse(rest, areaOptions, serviceAreasHelp)
  if (sub === undefined) throw new UsageError('missing service-areas command', serviceAreasHelp)
  const domain = domainOption(parsed, serviceAreasHelp)
  const nameArg = (): string => onePositional(parsed, 'NAME', serviceAreasHelp)
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
      const name = nameArg()
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
          name: nameArg(),
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
      const name = nameArg()
      const attributeChanges: Record<string, unknown> = attributes()
      for (const clear of list(parsed, 'clear')) {
        const field =
          (ATTRIBUTE_OPTIONS as Record<string, string>)[clear] ??
          (clear === 'voice-gateway' ? 'voiceGateways' : undefined)
        if (!field) throw new UsageError(`--clear: unknown attribute "${clear}"`, serviceAreasHelp)
        if (attributeChanges[field] !== undefined)
          throw new UsageError(`--${clear} and --clear ${clear}: give one of them`, serviceAreasHelp)
        attributeChanges[field] = null
      }
      const changes: Record<string, unknown> = { ...areaLdapOptions(parsed) }
      if (Object.keys(attributeChanges).length > 0) changes.attributeChanges = attributeChanges
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
      return callAndPrint(core, io, 'service-areas:move', { domain, name: nameArg(), position }, (areas) =>
        areas.map((a) => `${a.position}. ${a.name}`).join('\n')
      )
    }
    case 'delete':
      return callAndPrint(
        core,
        io,
        'service-areas:delete',
        { domain, name: nameArg() },
        (r) => `Deleted service area ${r.deleted}.`
      )
  }
  throw new UsageError(`unknown service-areas command "${sub}"`, serviceAreasHelp)
}
