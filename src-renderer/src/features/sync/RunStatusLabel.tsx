import type { RunStatus } from '../../../../src-preload/contract'
import { runStatusLabels } from './runModel'

/** A run's status in words, in its status colour. */
export function RunStatusLabel({ status }: { status: RunStatus }) {
  return <span className={`status ${status}`}>{runStatusLabels[status]}</span>
}
