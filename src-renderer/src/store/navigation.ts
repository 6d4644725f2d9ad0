// Where the user was: the page and the device and domain chosen on it, kept in the browser's storage
// so a reload or a restart of the app comes back to them instead of to an empty Device Setup.

export const pages = ['devices', 'provisioning', 'schedule', 'users', 'logs', 'audit', 'orders'] as const
export type Page = (typeof pages)[number]

export interface Navigation {
  page: Page
  device?: string
  domain?: string
}

export const NAVIGATION_KEY = 'switchboard.navigation'

/** Longer than any device or domain name the contract accepts; anything longer was not written by us. */
const MAX_NAME_LENGTH = 256
/** The stored text is ours, but another version or a hand edit may have left anything there. */
const MAX_STORED_LENGTH = 2048

const start: Navigation = { page: 'devices' }

const nameOrNothing = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' && value.length <= MAX_NAME_LENGTH ? value : undefined

/** The stored navigation, or the start page when there is none or it is not what we wrote. */
export function parseNavigation(text: string | null): Navigation {
  if (text === null || text.length > MAX_STORED_LENGTH) return start
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return start
  }
  if (typeof value !== 'object' || value === null) return start
  const { page, device, domain } = value as Record<string, unknown>
  if (!(pages as readonly unknown[]).includes(page)) return start
  const deviceName = nameOrNothing(device)
  const domainName = nameOrNothing(domain)
  return {
    page: page as Page,
    ...(deviceName ? { device: deviceName } : {}),
    ...(domainName ? { domain: domainName } : {})
  }
}

type Storage = Pick<globalThis.Storage, 'getItem' | 'setItem'>

/** The browser's storage, when this page may use it (a locked-down browser may refuse it). */
export function browserStorage(): Storage | undefined {
  try {
    return typeof window === 'undefined' ? undefined : window.localStorage
  } catch {
    return undefined
  }
}

export function loadNavigation(storage: Storage | undefined): Navigation {
  try {
    return parseNavigation(storage?.getItem(NAVIGATION_KEY) ?? null)
  } catch {
    return start
  }
}

export function saveNavigation(storage: Storage | undefined, navigation: Navigation): void {
  try {
    storage?.setItem(NAVIGATION_KEY, JSON.stringify(navigation))
  } catch {
    // A full or refused storage only costs coming back to the start page.
  }
}
