import { keyFileSecretBox } from './keyFile'
import { chainSecretBoxes, unavailable, type SecretBox } from './secretBox'

const SCHEME = 'os1'

/** What the desktop app needs of Electron's safeStorage (passed in: this module never imports Electron). */
export interface Keychain {
  isEncryptionAvailable(): boolean
  encryptString(plain: string): Buffer
  decryptString(encrypted: Buffer): string
  /** Linux only: which secret store Chromium picked. */
  getSelectedStorageBackend?(): string
}

/**
 * The desktop app writes credentials with the OS keychain when there is a real one, and can still read
 * copies the CLI stored with the data directory's key file. On Linux without a secret service,
 * Chromium "encrypts" with a key compiled into every copy of Electron (backend `basic_text`); the key
 * file, readable by its owner only, is then the safer of the two, and the app says so.
 */
export function keychainSecretBox(dataDir: string, keychain: Keychain, platform: string): SecretBox {
  const keyFile = keyFileSecretBox(dataDir)
  if (!keychain.isEncryptionAvailable()) {
    return withStorage(keyFile, {
      kind: 'key-file',
      description: 'key file in the data directory (no OS keychain is available)'
    })
  }
  if (platform === 'linux') {
    const backend = keychain.getSelectedStorageBackend?.() ?? 'unknown'
    if (backend === 'basic_text' || backend === 'unknown') {
      return withStorage(keyFile, {
        kind: 'key-file',
        description: 'key file in the data directory (no secret service found)',
        warning: `No secret service (GNOME Keyring or KWallet) was found, so the OS keychain would only obscure passwords with a built-in key (backend "${backend}"). Passwords are kept with the data directory's key file (readable by you only) instead.`
      })
    }
  }
  const backend = platform === 'linux' ? ` (${keychain.getSelectedStorageBackend?.()})` : ''
  const os: SecretBox = {
    scheme: SCHEME,
    storage: { kind: 'os-keychain', description: `operating system keychain${backend}` },
    encrypt: (plain) => `${SCHEME}:${keychain.encryptString(plain).toString('base64')}`,
    canDecrypt: (ciphertext) => ciphertext.startsWith(`${SCHEME}:`),
    decrypt(ciphertext) {
      if (!ciphertext.startsWith(`${SCHEME}:`)) throw unavailable(ciphertext)
      return keychain.decryptString(Buffer.from(ciphertext.slice(SCHEME.length + 1), 'base64'))
    }
  }
  return chainSecretBoxes(os, keyFile)
}

function withStorage(box: SecretBox, storage: SecretBox['storage']): SecretBox {
  return { ...box, storage }
}
