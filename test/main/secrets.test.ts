// Credentials at rest: AES-256-GCM under a 0600 key file; secrets of another scheme give a clear error.
import { statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { keychainSecretBox, type Keychain } from '../../src-main/secrets/keychain'
import { keyFileSecretBox } from '../../src-main/secrets/keyFile'
import { chainSecretBoxes, type SecretBox } from '../../src-main/secrets/secretBox'
import { tempDir } from './helpers/core'

describe('key-file secret box', () => {
  it('round-trips, uses a fresh IV each time, and keeps the key file private', () => {
    const dir = tempDir()
    const box = keyFileSecretBox(dir)
    const a = box.encrypt('pässwörd')
    const b = box.encrypt('pässwörd')
    expect(a).not.toEqual(b)
    expect(box.decrypt(a)).toBe('pässwörd')
    expect(keyFileSecretBox(dir).decrypt(b)).toBe('pässwörd')
    if (process.platform !== 'win32') expect(statSync(join(dir, 'secret.key')).mode & 0o777).toBe(0o600)
  })

  it('detects tampering', () => {
    const box = keyFileSecretBox(tempDir())
    const sealed = box.encrypt('secret')
    const raw = Buffer.from(sealed.slice(3), 'base64')
    raw[raw.length - 1] ^= 1
    expect(() => box.decrypt(`k1:${raw.toString('base64')}`)).toThrow()
  })

  it('cannot open another data directory key', () => {
    const sealed = keyFileSecretBox(tempDir()).encrypt('secret')
    expect(() => keyFileSecretBox(tempDir()).decrypt(sealed)).toThrow()
  })

  it('names the reason when a secret was stored by the desktop app keychain', () => {
    const box = keyFileSecretBox(tempDir())
    expect(() => box.decrypt('os1:AAAA')).toThrow(/operating system keychain/)
  })

  it('a chained box writes with the first scheme and reads both', () => {
    const keyFile = keyFileSecretBox(tempDir())
    const reversed: SecretBox = {
      scheme: 'test',
      storage: { kind: 'os-keychain', description: 'reversed text' },
      encrypt: (plain) => `test:${[...plain].reverse().join('')}`,
      canDecrypt: (c) => c.startsWith('test:'),
      decrypt: (c) => [...c.slice(5)].reverse().join('')
    }
    const chain = chainSecretBoxes(reversed, keyFile)
    expect(chain.encrypt('abc')).toBe('test:cba')
    expect(chain.decrypt(keyFile.encrypt('from-cli'))).toBe('from-cli')
    expect(() => chain.decrypt('zz:1')).toThrow(/unknown encryption scheme/)
  })
})

describe('the desktop app (safeStorage)', () => {
  /** Electron's safeStorage as the desktop shell passes it in; no Electron binary runs in unit tests. */
  function keychain(available: boolean, backend?: string): Keychain & { writes: number } {
    const fake = {
      writes: 0,
      isEncryptionAvailable: () => available,
      encryptString(plain: string) {
        fake.writes++
        return Buffer.from([...plain].reverse().join(''))
      },
      decryptString: (encrypted: Buffer) => [...encrypted.toString()].reverse().join(''),
      ...(backend ? { getSelectedStorageBackend: () => backend } : {})
    }
    return fake
  }

  it('uses a real Linux secret service and says which', () => {
    const os = keychain(true, 'gnome_libsecret')
    const box = keychainSecretBox(tempDir(), os, 'linux')
    const sealed = box.encrypt('hunter2')
    expect(sealed.startsWith('os1:')).toBe(true)
    expect(box.decrypt(sealed)).toBe('hunter2')
    expect(box.storage).toEqual({
      kind: 'os-keychain',
      description: 'operating system keychain (gnome_libsecret)'
    })
  })

  it.each(['basic_text', 'unknown'])(
    'keeps using the key file when Linux has no secret service (backend %s), and warns',
    (backend) => {
      const os = keychain(true, backend)
      const dir = tempDir()
      const box = keychainSecretBox(dir, os, 'linux')
      const sealed = box.encrypt('hunter2')
      expect(sealed.startsWith('k1:')).toBe(true)
      expect(os.writes).toBe(0)
      expect(keyFileSecretBox(dir).decrypt(sealed)).toBe('hunter2')
      expect(box.storage.kind).toBe('key-file')
      expect(box.storage.warning).toMatch(new RegExp(`No secret service .*"${backend}"`))
    }
  )

  it('uses the key file when no keychain is available at all, and the keychain on other systems', () => {
    expect(keychainSecretBox(tempDir(), keychain(false), 'linux').storage.kind).toBe('key-file')
    const mac = keychainSecretBox(tempDir(), keychain(true), 'darwin')
    expect(mac.encrypt('x').startsWith('os1:')).toBe(true)
    expect(mac.storage).toEqual({ kind: 'os-keychain', description: 'operating system keychain' })
  })
})
