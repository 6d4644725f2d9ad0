// This installation's review-bundle signing key: an Ed25519 key pair made on the first export and kept
// in the store, its private half encrypted with the data directory's key file (AES-256-GCM, the file
// readable by its owner only), as the command line and the headless host keep device passwords. Not
// with the OS keychain even in the desktop app: the key is the installation's identity, and a cron
// `review export` must sign with the same key as the app, which a keychain entry would not allow.
import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto'
import type { Clock } from '../core/clock'
import { UserError } from '../core/errors'
import { keyFileSecretBox } from '../secrets/keyFile'
import type { SecretBox } from '../secrets/secretBox'
import type { Store } from '../store'
import type { SigningKeyRow } from '../store/reviewSigners'
import { rawPublicKey } from './signature'

export interface SigningKeyDeps {
  store: Store
  dataDir: string
  clock: Clock
}

/** The installation's private signing key, made and stored on first use. */
export function installationSigningKey(deps: SigningKeyDeps): KeyObject {
  const box = keyFileSecretBox(deps.dataDir)
  const stored = deps.store.reviewSigners.signingKey()
  if (stored) return openStoredKey(stored, box)
  const { privateKey } = generateKeyPairSync('ed25519')
  deps.store.reviewSigners.createSigningKey({
    publicKey: rawPublicKey(privateKey).toString('base64'),
    privateKeyCiphertext: box.encrypt(privateKey.export({ format: 'pem', type: 'pkcs8' }) as string),
    createdAt: deps.clock.now().toISOString()
  })
  return privateKey
}

function openStoredKey(stored: SigningKeyRow, box: SecretBox): KeyObject {
  let key: KeyObject
  try {
    key = createPrivateKey(box.decrypt(stored.privateKeyCiphertext))
  } catch {
    throw new UserError(
      'SECRET_UNAVAILABLE',
      "This installation's review-bundle signing key cannot be opened: the data directory's key file (secret.key) is not the one it was encrypted with. Restore that key file; nothing was exported."
    )
  }
  if (rawPublicKey(key).toString('base64') !== stored.publicKey)
    throw new UserError(
      'SECRET_UNAVAILABLE',
      "This installation's review-bundle signing key does not match its public key in the store; nothing was exported."
    )
  return key
}

/**
 * Every form the signing key could take in a file (the stored ciphertext, PEM, DER, the raw 32-byte
 * seed in binary, hex and base64), for the export's last check that none of them reaches a bundle.
 */
export function signingKeyForms(deps: SigningKeyDeps): Buffer[] {
  const stored = deps.store.reviewSigners.signingKey()
  if (!stored) return []
  const ciphertext = stored.privateKeyCiphertext
  const forms = [Buffer.from(ciphertext), Buffer.from(ciphertext.slice(ciphertext.indexOf(':') + 1))]
  const key = openStoredKey(stored, keyFileSecretBox(deps.dataDir))
  const der = key.export({ format: 'der', type: 'pkcs8' })
  const seed = Buffer.from(key.export({ format: 'jwk' }).d ?? '', 'base64url')
  forms.push(
    Buffer.from(key.export({ format: 'pem', type: 'pkcs8' }) as string),
    der,
    Buffer.from(der.toString('base64'))
  )
  for (const encoding of ['hex', 'base64', 'base64url'] as const)
    forms.push(Buffer.from(seed.toString(encoding)))
  forms.push(seed)
  return forms
}
