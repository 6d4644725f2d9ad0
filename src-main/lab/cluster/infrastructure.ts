// The infrastructure of a simulated cluster: a few objects of each type, most of them one per site,
// built once by the area builders beside this file and registered by LabCluster.
import type { FieldValue } from '../model'
import type { Site } from '../vocabulary'

/** An object's fields in schema order; those left undefined are not set. */
export type Fields = Record<string, FieldValue | undefined>

/** One infrastructure type: its AXL name, the field that names an object, the fields searchable, its objects. */
export interface StaticType {
  type: string
  keyField: string
  searchFields: string[]
  rows: Fields[]
}

/** What an area builder builds from. */
export interface InfrastructureContext {
  sites: readonly Site[]
  /** A reference to an infrastructure object by type and name. */
  fk: (type: string, name: string) => FieldValue
}

export function staticType(
  type: string,
  keyField: string,
  searchFields: string[],
  rows: Fields[]
): StaticType {
  return { type, keyField, searchFields, rows }
}

/** Objects named `names`, each with the fields `extra` adds after its name. */
export function named(names: string[], extra: (name: string, i: number) => Fields = () => ({})): Fields[] {
  return names.map((name, i) => ({ name, ...extra(name, i) }))
}
