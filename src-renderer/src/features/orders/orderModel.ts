// Orders as the Orders page shows them: statuses and step states in words, which recovery an order's
// status allows, what each recovery will do (said before it is confirmed), and a step's request as text.
import type {
  AppError,
  Order,
  OrderStatus,
  OrderStep,
  OrderSummary,
  RenderedRequest,
  StepState
} from '../../../../src-preload/contract'
import { describeStep } from '../../../../src-preload/rules/orderSteps'
import { formatDuration } from '../logs/runListModel'

export const orderStatusLabels: Record<OrderStatus, string> = {
  queued: 'Queued',
  running: 'Running',
  done: 'Done',
  failed: 'Failed',
  interrupted: 'Interrupted',
  'rolling-back': 'Rolling back',
  'rolled-back': 'Rolled back',
  cancelled: 'Cancelled'
}

export const stepStateLabels: Record<StepState, string> = {
  pending: 'Pending',
  running: 'Running',
  done: 'Done',
  failed: 'Failed',
  undoing: 'Undoing',
  undone: 'Undone'
}

/** The colour of a status, as the run statuses' classes give it (styles.css `.status.*`). */
export const orderStatusTones: Record<OrderStatus, string> = {
  queued: 'in-progress',
  running: 'in-progress',
  done: 'succeeded',
  failed: 'failed',
  interrupted: 'interrupted',
  'rolling-back': 'in-progress',
  'rolled-back': 'cancelled',
  cancelled: 'cancelled'
}

export const stepStateTones: Record<StepState, string> = {
  pending: 'never',
  running: 'in-progress',
  done: 'succeeded',
  failed: 'failed',
  undoing: 'in-progress',
  undone: 'cancelled'
}

export type OrderAction = 'retry' | 'rollback' | 'cancel'

const recoverable: readonly OrderStatus[] = ['failed', 'interrupted', 'cancelled']
const cancellable: readonly OrderStatus[] = ['queued', 'running', 'failed', 'interrupted']

/** Which actions the Core accepts for an order in this status (the rest it refuses as a conflict). */
export function allowedActions(status: OrderStatus): Record<OrderAction, boolean> {
  return {
    retry: recoverable.includes(status),
    rollback: recoverable.includes(status),
    cancel: cancellable.includes(status)
  }
}

/** "2/3": the steps done of all, as the list shows them. */
export function stepsProgress(order: Pick<OrderSummary, 'steps'>): string {
  return `${order.steps.done}/${order.steps.total}`
}

/** "a, b and c" */
function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('')
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`
}

const plural = (count: number, one: string, many: string): string => `${count} ${count === 1 ? one : many}`

/** Steps whose change may be on a device: done, or caught between its undo being sent and confirmed. */
function stepsToUndo(order: Order): OrderStep[] {
  return order.stepList.filter((step) => step.state === 'done' || step.state === 'undoing')
}

export interface Confirmation {
  title: string
  confirmLabel: string
  /** What the action will do, in words, before it is confirmed. */
  text: string
}

/** What an action will do to this order, as its confirmation says it. */
export function confirmation(order: Order, action: OrderAction): Confirmation {
  const name = `order ${order.id}`
  switch (action) {
    case 'rollback': {
      const undo = stepsToUndo(order)
      const devices = [...new Set(undo.map((step) => step.device))]
      const newestFirst = undo.map((step) => step.seq).sort((a, b) => b - a)
      return {
        title: `Roll back ${name}`,
        confirmLabel: 'Roll back',
        text:
          undo.length === 0
            ? `Roll back undoes nothing: no step of ${name} is done. It is then marked rolled back.`
            : `Roll back undoes ${plural(undo.length, 'done step', 'done steps')} on ${listWords(devices)}, newest first (${listWords(newestFirst.map((seq) => `step ${seq}`))}), each read back from the device.`
      }
    }
    case 'retry': {
      const next = order.stepList.find((step) => step.state !== 'done' && step.state !== 'undone')
      const start = next
        ? `from step ${next.seq} (${next.summary} on ${next.device})`
        : 'from its first step not done'
      const reads =
        order.status === 'interrupted'
          ? ' It first reads the devices to learn whether the step in flight had landed.'
          : ''
      return {
        title: `Retry ${name}`,
        confirmLabel: 'Retry',
        text: `Retry runs ${name} again ${start}; the steps already done are not sent again.${reads}`
      }
    }
    case 'cancel':
      return {
        title: `Cancel ${name}`,
        confirmLabel: 'Cancel the order',
        text:
          order.status === 'queued'
            ? `Cancel stops ${name} before it sends anything.`
            : order.status === 'running'
              ? `Cancel stops ${name} once the step in flight is answered; the steps done so far stay done (Roll back undoes them).`
              : `Cancel marks ${name} cancelled and leaves its devices as they are; Retry and Roll back stay offered.`
      }
  }
}

const actionNames: Record<OrderAction, string> = { retry: 'Retry', rollback: 'Roll back', cancel: 'Cancel' }

/** What an action ended with, for the notice. */
export function actionOutcome(order: Order): string {
  const status = orderStatusLabels[order.status].toLowerCase()
  return `Order ${order.id} is ${status}${order.error ? `: ${order.error}` : '.'}`
}

/** An action the Core refused or that failed, with its code, as the confirmation shows it. */
export function actionError(action: OrderAction, error: AppError): string {
  return `${actionNames[action]} did not run (${error.code}): ${error.message}`
}

/** What undoes a step, in words: planned as its request is sent, so a step not run yet has none. */
export function undoText(step: OrderStep): string {
  if (step.undo) return describeStep(step.undo)
  if (step.state === 'pending') return 'Planned when the step runs'
  if (step.state === 'failed') return 'Nothing: the step changed nothing'
  return 'Nothing: the step changed nothing that needs undoing'
}

/** "850 ms" once finished; "running since …" while running; nothing before it starts. */
export function stepTiming(step: OrderStep, when: (iso: string) => string): string {
  if (!step.startedAt) return ''
  if (step.durationMs !== undefined) return `${when(step.startedAt)}, ${formatDuration(step.durationMs)}`
  return `${when(step.startedAt)}, not finished`
}

/** A step's request as shown: a title naming it, and its text (AXL's envelope; CUPI's method, path and JSON). */
export function requestText(request: RenderedRequest): { title: string; text: string } {
  if (request.protocol === 'axl')
    return { title: `AXL ${request.operation} to ${request.device}`, text: request.envelope }
  const line = `${request.method} ${request.path}`
  return {
    title: `CUPI ${line} to ${request.device}`,
    text: request.body === undefined ? line : `${line}\n\n${JSON.stringify(request.body, null, 2)}`
  }
}
