// A bundle's database is someone else's file: SQLite runs what its schema holds (a trigger on the
// first write, a view or a generated column on a read, an index expression during the integrity
// check). So before anything reads it, its schema must be exactly the one our migrations produce.
import Database from 'better-sqlite3'
import { printable } from '../core/printable'
import { migrate, type Db } from '../store/db'

interface SchemaObject {
  type: string
  name: string
  table: string
  sql: string | null
}

/** Names in the file are the file's: shown with their controls spelled out, and only so long. */
const shown = (name: string): string => printable(name, 80)

/** A table, index, view or trigger as a sentence names it: `trigger "forge" on audit_log`. */
function describe(object: SchemaObject): string {
  return object.type === 'table' || object.table === object.name
    ? `${object.type} "${shown(object.name)}"`
    : `${object.type} "${shown(object.name)}" on ${shown(object.table)}`
}

function schemaOf(db: Db): Map<string, SchemaObject> {
  const rows = db
    .prepare('SELECT type, name, tbl_name AS "table", sql FROM sqlite_schema ORDER BY type, name')
    .all() as SchemaObject[]
  return new Map(rows.map((row) => [`${row.type} ${row.name}`, row]))
}

/**
 * The schema a store has at `version`: a fresh in-memory database taken through the same migrations,
 * so the expectation cannot drift from what the store really creates.
 */
function expectedSchema(version: number, nativeBinding?: string): Map<string, SchemaObject> {
  const db = new Database(':memory:', nativeBinding ? { nativeBinding } : {})
  try {
    migrate(db, version)
    return schemaOf(db)
  } finally {
    db.close()
  }
}

/**
 * Why the database's schema is not that of a store at `version` (an unknown object, a missing one,
 * or one defined differently), or undefined when it is exactly that.
 */
export function schemaProblem(db: Db, version: number, nativeBinding?: string): string | undefined {
  const expected = expectedSchema(version, nativeBinding)
  const actual = schemaOf(db)
  for (const [key, object] of actual) {
    const wanted = expected.get(key)
    if (!wanted)
      return `its database holds ${describe(object)}, which a Switchboard store (schema ${version}) does not have.`
    if (wanted.table !== object.table || wanted.sql !== object.sql)
      return `its database defines ${describe(object)} differently from a Switchboard store (schema ${version}).`
  }
  for (const [key, object] of expected)
    if (!actual.has(key))
      return `its database lacks ${describe(object)} of a Switchboard store (schema ${version}).`
  return undefined
}
