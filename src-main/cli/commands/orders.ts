import {
  orderStatuses,
  stepActionSchema,
  type Order,
  type OrderDryRun,
  type OrderStatus,
  type OrderSummary,
  type RenderedRequest,
  type Result
} from '../../../src-preload/contract'
import type { Core } from '../../core'
import { flag, int, list, onePositional, parse, str, UsageError, type Parsed } from '../args'
import { commaList } from '../call'
import { EXIT_FAILED, EXIT_OK, exitCodeFor } from '../exitCodes'
import { printError, printValue, table, type Io } from '../io'
import { flagOptions, repeatableOptions, valueOptions } from '../options'
import { jsonSyntaxProblem } from '../jsonSyntax'
import { readTextFile } from '../textFile'

/** An order file holds at most 500 steps; even with long phones that is well under this. */
const ORDER_FILE_MAX_CHARS = 2_000_000

const stepTypes = stepActionSchema.options.map((option) => option.shape.type.value)

export const ordersHelp = `Usage: switchboard orders list [--device NAME] [--status S[,S…]] [--limit N]
       switchboard orders show ID [--requests]
       switchboard orders submit --file ORDER.json [--dry-run]
       switchboard orders retry ID
       switchboard orders rollback ID
       switchboard orders cancel ID

Orders are how Switchboard changes Unified CM (Call Processors) and Unity Connection (Message
Processors): a plan of steps, stored before its first request and run one step at a time, each read
back from the device. A stopped order (failed, interrupted,
cancelled) is completed by retry (from its first step not done) or undone by rollback (its done steps,
newest first). A device is changed only while its "Allow changes" is on (devices edit --allow-changes).

  list      the newest orders first (--limit, default 200); --device keeps those with a step on the
            device, --status those in the given statuses: ${orderStatuses.join(', ')}
  show      the order and each step: device, what it does, state, error, timing;
            --requests adds the request each step sent (AXL envelope, or CUPI method, path and JSON)
  submit    reads the order from ORDER.json, runs it and waits for it to end;
            --dry-run prints the exact requests and how the inventory would change, and sends nothing
  retry, rollback
            run a stopped order again or undo it, and wait for the result
  cancel    marks a stopped order cancelled (Retry and Roll back stay possible)

ORDER.json is the raw order form, as scripts write it:
  {"title": "New hire", "steps": [{"action": {"type": "add-line", "device": "CUCM Pub",
   "line": {"pattern": "4100", "partition": "PT-Internal"}}},
   {"action": {"type": "add-phone", …}, "dependsOn": [1]}]}
Step types: ${stepTypes.join(', ')}. dependsOn names earlier steps (from 1) that must be done first.
The file is read with a cap of ${ORDER_FILE_MAX_CHARS.toLocaleString('en-US')} characters.

Ctrl+C while an order runs cancels it: the step in flight finishes, nothing more is sent.
Exit codes: 0 the order is done (rolled back, cancelled); 1 it failed, was interrupted or cancelled
while it ran, or its roll back stopped; 2 usage or validation error, nothing was sent (a file that is
no JSON names its line and column; an invalid order names the path, e.g. steps[0].action.line.pattern).`

/** The order id argument, a whole number from 1. */
function orderId(parsed: Parsed): number {
  const text = onePositional(parsed, 'ID', ordersHelp)
  if (!/^\d+$/.test(text) || Number(text) < 1)
    throw new UsageError(`ID must be an order number, got "${text}"`, ordersHelp)
  return Number(text)
}

/**
 * The order in `file`, parsed but not yet validated (the contract does that, naming paths). A syntax
 * error names the file, the line and the column.
 */
function readOrderFile(file: string): unknown {
  // Editors on Windows may start UTF-8 files with a byte order mark, which JSON does not allow.
  const text = readTextFile(file, '--file', ORDER_FILE_MAX_CHARS, ordersHelp).replace(/^\uFEFF/, '')
  // The file is at fault, not the call: no usage text after these errors.
  if (text.trim() === '') throw new UsageError(`--file ${file}: the file is empty`)
  let order: unknown
  try {
    order = JSON.parse(text)
  } catch (error) {
    const syntax = jsonSyntaxProblem(text)
    throw new UsageError(
      syntax
        ? `--file ${file}: not valid JSON at line ${syntax.line}, column ${syntax.column}: ${syntax.problem}`
        : `--file ${file}: not valid JSON: ${(error as Error).message}`
    )
  }
  if (typeof order !== 'object' || order === null || Array.isArray(order))
    throw new UsageError(`--file ${file}: must hold one order, an object with "title" and "steps"`)
  return order
}

