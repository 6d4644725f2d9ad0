import type { Settings } from '../../src-preload/contract'
import type { Db } from './db'

export const DEFAULT_SETTINGS: Settings = { runsKeptPerDevice: 20 }

/** Application settings, stored as JSON values by key; missing keys read as their defaults. */
export class SettingsTable {
  constructor(private readonly db: Db) {}

  read(): Settings {
    const rows = this.db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[]
    const stored = Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]))
    return { ...DEFAULT_SETTINGS, ...stored }
  }

  write(changes: Partial<Settings>): Settings {
    const put = this.db.prepare(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'
    )
    this.db.transaction(() => {
      for (const [key, value] of Object.entries(changes))
        if (value !== undefined) put.run(key, JSON.stringify(value))
    })()
    return this.read()
  }
}
