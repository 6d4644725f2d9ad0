// Issue 25 item 27: app:info says when the Core started, so the UI can tell a connection test made by
// an earlier run of the app (the demo lab may be gone) from one made since.
import { afterEach, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../../src-main/core'
import { tempDir } from './helpers/tempDirs'

const opened: Core[] = []
afterEach(async () => {
  for (const core of opened.splice(0)) await core.close()
})

function coreAt(dataDir: string, iso: string): Core {
  const core = createCore({ dataDir, host: 'cli', clock: { now: () => new Date(iso) } })
  opened.push(core)
  return core
}

describe('app:info', () => {
  it('reports when this Core started, anew for every start on the same data directory', async () => {
    const dataDir = tempDir()
    const first = coreAt(dataDir, '2026-12-07T10:00:00.000Z')
    const before = await first.dispatch('app:info', {}, { origin: 'test' })
    expect(before.ok && before.value.startedAt).toBe('2026-12-07T10:00:00.000Z')
    await opened.pop()!.close()

    const restarted = coreAt(dataDir, '2026-12-07T11:30:00.000Z')
    const after = await restarted.dispatch('app:info', {}, { origin: 'test' })
    expect(after.ok && after.value.startedAt).toBe('2026-12-07T11:30:00.000Z')
  })
})
