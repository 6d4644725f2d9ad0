/**
 * A field of a simulated AXL object: text, a reference (AXL "XFkType": name plus uuid attribute), or
 * a nested element such as a user's primaryExtension {pattern, routePartitionName}.
 */
export type FieldValue = string | { ref: string; uuid: string } | { children: Record<string, string> }

/** One simulated object as AXL returns it: a uuid and its fields in schema order. */
export interface LabObject {
  uuid: string
  fields: Record<string, FieldValue>
}

/** A (possibly lazily generated) collection of one AXL object type. */
export interface Collection {
  /** AXL object name, e.g. `Phone` for listPhone / getPhone / <phone>. */
  readonly type: string
  /** The field that names an object (`name`, `pattern`, `userid`, …): used by get* and as the default search. */
  readonly keyField: string
  /** Fields accepted in searchCriteria, in schema order. */
  readonly searchFields: readonly string[]
  /** Upper bound of indexes (deleted entries included). */
  size(): number
  /** The object at an index, or undefined when deleted. */
  at(index: number): LabObject | undefined
  /** Whether an object exists at an index, without generating it. */
  has(index: number): boolean
  /** Index of the object with this key (case-insensitive), or undefined. */
  indexOf(key: string): number | undefined
  /** The key of an object with these fields: its key field, for lines pattern and partition. */
  keyOf(fields: LabObject['fields']): string
}

export function ref(name: string, uuid: string): FieldValue {
  return { ref: name, uuid }
}

/** The searchable text of a field (a reference's name; nested elements are not searchable). */
export function text(value: FieldValue | undefined): string {
  if (value === undefined) return ''
  if (typeof value === 'string') return value
  return 'ref' in value ? value.ref : ''
}
