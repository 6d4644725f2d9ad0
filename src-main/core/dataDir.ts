import { homedir } from 'node:os'
import { join } from 'node:path'

export const APP_NAME = 'Switchboard'

/**
 * The per-OS location Electron uses for this app's userData, so the CLI, the headless host and the
 * desktop app share one store by default. SWITCHBOARD_DATA_DIR overrides it everywhere.
 */
export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform
): string {
  if (env.SWITCHBOARD_DATA_DIR) return env.SWITCHBOARD_DATA_DIR
  switch (platform) {
    case 'win32':
      return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_NAME)
    case 'darwin':
      return join(homedir(), 'Library', 'Application Support', APP_NAME)
    default:
      return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), APP_NAME)
  }
}
