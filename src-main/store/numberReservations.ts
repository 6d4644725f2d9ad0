import type { Db } from './db'

export interface NumberReservationRow {
  id: number
  service_area_id: number
  call_processor_id: number
  number: string
  userid: string
  reserved_by: string
  reserved_at: string
}

const COLUMNS = 'id, service_area_id, call_processor_id, number, userid, reserved_by, reserved_at'

/** Directory numbers reserved for users, per service area. */
export class NumberReservationsTable {
  constructor(private readonly db: Db) {}

  ofServiceArea(serviceAreaId: number): NumberReservationRow[] {
    return this.db
      .prepare(
        `SELECT ${COLUMNS} FROM number_reservations WHERE service_area_id = ? ORDER BY length(number), number`
      )
      .all(serviceAreaId) as NumberReservationRow[]
  }

  /** A user's reservations in every service area (user IDs compare without letter case). */
  ofUser(userid: string): NumberReservationRow[] {
    return this.db
      .prepare(
        `SELECT ${COLUMNS} FROM number_reservations WHERE userid_key = ? ORDER BY length(number), number`
      )
      .all(userid.toLowerCase()) as NumberReservationRow[]
  }

  onCallProcessor(callProcessorId: number, number: string): NumberReservationRow | undefined {
    return this.db
      .prepare(`SELECT ${COLUMNS} FROM number_reservations WHERE call_processor_id = ? AND number = ?`)
      .get(callProcessorId, number) as NumberReservationRow | undefined
  }

  /** Every number reserved on a Call Processor, in any of its service areas. */
  numbersOnCallProcessor(callProcessorId: number): string[] {
    return (
      this.db
        .prepare('SELECT number FROM number_reservations WHERE call_processor_id = ?')
        .all(callProcessorId) as { number: string }[]
    ).map((r) => r.number)
  }

  /** The reservations of a number on any Call Processor. */
  ofNumber(number: string): NumberReservationRow[] {
    return this.db
      .prepare(`SELECT ${COLUMNS} FROM number_reservations WHERE number = ? ORDER BY id`)
      .all(number) as NumberReservationRow[]
  }

  insert(values: Omit<NumberReservationRow, 'id'>): number {
    return Number(
      this.db
        .prepare(
          `INSERT INTO number_reservations (service_area_id, call_processor_id, number, userid, userid_key, reserved_by, reserved_at)
           VALUES (@service_area_id, @call_processor_id, @number, @userid, @userid_key, @reserved_by, @reserved_at)`
        )
        .run({ ...values, userid_key: values.userid.toLowerCase() }).lastInsertRowid
    )
  }

  delete(id: number): void {
    this.db.prepare('DELETE FROM number_reservations WHERE id = ?').run(id)
  }
}
