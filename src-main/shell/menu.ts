import { Menu, type MenuItemConstructorOptions } from 'electron'

export interface MenuActions {
  openReviewBundle: () => void
}

/** The application menu: the standard Edit, View and Window menus, and File → Open Review Bundle…. */
export function installMenu(actions: MenuActions): void {
  const mac = process.platform === 'darwin'
  const template: MenuItemConstructorOptions[] = [
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
    { role: 'viewMenu' },
    { role: 'windowMenu' }
  ]
  Menu.setApplicationMenu(Menu.buildFromTemplate(template))
}
