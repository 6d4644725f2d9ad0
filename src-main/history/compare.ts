// Run comparison (issue 8 item 2) as plain functions over recorded changes and log entries, so the
// fold rules are tested without a store.
import type {
  FieldChange,
  LogEntry,
  ObjectChange,
  ObjectRef,
  TypeComparison
} from '../../src-preload/contract'
import type { RunChange } from '../store/runChanges'

/** A key's changes over several runs, reduced to its state before the first and after the last. */
interface Folded {
  type: string
  key: string
  /** Name before the first change (for what disappeared) and after the last (for the rest). */
  firstName: string
  lastName: string
  existedBefore: boolean
  existsAfter: boolean
  before: string | null
  after: string | null
}

/**
 * Compares two snapshots of a device's inventory from the changes of the runs between them, oldest
 * first. Per key: added then removed is nothing; changed twice is the first before and the last after;
 * removed then added again is a change when the data differs. A `filled` type (a run filled it from
 * empty, its additions unrecorded) gets a note instead of a list of what appeared.
 */
export function compareInventory(changes: Iterable<RunChange>, limit: number): TypeComparison[] {
  const folded = new Map<string, Folded>()
  const filledBy = new Map<string, number>()
  for (const c of changes) {
    if (c.change === 'filled') {
      filledBy.set(c.type, c.runId)
      continue
    }
    const id = `${c.type}\u0000${c.key}`
    const prior = folded.get(id)
    const existsAfter = c.change !== 'removed'
    const after = c.change === 'removed' ? null : c.after
    if (prior) {
      prior.existsAfter = existsAfter
      prior.after = after
      prior.lastName = c.name
    } else {
      folded.set(id, {
        type: c.type,
        key: c.key,
        firstName: c.name,
        lastName: c.name,
        existedBefore: c.change !== 'added',
        existsAfter,
        before: c.change === 'added' ? null : c.before,
        after
      })
    }
  }

  const byType = new Map<string, Collected>()
  const collected = (type: string): Collected => {
    let entry = byType.get(type)
    if (!entry) byType.set(type, (entry = { appeared: [], disappeared: [], changed: [] }))
    return entry
  }
  for (const f of folded.values()) {
    if (!f.existedBefore && f.existsAfter) collected(f.type).appeared.push({ key: f.key, name: f.lastName })
    else if (f.existedBefore && !f.existsAfter)
      collected(f.type).disappeared.push({ key: f.key, name: f.firstName })
    else if (f.existedBefore && f.existsAfter) {
      const fields = diffFields(parseData(f.before), parseData(f.after))
      if (fields.length > 0) collected(f.type).changed.push({ key: f.key, name: f.lastName, fields })
    }
  }
  for (const type of filledBy.keys()) collected(type)
  return [...byType.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([type, lists]) => {
      const filledRun = filledBy.get(type)
      return {
        ...limited(type, lists, limit),
        ...(filledRun !== undefined
          ? {
              note: `${type} had no objects before run ${filledRun} (its first synchronization of this type): the objects that run added are not recorded, so they are not listed as appeared.`
            }
          : {})
      }
    })
    .filter((t) => t.note !== undefined || t.counts.appeared + t.counts.disappeared + t.counts.changed > 0)
}

/**
 * Compares what two domain, LDAP or write-back runs reported, by the objects their log entries name
 * (type and name). Appeared: named only by the newer run; disappeared: only by the older; changed:
 * named by both with other codes or messages, one field per log code (the message of each run).
 */
export function compareLogs(
  older: Iterable<LogEntry>,
  newer: Iterable<LogEntry>,
  limit: number
): TypeComparison[] {
  const before = reportedObjects(older)
  const after = reportedObjects(newer)
  const byType = new Map<string, Collected>()
  const collected = (type: string): Collected => {
    let entry = byType.get(type)
    if (!entry) byType.set(type, (entry = { appeared: [], disappeared: [], changed: [] }))
    return entry
  }
  for (const [id, reported] of after) {
    const earlier = before.get(id)
    if (!earlier) {
      collected(reported.type).appeared.push({ key: reported.name, name: reported.name })
      continue
    }
    const fields = diffFields(earlier.messages, reported.messages)
    if (fields.length > 0)
      collected(reported.type).changed.push({ key: reported.name, name: reported.name, fields })
  }
  for (const [id, reported] of before)
    if (!after.has(id)) collected(reported.type).disappeared.push({ key: reported.name, name: reported.name })
  return [...byType.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([type, lists]) => limited(type, lists, limit))
}

interface Collected {
  appeared: ObjectRef[]
  disappeared: ObjectRef[]
  changed: ObjectChange[]
}

const byName = (a: ObjectRef, b: ObjectRef): number =>
  a.name.localeCompare(b.name) || a.key.localeCompare(b.key)

function limited(type: string, lists: Collected, limit: number): TypeComparison {
  return {
    type,
    appeared: lists.appeared.sort(byName).slice(0, limit),
    disappeared: lists.disappeared.sort(byName).slice(0, limit),
    changed: lists.changed.sort(byName).slice(0, limit),
    counts: {
      appeared: lists.appeared.length,
      disappeared: lists.disappeared.length,
      changed: lists.changed.length
    }
  }
}

/** Whether any list of any type stopped at the limit. */
export function isTruncated(types: TypeComparison[]): boolean {
  return types.some(
    (t) =>
      t.appeared.length < t.counts.appeared ||
      t.disappeared.length < t.counts.disappeared ||
      t.changed.length < t.counts.changed
  )
}

/** The objects a run's log names, with each code's message (several entries of one code joined). */
function reportedObjects(
  entries: Iterable<LogEntry>
): Map<string, { type: string; name: string; messages: Record<string, string> }> {
  const objects = new Map<string, { type: string; name: string; messages: Record<string, string> }>()
  for (const e of entries) {
    if (e.objectName === undefined) continue
    const type = e.objectType ?? 'Other'
    const id = `${type}\u0000${e.objectName}`
    let object = objects.get(id)
    if (!object) objects.set(id, (object = { type, name: e.objectName, messages: {} }))
    const prior = object.messages[e.code]
    object.messages[e.code] = prior === undefined ? e.message : `${prior}\n${e.message}`
  }
  return objects
}

function parseData(json: string | null): unknown {
  return json === null ? undefined : (JSON.parse(json) as unknown)
}

const isContainer = (value: unknown): value is Record<string, unknown> | unknown[] =>
  typeof value === 'object' && value !== null

/**
 * Field-level differences of two values, nested objects and arrays as dotted paths (`lines.1.pattern`).
 * A field that exists on one side only has no `before` (or no `after`).
 */
export function diffFields(before: unknown, after: unknown, path = ''): FieldChange[] {
  if (isContainer(before) && isContainer(after) && Array.isArray(before) === Array.isArray(after)) {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)])
    return [...keys].flatMap((key) =>
      diffFields(
        (before as Record<string, unknown>)[key],
        (after as Record<string, unknown>)[key],
        path ? `${path}.${key}` : key
      )
    )
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return []
  return [
    {
      field: path || '(value)',
      ...(before !== undefined ? { before } : {}),
      ...(after !== undefined ? { after } : {})
    }
  ]
}
