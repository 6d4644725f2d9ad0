import type { Job } from '../../../../src-preload/contract'
import { checkColumn, DataTable, type Column } from '../../components/DataTable'
import { RunStatusLabel } from '../sync/RunStatusLabel'
import { frequencyLabel, jobStateLabels, zonedTime } from './jobModel'

interface Props {
  jobs: Job[]
  checked: readonly string[]
  onToggle: (name: string) => void
  onViewLog: (name: string) => void
}

/** The jobs with a check box each: Delete, Run Now and Cancel act on every checked job (SCHED-03). */
export function JobTable({ jobs, checked, onToggle, onViewLog }: Props) {
  const columns: Column<Job>[] = [
    checkColumn(
      'Select',
      (job) => `Select job ${job.name}`,
      (job) => checked.includes(job.name),
      (job) => onToggle(job.name)
    ),
    { header: 'Job Name', cell: (job) => job.name },
    { header: 'Start Time', cell: (job) => zonedTime(job.startAt, job.timeZone) },
    { header: 'Frequency', cell: (job) => frequencyLabel(job.frequency) },
    {
      header: 'Job Status',
      cell: (job) => <span className={`job-state ${job.state}`}>{jobStateLabels[job.state]}</span>
    },
    {
      header: 'Synchronization Status',
      // The Core leaves lastRun out for a canceled job (SCHED-06).
      cell: ({ lastRun }) => lastRun && <RunStatusLabel status={lastRun.status} />
    },
    { header: 'Next Run', cell: (job) => (job.nextRunAt ? zonedTime(job.nextRunAt, job.timeZone) : '') },
    {
      header: 'Logs',
      control: true,
      cell: (job) => (
        <button
          type="button"
          className="link"
          aria-label={`View logs of job ${job.name}`}
          onClick={() => onViewLog(job.name)}
        >
          View
        </button>
      )
    }
  ]
  return (
    <DataTable
      caption="Synchronization jobs"
      columns={columns}
      rows={jobs}
      rowKey={(job) => job.name}
      onRowClick={(job) => onToggle(job.name)}
      isSelected={(job) => checked.includes(job.name)}
    />
  )
}
