// The device inventory browser without the DOM: its query, the type choices and an object's fields.
import type { Input } from '../../../../src-preload/contract'
import { objectTypeLabel } from '../../../../src-preload/rules/objectTypes'
import { fieldLabel } from '../../components/fieldLabel'

export const INVENTORY_PAGE_SIZE = 50
/** The contract's limit on the search text. */
export const INVENTORY_SEARCH_MAX = 200

export interface InventoryFilters {
  /** Empty: every type. */
  type: string
  /** Part of the object's name; empty: no search. */
  search: string
}

export const noInventoryFilters: InventoryFilters = { type: '', search: '' }

export function inventoryQuery(
  device: string,
  filters: InventoryFilters,
  offset: number
): Input<'inventory:list'> {
  const search = filters.search.trim()
  return {
    device,
    ...(filters.type ? { type: filters.type } : {}),
    ...(search ? { search } : {}),
    offset,
    limit: INVENTORY_PAGE_SIZE
  }
}

/** The type filter's options, by name, each with its count: "Phone (60)". */
export function typeChoices(types: Record<string, number>): { type: string; label: string }[] {
  return Object.entries(types)
    .map(([type, count]) => ({ type, label: `${objectTypeLabel(type)} (${count.toLocaleString('en-US')})` }))
    .sort((a, b) => a.label.localeCompare(b.label))
}

export function objectCount(types: Record<string, number>): number {
  return Object.values(types).reduce((sum, n) => sum + n, 0)
}

export interface ObjectField {
  /** The field's dotted path, e.g. `lines.line.0.dirn.pattern`. */
  path: string
  label: string
  value: string
}

/** Fields shown of one object; a device's object can be large, and past this the list says how many more. */
export const MAX_OBJECT_FIELDS = 300
/** Deeper than this, what is left of a value is shown as JSON on one row. */
const MAX_DEPTH = 6

const isPlain = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

function text(value: unknown): string {
  if (value === undefined || value === null || value === '') return '—'
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return JSON.stringify(value)
}

/**
 * An object's stored fields, one row per leaf (nested elements and lists flattened into dotted paths,
 * e.g. a phone's lines), at most MAX_OBJECT_FIELDS of them; `more` counts the rest.
 */
export function objectFields(data: Record<string, unknown>): { fields: ObjectField[]; more: number } {
  const fields: ObjectField[] = []
  let more = 0
  const visit = (value: unknown, path: string, depth: number): void => {
    const nested = isPlain(value) ? Object.entries(value) : Array.isArray(value) ? [...value.entries()] : []
    const primitiveList = Array.isArray(value) && value.every((v) => !isPlain(v) && !Array.isArray(v))
    if (nested.length > 0 && !primitiveList && depth < MAX_DEPTH) {
      for (const [key, child] of nested) visit(child, path ? `${path}.${key}` : String(key), depth + 1)
      return
    }
    if (fields.length >= MAX_OBJECT_FIELDS) {
      more += 1
      return
    }
    fields.push({
      path,
      label: fieldLabel(path),
      value: primitiveList ? (value as unknown[]).map(text).join(', ') || '—' : text(value)
    })
  }
  for (const [key, value] of Object.entries(data)) visit(value, key, 1)
  return { fields, more }
}
