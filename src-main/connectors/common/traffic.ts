import type { RunTraffic } from '../../../src-preload/contract'

/**
 * What the clients of one run sent over the network: every request (retries included) and the bytes
 * of every response body. Shared by the clients of a run and recorded with it (RunSummary.traffic),
 * since at real network latency the requests a synchronization needs are what its users wait for.
 */
export type Traffic = RunTraffic

export const noTraffic = (): Traffic => ({ requests: 0, bytes: 0 })

/** Counts one answered request of `bytes` response-body bytes. */
export function countRequest(traffic: Traffic | undefined, bytes: number): void {
  if (!traffic) return
  traffic.requests += 1
  traffic.bytes += bytes
}