function duration(ms: number | undefined): string {
  if (ms === undefined) return ''
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`
}

function stepsDone(o: OrderSummary): string {
  const extra = [
    ...(o.steps.failed > 0 ? [`${o.steps.failed} failed`] : []),
    ...(o.steps.undone > 0 ? [`${o.steps.undone} undone`] : [])
  ]
  return `${o.steps.done}/${o.steps.total}${extra.length > 0 ? ` (${extra.join(', ')})` : ''}`
}

function describeList(orders: OrderSummary[]): string {
  if (orders.length === 0) return 'No orders.'
  return table(
    ['ID', 'STATUS', 'TITLE', 'DEVICES', 'STEPS DONE', 'UPDATED'],
    orders.map((o) => [String(o.id), o.status, o.title, o.devices.join(', '), stepsDone(o), o.updatedAt])
  )
}

/** A request as sent: AXL's SOAP envelope, or CUPI's method, path and JSON body; indented. */
function describeRequest(request: RenderedRequest): string {
  const indent = (text: string): string => text.replace(/^/gm, '    ')
  if (request.protocol === 'axl')
    return `  AXL ${request.operation} to ${request.device}:\n${indent(request.envelope)}`
  const body = request.body === undefined ? '' : `\n${indent(JSON.stringify(request.body, null, 2))}`
  return `  CUPI ${request.method} ${request.path} to ${request.device}${body}`
}

function describeOrder(order: Order, withRequests: boolean): string {
  const lines = [
    `Order ${order.id}: ${order.title}`,
    `  status: ${order.status}`,
    `  devices: ${order.devices.join(', ')}`,
    `  steps done: ${stepsDone(order)}`,
    `  requested by ${order.requestedBy} at ${order.createdAt}; updated ${order.updatedAt}`,
    ...(order.lastRunId !== undefined
      ? [`  log: run ${order.lastRunId} (switchboard logs show ${order.lastRunId})`]
      : []),
    // A failed step's error is the order's too: it is listed with the steps, once.
    ...(order.error && !order.stepList.some((s) => s.error === order.error)
      ? [`  error: ${order.error}`]
      : []),
    '',
    table(
      ['STEP', 'DEVICE', 'STATE', 'STARTED', 'TOOK', 'WHAT'],
      order.stepList.map((s) => [
        String(s.seq),
        s.device,
        s.state,
        s.startedAt ?? '',
        duration(s.durationMs),
        `${s.summary}${s.dependsOn.length > 0 ? ` (after ${s.dependsOn.join(', ')})` : ''}`
      ])
    )
  ]
  const errors = order.stepList.filter((s) => s.error)
  const named = (seq: number, error: string): string =>
    error.startsWith(`Step ${seq} `) ? error : `Step ${seq}: ${error}`
  if (errors.length > 0)
    lines.push('', 'Errors:', ...errors.map((s) => `  ${named(s.seq, s.error as string)}`))
  const limited = order.stepList.filter((s) => s.undoLimit)
  if (limited.length > 0)
    lines.push('', 'What a roll back cannot undo:', ...limited.map((s) => `  Step ${s.seq}: ${s.undoLimit}`))
  if (withRequests) {
    const sent = order.stepList.filter((s) => s.request)
    lines.push('', sent.length > 0 ? 'Requests sent (the last of each step):' : 'No request was sent.')
    for (const s of sent) lines.push(`Step ${s.seq}:`, describeRequest(s.request as RenderedRequest))
  }
  return lines.join('\n')
}

function describeDryRun(dry: OrderDryRun): string {
  const lines = [`Dry run of "${dry.title}": nothing was sent.`, '']
  for (const step of dry.steps) {
    lines.push(`Step ${step.seq} on ${step.device}: ${step.summary}`)
    for (const request of step.requests) lines.push(describeRequest(request))
  }
  lines.push(
    '',
    'The inventory afterwards:',
    table(
      ['DEVICE', 'TYPE', 'NAME', 'CHANGE'],
      dry.inventoryAfter.map((c) => [c.device, c.type, c.name, c.change])
    )
  )
  return lines.join('\n')
}

/** How an order that ran, retried or rolled back ended, as an exit code. */
function exitCodeOf(order: Order, wanted: OrderStatus): number {
  return order.status === wanted ? EXIT_OK : EXIT_FAILED
}

/**
 * Runs `start` (submit, retry, roll back) and prints the order as it ended. Ctrl+C cancels the order
 * this command runs, so it stops after the step in flight instead of being cut off mid-request.
 */
async function runOrder(
  core: Core,
  io: Io,
  start: () => Promise<Result<Order>>,
  wanted: OrderStatus,
  knownId?: number
): Promise<number> {
  let id = knownId
  let stopRequested = false
  let running = true
  const cancel = (orderId: number): void => {
    if (running) void core.dispatch('orders:cancel', { id: orderId }, { origin: 'cli' })
  }
  // A submitted order's id is known once it is stored; only this command runs orders in this process.
  const off = core.events.subscribe((event, payload) => {
    if (event !== 'orders:changed' || id !== undefined) return
    id = (payload as { id: number }).id
    // Deferred: the service starts tracking the order right after it announces it.
    if (stopRequested) queueMicrotask(() => cancel(id as number))
  })
  void io.untilStopped().then(() => {
    stopRequested = true
    if (id !== undefined) cancel(id)
  })
  try {
    const result = await start()
    if (!result.ok) {
      printError(io, result.error)
      return exitCodeFor(result.error.code)
    }
    const order = result.value
    printValue(io, order, () => describeOrder(order, false))
    return exitCodeOf(order, wanted)
  } finally {
    running = false
    off()
  }
}

export async function ordersCommand(core: Core, argv: string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv
  const cli = { origin: 'cli' } as const
  switch (sub) {
    case 'list': {
      const parsed = parse(
        rest,
        { ...valueOptions('device', 'limit'), ...repeatableOptions('status') },
        ordersHelp
      )
      if (parsed.positionals.length > 0)
        throw new UsageError(`unexpected argument "${parsed.positionals[0]}"`, ordersHelp)
      const statuses = commaList(list(parsed, 'status'))
      const device = str(parsed, 'device')
      const limit = int(parsed, 'limit')
      const result = await core.dispatch(
        'orders:list',
        {
          ...(device !== undefined ? { device } : {}),
          ...(statuses.length > 0 ? { statuses } : {}),
          ...(limit !== undefined ? { limit } : {})
        },
        cli
      )
      if (!result.ok) {
        printError(io, result.error)
        return exitCodeFor(result.error.code)
      }
      printValue(io, result.value, () => describeList(result.value))
      return EXIT_OK
    }
    case 'show': {
      const parsed = parse(rest, flagOptions('requests'), ordersHelp)
      const result = await core.dispatch('orders:get', { id: orderId(parsed) }, cli)
      if (!result.ok) {
        printError(io, result.error)
        return exitCodeFor(result.error.code)
      }
      printValue(io, result.value, () => describeOrder(result.value, flag(parsed, 'requests')))
      return EXIT_OK
    }
    case 'submit': {
      const parsed = parse(rest, { ...valueOptions('file'), ...flagOptions('dry-run') }, ordersHelp)
      if (parsed.positionals.length > 0)
        throw new UsageError(`unexpected argument "${parsed.positionals[0]}"`, ordersHelp)
      const file = str(parsed, 'file')
      if (file === undefined) throw new UsageError('missing --file ORDER.json', ordersHelp)
      const order = readOrderFile(file)
      if (flag(parsed, 'dry-run')) {
        const dry = await core.dispatch('orders:dry-run', order, cli)
        if (!dry.ok) {
          printError(io, dry.error)
          return exitCodeFor(dry.error.code)
        }
        printValue(io, dry.value, () => describeDryRun(dry.value))
        return EXIT_OK
      }
      return runOrder(core, io, () => core.dispatch('orders:submit', order, cli), 'done')
    }
    case 'retry': {
      const id = orderId(parse(rest, {}, ordersHelp))
      return runOrder(core, io, () => core.dispatch('orders:retry', { id }, cli), 'done', id)
    }
    case 'rollback': {
      const id = orderId(parse(rest, {}, ordersHelp))
      return runOrder(core, io, () => core.dispatch('orders:rollback', { id }, cli), 'rolled-back', id)
    }
    case 'cancel': {
      const id = orderId(parse(rest, {}, ordersHelp))
      const result = await core.dispatch('orders:cancel', { id }, cli)
      if (!result.ok) {
        printError(io, result.error)
        return exitCodeFor(result.error.code)
      }
      printValue(io, result.value, () => describeOrder(result.value, false))
      return EXIT_OK
    }
  }
  throw UsageError.unknownCommand('orders', sub, ordersHelp)
}
