// How runs are shown, shared by device and domain synchronization views.
import type { RunStatus, RunSummary } from '../../../../src-preload/contract'
import { formatMoment } from '../../components/dateTime'

export const runStatusLabels: Record<RunStatus, string> = {
  running: 'Running',
  succeeded: 'Succeeded',
  partial: 'Completed with errors',
  failed: 'Failed',
  cancelled: 'Cancelled',
  interrupted: 'Interrupted',
  'needs-approval': 'Needs approval'
}

export const when = (iso: string): string => formatMoment(iso)

/** What a run is, in words: "user synchronization of Lab CUCM 1"; an order's run is no synchronization. */
export function runSubjectWords(run: Pick<RunSummary, 'kind' | 'device'>): string {
  return run.kind === 'order' ? `order on ${run.device}` : `${run.kind} synchronization of ${run.device}`
}
