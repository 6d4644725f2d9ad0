import {
  productFields,
  simpleQueryFields,
  staleActionLabels,
  type LdapSettings,
  type SimpleCondition,
  type SimpleQueryField
} from '../../../src-preload/contract'
import type { Core } from '../../core'
import { flag, list, onePositional, parse, str, UsageError, type Parsed } from '../args'
import { flagOptions, givenStrings, repeatableOptions, valueOptions } from '../options'
import { callAndPrint } from '../call'

export const ldapHelp = `Usage: switchboard domains ldap set DOMAIN [options]
       switchboard domains ldap show DOMAIN

Options for set (only what is given changes; the first save needs --directory):
  --directory NAME        a Directory Server from Device Setup
  --mode auth-only|auth-sync
  --update all|none       update existing users' details from the directory, or not
  --stale keep|delete-if-no-services|delete|delete-keep-device-services|delete-with-device-services
  --search-base DN        one user search base per domain
  --filter all | 'simple:FIELD OP VALUE[;FIELD OP VALUE…]' | 'advanced:(LDAP filter)'
                          simple OP is =, != or in (in: values separated by commas; * at the start or
                          end of a value; /+ for a literal +). Fields: ${Object.keys(simpleQueryFields).join(', ')}
  --user-id ATTRIBUTE     sAMAccountName (AD), uid (others), employeeNumber, mail, telephoneNumber, userPrincipalName
  --phone telephoneNumber|ipPhone   --email mail|sAMAccountName   --middle-name middleName|initials
  --directory-uri mail|msRTCSIP-primaryuseraddress|none
  --sync-disabled / --no-sync-disabled   AD and AD LDS: also synchronize disabled accounts
  --guard-count N         deletion guard: hold removals above N users (default 500)
  --guard-percent P       … or above P % of the domain's directory users (default 20)
  --write-back none|ipPhone|telephoneNumber|mobile   where \`switchboard writeback\` writes the primary DN
  --write-back-mask MASK  digits, X and a leading + or \\+ (e.g. +1408555XXXX); none clears it
  --field FIELD=RULES     the field matrix: RULES lists what applies of create, update, clear (none for
                          nothing), e.g. --field title=update --field phone=create,update; repeatable.
                          Fields: ${productFields.join(', ')}
  --new-user-role ROLE    role of users the directory brings in (default: the domain's default role)
  --new-user-service-area AREA   their service area for later provisioning (none clears either)
  --interval HOURS        synchronize every HOURS hours (--interval none to stop)
  --start ISO8601         first scheduled synchronization, e.g. 2026-12-01T02:00:00+01:00`

export const ldapOptions = {
  ...valueOptions(
    'directory',
    'mode',
    'update',
    'stale',
    'search-base',
    'filter',
    'user-id',
    'phone',
    'email',
    'middle-name',
    'directory-uri',
    'guard-count',
    'guard-percent',
    'write-back',
    'write-back-mask',
    'new-user-role',
    'new-user-service-area',
    'interval',
    'start'
  ),
  ...flagOptions('sync-disabled', 'no-sync-disabled'),
  ...repeatableOptions('field')
}

/** `simple:Department = Sales;User ID in a,b` → conditions; the contract checks each value. */
export function parseFilterOption(text: string): unknown {
  if (text === 'all') return { kind: 'all' }
  if (text.startsWith('advanced:')) return { kind: 'advanced', filter: text.slice('advanced:'.length).trim() }
  if (!text.startsWith('simple:'))
    throw new UsageError(`--filter must be all, simple:… or advanced:(…), got "${text}"`, ldapHelp)
  const fields = Object.keys(simpleQueryFields) as SimpleQueryField[]
  const conditions: SimpleCondition[] = conditionTexts(text.slice('simple:'.length), fields)
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      const match = /^(.+?)\s*(!=|=|\sin\s)\s*(.*)$/i.exec(part)
      if (!match)
        throw new UsageError(`--filter: "${part}" is not FIELD OP VALUE (OP is =, != or in)`, ldapHelp)
      const field = fields.find((f) => f.toLowerCase() === match[1].trim().toLowerCase())
      if (!field)
        throw new UsageError(
          `--filter: unknown field "${match[1].trim()}"; fields: ${fields.join(', ')}`,
          ldapHelp
        )
      const operator = match[2].trim().toLowerCase() as SimpleCondition['operator']
      return { field, operator, value: match[3] }
    })
  return { kind: 'simple', conditions }
}

