// What every run is, whatever its kind: its kind, status, counts and summary. The areas that start
// runs (sync, domains, directory, jobs) and the history that lists them all build on this.

export const runKinds = [
  'infrastructure',
  'user',
  'change-notification',
  'domain',
  'ldap',
  'write-back',
  'job',
  'order'
] as const
export type RunKind = (typeof runKinds)[number]

/** needs-approval: a device synchronization the deletion guard held; it changed nothing (see RunSummary.held). */
export const runStatuses = [
  'running',
  'succeeded',
  'partial',
  'failed',
  'cancelled',
  'interrupted',
  'needs-approval'
] as const
export type RunStatus = (typeof runStatuses)[number]

/** Kinds whose runs belong to a domain (the others belong to a device, or to a job). */
export const domainRunKinds = ['domain', 'ldap', 'write-back'] as const satisfies readonly RunKind[]

export interface TypeCounts {
  added: number
  changed: number
  removed: number
  unchanged: number
}
export type RunCounts = Record<string, TypeCounts>

export interface RunSummary {
  id: number
  /** The device synchronized, or the domain for kind "domain". */
  device: string
  kind: RunKind
  status: RunStatus
  /** The job run that started this synchronization, if any. */
  parentRunId?: number
  startedAt: string
  finishedAt?: string
  summary?: string
  counts: RunCounts
  /** Object types that could not be synchronized, with the reason for each. */
  failedTypes: { type: string; reason: string }[]
  /** Status needs-approval: what the deletion guard held (nothing of the run was applied). */
  held?: DeletionHold
  /** What the run asked its device: requests sent (retries included) and response bytes received. */
  traffic?: RunTraffic
}

export interface RunTraffic {
  requests: number
  bytes: number
}

/** "1,204 requests, 18.3 MB received". */
export function describeTraffic(traffic: RunTraffic): string {
  const requests = `${traffic.requests.toLocaleString('en-US')} request${traffic.requests === 1 ? '' : 's'}`
  const mb = traffic.bytes / 1_000_000
  const size =
    traffic.bytes < 1_000_000
      ? `${(traffic.bytes / 1000).toFixed(1)} kB`
      : `${mb.toFixed(mb < 100 ? 1 : 0)} MB`
  return `${requests}, ${size} received`
}

/** An object type that would lose more of its inventory than the deletion guard allows. */
export interface HeldType {
  type: string
  /** Objects of the type in the inventory before the run. */
  inventory: number
  /** Of those, the objects the device no longer returned. */
  wouldRemove: number
}

/** What a held type would lose: "297 of 2,031 objects (14.6 %)", or "all 12 objects". */
export function describeLoss(loss: HeldType): string {
  const count = (n: number): string => n.toLocaleString('en-US')
  if (loss.wouldRemove >= loss.inventory) return `all ${count(loss.inventory)} objects`
  const share = Math.round((1000 * loss.wouldRemove) / Math.max(1, loss.inventory)) / 10
  return `${count(loss.wouldRemove)} of ${count(loss.inventory)} objects (${share} %)`
}

/** Why a device synchronization was held: its types over the guard, and the guard's share then. */
export interface DeletionHold {
  /** The share of a type's objects (percent) a run may remove without approval. */
  percent: number
  types: HeldType[]
}
