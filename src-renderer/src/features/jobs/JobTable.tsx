import type { Job } from '../../../../src-preload/contract'
import { GridTable } from '../../components/GridTable'
import { onRowKeyDown } from '../../components/rowKeys'
import { runStatusLabels } from '../sync/runModel'
import { frequencyLabel, jobStateLabels, zonedTime } from './jobModel'

const columns = [
  'Select',
  'Job Name',
  'Start Time',
  'Frequency',
  'Job Status',
  'Synchronization Status',
  'Next Run',
  'Logs'
]

interface Props {
  jobs: Job[]
  checked: readonly string[]
  onToggle: (name: string) => void
  onViewLog: (name: string) => void
}

/** The jobs with a check box each: Delete, Run Now and Cancel act on every checked job (SCHED-03). */
export function JobTable({ jobs, checked, onToggle, onViewLog }: Props) {
  return (
    <GridTable caption="Synchronization jobs" columns={columns}>
      {jobs.map((job) => {
        const isChecked = checked.includes(job.name)
        return (
          <tr
            key={job.name}
            tabIndex={0}
            aria-selected={isChecked}
            className={isChecked ? 'selected' : undefined}
            onClick={() => onToggle(job.name)}
            // Keys typed in the row's own controls are theirs.
            onKeyDown={(e) => e.target === e.currentTarget && onRowKeyDown(e, () => onToggle(job.name))}
          >
            <td>
              <input
                type="checkbox"
                aria-label={`Select job ${job.name}`}
                checked={isChecked}
                onClick={(e) => e.stopPropagation()}
                onChange={() => onToggle(job.name)}
              />
            </td>
            <td>{job.name}</td>
            <td>{zonedTime(job.startAt, job.timeZone)}</td>
            <td>{frequencyLabel(job.frequency)}</td>
            <td>
              <span className={`job-state ${job.state}`}>{jobStateLabels[job.state]}</span>
            </td>
            <td>
              {/* The Core leaves lastRun out for a canceled job (SCHED-06). */}
              {job.lastRun && (
                <span className={`status ${job.lastRun.status}`}>{runStatusLabels[job.lastRun.status]}</span>
              )}
            </td>
            <td>{job.nextRunAt ? zonedTime(job.nextRunAt, job.timeZone) : ''}</td>
            <td>
              <button
                type="button"
                className="link"
                aria-label={`View logs of job ${job.name}`}
                onClick={(e) => {
                  e.stopPropagation()
                  onViewLog(job.name)
                }}
              >
                View
              </button>
            </td>
          </tr>
        )
      })}
    </GridTable>
  )
}
