import type { Migration } from './migration'

/**
 * Issue 28: a directory may upgrade its plain LDAP connection with StartTLS before the bind. Existing
 * devices keep what they had (LDAPS or plain LDAP).
 */
export const m018DirectoryStartTls: Migration = {
  name: 'devices.start_tls',
  up(db) {
    db.exec(`ALTER TABLE devices ADD COLUMN start_tls INTEGER NOT NULL DEFAULT 0 CHECK (start_tls IN (0, 1))`)
  }
}
