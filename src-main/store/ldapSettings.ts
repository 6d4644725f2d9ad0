import type { Db } from './db'

/** What is stored per domain; the directory itself is the domain's directory (domains.directory_id). */
export interface StoredLdapSettings {
  mode: 'auth-only' | 'auth-sync'
  updateExisting: 'all' | 'none'
  staleAction: string
  searchBase: string
  syncDisabledUsers: boolean
  mappings: Record<string, string>
  filter: unknown
  guard: { maxRemovals: number; maxPercent: number }
  writeBack?: { attribute: 'none' | 'ipPhone' | 'telephoneNumber' | 'mobile'; mask?: string }
  intervalHours?: number
  startAt?: string
  fieldRules?: Record<string, { create: boolean; update: boolean; clear: boolean }>
  provisioningRule?: { role?: string; serviceArea?: string }
  /** Removals a deletion guard held back in the last run, awaiting approval. */
  held?: { runId: number; reason: string; users: string[] }
  /** Entries the last completed run read (the guard compares against it). */
  lastEntries?: number
}

/** Per-domain LDAP settings, one JSON document each. */
export class LdapSettingsTable {
  constructor(private readonly db: Db) {}

  get(domainId: number): { settings: StoredLdapSettings; updatedAt: string } | undefined {
    const row = this.db
      .prepare('SELECT settings, updated_at FROM domain_ldap_settings WHERE domain_id = ?')
      .get(domainId) as { settings: string; updated_at: string } | undefined
    return row
      ? { settings: JSON.parse(row.settings) as StoredLdapSettings, updatedAt: row.updated_at }
      : undefined
  }

  put(domainId: number, settings: StoredLdapSettings, at: string): void {
    this.db
      .prepare(
        `INSERT INTO domain_ldap_settings (domain_id, settings, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (domain_id) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at`
      )
      .run(domainId, JSON.stringify(settings), at)
  }
}
