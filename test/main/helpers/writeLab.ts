// What the write tests against a single lab server share: short retries, faults cleared before each
// test, a pinned target, a writer closed whatever happens, and the typed error a write rejects with.
import { beforeEach, expect } from 'vitest'
import type { HttpsTarget } from '../../../src-main/connectors/common/http'
import type { RetryPolicy } from '../../../src-main/connectors/common/retry'
import type { ServerCertificate } from '../../../src-main/lab/certificate'
import type { LabFaults } from '../../../src-main/lab/faults'

export const QUICK_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 5, maxDelayMs: 10 }

/** The faults object to give a lab server; every test starts with none. */
export function faultsClearedEachTest(): LabFaults {
  const faults: LabFaults = {}
  beforeEach(() => {
    for (const key of Object.keys(faults)) delete faults[key as keyof LabFaults]
  })
  return faults
}

/** A lab server on 127.0.0.1, its certificate pinned. */
export function pinnedTarget(
  port: number,
  certificate: ServerCertificate,
  credentials: { username: string; password: string }
): HttpsTarget {
  return {
    host: '127.0.0.1',
    port,
    ...credentials,
    pin: { fingerprint: certificate.fingerprint, anchorPem: certificate.cert }
  }
}

/** Runs `run` with what `open` gives, closed afterwards whatever happens. */
export async function withOpen<W extends { close(): void }, T>(
  open: Promise<W>,
  run: (opened: W) => Promise<T>
): Promise<T> {
  const opened = await open
  try {
    return await run(opened)
  } finally {
    opened.close()
  }
}

/** The error `promise` rejects with, checked to be a `type`. */
export async function rejection<E extends Error>(
  promise: Promise<unknown>,
  type: abstract new (...args: never[]) => E
): Promise<E> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e
  )
  expect(error).toBeInstanceOf(type)
  return error as E
}