/**
 * The conditions of `simple:…`: a semicolon starts a new condition only where a field name follows;
 * otherwise it separates values of an "in" list (`Manager ID in uid=a,ou=x;uid=b,ou=x`).
 */
function conditionTexts(text: string, fields: readonly string[]): string[] {
  const startsCondition = (part: string): boolean => {
    const lower = part.trimStart().toLowerCase()
    return fields.some(
      (f) => lower.startsWith(f.toLowerCase()) && /^\s*(!=|=)|^\s+in\s/.test(lower.slice(f.length))
    )
  }
  const conditions: string[] = []
  for (const part of text.split(';')) {
    if (conditions.length > 0 && !startsCondition(part)) conditions[conditions.length - 1] += `;${part}`
    else conditions.push(part)
  }
  return conditions
}

function number(parsed: Parsed, name: string): number | undefined {
  const value = str(parsed, name)
  if (value === undefined) return undefined
  if (!/^\d+(\.\d+)?$/.test(value))
    throw new UsageError(`--${name} must be a number, got "${value}"`, ldapHelp)
  return Number(value)
}

function changesFrom(parsed: Parsed): Record<string, unknown> {
  const changes: Record<string, unknown> = givenStrings(parsed, {
    directory: 'directory',
    mode: 'mode',
    updateExisting: 'update',
    staleAction: 'stale',
    searchBase: 'search-base'
  })
  const filter = str(parsed, 'filter')
  if (filter !== undefined) changes.filter = parseFilterOption(filter)
  const mappings = givenStrings(parsed, {
    userId: 'user-id',
    phone: 'phone',
    email: 'email',
    middleName: 'middle-name',
    directoryUri: 'directory-uri'
  })
  if (Object.keys(mappings).length > 0) changes.mappings = mappings
  if (flag(parsed, 'sync-disabled') && flag(parsed, 'no-sync-disabled'))
    throw new UsageError('use either --sync-disabled or --no-sync-disabled', ldapHelp)
  if (flag(parsed, 'sync-disabled')) changes.syncDisabledUsers = true
  if (flag(parsed, 'no-sync-disabled')) changes.syncDisabledUsers = false
  const guard: Record<string, number> = {}
  const count = number(parsed, 'guard-count')
  const percent = number(parsed, 'guard-percent')
  if (count !== undefined) guard.maxRemovals = count
  if (percent !== undefined) guard.maxPercent = percent
  if (Object.keys(guard).length > 0) changes.guard = guard
  const writeBack: Record<string, string | null> = {}
  const attribute = str(parsed, 'write-back')
  const mask = str(parsed, 'write-back-mask')
  if (attribute !== undefined) writeBack.attribute = attribute
  if (mask !== undefined) writeBack.mask = mask === 'none' ? null : mask
  if (Object.keys(writeBack).length > 0) changes.writeBack = writeBack
  const fieldRules: Record<string, Record<string, boolean>> = {}
  for (const option of list(parsed, 'field')) {
    const [field, rules = ''] = option.split('=', 2)
    if (!(productFields as readonly string[]).includes(field))
      throw new UsageError(`--field: unknown field "${field}"; fields: ${productFields.join(', ')}`, ldapHelp)
    const chosen = rules === 'none' ? [] : rules.split(',').map((r) => r.trim())
    for (const rule of chosen)
      if (!['create', 'update', 'clear'].includes(rule))
        throw new UsageError(`--field ${field}: "${rule}" is not create, update, clear or none`, ldapHelp)
    fieldRules[field] = Object.fromEntries(['create', 'update', 'clear'].map((r) => [r, chosen.includes(r)]))
  }
  if (Object.keys(fieldRules).length > 0) changes.fieldRules = fieldRules
  const provisioningRule = Object.fromEntries(
    Object.entries(givenStrings(parsed, { role: 'new-user-role', serviceArea: 'new-user-service-area' })).map(
      ([key, value]) => [key, value === 'none' ? null : value]
    )
  )
  if (Object.keys(provisioningRule).length > 0) changes.provisioningRule = provisioningRule
  const interval = str(parsed, 'interval')
  if (interval !== undefined) changes.intervalHours = interval === 'none' ? null : number(parsed, 'interval')
  return { ...changes, ...givenStrings(parsed, { startAt: 'start' }) }
}

