import { useEffect, useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { Job } from '../../../../src-preload/contract'
import { call } from '../../api/client'
import { ActionButton } from '../../components/ActionButton'
import { DeleteDialog } from '../../components/DeleteDialog'
import { EmptyList, ListPage } from '../../components/ListPage'
import { Panel } from '../../components/Panel'
import { useReadOnly } from '../../components/useReadOnly'
import { useStore } from '../../store'
import { when } from '../sync/runModel'
import { JobFormDialog } from './JobFormDialog'
import { JobLogDialog } from './JobLogDialog'
import { JobTable } from './JobTable'
import { describeCancelOutcomes, describeRunOutcomes } from './jobModel'

type Editing = { mode: 'add' } | { mode: 'edit'; job: Job }

function DeleteJobsDialog({ names, onClose }: { names: string[]; onClose: () => void }) {
  return (
    <DeleteDialog
      title={names.length === 1 ? 'Delete job' : `Delete ${names.length} jobs`}
      request={() => call('jobs:delete', { names })}
      onDeleted={async ({ deleted }) => {
        const { notify, loadJobs } = useStore.getState()
        notify('success', `Deleted ${deleted.length === 1 ? 'job' : 'jobs'} ${deleted.join(', ')}.`)
        onClose()
        await loadJobs()
      }}
      onClose={onClose}
    >
      <p>Delete {names.join(', ')}? This cannot be undone.</p>
      <p className="muted">
        Their schedules are removed. The synchronizations they ran keep their detailed logs.
      </p>
    </DeleteDialog>
  )
}

function JobQueue() {
  const queue = useStore((s) => s.jobQueue)
  if (queue.length === 0) return null
  return (
    <Panel title="Queue" className="job-queue">
      <p className="muted">Waiting for the running synchronization to end, in this order:</p>
      <ol>
        {queue.map((item) => (
          <li key={item.position}>
            {item.label} <span className="muted">· waiting since {when(item.since)}</span>
          </li>
        ))}
      </ol>
    </Panel>
  )
}

/** Administration → Schedule Synchronization (seed 000, SCHED-01 … SCHED-07). */
export function SchedulePage() {
  const { jobs, loading, error, loadJobs, notify } = useStore(
    useShallow((s) => ({
      jobs: s.jobs,
      loading: s.jobsLoading,
      error: s.jobsError,
      loadJobs: s.loadJobs,
      notify: s.notify
    }))
  )
  const [checkedNames, setCheckedNames] = useState<string[]>([])
  const [editing, setEditing] = useState<Editing>()
  const [deleting, setDeleting] = useState<string[]>()
  const [viewingLog, setViewingLog] = useState<string>()
  const [acting, setActing] = useState(false)

  useEffect(() => {
    void loadJobs()
  }, [loadJobs])

  // Checks of jobs that are gone (deleted here or from the command line) do not count.
  const checked = checkedNames.filter((name) => jobs.some((j) => j.name === name))
  const toggle = (name: string) =>
    setCheckedNames((names) => (names.includes(name) ? names.filter((n) => n !== name) : [...names, name]))
  const single = checked.length === 1 ? jobs.find((j) => j.name === checked[0]) : undefined
  const singleIsActive = single?.state === 'running' || single?.state === 'canceling'

  const runNow = async () => {
    setActing(true)
    const result = await call('jobs:run', { names: checked })
    setActing(false)
    if (result.ok) notify('info', describeRunOutcomes(result.value))
    else notify('failure', `Run Now did not start: ${result.error.message}`)
    await loadJobs()
  }

  const cancel = async () => {
    setActing(true)
    const result = await call('jobs:cancel', { names: checked })
    setActing(false)
    if (result.ok) notify('info', describeCancelOutcomes(result.value))
    else notify('failure', `Cancel did not run: ${result.error.message}`)
    await loadJobs()
  }

  const readOnly = useReadOnly()
  const jobsStart = readOnly.contact('the devices its jobs synchronize')

  return (
    <ListPage
      title="Schedule Synchronization"
      actions={
        <>
          <ActionButton
            className="primary"
            blocked={readOnly.change}
            onClick={() => setEditing({ mode: 'add' })}
          >
            Add
          </ActionButton>
          <ActionButton
            disabled={!single || singleIsActive}
            blocked={readOnly.change}
            title={singleIsActive ? 'A running job can be edited once it ends or is canceled.' : undefined}
            onClick={() => single && setEditing({ mode: 'edit', job: single })}
          >
            Edit
          </ActionButton>
          <ActionButton
            disabled={checked.length === 0}
            blocked={readOnly.change}
            onClick={() => setDeleting(checked)}
          >
            Delete
          </ActionButton>
          <ActionButton
            disabled={checked.length === 0 || acting}
            blocked={jobsStart}
            onClick={() => void runNow()}
          >
            Run Now
          </ActionButton>
          <ActionButton
            disabled={checked.length === 0 || acting}
            blocked={readOnly.start}
            onClick={() => void cancel()}
          >
            Cancel
          </ActionButton>
          <button type="button" onClick={() => void loadJobs()}>
            Refresh
          </button>
        </>
      }
      error={error && `Jobs could not be loaded: ${error}`}
    >
      <div className="stack">
        {jobs.length === 0 ? (
          <EmptyList loading={loading && 'Loading jobs…'}>
            No synchronization jobs yet. Add one to synchronize call processors, message processors, presence
            processors, directories and domains once or on a schedule.
          </EmptyList>
        ) : (
          <JobTable jobs={jobs} checked={checked} onToggle={toggle} onViewLog={setViewingLog} />
        )}
        <JobQueue />
      </div>
      {editing && (
        <JobFormDialog
          job={editing.mode === 'edit' ? editing.job : undefined}
          onClose={() => setEditing(undefined)}
        />
      )}
      {deleting && <DeleteJobsDialog names={deleting} onClose={() => setDeleting(undefined)} />}
      {viewingLog && <JobLogDialog name={viewingLog} onClose={() => setViewingLog(undefined)} />}
    </ListPage>
  )
}
