// How the domain synchronization reads inventory fields: as text, compared regardless of letter case.

/** An inventory object's data. */
export type Data = Record<string, unknown>

/** A field's value as text (fields are read by name, not through a variable key: a fixed name is a fast property load). */
export const text = (v: unknown): string =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : ''

export const sameText = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase()

export const isTrue = (v: unknown): boolean => v === true || v === 'true' || v === 't' || v === '1'
