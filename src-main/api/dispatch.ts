import type { z } from 'zod'
import { requestChannels, type RequestChannel } from '../../src-preload/contract/channels'
import {
  requests,
  type FieldIssue,
  type Output,
  type ParsedInput,
  type Result
} from '../../src-preload/contract'
import { fail, ok, UserError } from '../core/errors'

/** Who is calling: recorded by later features (audit), and lets adapters refuse what they must. */
export interface CallContext {
  origin: 'electron' | 'headless' | 'cli' | 'test'
}

export type Handlers = {
  [C in RequestChannel]: (input: ParsedInput<C>, ctx: CallContext) => Output<C> | Promise<Output<C>>
}

export type Dispatch = <C extends RequestChannel>(
  channel: C,
  input: unknown,
  ctx: CallContext
) => Promise<Result<Output<C>>>

export function isRequestChannel(channel: unknown): channel is RequestChannel {
  return typeof channel === 'string' && (requestChannels as readonly string[]).includes(channel)
}

/**
 * zod issues → field issues; the field is the dotted path, or the unknown key for strict objects.
 * A missing value reads "is required" (not zod's type wording), and an empty field gets only its
 * first problem: an empty name is one mistake, not "required" and "bad characters".
 */
export function fieldIssues(error: z.ZodError): FieldIssue[] {
  const issues = error.issues.flatMap((issue) => {
    const path = issue.path.map(String).join('.')
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        field: path ? `${path}.${key}` : key,
        message: 'is not a known field'
      }))
    }
    // zod's own wording only: a schema's message for a missing value says more.
    const missing =
      issue.code === 'invalid_type' &&
      'input' in issue &&
      issue.input === undefined &&
      issue.message.startsWith('Invalid input')
    return [{ field: path, message: missing ? 'is required' : issue.message }]
  })
  // A value that is missing or empty has one problem: its format complaints would only repeat it.
  const empty = new Set(
    error.issues
      .filter((i) => (i.code === 'too_small' && i.minimum === 1) || i.code === 'invalid_type')
      .map((i) => i.path.map(String).join('.'))
  )
  return issues.filter(
    (issue, i) => !empty.has(issue.field) || issues.findIndex((other) => other.field === issue.field) === i
  )
}

/**
 * The one entry point for every request: validates the input with the contract's schema, runs the
 * handler and returns errors as values. Adapters (IPC, WebSocket, CLI) only move bytes.
 */
export function createDispatch(
  handlers: Handlers,
  onInternalError: (error: unknown, channel: string) => void
): Dispatch {
  return async (channel, input, ctx) => {
    if (!isRequestChannel(channel)) {
      return fail({ code: 'UNKNOWN_CHANNEL', message: `Unknown request channel "${String(channel)}".` })
    }
    const parsed = requests[channel].input.safeParse(input ?? {}, { reportInput: true })
    if (!parsed.success) {
      const issues = fieldIssues(parsed.error)
      const message = issues.map((i) => (i.field ? `${i.field}: ${i.message}` : i.message)).join('; ')
      return fail({
        code: 'VALIDATION',
        message,
        ...(issues[0]?.field ? { field: issues[0].field } : {}),
        issues
      })
    }
    try {
      const handler = handlers[channel] as (input: unknown, ctx: CallContext) => unknown
      return ok((await handler(parsed.data, ctx)) as Output<typeof channel>)
    } catch (error) {
      if (error instanceof UserError) return fail(error.toAppError())
      onInternalError(error, channel)
      return fail({
        code: 'INTERNAL',
        message: `Internal error in ${channel}: ${error instanceof Error ? error.message : String(error)}`
      })
    }
  }
}
