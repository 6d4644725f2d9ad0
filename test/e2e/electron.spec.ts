// The desktop shell itself, driven through Playwright's Electron support. CI machines cannot download
// an Electron binary, so this test skips there and says why; the same UI is covered through the
// headless host in devices.spec.ts.
import { _electron as electron, expect, test } from '@playwright/test'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

function electronBinary(): string | undefined {
  const pathFile = join('node_modules', 'electron', 'path.txt')
  if (!existsSync(pathFile)) return undefined
  const binary = join('node_modules', 'electron', 'dist', readFileSync(pathFile, 'utf8'))
  return existsSync(binary) ? binary : undefined
}

function electronSqlite(): string | undefined {
  const dir = join('.electron-native')
  if (!existsSync(dir)) return undefined
  const staged = join(dir, 'package', 'better_sqlite3.node')
  return existsSync(staged) ? staged : undefined
}

const binary = electronBinary()
const sqlite = electronSqlite()

test('the desktop window opens hardened and shows Device Setup', async () => {
  test.skip(
    !binary,
    'No Electron binary in node_modules/electron (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1); the headless-host e2e test covers the UI'
  )
  test.skip(
    !sqlite,
    'No Electron build of better-sqlite3: run `node scripts/electron-native.js` once (needs the Electron headers download)'
  )
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-electron-'))
  const app = await electron.launch({
    executablePath: binary,
    args: ['.'],
    env: { ...process.env, SWITCHBOARD_DATA_DIR: dataDir, SWITCHBOARD_SQLITE_BINDING: sqlite ?? '' }
  })
  try {
    const window = await app.firstWindow()
    await expect(window.getByRole('navigation', { name: 'Main' })).toBeVisible()
    await expect(window.getByRole('heading', { name: 'Device Setup' })).toBeVisible()
    // No Node in the page, only the contract bridge.
    expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe(
      'undefined'
    )
    expect(
      await window.evaluate(() =>
        Object.keys((window as unknown as { switchboard: { api: object } }).switchboard.api).includes(
          'devices:list'
        )
      )
    ).toBe(true)
  } finally {
    await app.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
})
