// Channel names without any schema code, so the sandboxed preload and the renderer's client can
// enumerate them cheaply. contract.ts checks at compile time that this list matches its maps.

export const requestChannels = [
  'app:info',
  'devices:list',
  'devices:get',
  'devices:add',
  'devices:edit',
  'devices:delete',
  'devices:test',
  'devices:trust',
  'demo:status',
  'demo:start',
  'sync:start',
  'sync:cancel',
  'sync:runs',
  'sync:run',
  'sync:active',
  'settings:get',
  'settings:set',
  'cn:status',
  'cn:set',
  'cn:poll',
  'logs:entries',
  'inventory:list'
] as const

export const eventChannels = [
  'devices:changed',
  'devices:test-status',
  'demo:changed',
  'sync:progress',
  'sync:finished'
] as const

export type RequestChannel = (typeof requestChannels)[number]
export type EventChannel = (typeof eventChannels)[number]
