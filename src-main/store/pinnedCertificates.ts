import type { Db } from './db'

export interface PinnedCertificateRow {
  device_id: number
  endpoint: string
  fingerprint: string
  anchor_pem: string
  trusted_at: string
}

/** Certificates an administrator chose to trust (trust on first use), one per device endpoint. */
export class PinnedCertificatesTable {
  constructor(private readonly db: Db) {}

  forDevice(deviceId: number): PinnedCertificateRow[] {
    return this.db
      .prepare('SELECT * FROM pinned_certificates WHERE device_id = ? ORDER BY endpoint')
      .all(deviceId) as PinnedCertificateRow[]
  }

  get(deviceId: number, endpoint: string): PinnedCertificateRow | undefined {
    return this.db
      .prepare('SELECT * FROM pinned_certificates WHERE device_id = ? AND endpoint = ?')
      .get(deviceId, endpoint) as PinnedCertificateRow | undefined
  }

  put(row: PinnedCertificateRow): void {
    this.db
      .prepare(
        `INSERT INTO pinned_certificates (device_id, endpoint, fingerprint, anchor_pem, trusted_at)
         VALUES (@device_id, @endpoint, @fingerprint, @anchor_pem, @trusted_at)
         ON CONFLICT (device_id, endpoint) DO UPDATE SET fingerprint = excluded.fingerprint,
           anchor_pem = excluded.anchor_pem, trusted_at = excluded.trusted_at`
      )
      .run(row)
  }

  /** Drops pins for endpoints the device no longer uses (after its host or port changed). */
  keepOnly(deviceId: number, endpoints: string[]): void {
    const rows = this.forDevice(deviceId)
    const remove = this.db.prepare('DELETE FROM pinned_certificates WHERE device_id = ? AND endpoint = ?')
    for (const row of rows) if (!endpoints.includes(row.endpoint)) remove.run(deviceId, row.endpoint)
  }
}
