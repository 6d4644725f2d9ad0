// What the domain synchronization engine reads and reports through: a snapshot of the domain and its
// processors' inventories, a log, and the counts it keeps.
import type { DomainRules, DomainSyncCounts, Severity } from '../../../src-preload/contract'
import type { DomainUserRecord, StoredDomainUser } from '../../store/domainUserRecords'
import type { ServiceAreaRow } from '../../store/serviceAreas'
import type { Data } from './values'

export interface LogSink {
  add(
    severity: Severity,
    code: string,
    message: string,
    about?: { objectType?: string; objectName?: string; hint?: string }
  ): void
}

/** An inventory object as the engine reads it: only its data matters (snapshots of the store carry no keys or names). */
export interface InventoryObject {
  key?: string
  name?: string
  data: Data
}

export interface CallProcessorSnapshot {
  id: number
  name: string
  /** The Extension Mobility service configured in Device Setup, if any. */
  extensionMobility?: { serviceName: string; serviceUrl: string }
  objects: (type: string) => InventoryObject[]
}

export interface MessageProcessorSnapshot {
  id: number
  name: string
  /** The Call Processor whose lines its mailboxes serve (the device's configuration), if set. */
  callProcessorId?: number
  objects: (type: string) => InventoryObject[]
}

export interface DomainSnapshot {
  name: string
  rules: DomainRules
  defaultRole: string
  callProcessors: CallProcessorSnapshot[]
  messageProcessors: MessageProcessorSnapshot[]
  serviceAreas: ServiceAreaRow[]
  /** Users of this domain as the last synchronization left them. */
  existingUsers: StoredDomainUser[]
  /** Lower-cased user ids of other domains' users. */
  otherDomains: Map<string, { userid: string; domain: string }>
  /**
   * The fields the domain's directory owns on its users (directoryOwnedFields); none when the domain
   * synchronizes no directory.
   */
  directoryFields?: ReadonlySet<string>
}

/** Users created, updated and unchanged are counted by the write (or, for a preview, by comparing). */
export type EngineCounts = Omit<DomainSyncCounts, 'usersCreated' | 'usersUpdated' | 'usersUnchanged'>

export interface DomainSyncOutcome {
  /** The domain's users in key order. */
  users: DomainUserRecord[]
  counts: EngineCounts
}

/** Lets the caller report progress and cancel between users. */
export type Checkpoint = (done: number, total: number) => Promise<void>
