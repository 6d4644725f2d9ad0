import { performance } from 'node:perf_hooks'
import type { Db } from './db'

/** What development logs unless SWITCHBOARD_SLOW_QUERY_MS says otherwise. */
export const DEFAULT_SLOW_QUERY_MS = 50

export interface SlowQuery {
  sql: string
  ms: number
}

export interface SlowQueryLog {
  /** Statements that take longer than this are reported. */
  thresholdMs: number
  report(query: SlowQuery): void
}

/**
 * The threshold from SWITCHBOARD_SLOW_QUERY_MS, which turns the log on anywhere; without it only
 * development logs (at 50 ms), so production and tests pay nothing for the timing.
 */
export function slowQueryThresholdMs(setting: string | undefined, development: boolean): number | undefined {
  if (setting === undefined || setting.trim() === '') return development ? DEFAULT_SLOW_QUERY_MS : undefined
  if (!/^\d+$/.test(setting.trim()))
    throw new Error(
      `SWITCHBOARD_SLOW_QUERY_MS must be a whole number of milliseconds (0 logs every query), not "${setting}".`
    )
  return Number(setting.trim())
}

/**
 * Times every statement this connection prepares (run, get, all) and every exec, reporting those over
 * the threshold. The connection's own methods are wrapped, so no store module changes for it.
 */
export function logSlowQueries(db: Db, log: SlowQueryLog): void {
  const timed = <T>(sql: string, execute: () => T): T => {
    const started = performance.now()
    try {
      return execute()
    } finally {
      const ms = performance.now() - started
      if (ms > log.thresholdMs) log.report({ sql, ms })
    }
  }
  const prepare = db.prepare.bind(db)
  db.prepare = ((sql: string) => {
    const statement = prepare(sql)
    const run = statement.run.bind(statement)
    const get = statement.get.bind(statement)
    const all = statement.all.bind(statement)
    statement.run = (...params: unknown[]) => timed(sql, () => run(...params))
    statement.get = (...params: unknown[]) => timed(sql, () => get(...params))
    statement.all = (...params: unknown[]) => timed(sql, () => all(...params))
    return statement
  }) as Db['prepare']
  const exec = db.exec.bind(db)
  db.exec = (sql: string) => timed(sql, () => exec(sql))
}

/** One line for the console: the statement on one line, cut short, and how long it took. */
export function describeSlowQuery({ sql, ms }: SlowQuery): string {
  const statement = sql.replace(/\s+/g, ' ').trim()
  const shown = statement.length > 300 ? `${statement.slice(0, 300)}…` : statement
  return `[switchboard] slow query (${Math.round(ms)} ms): ${shown}`
}
