import type { DeviceKind } from '../../src-preload/contract'
import { kindLabels } from '../../src-preload/contract'
import type { Clock } from '../core/clock'
import { UserError } from '../core/errors'
import type { EventBus } from '../core/events'
import type { Store } from '../store'
import type { DeviceRow } from '../store/devices'
import type { DomainRow } from '../store/domains'
import type { SyncCoordinator } from '../sync/coordinator'

export interface DomainDeps {
  store: Store
  events: EventBus
  clock: Clock
  coordinator: SyncCoordinator
}

/** Lookups shared by the Provisioning Setup services, with the errors a user can act on. */
export function domainRow(store: Store, name: string, field = 'domain'): DomainRow {
  const row = store.domains.byName(name)
  if (!row) {
    const known = store.domains.all().map((d) => d.name)
    throw new UserError(
      'NOT_FOUND',
      `There is no domain named "${name}"${known.length > 0 ? ` (domains: ${known.join(', ')})` : ''}.`,
      field
    )
  }
  return row
}

export function deviceOfKind(store: Store, name: string, kind: DeviceKind, field: string): DeviceRow {
  const row = store.devices.all().find((d) => d.name.toLowerCase() === name.toLowerCase())
  if (!row)
    throw new UserError('NOT_FOUND', `${field}: there is no device named "${name}" in Device Setup.`, field)
  if (row.kind !== kind)
    throw new UserError(
      'VALIDATION',
      `${field}: ${row.name} is a ${kindLabels[row.kind]}, not a ${kindLabels[kind]}.`,
      field
    )
  return row
}

export function deviceNames(store: Store): Map<number, string> {
  return new Map(store.devices.all().map((d) => [d.id, d.name]))
}

/**
 * Changes that domain synchronization reads (processors, rules, service areas, roles) wait until a
 * running synchronization of that domain ends, so that what it writes matches what it read.
 */
export function assertDomainIdle(coordinator: SyncCoordinator, domain: DomainRow): void {
  const running = coordinator
    .progress()
    .find((p) => p.kind === 'domain' && p.device.toLowerCase() === domain.name.toLowerCase())
  if (running)
    throw new UserError(
      'BUSY',
      `${domain.name} is being synchronized (run ${running.runId}); change it when the run has finished, or cancel the run.`
    )
}
