import {
  stepStates,
  type OrderStep,
  type RenderedRequest,
  type StepAction,
  type StepState
} from '../../src-preload/contract'
import type { Db } from './db'
import { rowReader, type RowReader } from './rows'
import { listedValue } from './vocabulary'

const checkedState = listedValue(stepStates, "an order step's state")

/** A step as stored: the contract's step, with its order, its device's id and recovery's flag. */
export interface StepRow extends Omit<OrderStep, 'device' | 'summary'> {
  orderId: number
  deviceId?: number
  deviceName: string
  /** Its request (or its undo's) may have landed or not: recovery reads the device for it. */
  outcomeUnknown: boolean
}

interface StoredRow {
  order_id: number
  seq: number
  device_id: number | null
  device_name: string
  action: string
  depends_on: string
  state: StepState
  request: string | null
  undo: string | null
  answer: string | null
  error: string | null
  outcome_unknown: 0 | 1
  started_at: string | null
  finished_at: string | null
  duration_ms: number | null
}

const json = <T>(text: string | null): T | undefined => (text === null ? undefined : (JSON.parse(text) as T))

function toStep(row: StoredRow): StepRow {
  const optional = {
    deviceId: row.device_id ?? undefined,
    request: json<RenderedRequest>(row.request),
    undo: json<StepAction>(row.undo),
    answer: json<unknown>(row.answer),
    error: row.error ?? undefined,
    startedAt: row.started_at ?? undefined,
    finishedAt: row.finished_at ?? undefined,
    durationMs: row.duration_ms ?? undefined
  }
  return {
    orderId: row.order_id,
    seq: row.seq,
    deviceName: row.device_name,
    action: JSON.parse(row.action) as StepAction,
    dependsOn: JSON.parse(row.depends_on) as number[],
    state: row.state,
    outcomeUnknown: row.outcome_unknown === 1,
    ...(Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)) as Partial<StepRow>)
  }
}

/** What a step's record becomes at one moment of its life; fields not given stay as they are. */
export interface StepUpdate {
  state: StepState
  request?: RenderedRequest
  undo?: StepAction
  answer?: unknown
  /** null clears the last error. */
  error?: string | null
  outcomeUnknown?: boolean
  startedAt?: string
  finishedAt?: string
  durationMs?: number
}

/** The steps of orders, each written before its request is sent and again when it is answered. */
export class OrderStepsTable {
  private readonly rows: RowReader<StepRow>

  constructor(private readonly db: Db) {
    this.rows = rowReader(db, toStep)
  }

  /** Every step of a new order, pending (inside the caller's transaction with the order). */
  insertAll(
    orderId: number,
    steps: { deviceId: number; deviceName: string; action: StepAction; dependsOn: number[] }[]
  ): void {
    const insert = this.db.prepare(
      "INSERT INTO order_steps (order_id, seq, device_id, device_name, action, depends_on, state) VALUES (?, ?, ?, ?, ?, ?, 'pending')"
    )
    steps.forEach((s, index) =>
      insert.run(
        orderId,
        index + 1,
        s.deviceId,
        s.deviceName,
        JSON.stringify(s.action),
        JSON.stringify(s.dependsOn)
      )
    )
  }

  ofOrder(orderId: number): StepRow[] {
    return this.rows.all('SELECT * FROM order_steps WHERE order_id = ? ORDER BY seq', orderId)
  }

  /** The steps of many orders at once (a list page), by order id. */
  ofOrders(orderIds: number[]): Map<number, StepRow[]> {
    const byOrder = new Map<number, StepRow[]>(orderIds.map((id) => [id, []]))
    if (orderIds.length === 0) return byOrder
    for (const step of this.rows.all(
      `SELECT * FROM order_steps WHERE order_id IN (${orderIds.map(() => '?').join(', ')}) ORDER BY order_id, seq`,
      ...orderIds
    ))
      byOrder.get(step.orderId)?.push(step)
    return byOrder
  }

  update(orderId: number, seq: number, update: StepUpdate): void {
    const sets = ['state = @state']
    const params: Record<string, unknown> = { orderId, seq, state: checkedState(update.state) }
    const column = (name: string, value: unknown): void => {
      sets.push(`${name} = @${name}`)
      params[name] = value
    }
    if (update.request !== undefined) column('request', JSON.stringify(update.request))
    if (update.undo !== undefined) column('undo', JSON.stringify(update.undo))
    if (update.answer !== undefined) column('answer', JSON.stringify(update.answer))
    if (update.error !== undefined) column('error', update.error)
    if (update.outcomeUnknown !== undefined) column('outcome_unknown', update.outcomeUnknown ? 1 : 0)
    if (update.startedAt !== undefined) column('started_at', update.startedAt)
    if (update.finishedAt !== undefined) column('finished_at', update.finishedAt)
    if (update.durationMs !== undefined) column('duration_ms', update.durationMs)
    this.db
      .prepare(`UPDATE order_steps SET ${sets.join(', ')} WHERE order_id = @orderId AND seq = @seq`)
      .run(params)
  }
}
