// How a domain user is laid out in a row of domain_users, and of the staging tables shaped like it:
// details and services as JSON, the services' search keys in columns, LDAP provisioning in its own.
import type { DomainUserRecord, DomainUserRow, NewDomainUser, StoredUserService } from './domainUserRecords'

/** The columns a user's row is written with besides its key, domain and run, in `rowValues` order. */
export const USER_ROW_COLUMNS = [
  'userid',
  'role',
  'source',
  'data',
  'services',
  'last_name_key',
  'mac_keys',
  'dn_keys'
]

/** The provisioning columns of a user's row, in the order the INSERT and UPDATE bind them. */
export const PROVISIONING_COLUMNS = [
  'provisioned_roles',
  'provisioned_area_id',
  'planned_line_dn',
  'planned_line_source',
  'planned_line_processor_id'
]

export const provisioningValues = (r: NewDomainUser['provisioning']): unknown[] =>
  r
    ? [
        JSON.stringify(r.roles),
        r.serviceAreaId ?? null,
        r.line?.dn ?? null,
        r.line?.source ?? null,
        r.line?.callProcessorId ?? null
      ]
    : [null, null, null, null, null]

/** A user as the table stores it: details and services as JSON, search keys in columns. */
export interface PreparedUser {
  key: string
  userid: string
  role: string
  source: string
  /** The details and services as JSON. */
  data: string
  services: string
  lastNameKey: string
  macKeys: string
  dnKeys: string
}

/** A prepared user's values for USER_ROW_COLUMNS. */
export const rowValues = (u: PreparedUser): string[] => [
  u.userid,
  u.role,
  u.source,
  u.data,
  u.services,
  u.lastNameKey,
  u.macKeys,
  u.dnKeys
]

export function prepareUser(user: DomainUserRecord): PreparedUser {
  return {
    key: user.userid.toLowerCase(),
    userid: user.userid,
    role: user.role,
    source: user.source,
    data: JSON.stringify(user.data),
    services: JSON.stringify(user.services),
    lastNameKey: user.data.lastName.toLowerCase(),
    macKeys: searchKeys(user.services, 'mac:'),
    dnKeys: searchKeys(user.services, 'dn:')
  }
}

/** A user's search keys with one prefix (`mac:`, `dn:`), without it, space-separated with a space at each end. */
function searchKeys(services: StoredUserService[], prefix: string): string {
  const keys = new Set<string>()
  for (const s of services) if (s.searchKey?.startsWith(prefix)) keys.add(s.searchKey.slice(prefix.length))
  return keys.size > 0 ? ` ${[...keys].join(' ')} ` : ''
}

export interface StoredRow {
  userid_key: string
  userid: string
  domain_id: number
  role: string
  source: string
  data: string
  services: string
}

/** A user's row as a write compares it and a run's comparison shows it. */
export type PreviousRow = Omit<StoredRow, 'domain_id'>

export const toRow = (r: StoredRow): DomainUserRow => ({
  userid: r.userid,
  domainId: r.domain_id,
  role: r.role,
  source: r.source,
  data: JSON.parse(r.data) as DomainUserRecord['data'],
  services: JSON.parse(r.services) as StoredUserService[]
})