export function describeLdap(s: LdapSettings): string {
  const filter =
    s.filter.kind === 'all'
      ? 'synchronize all users'
      : s.filter.kind === 'advanced'
        ? `advanced ${s.filter.filter}`
        : `simple ${s.filter.conditions.map((c) => `${c.field} ${c.operator} ${c.value}`).join('; ')}`
  return [
    `LDAP settings of ${s.domain} (directory ${s.directory})`,
    `  Mode: ${s.mode === 'auth-sync' ? 'Authentication and Synchronization' : 'Authentication Only'}`,
    `  Update existing users: ${s.updateExisting === 'all' ? 'all fields' : 'do not update'}`,
    `  Stale users: ${staleActionLabels[s.staleAction]}`,
    `  Search base: ${s.searchBase}`,
    `  Filter: ${filter}`,
    `  Mappings: ${Object.entries(s.mappings)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ')}`,
    `  Sync disabled users: ${s.syncDisabledUsers ? 'yes' : 'no'}`,
    `  Deletion guard: ${s.guard.maxRemovals} users or ${s.guard.maxPercent} %`,
    `  Field matrix (create/update/clear): ${Object.entries(s.fieldRules)
      .map(([f, r]) => `${f} ${r.create ? 'C' : '-'}${r.update ? 'U' : '-'}${r.clear ? 'X' : '-'}`)
      .join(', ')}`,
    `  New users: role ${s.provisioningRule.role ?? '(domain default)'}, service area ${s.provisioningRule.serviceArea ?? '(none)'}`,
    `  Write back primary DN: ${s.writeBack.attribute === 'none' ? 'do not write to LDAP' : `${s.writeBack.attribute}${s.writeBack.mask ? ` (mask ${s.writeBack.mask})` : ''}`}`,
    `  Schedule: ${s.intervalHours ? `every ${s.intervalHours} h${s.startAt ? ` from ${s.startAt}` : ''}` : 'none'}`,
    ...(s.held
      ? [`  Held removals (run ${s.held.runId}): ${s.held.users.join(', ')} — ${s.held.reason}`]
      : [])
  ].join('\n')
}

export async function domainsLdapCommand(
  core: Core,
  argv: string[],
  io: Parameters<typeof callAndPrint>[1]
): Promise<number> {
  const [sub, ...rest] = argv
  const parsed = parse(rest, ldapOptions, ldapHelp)
  const domain = onePositional(parsed, 'DOMAIN', ldapHelp)
  if (sub === 'show') return callAndPrint(core, io, 'ldap:get', { domain }, describeLdap)
  if (sub !== 'set') throw UsageError.unknownCommand('ldap', sub, ldapHelp)
  const changes = changesFrom(parsed)
  if (Object.keys(changes).length === 0) throw new UsageError('nothing to set', ldapHelp)
  return callAndPrint(core, io, 'ldap:set', { domain, changes }, describeLdap)
}
