import { userInfo } from 'node:os'
import type { Clock } from '../core/clock'
import type { Store } from '../store'

/** The operating-system user this process runs as: who did it, in the audit trail. */
export function osUser(): string {
  try {
    return userInfo().username
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown'
  }
}

/**
 * Writes the audit trail. Callers pass names, settings and outcomes, never secrets; entries are
 * written as they happen, outside any synchronization's transaction.
 */
export class Audit {
  private readonly actor = osUser()

  constructor(private readonly deps: { store: Store; clock: Clock }) {}

  record(action: string, target: string | undefined, details: Record<string, unknown>): void {
    this.deps.store.audit.record({
      at: this.deps.clock.now().toISOString(),
      actor: this.actor,
      action,
      ...(target ? { target } : {}),
      details
    })
  }

  /** Something started on the user's behalf (a schedule) failed with no caller to tell. */
  failure(action: string, target: string, error: unknown): void {
    this.record(action, target, { error: error instanceof Error ? error.message : String(error) })
  }
}
