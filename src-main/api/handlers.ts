import type { AppInfo } from '../../src-preload/contract'
import type { DemoService } from '../demo/service'
import type { DeviceService } from '../devices/service'
import type { Handlers } from './dispatch'

export interface HandlerDeps {
  devices: DeviceService
  demo: DemoService
  appInfo: AppInfo
}

/** Maps each contract channel to the capability that serves it; no logic of its own. */
export function createHandlers({ devices, demo, appInfo }: HandlerDeps): Handlers {
  return {
    'app:info': () => appInfo,
    'devices:list': () => devices.list(),
    'devices:get': ({ name }) => devices.get(name),
    'devices:add': (fields) => devices.add(fields),
    'devices:edit': ({ name, changes }) => devices.edit(name, changes),
    'devices:delete': ({ name }) => devices.delete(name),
    'devices:test': ({ name }) => devices.test(name),
    'devices:trust': ({ name, fingerprint, backup }) => devices.trust(name, fingerprint, backup),
    'demo:status': () => demo.status(),
    'demo:start': () => demo.start()
  }
}
