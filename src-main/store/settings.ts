import type { RetentionSettings, RunRetention, Settings } from '../../src-preload/contract'
import type { Db } from './db'

export const DEFAULT_SETTINGS: Settings = {
  runsKeptPerDevice: 20,
  deletionGuardPercent: 20,
  retention: {},
  proxy: null
}

/** A change of settings: retention is changed per kind, null putting a kind back to the default. */
export interface SettingsChanges {
  runsKeptPerDevice?: number
  deletionGuardPercent?: number
  retention?: Partial<Record<keyof RetentionSettings, RunRetention | null>>
  /** A proxy URL, or null for none (the environment's). */
  proxy?: string | null
}

/** Application settings, stored as JSON values by key; missing keys read as their defaults. */
export class SettingsTable {
  constructor(private readonly db: Db) {}

  read(): Settings {
    const rows = this.db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[]
    const stored = Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]))
    return { ...DEFAULT_SETTINGS, ...stored }
  }

  write(changes: SettingsChanges): Settings {
    const put = this.db.prepare(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'
    )
    this.db.transaction(() => {
      if (changes.runsKeptPerDevice !== undefined)
        put.run('runsKeptPerDevice', JSON.stringify(changes.runsKeptPerDevice))
      if (changes.deletionGuardPercent !== undefined)
        put.run('deletionGuardPercent', JSON.stringify(changes.deletionGuardPercent))
      if (changes.retention !== undefined) {
        const retention: RetentionSettings = { ...this.read().retention }
        for (const [kind, value] of Object.entries(changes.retention) as [
          keyof RetentionSettings,
          RunRetention | null | undefined
        ][]) {
          if (value === null) delete retention[kind]
          else if (value !== undefined) retention[kind] = value
        }
        put.run('retention', JSON.stringify(retention))
      }
      if (changes.proxy !== undefined) put.run('proxy', JSON.stringify(changes.proxy))
    })()
    return this.read()
  }
}
