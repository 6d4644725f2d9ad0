import type { TestFailureReason, TestResult } from '../../src-preload/contract'
import type { Db } from './db'

interface ConnectionTestRow {
  id: number
  device_id: number
  status: 'in-progress' | 'success' | 'failure'
  started_at: string
  finished_at: string | null
  duration_ms: number | null
  reason: TestFailureReason | null
  message: string | null
  version: string | null
  fingerprint: string | null
  endpoint: string | null
}

const KEEP_PER_DEVICE = 20

/** Test Connection history; the newest row is the status the Quick View shows. */
export class ConnectionTestsTable {
  constructor(private readonly db: Db) {}

  start(deviceId: number, at: string): number {
    return Number(
      this.db
        .prepare("INSERT INTO connection_tests (device_id, status, started_at) VALUES (?, 'in-progress', ?)")
        .run(deviceId, at).lastInsertRowid
    )
  }

  finish(id: number, result: TestResult): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          `UPDATE connection_tests SET status = @status, finished_at = @at, duration_ms = @durationMs, reason = @reason,
             message = @message, version = @version, fingerprint = @fingerprint, endpoint = @endpoint WHERE id = @id`
        )
        .run({
          id,
          status: result.status,
          at: result.at,
          durationMs: result.durationMs,
          reason: result.reason ?? null,
          message: result.message,
          version: result.version ?? null,
          fingerprint: result.fingerprint ?? null,
          endpoint: result.endpoint ?? null
        })
      this.db
        .prepare(
          `DELETE FROM connection_tests WHERE device_id = (SELECT device_id FROM connection_tests WHERE id = ?)
             AND id NOT IN (SELECT id FROM connection_tests WHERE device_id = (SELECT device_id FROM connection_tests WHERE id = ?)
                            ORDER BY id DESC LIMIT ${KEEP_PER_DEVICE})`
        )
        .run(id, id)
    })()
  }

  /** Forgets the device's results: they were about connection settings it no longer has. */
  forget(deviceId: number): void {
    this.db.prepare('DELETE FROM connection_tests WHERE device_id = ?').run(deviceId)
  }

  /** A test left in progress by a process that died is reported as failed, not as running forever. */
  abandonUnfinished(at: string): void {
    this.db
      .prepare(
        `UPDATE connection_tests SET status = 'failure', finished_at = ?, reason = 'network',
           message = 'The test was interrupted because Switchboard stopped before it finished.'
         WHERE status = 'in-progress'`
      )
      .run(at)
  }

  latest(deviceId: number): { status: ConnectionTestRow['status']; result?: TestResult } | undefined {
    const row = this.db
      .prepare('SELECT * FROM connection_tests WHERE device_id = ? ORDER BY id DESC LIMIT 1')
      .get(deviceId) as ConnectionTestRow | undefined
    if (!row) return undefined
    if (row.status === 'in-progress') return { status: 'in-progress' }
    return {
      status: row.status,
      result: {
        status: row.status,
        at: row.finished_at ?? row.started_at,
        durationMs: row.duration_ms ?? 0,
        message: row.message ?? '',
        ...(row.reason ? { reason: row.reason } : {}),
        ...(row.version ? { version: row.version } : {}),
        ...(row.fingerprint ? { fingerprint: row.fingerprint } : {}),
        ...(row.endpoint ? { endpoint: row.endpoint } : {})
      }
    }
  }
}
