// The desktop shell's hardening (issue 28 item 11): fuses in the packaged binary, no Developer Tools
// in a packaged build's menu, and only documentation links opened outside the app. No Electron binary
// runs here, so the policies are checked where they are decided.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { MenuItemConstructorOptions } from 'electron'
import { describe, expect, it } from 'vitest'
import { menuTemplate } from '../../src-main/shell/menu'
import { isDocumentationLink } from '../../src-main/shell/window'

// js-yaml comes with electron-builder, which reads the same file; it ships no types.
const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown }

function roles(items: MenuItemConstructorOptions[]): string[] {
  return items.flatMap((item) => [
    ...(item.role ? [item.role] : []),
    ...(Array.isArray(item.submenu) ? roles(item.submenu) : [])
  ])
}

const actions = { openReviewBundle: () => undefined }

describe('desktop shell hardening', () => {
  it('a packaged build has no Developer Tools and no reload in its menus; development keeps them', () => {
    for (const mac of [false, true]) {
      const packaged = roles(menuTemplate(actions, { mac, packaged: true }))
      expect(packaged).not.toContain('toggleDevTools')
      expect(packaged).not.toContain('viewMenu')
      expect(packaged).not.toContain('reload')
      expect(packaged).not.toContain('forceReload')
      expect(packaged).toContain('editMenu')
      expect(roles(menuTemplate(actions, { mac, packaged: false }))).toContain('viewMenu')
    }
  })

  it.each([
    'https://www.cisco.com/c/en/us/support/unified-communications/index.html',
    'https://developer.cisco.com/docs/axl/',
    'https://learn.microsoft.com/en-us/graph/api/user-list'
  ])('opens the documentation link %s in the browser', (url) => {
    expect(isDocumentationLink(url)).toBe(true)
  })

  it.each([
    'https://evil.example.com/',
    'http://www.cisco.com/',
    'https://www.cisco.com.evil.example/',
    'https://user:pw@www.cisco.com/',
    'https://www.cisco.com:8443/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'smb://server/share',
    'not a url'
  ])('refuses to open %s', (url) => {
    expect(isDocumentationLink(url)).toBe(false)
  })

  it('ships a 1024 × 1024 RGBA icon for the installers and the window (issue 25 item 31)', () => {
    const png = readFileSync('resources/icon.png')
    expect(png.subarray(1, 4).toString()).toBe('PNG')
    // IHDR: width and height, then bit depth and colour type 6 (RGBA, so the corners are transparent).
    expect([png.readUInt32BE(16), png.readUInt32BE(20), png[25]]).toEqual([1024, 1024, 6])
    const config = yaml.load(readFileSync('electron-builder.yml', 'utf8')) as {
      directories: { buildResources: string }
      extraResources: { from: string; to: string }[]
    }
    expect(config.directories.buildResources).toBe('resources')
    expect(config.extraResources).toContainEqual({ from: 'resources/icon.png', to: 'icon.png' })
  })

  it('packages with Electron fuses that close Node entry points and check the app archive', () => {
    const config = yaml.load(readFileSync('electron-builder.yml', 'utf8')) as {
      electronFuses?: Record<string, boolean>
    }
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true
    })
  })
})
