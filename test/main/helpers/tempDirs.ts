// Scratch directories for tests, removed once the test file has run (a test that fails midway, or one
// that only closes its core, would otherwise leave its data directory behind on every run).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const handedOut = new Set<string>()

export function tempDir(prefix = 'switchboard-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  handedOut.add(dir)
  return dir
}

export function removeTempDirs(): void {
  for (const dir of handedOut) rmSync(dir, { recursive: true, force: true })
  handedOut.clear()
}
