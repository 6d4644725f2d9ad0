// Every configuration change and every action started through the contract goes to the audit trail
// (issue 8 item 5): who (the OS user), what (the channel and its input), before and after, when.
// Secrets never do: any field whose name says password, secret or token is dropped; the entry only
// names the secret fields that were set ("password changed").
import { channelEffects, type RequestChannel } from '../../src-preload/contract/channels'
import type { CallContext, Handlers } from '../api/dispatch'
import type { Audit } from './index'

const SECRET_FIELD = /password|secret|token|passphrase|privatekey/i

/** A copy without secret-named fields, at any depth. */
export function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecrets)
  if (value === null || typeof value !== 'object') return value
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .filter(([key]) => !SECRET_FIELD.test(key))
      .map(([key, v]) => [key, withoutSecrets(v)])
  )
}

/**
 * The names of the secret fields a request sets (`password`, `osPassword`), so the trail can say a
 * password was changed without ever holding it.
 */
export function secretFieldsSet(value: unknown): string[] {
  if (value === null || typeof value !== 'object') return []
  const names = Object.entries(value as Record<string, unknown>).flatMap(([key, v]) =>
    SECRET_FIELD.test(key) ? (v === undefined || v === null ? [] : [key]) : secretFieldsSet(v)
  )
  return [...new Set(names)]
}

type Input = Record<string, unknown>

/** For a change, how to read the object it changes (the audit's "before" and "after"). */
const SNAPSHOTS: Partial<Record<RequestChannel, (input: Input) => [RequestChannel, Input]>> = {
  'devices:edit': (i) => ['devices:get', { name: i.name }],
  'devices:delete': (i) => ['devices:get', { name: i.name }],
  'devices:trust': (i) => ['devices:get', { name: i.name }],
  'settings:set': () => ['settings:get', {}],
  'cn:set': (i) => ['cn:status', { device: i.device }],
  'domains:edit': (i) => ['domains:get', { name: i.name }],
  'domains:delete': (i) => ['domains:get', { name: i.name }],
  'service-areas:edit': (i) => ['service-areas:list', { domain: i.domain }],
  'service-areas:delete': (i) => ['service-areas:list', { domain: i.domain }],
  'service-areas:move': (i) => ['service-areas:list', { domain: i.domain }],
  'roles:edit': (i) => ['roles:list', { domain: i.domain }],
  'roles:delete': (i) => ['roles:list', { domain: i.domain }],
  'ldap:set': (i) => ['ldap:get', { domain: i.domain }],
  'jobs:edit': (i) => ['jobs:get', { name: i.name }],
  'jobs:delete': () => ['jobs:list', {}],
  'review:trust': () => ['review:signers', {}],
  'review:untrust': () => ['review:signers', {}]
}

/** The object a request is about, for the trail's target column. */
function targetOf(input: Input): string | undefined {
  // `label` names a command-line mass or granular synchronization (`command line: sync all`).
  for (const key of ['name', 'domain', 'device', 'userid', 'label', 'fingerprint'] as const)
    if (typeof input[key] === 'string') return input[key]
  if (Array.isArray(input.names)) return input.names.join(', ')
  if (Array.isArray(input.devices)) return input.devices.join(', ')
  if (typeof input.runId === 'number') return `run ${input.runId}`
  // Orders: a new one by its title, a stored one by its number.
  if (typeof input.title === 'string') return input.title
  if (typeof input.id === 'number') return `order ${input.id}`
  if (Array.isArray(input.runs)) return `runs ${input.runs.join(', ')}`
  // A review bundle's export names what it holds.
  if (typeof input.selection === 'object' && input.selection !== null)
    return targetOf(input.selection as Input)
  return undefined
}

/**
 * What the trail keeps of an action's answer. An order keeps who asked, its devices, its outcome and
 * each step's outcome, not the envelopes (those are in the order's own record and run log).
 */
function auditedResult(channel: RequestChannel, output: unknown): unknown {
  if (!channel.startsWith('orders:') || output === null || typeof output !== 'object') return output
  const { stepList, steps, ...order } = output as { stepList?: unknown; steps?: unknown } & Record<
    string,
    unknown
  >
  if (!Array.isArray(stepList)) return { ...order, steps: Array.isArray(steps) ? steps.length : steps }
  return {
    ...order,
    steps: (
      stepList as { seq: number; device: string; summary: string; state: string; error?: string }[]
    ).map(({ seq, device, summary, state, error }) => ({
      seq,
      device,
      summary,
      state,
      ...(error ? { error } : {})
    }))
  }
}

/** Wraps the change and action handlers so each successful call leaves an audit entry. */
export function auditedHandlers(handlers: Handlers, audit: Audit): Handlers {
  const wrapped: Record<string, unknown> = { ...handlers }
  for (const channel of Object.keys(handlers) as RequestChannel[]) {
    const effect = channelEffects[channel]
    if (effect === 'read') continue
    const handler = handlers[channel] as (input: Input, ctx: CallContext) => unknown
    const snapshot = SNAPSHOTS[channel]
    const read = async (input: Input): Promise<unknown> => {
      if (!snapshot) return undefined
      const [getter, getterInput] = snapshot(input)
      try {
        return withoutSecrets(
          await (handlers[getter] as (i: Input, c: CallContext) => unknown)(getterInput, { origin: 'cli' })
        )
      } catch {
        return undefined
      }
    }
    wrapped[channel] = async (input: Input, ctx: CallContext) => {
      const before = effect === 'change' ? await read(input) : undefined
      const output = await handler(input, ctx)
      // A rename leaves nothing under the old name: the handler's own answer is the after state.
      const after =
        effect !== 'change' || channel.endsWith(':delete')
          ? undefined
          : ((await read(input)) ?? withoutSecrets(output))
      const secretsSet = secretFieldsSet(input)
      audit.record(channel, targetOf(input), {
        effect,
        origin: ctx.origin,
        input: withoutSecrets(input),
        ...(secretsSet.length > 0 ? { secretsSet } : {}),
        ...(before !== undefined ? { before } : {}),
        ...(after !== undefined ? { after } : {}),
        ...(effect === 'action' ? { result: withoutSecrets(auditedResult(channel, output)) } : {})
      })
      return output
    }
  }
  return wrapped as Handlers
}
