// How runs are shown, shared by device and domain synchronization views.
import type { RunStatus } from '../../../../src-preload/contract'
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
