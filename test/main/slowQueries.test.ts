// Slow store queries are logged in development, and anywhere SWITCHBOARD_SLOW_QUERY_MS is set.
import { afterEach, describe, expect, it } from 'vitest'
import { slowQueryThresholdMs, type SlowQuery } from '../../src-main/store/slowQueries'
import { addOfflineCallProcessor, tempDir, testCore } from './helpers/core'

/** A recursive count SQLite cannot shortcut: well over 50 ms on any machine. */
const SLOW_SQL =
  'WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000) SELECT COUNT(*) AS c FROM n'

describe('slow query log', () => {
  const setting = process.env.SWITCHBOARD_SLOW_QUERY_MS
  afterEach(() => {
    if (setting === undefined) delete process.env.SWITCHBOARD_SLOW_QUERY_MS
    else process.env.SWITCHBOARD_SLOW_QUERY_MS = setting
  })

  it('reports every statement over the threshold SWITCHBOARD_SLOW_QUERY_MS sets, with its SQL', async () => {
    process.env.SWITCHBOARD_SLOW_QUERY_MS = '0'
    const slow: SlowQuery[] = []
    const core = testCore(tempDir(), { onSlowQuery: (query) => slow.push(query) })
    try {
      await addOfflineCallProcessor(core, 'CUCM')
      await core.value('devices:list', {})
      expect(slow.some((q) => /^\s*INSERT INTO devices/.test(q.sql))).toBe(true)
      expect(slow.some((q) => /SELECT \* FROM devices ORDER BY name/.test(q.sql))).toBe(true)
      expect(slow.every((q) => q.ms > 0)).toBe(true)
    } finally {
      await core.dispose()
    }
  })

  it('logs queries over 50 ms in development without the setting', async () => {
    delete process.env.SWITCHBOARD_SLOW_QUERY_MS
    const slow: SlowQuery[] = []
    const core = testCore(tempDir(), { development: true, onSlowQuery: (query) => slow.push(query) })
    try {
      expect(core.store.db.prepare(SLOW_SQL).get()).toEqual({ c: 1_000_000 })
      expect(slow).toEqual([expect.objectContaining({ sql: SLOW_SQL })])
      expect(slow[0].ms).toBeGreaterThan(50)
    } finally {
      await core.dispose()
    }
  })

  it('is off in production and tests unless the setting is there', async () => {
    delete process.env.SWITCHBOARD_SLOW_QUERY_MS
    const slow: SlowQuery[] = []
    const core = testCore(tempDir(), { onSlowQuery: (query) => slow.push(query) })
    try {
      core.store.db.prepare(SLOW_SQL).get()
      await core.value('devices:list', {})
      expect(slow).toEqual([])
    } finally {
      await core.dispose()
    }
  })

  it('refuses a threshold that is no whole number of milliseconds, naming the variable', () => {
    expect(slowQueryThresholdMs(' 120 ', false)).toBe(120)
    expect(slowQueryThresholdMs(undefined, true)).toBe(50)
    expect(slowQueryThresholdMs('', false)).toBeUndefined()
    expect(() => slowQueryThresholdMs('fast', true)).toThrow(
      'SWITCHBOARD_SLOW_QUERY_MS must be a whole number of milliseconds (0 logs every query), not "fast".'
    )
    process.env.SWITCHBOARD_SLOW_QUERY_MS = '-5'
    expect(() => testCore(tempDir())).toThrow(/SWITCHBOARD_SLOW_QUERY_MS .* not "-5"/)
  })
})
