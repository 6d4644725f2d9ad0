// `switchboard review open FILE`: what a bundle holds, read from its verified database rather than
// taken on the manifest's word.
import { join } from 'node:path'
import Database from 'better-sqlite3'
import type { ReviewSigner, ReviewSigners } from '../../src-preload/contract'
import { DATABASE_FILE } from '../core'
import type { ReviewManifest } from './format'
import { extractReviewBundle } from './open'
import { signerStatus } from './trust'

export interface ReviewSummary {
  runsByKind: Record<string, number>
  runs: number
  logEntries: number
  inventoryObjects: number
  devices: { name: string; kind: string; product: string; host: string }[]
  domains: { name: string; users: number }[]
  users: number
  jobs: number
  auditEntries: number
}

/** `signers` (the user's, readReviewSigners) judge who signed it. */
export async function summarizeReviewBundle(
  file: string,
  signers: ReviewSigners
): Promise<{ manifest: ReviewManifest; signer: ReviewSigner; summary: ReviewSummary }> {
  const extracted = await extractReviewBundle(file)
  try {
    const db = new Database(join(extracted.dataDir, DATABASE_FILE), { readonly: true })
    try {
      const count = (sql: string): number => db.prepare(sql).pluck().get() as number
      const byKind = db
        .prepare('SELECT kind, COUNT(*) AS runs FROM sync_runs GROUP BY kind ORDER BY kind')
        .all() as {
        kind: string
        runs: number
      }[]
      return {
        manifest: extracted.manifest,
        signer: signerStatus(extracted.signer, signers),
        summary: {
          runsByKind: Object.fromEntries(byKind.map((r) => [r.kind, r.runs])),
          runs: count('SELECT COUNT(*) FROM sync_runs'),
          logEntries: count('SELECT COUNT(*) FROM sync_log'),
          inventoryObjects: count('SELECT COUNT(*) FROM inventory'),
          devices: db
            .prepare('SELECT name, kind, product, host FROM devices ORDER BY name COLLATE NOCASE')
            .all() as ReviewSummary['devices'],
          domains: db
            .prepare(
              `SELECT d.name, (SELECT COUNT(*) FROM domain_users u WHERE u.domain_id = d.id) AS users
               FROM domains d ORDER BY d.name COLLATE NOCASE`
            )
            .all() as ReviewSummary['domains'],
          users: count('SELECT COUNT(*) FROM domain_users'),
          jobs: count('SELECT COUNT(*) FROM jobs'),
          auditEntries: count('SELECT COUNT(*) FROM audit_log')
        }
      }
    } finally {
      db.close()
    }
  } finally {
    extracted.remove()
  }
}
