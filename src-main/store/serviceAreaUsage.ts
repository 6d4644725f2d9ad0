import type { Db } from './db'
import type { StoredUserService } from './domainUserRecords'

/** How many services of one kind a service area holds. */
interface ServiceUsage {
  serviceAreaId: number
  kind: string
  services: number
}

/** Services counted per service area and kind. */
export class ServiceUsageCount {
  private readonly counts = new Map<number, Map<string, number>>()

  add(serviceAreaId: number, kind: string, services = 1): void {
    let perKind = this.counts.get(serviceAreaId)
    if (!perKind) this.counts.set(serviceAreaId, (perKind = new Map<string, number>()))
    perKind.set(kind, (perKind.get(kind) ?? 0) + services)
  }

  addServices(services: readonly StoredUserService[]): void {
    for (const s of services) if (s.serviceAreaId !== undefined) this.add(s.serviceAreaId, s.kind)
  }

  entries(): ServiceUsage[] {
    return [...this.counts].flatMap(([serviceAreaId, perKind]) =>
      [...perKind].map(([kind, services]) => ({ serviceAreaId, kind, services }))
    )
  }
}

/**
 * The services per service area and kind, as the last synchronization of its domain filed them
 * (service_area_usage): rewritten with the domain's users, so that a service area's counts are read
 * without reading its users.
 */
export class ServiceAreaUsageTable {
  constructor(private readonly db: Db) {}

  /** Services in the service area per kind. */
  servicesPerKind(serviceAreaId: number): Record<string, number> {
    const rows = this.db
      .prepare('SELECT kind, services FROM service_area_usage WHERE service_area_id = ? ORDER BY kind')
      .all(serviceAreaId) as { kind: string; services: number }[]
    return Object.fromEntries(rows.map((r) => [r.kind, r.services]))
  }

  /** Makes `usage` the domain's counts, leaving out areas deleted meanwhile (inside the caller's transaction). */
  replaceDomain(domainId: number, usage: ServiceUsageCount): void {
    this.db.prepare('DELETE FROM service_area_usage WHERE domain_id = ?').run(domainId)
    const insertUsage = this.db.prepare(
      'INSERT INTO service_area_usage (domain_id, service_area_id, kind, services) SELECT domain_id, id, ?, ? FROM service_areas WHERE id = ? AND domain_id = ?'
    )
    for (const u of usage.entries()) insertUsage.run(u.kind, u.services, u.serviceAreaId, domainId)
  }
}
