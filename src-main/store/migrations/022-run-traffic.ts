import type { Migration } from './migration'

/**
 * Issue 26 item 2: a run records what it asked its device (requests and response bytes, JSON), the
 * figure that decides its duration at real network latency.
 */
export const m022RunTraffic: Migration = {
  name: 'sync_runs: traffic',
  up(db) {
    db.exec('ALTER TABLE sync_runs ADD COLUMN traffic TEXT')
  }
}
