import type { Migration } from './migration'

/**
 * Issue 25 item 19: review bundles are signed. `review_signing_key` holds this installation's Ed25519
 * key pair (one row; the private key encrypted like a device password, never exported);
 * `trusted_signers` the colleagues' keys the user chose to trust, by fingerprint, with who trusted
 * them and when.
 */
export const m020ReviewSigners: Migration = {
  name: 'review_signing_key and trusted_signers',
  up(db) {
    db.exec(`
      CREATE TABLE review_signing_key (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        public_key TEXT NOT NULL,
        private_key_ciphertext TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE trusted_signers (
        id INTEGER PRIMARY KEY,
        fingerprint TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        trusted_at TEXT NOT NULL,
        trusted_by TEXT NOT NULL,
        trusted_from TEXT
      );
    `)
  }
}
