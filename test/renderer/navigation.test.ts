// Issue 25 item 28: the page, device and domain left are stored and read back; what the storage holds
// is checked, since anything may be there.
import { describe, expect, it } from 'vitest'
import { loadNavigation, parseNavigation, saveNavigation } from '../../src-renderer/src/store/navigation'

function memoryStorage() {
  const items = new Map<string, string>()
  return {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value)
  }
}

describe('navigation', () => {
  it('comes back to the page, device and domain saved', () => {
    const storage = memoryStorage()
    saveNavigation(storage, { page: 'provisioning', device: 'Lab CUCM 1', domain: 'West' })
    expect(loadNavigation(storage)).toEqual({ page: 'provisioning', device: 'Lab CUCM 1', domain: 'West' })
  })

  it('starts at Device Setup without a saved navigation, or with one it did not write', () => {
    expect(loadNavigation(undefined)).toEqual({ page: 'devices' })
    expect(loadNavigation(memoryStorage())).toEqual({ page: 'devices' })
    for (const text of [
      '',
      'not json',
      '[]',
      'null',
      '{"page":"settings"}',
      `{"page":"logs","x":"${'a'.repeat(3000)}"}`
    ])
      expect(parseNavigation(text)).toEqual({ page: 'devices' })
  })

  it('comes back to the Orders page', () => {
    expect(parseNavigation(JSON.stringify({ page: 'orders' }))).toEqual({ page: 'orders' })
  })

  it('keeps the page but drops names that are not names', () => {
    expect(parseNavigation(JSON.stringify({ page: 'audit', device: 42, domain: 'x'.repeat(300) }))).toEqual({
      page: 'audit'
    })
  })

  it('survives a storage that refuses to be read or written', () => {
    const refusing = {
      getItem: () => {
        throw new Error('SecurityError')
      },
      setItem: () => {
        throw new Error('QuotaExceededError')
      }
    }
    expect(loadNavigation(refusing)).toEqual({ page: 'devices' })
    expect(() => saveNavigation(refusing, { page: 'logs' })).not.toThrow()
  })
})
