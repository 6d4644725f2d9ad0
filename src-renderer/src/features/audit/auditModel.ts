// The audit trail as plain data: its filters as the store's query, the actions to choose from, which
// fields a change touched, and how values read.
import { channelEffects, requestChannels } from '../../../../src-preload/contract/channels'
import type { AuditEntry, AuditFilter, Input } from '../../../../src-preload/contract'
import { localTimeToIso } from '../logs/runListModel'

export const AUDIT_PAGE_SIZE = 100

export interface AuditFilters {
  /** An exact action, or an area ending in ":" (e.g. `devices:`); empty: every action. */
  action: string
  /** Part of the target's name. */
  target: string
  /** `datetime-local` values; empty: no bound. */
  from: string
  to: string
}

export const noAuditFilters: AuditFilters = { action: '', target: '', from: '', to: '' }

/** The filters as the store's audit query, empty ones left out; the same for the list and the export. */
export function auditFilter(filters: AuditFilters): AuditFilter {
  const action = filters.action.trim()
  const target = filters.target.trim()
  const from = localTimeToIso(filters.from, 'from')
  const to = localTimeToIso(filters.to, 'to')
  return {
    ...(action ? { action } : {}),
    ...(target ? { target } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {})
  }
}

export function auditQuery(filters: AuditFilters, offset: number): Input<'audit:list'> {
  return { ...auditFilter(filters), offset, limit: AUDIT_PAGE_SIZE }
}

/**
 * What the action filter offers: each area ("devices:" for every device change and action), then every
 * request the trail records (changes and actions, never reads).
 */
export function auditActionChoices(): string[] {
  const recorded = requestChannels.filter((channel) => channelEffects[channel] !== 'read')
  const areas = [...new Set(recorded.map((channel) => `${channel.split(':')[0]}:`))]
  return [...areas, ...recorded]
}

/** An entry's details, split into what the detail view shows in its own place. */
export interface AuditDetails {
  /** `change` or `action`, for requests through the contract. */
  effect?: string
  /** Where the request came from: the desktop app, a browser on the headless host, or the CLI. */
  origin?: string
  changes: FieldChange[]
  input?: unknown
  result?: unknown
  error?: string
  /** Anything else the entry recorded (e.g. a schedule's reason), shown as it is. */
  other: Record<string, unknown>
}

export function auditDetails(entry: AuditEntry): AuditDetails {
  const { before, after, input, result, error, effect, origin, secretsSet, ...other } = entry.details
  // A secret's value is never recorded, only that it was set: one row per secret field says so.
  const secretChanges: FieldChange[] = (Array.isArray(secretsSet) ? secretsSet : []).map((field) => ({
    field: String(field),
    before: '(not recorded)',
    after: 'changed (the value is never recorded)'
  }))
  return {
    ...(typeof effect === 'string' ? { effect } : {}),
    ...(typeof origin === 'string' ? { origin } : {}),
    changes: [
      ...(before === undefined && after === undefined ? [] : fieldChanges(before, after)),
      ...secretChanges
    ],
    ...(input !== undefined ? { input } : {}),
    ...(result !== undefined ? { result } : {}),
    ...(error !== undefined ? { error: valueText(error) } : {}),
    other
  }
}

export interface FieldChange {
  /** Dotted path to the field, e.g. `Sales.callingSearchSpace` or `extensionMobility.serviceUrl`. */
  field: string
  before: unknown
  after: unknown
}

type Plain = Record<string, unknown>

const isPlain = (value: unknown): value is Plain =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** Lists of named objects (service areas, roles, jobs) are keyed by name, so a move is not a change. */
function keyed(list: unknown[]): Plain | undefined {
  const entries = list.map((item) =>
    isPlain(item) && (typeof item.name === 'string' || typeof item.name === 'number')
      ? [String(item.name), item]
      : undefined
  )
  if (entries.some((entry) => entry === undefined)) return undefined
  const map = Object.fromEntries(entries as [string, unknown][])
  return Object.keys(map).length === list.length ? map : undefined
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b)

/**
 * The fields that differ between a change's before and after snapshots, down to the leaves of nested
 * objects; a created object has no before and a deleted one no after. Lists of unnamed values compare
 * as a whole.
 */
export function fieldChanges(before: unknown, after: unknown, path = ''): FieldChange[] {
  const asObject = (value: unknown): Plain | undefined =>
    isPlain(value) ? value : Array.isArray(value) ? keyed(value) : undefined
  const a = asObject(before)
  const b = asObject(after)
  if ((a || before === undefined) && (b || after === undefined) && (a || b)) {
    const fields = new Set([...Object.keys(a ?? {}), ...Object.keys(b ?? {})])
    return [...fields].flatMap((field) =>
      fieldChanges(a?.[field], b?.[field], path ? `${path}.${field}` : field)
    )
  }
  return same(before, after) ? [] : [{ field: path || '(value)', before, after }]
}

/** A value as one line of text: strings as they are, nothing as a dash, the rest as JSON. */
export function valueText(value: unknown): string {
  if (value === undefined || value === null || value === '') return '—'
  if (typeof value === 'string') return value
  return JSON.stringify(value)
}
