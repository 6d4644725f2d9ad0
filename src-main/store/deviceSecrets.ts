import type { Db } from './db'
import { listedValue } from './vocabulary'

export const secretPurposes = ['password', 'os-password'] as const
export type SecretPurpose = (typeof secretPurposes)[number]

/** The table does not check the purpose (migration 023: a new kind of device brings new secrets). */
const checkedPurpose = listedValue(secretPurposes, "a secret's purpose")

/** Encrypted credentials, kept apart from device rows so no query of devices can carry them out. */
export class DeviceSecretsTable {
  constructor(private readonly db: Db) {}

  get(deviceId: number, purpose: SecretPurpose): string | undefined {
    const row = this.db
      .prepare('SELECT ciphertext FROM device_secrets WHERE device_id = ? AND purpose = ?')
      .get(deviceId, purpose) as { ciphertext: string } | undefined
    return row?.ciphertext
  }

  purposes(deviceId: number): SecretPurpose[] {
    return (
      this.db.prepare('SELECT purpose FROM device_secrets WHERE device_id = ?').all(deviceId) as {
        purpose: SecretPurpose
      }[]
    ).map((r) => r.purpose)
  }

  put(deviceId: number, purpose: SecretPurpose, ciphertext: string): void {
    this.db
      .prepare(
        `INSERT INTO device_secrets (device_id, purpose, ciphertext) VALUES (?, ?, ?)
         ON CONFLICT (device_id, purpose) DO UPDATE SET ciphertext = excluded.ciphertext`
      )
      .run(deviceId, checkedPurpose(purpose), ciphertext)
  }

  remove(deviceId: number, purpose: SecretPurpose): void {
    this.db.prepare('DELETE FROM device_secrets WHERE device_id = ? AND purpose = ?').run(deviceId, purpose)
  }
}
