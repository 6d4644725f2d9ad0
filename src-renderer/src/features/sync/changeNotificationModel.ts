// Change notification's controls without the DOM: the form as typed, checked, as a cn:set request.
import type { ChangeNotificationStatus, Input } from '../../../../src-preload/contract'

export interface ChangeNotificationForm {
  enabled: boolean
  /** As typed. */
  interval: string
}

/** The contract's bounds on the polling interval. */
export const MIN_INTERVAL_MINUTES = 1
export const MAX_INTERVAL_MINUTES = 15

export const INTERVAL_LABEL = 'Poll every (minutes)'

export function formFromStatus(status: ChangeNotificationStatus): ChangeNotificationForm {
  return { enabled: status.enabled, interval: String(status.intervalMinutes) }
}

/** What is wrong with the typed interval, named as the field reads; undefined when it is fine. */
export function intervalProblem(text: string): string | undefined {
  const trimmed = text.trim()
  if (trimmed === '') return `${INTERVAL_LABEL}: is required`
  if (!/^\d+$/.test(trimmed)) return `${INTERVAL_LABEL}: must be a whole number of minutes`
  const minutes = Number(trimmed)
  if (minutes < MIN_INTERVAL_MINUTES || minutes > MAX_INTERVAL_MINUTES)
    return `${INTERVAL_LABEL}: must be between ${MIN_INTERVAL_MINUTES} and ${MAX_INTERVAL_MINUTES} minutes`
  return undefined
}

export function changeNotificationRequest(
  device: string,
  form: ChangeNotificationForm
): { ok: true; input: Input<'cn:set'> } | { ok: false; problem: string } {
  const problem = intervalProblem(form.interval)
  if (problem) return { ok: false, problem }
  return { ok: true, input: { device, enabled: form.enabled, intervalMinutes: Number(form.interval.trim()) } }
}

/** Whether the form differs from what is stored (Apply has something to do). */
export function formChanged(form: ChangeNotificationForm, status: ChangeNotificationStatus): boolean {
  return form.enabled !== status.enabled || form.interval.trim() !== String(status.intervalMinutes)
}
