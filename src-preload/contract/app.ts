// The application itself in the contract: what is running where, and the demo lab.
import { noInput, returns } from './common'
import type { DeviceKind } from './devices'

/** A review bundle this Core was opened on (read-only): where it came from, for the banner. */
export interface ReviewInfo {
  fileName: string
  createdAt: string
  /** The operating-system user who exported it. */
  createdBy: string
  /** The machine it was exported on. */
  createdOn: string
  appVersion: string
  /** What was exported, in words: "domain West", "device CUCM-Pub", "runs 3, 4". */
  selection: string
  /** The devices whose runs and inventory it holds. */
  sourceDevices: string[]
  /** Who signed it, as this installation judges the key (a bundle whose signature fails never opens). */
  signer: ReviewSigner
}

/**
 * A bundle's signer as this installation sees it: its own key, a colleague's key trusted here, a key
 * it does not know, or no signature at all (a format-1 bundle, or one stripped of its signature).
 */
export type ReviewSigner =
  | { status: 'own'; fingerprint: string }
  | { status: 'trusted'; fingerprint: string; name: string; trustedAt: string; trustedBy: string }
  | { status: 'unknown'; fingerprint: string }
  | { status: 'unsigned' }

export interface AppInfo {
  version: string
  dataDir: string
  host: 'electron' | 'headless' | 'cli'
  platform: string
  /**
   * When this Core started. A connection test older than this was made by an earlier run of the app,
   * so it says nothing about whether the device answers now.
   */
  startedAt: string
  /** Where device passwords are encrypted at rest; `warning` when that is weaker than one may assume. */
  secretStorage: { kind: 'os-keychain' | 'key-file' | 'none'; description: string; warning?: string }
  /** Set when the Core serves a review bundle: every change and action is refused (READ_ONLY). */
  review?: ReviewInfo
}

export interface DemoStatus {
  running: boolean
  servers: { name: string; kind: DeviceKind; url: string; version: string }[]
}

export const appRequests = {
  'app:info': { input: noInput, output: returns<AppInfo>() },
  'demo:status': { input: noInput, output: returns<DemoStatus>() },
  'demo:start': { input: noInput, output: returns<DemoStatus>() }
} as const

export interface AppEvents {
  'demo:changed': DemoStatus
}
