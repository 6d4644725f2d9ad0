import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { unavailable, type SecretBox } from './secretBox'

const SCHEME = 'k1'
export const KEY_FILE = 'secret.key'

/**
 * AES-256-GCM with a random 32-byte key kept in `<dataDir>/secret.key`, readable by its owner only
 * (0600). Used by the CLI and the headless host, which have no OS keychain of their own.
 */
export function keyFileSecretBox(dataDir: string): SecretBox {
  const key = loadOrCreateKey(join(dataDir, KEY_FILE))
  return {
    scheme: SCHEME,
    storage: { kind: 'key-file', description: 'key file in the data directory' },
    encrypt(plain) {
      const iv = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', key, iv)
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
      return `${SCHEME}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`
    },
    canDecrypt: (ciphertext) => ciphertext.startsWith(`${SCHEME}:`),
    decrypt(ciphertext) {
      if (!ciphertext.startsWith(`${SCHEME}:`)) throw unavailable(ciphertext)
      const raw = Buffer.from(ciphertext.slice(SCHEME.length + 1), 'base64')
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12))
      decipher.setAuthTag(raw.subarray(12, 28))
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8')
    }
  }
}

function loadOrCreateKey(file: string): Buffer {
  if (existsSync(file)) {
    const key = readFileSync(file)
    if (key.length !== 32)
      throw new Error(`${file} is not a Switchboard key file (expected 32 bytes, found ${key.length}).`)
    // Tighten permissions an unzip or copy may have widened.
    if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600)
    return key
  }
  const key = randomBytes(32)
  writeFileSync(file, key, { mode: 0o600, flag: 'wx' })
  return key
}
