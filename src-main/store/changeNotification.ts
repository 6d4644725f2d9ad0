import type { Db } from './db'

export interface ChangeNotificationRow {
  device_id: number
  enabled: 0 | 1
  interval_minutes: number
  queue_id: string | null
  next_start_change_id: number | null
  last_poll_at: string | null
  last_status: string | null
}

/** Where each call processor's change notification stands: on or off, its interval and queue position. */
export class ChangeNotificationTable {
  constructor(private readonly db: Db) {}

  get(deviceId: number): ChangeNotificationRow | undefined {
    return this.db.prepare('SELECT * FROM change_notification WHERE device_id = ?').get(deviceId) as
      ChangeNotificationRow | undefined
  }

  enabled(): ChangeNotificationRow[] {
    return this.db
      .prepare('SELECT * FROM change_notification WHERE enabled = 1')
      .all() as ChangeNotificationRow[]
  }

  upsert(row: ChangeNotificationRow): void {
    this.db
      .prepare(
        `INSERT INTO change_notification (device_id, enabled, interval_minutes, queue_id, next_start_change_id, last_poll_at, last_status)
         VALUES (@device_id, @enabled, @interval_minutes, @queue_id, @next_start_change_id, @last_poll_at, @last_status)
         ON CONFLICT (device_id) DO UPDATE SET enabled = excluded.enabled, interval_minutes = excluded.interval_minutes,
           queue_id = excluded.queue_id, next_start_change_id = excluded.next_start_change_id,
           last_poll_at = excluded.last_poll_at, last_status = excluded.last_status`
      )
      .run(row)
  }
}
