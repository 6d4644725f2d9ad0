import type { Db } from './db'

export interface UserRoleRow {
  id: number
  domain_id: number
  name: string
  builtin: boolean
  endpoints: string[]
  lines: string[]
  services: string[]
  bundles: string[]
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

/** User roles of each domain. */
export class UserRolesTable {
  constructor(private readonly db: Db) {}

  ofDomain(domainId: number): UserRoleRow[] {
    return (
      this.db
        .prepare('SELECT * FROM user_roles WHERE domain_id = ? ORDER BY builtin DESC, id')
        .all(domainId) as StoredRow[]
    ).map(toRow)
  }

  byName(domainId: number, name: string): UserRoleRow | undefined {
    const row = this.db
      .prepare('SELECT * FROM user_roles WHERE domain_id = ? AND name = ?')
      .get(domainId, name) as StoredRow | undefined
    return row ? toRow(row) : undefined
  }

  insert(domainId: number, name: string, builtin: boolean, lists: RoleLists): number {
    return Number(
      this.db
        .prepare(
          'INSERT INTO user_roles (domain_id, name, builtin, endpoints, lines, services, bundles) VALUES (?, ?, ?, ?, ?, ?, ?)'
        )
        .run(
          domainId,
          name,
          builtin ? 1 : 0,
          JSON.stringify(lists.endpoints),
          JSON.stringify(lists.lines),
          JSON.stringify(lists.services),
          JSON.stringify(lists.bundles)
        ).lastInsertRowid
    )
  }

  update(id: number, name: string, lists: RoleLists): void {
    this.db
      .prepare(
        'UPDATE user_roles SET name = ?, endpoints = ?, lines = ?, services = ?, bundles = ? WHERE id = ?'
      )
      .run(
        name,
        JSON.stringify(lists.endpoints),
        JSON.stringify(lists.lines),
        JSON.stringify(lists.services),
        JSON.stringify(lists.bundles),
        id
      )
  }

  delete(id: number): void {
    this.db.prepare('DELETE FROM user_roles WHERE id = ?').run(id)
  }
}
