// What a synchronization changed on a user, in the words of the run log: each field as
// "field: old → new" and each service added, removed or changed by kind and name, so that every update a
// run counts is explained by its entry (issue 25 item 7).
import type { DomainUserRecord, StoredUserService } from '../../store/domainUserRecords'

/** A user's details, or a service's. */
type Fields = Readonly<Record<string, string | undefined>>

const shown = (v: string | undefined): string => (v === undefined || v === '' ? '(empty)' : v)

function change(field: string, before: string | undefined, after: string | undefined): string {
  return `${field}: ${shown(before)} → ${shown(after)}`
}

/** "field: before → after" for each detail that differs, the record's fields first, then those it gains. */
export function dataChanges(before: Fields, after: Fields): string[] {
  const changes: string[] = []
  for (const field in before)
    if (before[field] !== after[field]) changes.push(change(field, before[field], after[field]))
  for (const field in after)
    if (!Object.hasOwn(before, field) && after[field] !== undefined)
      changes.push(change(field, undefined, after[field]))
  return changes
}

/** Names a service area by id for the log (ids mean nothing to a reader). */
export type AreaName = (id: number | undefined) => string

/** Every change between two records of one user: role, source, details, then services. */
export function userChanges(before: DomainUserRecord, after: DomainUserRecord, areaName: AreaName): string[] {
  const changes: string[] = []
  if (before.role !== after.role) changes.push(change('role', before.role, after.role))
  if (before.source !== after.source) changes.push(change('source', before.source, after.source))
  changes.push(
    ...dataChanges(before.data, after.data),
    ...serviceChanges(before.services, after.services, areaName)
  )
  return changes
}

const serviceKey = (s: StoredUserService): string => `${s.kind} ${s.name}`

function serviceChanges(
  before: StoredUserService[],
  after: StoredUserService[],
  areaName: AreaName
): string[] {
  const old = new Map(before.map((s) => [serviceKey(s), s]))
  const changes: string[] = []
  for (const s of after) {
    const key = serviceKey(s)
    const was = old.get(key)
    old.delete(key)
    if (!was) {
      changes.push(`${key} added`)
      continue
    }
    const differences = [
      ...(was.processorId !== s.processorId
        ? [change('processor', `#${was.processorId}`, `#${s.processorId}`)]
        : []),
      ...(was.serviceAreaId !== s.serviceAreaId
        ? [change('service area', areaName(was.serviceAreaId), areaName(s.serviceAreaId))]
        : []),
      ...dataChanges(was.details, s.details)
    ]
    if (differences.length > 0) changes.push(`${key}: ${differences.join(', ')}`)
  }
  for (const key of old.keys()) changes.push(`${key} removed`)
  return changes
}
