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
  'inventory:list',
  'domains:list',
  'domains:get',
  'domains:add',
  'domains:edit',
  'domains:delete',
  'domains:sync',
  'domains:preview',
  'service-areas:list',
  'service-areas:add',
  'service-areas:edit',
  'service-areas:delete',
  'service-areas:move',
  'service-areas:choices',
  'dn-blocks:add',
  'dn-blocks:edit',
  'dn-blocks:delete',
  'roles:list',
  'roles:add',
  'roles:edit',
  'roles:delete',
  'ldap:get',
  'ldap:set',
  'ldap:sync',
  'ldap:preview',
  'ldap:write-back',
  'users:list',
  'users:get'
] as const

export const eventChannels = [
  'devices:changed',
  'devices:test-status',
  'demo:changed',
  'sync:progress',
  'sync:finished',
  'domains:changed'
] as const

export type RequestChannel = (typeof requestChannels)[number]
export type EventChannel = (typeof eventChannels)[number]
