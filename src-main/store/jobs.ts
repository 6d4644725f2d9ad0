import {
  jobStates,
  type Frequency,
  type JobOptions,
  type JobSelection,
  type JobState
} from '../../src-preload/contract'
import type { Db } from './db'
import { rowReader, type RowReader } from './rows'
import { listedValue } from './vocabulary'

/** The table does not check the state (migration 023: the scheduler's states grow); it is checked here. */
const checkedState = listedValue(jobStates, "a job's state")

export interface JobRow {
  id: number
  name: string
  frequency: Frequency
  startAt: string
  timeZone: string
  selection: JobSelection
  options: JobOptions
  state: JobState
  nextRunAt?: string
  createdAt: string
  updatedAt: string
}

interface StoredRow {
  id: number
  name: string
  frequency: string
  start_at: string
  time_zone: string
  selection: string
  options: string
  state: JobState
  next_run_at: string | null
  created_at: string
  updated_at: string
}

function toJob(row: StoredRow): JobRow {
  return {
    id: row.id,
    name: row.name,
    frequency: JSON.parse(row.frequency) as Frequency,
    startAt: row.start_at,
    timeZone: row.time_zone,
    selection: JSON.parse(row.selection) as JobSelection,
    options: JSON.parse(row.options) as JobOptions,
    state: row.state,
    ...(row.next_run_at ? { nextRunAt: row.next_run_at } : {}),
    createdAt: row.created_at,
    updatedAt: row.updated_at
  }
}

export type JobDefinition = Pick<
  JobRow,
  'name' | 'frequency' | 'startAt' | 'timeZone' | 'selection' | 'options' | 'state' | 'nextRunAt'
>

/** Scheduled synchronization jobs; names are unique regardless of case. */
export class JobsTable {
  private readonly rows: RowReader<JobRow>

  constructor(private readonly db: Db) {
    this.rows = rowReader(db, toJob)
  }

  list(): JobRow[] {
    return this.rows.all('SELECT * FROM jobs ORDER BY name COLLATE NOCASE')
  }

  byName(name: string): JobRow | undefined {
    return this.rows.first('SELECT * FROM jobs WHERE name = ? COLLATE NOCASE', name)
  }

  byId(id: number): JobRow | undefined {
    return this.rows.first('SELECT * FROM jobs WHERE id = ?', id)
  }

  insert(job: JobDefinition, at: string): number {
    return Number(
      this.db
        .prepare(
          `INSERT INTO jobs (name, frequency, start_at, time_zone, selection, options, state, next_run_at, created_at, updated_at)
           VALUES (@name, @frequency, @startAt, @timeZone, @selection, @options, @state, @nextRunAt, @at, @at)`
        )
        .run({ ...serialize(job), at }).lastInsertRowid
    )
  }

  update(id: number, job: JobDefinition, at: string): void {
    this.db
      .prepare(
        `UPDATE jobs SET name = @name, frequency = @frequency, start_at = @startAt, time_zone = @timeZone,
           selection = @selection, options = @options, state = @state, next_run_at = @nextRunAt, updated_at = @at
         WHERE id = @id`
      )
      .run({ ...serialize(job), at, id })
  }

  /** A granular selection rewritten for a renamed device: the job's definition changed, not its schedule. */
  setSelection(id: number, selection: JobSelection, at: string): void {
    this.db
      .prepare('UPDATE jobs SET selection = ?, updated_at = ? WHERE id = ?')
      .run(JSON.stringify(selection), at, id)
  }

  /** Scheduler bookkeeping; not a change to the job's definition, so updated_at stays. */
  setState(id: number, state: JobState, nextRunAt?: string | null): void {
    const checked = checkedState(state)
    if (nextRunAt === undefined) this.db.prepare('UPDATE jobs SET state = ? WHERE id = ?').run(checked, id)
    else
      this.db.prepare('UPDATE jobs SET state = ?, next_run_at = ? WHERE id = ?').run(checked, nextRunAt, id)
  }

  delete(id: number): void {
    this.db.prepare('DELETE FROM jobs WHERE id = ?').run(id)
  }

  /** Jobs whose next run is due, oldest first. */
  due(at: string): JobRow[] {
    return this.rows.all(
      "SELECT * FROM jobs WHERE next_run_at IS NOT NULL AND next_run_at <= ? AND state = 'scheduled' ORDER BY next_run_at",
      at
    )
  }

  /** What a previous process left queued or running goes back to waiting for its schedule. */
  resetUnfinished(): void {
    this.db.exec(
      "UPDATE jobs SET state = CASE WHEN next_run_at IS NULL THEN 'completed' ELSE 'scheduled' END WHERE state IN ('queued','running','canceling')"
    )
  }
}

function serialize(job: JobDefinition): Record<string, string | null> {
  return {
    name: job.name,
    frequency: JSON.stringify(job.frequency),
    startAt: job.startAt,
    timeZone: job.timeZone,
    selection: JSON.stringify(job.selection),
    options: JSON.stringify(job.options),
    state: checkedState(job.state),
    nextRunAt: job.nextRunAt ?? null
  }
}
