import type { Migration } from './migration'

/**
 * Issue 20 item 1: a device is changed only when its "Allow changes" is on. Off for every device,
 * including those that exist already: turning it on is the admin's decision, never an upgrade's.
 */
export const m021DeviceAllowChanges: Migration = {
  name: 'devices.allow_changes',
  up(db) {
    db.exec(
      `ALTER TABLE devices ADD COLUMN allow_changes INTEGER NOT NULL DEFAULT 0 CHECK (allow_changes IN (0, 1))`
    )
  }
}
