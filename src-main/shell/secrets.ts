import { safeStorage } from 'electron'
import { keychainSecretBox } from '../secrets/keychain'
import type { SecretBox } from '../secrets/secretBox'

/** The desktop app's secrets: Electron's safeStorage where it is a real keychain (../secrets/keychain). */
export function desktopSecretBox(dataDir: string): SecretBox {
  return keychainSecretBox(dataDir, safeStorage, process.platform)
}
