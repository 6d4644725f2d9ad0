// Long lists shown a page at a time (runs, audit entries, inventory objects, users).

/** Which rows of a list a page shows: "Runs 51–100 of 230", or "No runs" when nothing matches. */
export function pageLabel(what: string, offset: number, shown: number, total: number): string {
  if (total === 0) return `No ${what.toLowerCase()}`
  return `${what} ${offset + 1}–${offset + shown} of ${total}`
}
