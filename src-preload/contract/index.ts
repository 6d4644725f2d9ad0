// The one contract between the renderer and the Core. Every entry point (Electron IPC, the headless
// host's WebSocket, the CLI) goes through dispatch() with these schemas, so inputs are validated in one
// place and every caller sees the same errors. Each area declares its own requests and events in its
// file; this module merges them and derives the types every client and handler is checked against.
import type { z } from 'zod'
import { appRequests, type AppEvents } from './app'
import type { EventChannel, RequestChannel } from './channels'
import { deviceRequests, type DeviceEvents } from './devices'
import { directoryRequests } from './directory'
import type { Result } from './errors'
import { historyRequests } from './history'
import { jobRequests, type JobEvents } from './jobs'
import { numberRequests, type NumberEvents } from './numbers'
import { orderRequests, type OrderEvents } from './orders'
import { provisioningRequests, type ProvisioningEvents } from './provisioning'
import { settingsRequests } from './settings'
import { syncRequests, type SyncEvents } from './sync'

export * from './app'
export * from './common'
export * from './devices'
export * from './directory'
export * from './errors'
export * from './history'
export * from './jobs'
export * from './numbers'
export * from './orders'
export * from './provisioning'
export * from './runs'
export * from './settings'
export * from './sync'
export * from '../rules/dn'
export * from '../rules/granular'
export * from '../rules/ldapFilter'
export * from '../rules/numberMask'
export * from '../rules/reviewSigner'

export const requests = {
  ...appRequests,
  ...deviceRequests,
  ...syncRequests,
  ...settingsRequests,
  ...historyRequests,
  ...provisioningRequests,
  ...directoryRequests,
  ...jobRequests,
  ...orderRequests,
  ...numberRequests
} as const satisfies Record<RequestChannel, { input: z.ZodType; output: unknown }>

export interface EventPayloads
  extends AppEvents, DeviceEvents, SyncEvents, ProvisioningEvents, JobEvents, OrderEvents, NumberEvents {}

// Compile-time check that channels.ts and this contract list the same channels.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const requestChannelsMatch: Same<keyof typeof requests, RequestChannel> = true
const eventChannelsMatch: Same<keyof EventPayloads, EventChannel> = true
void requestChannelsMatch
void eventChannelsMatch

export type Requests = typeof requests
export type Input<C extends RequestChannel> = z.input<Requests[C]['input']>
export type ParsedInput<C extends RequestChannel> = z.output<Requests[C]['input']>
export type Output<C extends RequestChannel> = Requests[C]['output']

/** The typed surface every client exposes: one function per request channel. */
export type Api = { [C in RequestChannel]: (input: Input<C>) => Promise<Result<Output<C>>> }

export type EventListener<E extends EventChannel> = (payload: EventPayloads[E]) => void

export interface Bridge {
  api: Api
  on<E extends EventChannel>(event: E, listener: EventListener<E>): () => void
}
