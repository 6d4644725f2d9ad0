/**
 * The check a table no longer makes (migrations 019 and 023: each new run kind, device kind, job state
 * or log severity cost a rebuild of its table): a store module checks a value from one of the
 * contract's lists on its way in, so a value outside the list is a bug caught where it is written, not
 * a row no reader understands. `what` names the column for the error, e.g. "a device's kind".
 */
export function listedValue<const T extends string>(
  list: readonly [T, ...T[]],
  what: string
): (value: string) => T {
  // A set, not a schema: the log's severity is checked on every entry a run writes.
  const allowed: ReadonlySet<string> = new Set(list)
  return (value) => {
    if (!allowed.has(value))
      throw new Error(`The store refuses ${what} "${value}": it must be one of ${list.join(', ')}.`)
    return value as T
  }
}
