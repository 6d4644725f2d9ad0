import type { Db } from './db'
import { rowReader, type RowReader } from './rows'

export interface UserRoleRow {
  id: number
  domain_id: number
  name: string
  builtin: boolean
  endpoints: string[]
  lines: string[]
  services: string[]
  bundles: string[]
  /** Picks the new directory users that get this role (LDAP-31). */
  ldap_filter: string | null
}

interface StoredRow {
  id: number
  domain_id: number
  name: string
  builtin: 0 | 1
  endpoints: string
  lines: string
  services: string
  bundles: string
  ldap_filter: string | null
}

const toRow = (r: StoredRow): UserRoleRow => ({
  ...r,
  builtin: r.builtin === 1,
  endpoints: JSON.parse(r.endpoints) as string[],
  lines: JSON.parse(r.lines) as string[],
  services: JSON.parse(r.services) as string[],
  bundles: JSON.parse(r.bundles) as string[]
})

export type RoleLists = Pick<UserRoleRow, 'endpoints' | 'lines' | 'services' | 'bundles'>
/** What a role holds besides its name; built-in roles start without an LDAP filter. */
export type RoleValues = RoleLists & Partial<Pick<UserRoleRow, 'ldap_filter'>>

/** User roles of each domain. */
export class UserRolesTable {
  private readonly rows: RowReader<UserRoleRow>

  constructor(private readonly db: Db) {
    this.rows = rowReader(db, toRow)
  }

  ofDomain(domainId: number): UserRoleRow[] {
    return this.rows.all('SELECT * FROM user_roles WHERE domain_id = ? ORDER BY builtin DESC, id', domainId)
  }

  byName(domainId: number, name: string): UserRoleRow | undefined {
    return this.rows.first('SELECT * FROM user_roles WHERE domain_id = ? AND name = ?', domainId, name)
  }

  insert(domainId: number, name: string, builtin: boolean, values: RoleValues): number {
    return Number(
      this.db
        .prepare(
          'INSERT INTO user_roles (domain_id, name, builtin, endpoints, lines, services, bundles, ldap_filter) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'
        )
        .run(
          domainId,
          name,
          builtin ? 1 : 0,
          JSON.stringify(values.endpoints),
          JSON.stringify(values.lines),
          JSON.stringify(values.services),
          JSON.stringify(values.bundles),
          values.ldap_filter ?? null
        ).lastInsertRowid
    )
  }

  update(id: number, name: string, values: Required<RoleValues>): void {
    this.db
      .prepare(
        'UPDATE user_roles SET name = ?, endpoints = ?, lines = ?, services = ?, bundles = ?, ldap_filter = ? WHERE id = ?'
      )
      .run(
        name,
        JSON.stringify(values.endpoints),
        JSON.stringify(values.lines),
        JSON.stringify(values.services),
        JSON.stringify(values.bundles),
        values.ldap_filter,
        id
      )
  }

  delete(id: number): void {
    this.db.prepare('DELETE FROM user_roles WHERE id = ?').run(id)
  }
}
