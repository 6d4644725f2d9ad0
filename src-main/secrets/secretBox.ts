import type { AppInfo } from '../../src-preload/contract'
import { UserError } from '../core/errors'

/**
 * Encrypts credentials at rest. Each ciphertext carries its scheme prefix, so a store written by the
 * desktop app (OS keychain) and by the CLI (key file) can be told apart and the reader can say which
 * secrets it cannot open instead of failing obscurely.
 */
export interface SecretBox {
  readonly scheme: string
  /** Where new secrets go, as app:info shows it; `warning` when that is weaker than the user may assume. */
  readonly storage: SecretStorage
  encrypt(plain: string): string
  /** Throws UserError SECRET_UNAVAILABLE when the ciphertext belongs to a scheme this box cannot open. */
  decrypt(ciphertext: string): string
  canDecrypt(ciphertext: string): boolean
}

export type SecretStorage = AppInfo['secretStorage']

export function schemeOf(ciphertext: string): string {
  const colon = ciphertext.indexOf(':')
  return colon < 0 ? '' : ciphertext.slice(0, colon)
}

/** Writes with the first box; reads with whichever box owns the ciphertext's scheme. */
export function chainSecretBoxes(writer: SecretBox, ...readers: SecretBox[]): SecretBox {
  const all = [writer, ...readers]
  return {
    scheme: writer.scheme,
    storage: writer.storage,
    encrypt: (plain) => writer.encrypt(plain),
    canDecrypt: (ciphertext) => all.some((b) => b.canDecrypt(ciphertext)),
    decrypt(ciphertext) {
      const box = all.find((b) => b.canDecrypt(ciphertext))
      if (!box) throw unavailable(ciphertext)
      return box.decrypt(ciphertext)
    }
  }
}

export function unavailable(ciphertext: string): UserError {
  const scheme = schemeOf(ciphertext)
  const where =
    scheme === 'os1'
      ? 'it was saved by the desktop app in the operating system keychain, which the command line cannot open'
      : `it uses an unknown encryption scheme "${scheme}"`
  return new UserError(
    'SECRET_UNAVAILABLE',
    `The stored password cannot be read here: ${where}. Enter the password again (devices edit NAME --password-stdin) to store a copy this program can use.`
  )
}
