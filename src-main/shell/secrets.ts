import { safeStorage } from 'electron'
import { keyFileSecretBox } from '../secrets/keyFile'
import { chainSecretBoxes, unavailable, type SecretBox } from '../secrets/secretBox'

const SCHEME = 'os1'

/**
 * The desktop app writes credentials with the OS keychain (Electron safeStorage) when it is
 * available, and can still read copies the CLI stored with the data directory's key file.
 */
export function desktopSecretBox(dataDir: string): SecretBox {
  const keyFile = keyFileSecretBox(dataDir)
  if (!safeStorage.isEncryptionAvailable()) return keyFile
  const keychain: SecretBox = {
    scheme: SCHEME,
    encrypt: (plain) => `${SCHEME}:${safeStorage.encryptString(plain).toString('base64')}`,
    canDecrypt: (ciphertext) => ciphertext.startsWith(`${SCHEME}:`),
    decrypt(ciphertext) {
      if (!ciphertext.startsWith(`${SCHEME}:`)) throw unavailable(ciphertext)
      return safeStorage.decryptString(Buffer.from(ciphertext.slice(SCHEME.length + 1), 'base64'))
    }
  }
  return chainSecretBoxes(keychain, keyFile)
}
