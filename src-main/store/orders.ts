import { orderStatuses, type OrderStatus } from '../../src-preload/contract'
import type { Db } from './db'
import { rowReader, type RowReader } from './rows'
import { listedValue } from './vocabulary'

const checkedStatus = listedValue(orderStatuses, "an order's status")

export interface OrderRow {
  id: number
  title: string
  requestedBy: string
  status: OrderStatus
  createdAt: string
  updatedAt: string
  lastRunId?: number
  error?: string
}

interface StoredRow {
  id: number
  title: string
  requested_by: string
  status: OrderStatus
  created_at: string
  updated_at: string
  last_run_id: number | null
  error: string | null
}

function toOrder(row: StoredRow): OrderRow {
  return {
    id: row.id,
    title: row.title,
    requestedBy: row.requested_by,
    status: row.status,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    ...(row.last_run_id !== null ? { lastRunId: row.last_run_id } : {}),
    ...(row.error !== null ? { error: row.error } : {})
  }
}

/** Orders while they run and after: their status moves as the executor and recovery move it. */
export class OrdersTable {
  private readonly rows: RowReader<OrderRow>

  constructor(private readonly db: Db) {
    this.rows = rowReader(db, toOrder)
  }

  insert(order: { title: string; requestedBy: string; at: string }): number {
    return Number(
      this.db
        .prepare(
          "INSERT INTO orders (title, requested_by, status, created_at, updated_at) VALUES (?, ?, 'queued', ?, ?)"
        )
        .run(order.title, order.requestedBy, order.at, order.at).lastInsertRowid
    )
  }

  get(id: number): OrderRow | undefined {
    return this.rows.first('SELECT * FROM orders WHERE id = ?', id)
  }

  /** The newest first; only those with a step on `deviceName` when given. */
  list(filter: { deviceName?: string; statuses?: OrderStatus[]; limit: number }): OrderRow[] {
    const where: string[] = []
    const params: unknown[] = []
    if (filter.deviceName !== undefined) {
      where.push(
        'EXISTS (SELECT 1 FROM order_steps s WHERE s.order_id = orders.id AND s.device_name = ? COLLATE NOCASE)'
      )
      params.push(filter.deviceName)
    }
    if (filter.statuses) {
      where.push(`status IN (${filter.statuses.map(() => '?').join(', ')})`)
      params.push(...filter.statuses.map(checkedStatus))
    }
    return this.rows.all(
      `SELECT * FROM orders ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`,
      ...params,
      filter.limit
    )
  }

  /** A new status; `error` replaces the last one (cleared when absent). */
  setStatus(id: number, status: OrderStatus, at: string, error?: string): void {
    this.db
      .prepare('UPDATE orders SET status = ?, updated_at = ?, error = ? WHERE id = ?')
      .run(checkedStatus(status), at, error ?? null, id)
  }

  /** Something of the order changed (a step moved): its time of last change. */
  touch(id: number, at: string): void {
    this.db.prepare('UPDATE orders SET updated_at = ? WHERE id = ?').run(at, id)
  }

  setRun(id: number, runId: number): void {
    this.db.prepare('UPDATE orders SET last_run_id = ? WHERE id = ?').run(runId, id)
  }

  /**
   * Orders a previous process left running (or rolling back) are interrupted: whether their running
   * step's request landed is learnt by reading the device before a Retry or Roll back. Queued ones
   * were waiting for their devices and sent nothing: they stay queued, for the user to run (Retry), roll
   * back or cancel.
   */
  interruptRunning(at: string): number[] {
    return this.db.transaction(() => {
      this.db
        .prepare(
          "UPDATE order_steps SET outcome_unknown = 1 WHERE state IN ('running', 'undoing') AND order_id IN (SELECT id FROM orders WHERE status IN ('running', 'rolling-back'))"
        )
        .run()
      return (
        this.db
          .prepare(
            "UPDATE orders SET status = 'interrupted', updated_at = ?, error = 'The application ended while this order ran.' WHERE status IN ('running', 'rolling-back') RETURNING id"
          )
          .all(at) as { id: number }[]
      ).map((r) => r.id)
    })()
  }
}
