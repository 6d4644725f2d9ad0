import type { Db } from './db'

/** Reads a table's rows, each turned from its stored form (JSON text, 0/1 for booleans) into the caller's. */
export interface RowReader<Row> {
  /** Every row the query returns. */
  all(sql: string, ...params: unknown[]): Row[]
  /** The first row the query returns; undefined when there is none. */
  first(sql: string, ...params: unknown[]): Row | undefined
}

export function rowReader<Stored, Row>(db: Db, toRow: (stored: Stored) => Row): RowReader<Row> {
  return {
    all: (sql, ...params) => (db.prepare(sql).all(...params) as Stored[]).map((stored) => toRow(stored)),
    first: (sql, ...params) => {
      const stored = db.prepare(sql).get(...params) as Stored | undefined
      return stored === undefined ? undefined : toRow(stored)
    }
  }
}
