/**
 * Deterministic randomness addressed by (seed, stream, index): any object of a 40,000-user cluster
 * can be generated on its own, in any order, and always comes out the same.
 */
export function hash32(...parts: (number | string)[]): number {
  let h = 0x811c9dc5
  for (const part of parts) {
    const text = String(part)
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i)
      h = Math.imul(h, 0x01000193)
    }
    h ^= 0xff
    h = Math.imul(h, 0x01000193)
  }
  // Final avalanche (murmur3 fmix32) so neighbouring indexes differ in every bit.
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/** A float in [0, 1) for (seed, stream, index). */
export function unit(seed: number | string, stream: string, index: number): number {
  return hash32(seed, stream, index) / 0x100000000
}

export function pick<T>(items: readonly T[], seed: number | string, stream: string, index: number): T {
  return items[hash32(seed, stream, index) % items.length]
}

/** An AXL-style uuid `{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}` derived from the object's identity. */
export function axlUuid(seed: number | string, type: string, key: string | number): string {
  const hex = [0, 1, 2, 3]
    .map((k) => hash32(seed, 'uuid', type, key, k).toString(16).padStart(8, '0').toUpperCase())
    .join('')
  return `{${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}}`
}

/** A 12-hex-digit MAC address, unique per index within a cluster. */
export function macAddress(seed: number | string, index: number): string {
  const high = hash32(seed, 'mac', index) & 0xffff
  return (high.toString(16).padStart(4, '0') + (index + 1).toString(16).padStart(8, '0')).toUpperCase()
}
