import { Menu, type MenuItemConstructorOptions } from 'electron'

export interface MenuActions {
  openReviewBundle: () => void
}

/**
 * The application menu: File → Open Review Bundle…, Edit, View and Window. A packaged build's View menu
 * has no Developer Tools and no reload: a console in a customer's admin tool runs any code against
 * the Core's API, and a reload would drop unsaved dialogs.
 */
export function menuTemplate(
  actions: MenuActions,
  { mac, packaged }: { mac: boolean; packaged: boolean }
): MenuItemConstructorOptions[] {
  const view: MenuItemConstructorOptions = packaged
    ? {
        label: 'View',
        submenu: [
          { role: 'resetZoom' },
          { role: 'zoomIn' },
          { role: 'zoomOut' },
          { type: 'separator' },
          { role: 'togglefullscreen' }
        ]
      }
    : { role: 'viewMenu' }
  return [
    ...(mac ? [{ role: 'appMenu' } as const] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Open Review Bundle…', accelerator: 'CmdOrCtrl+O', click: actions.openReviewBundle },
        { type: 'separator' },
        mac ? { role: 'close' } : { role: 'quit' }
      ]
    },
    { role: 'editMenu' },
    view,
    { role: 'windowMenu' }
  ]
}

export function installMenu(actions: MenuActions, packaged: boolean): void {
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(menuTemplate(actions, { mac: process.platform === 'darwin', packaged }))
  )
}
