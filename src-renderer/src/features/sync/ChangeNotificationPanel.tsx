import { useEffect, useId, useState } from 'react'
import type { ChangeNotificationStatus, Device } from '../../../../src-preload/contract'
import { call } from '../../api/client'
import { useReadOnly } from '../../components/useReadOnly'
import { useStore } from '../../store'
import {
  changeNotificationRequest,
  formChanged,
  formFromStatus,
  INTERVAL_LABEL,
  intervalProblem,
  MAX_INTERVAL_MINUTES,
  MIN_INTERVAL_MINUTES,
  type ChangeNotificationForm
} from './changeNotificationModel'
import { when } from './runModel'

/**
 * Quick View → Change Notification (Unified CM 10.0+): turn it on or off, set how often the change
 * queue is polled, and poll now; what the CLI's `change-notification` commands do.
 */
export function ChangeNotificationPanel({ device }: { device: Device }) {
  const [status, setStatus] = useState<ChangeNotificationStatus>()
  const [form, setForm] = useState<ChangeNotificationForm>()
  const [problem, setProblem] = useState<string>()
  const [busy, setBusy] = useState(false)
  const notify = useStore((s) => s.notify)
  const running = useStore((s) =>
    Object.values(s.progress).some(
      (p) => p.kind !== 'domain' && p.kind !== 'ldap' && p.device === device.name
    )
  )
  // A poll or the synchronization that enabling starts ends as a run: its end changes the status.
  const latestRun = useStore((s) => {
    const run = s.runs[device.name]?.[0]
    return run ? `${run.id}:${run.status}` : ''
  })
  const cannotContact = useReadOnly().contact(device.name)
  const titleId = useId()
  const intervalId = useId()

  const offered = device.kind === 'call-processor'
  useEffect(() => {
    if (!offered) return
    let current = true
    void call('cn:status', { device: device.name }).then((result) => {
      if (!current) return
      if (!result.ok) return setProblem(result.error.message)
      setStatus(result.value)
      setForm(formFromStatus(result.value))
    })
    return () => {
      current = false
    }
  }, [offered, device.name, device.version, latestRun])

  if (!offered) return null

  const apply = async () => {
    if (!form) return
    const request = changeNotificationRequest(device.name, form)
    if (!request.ok) return setProblem(request.problem)
    setBusy(true)
    const result = await call('cn:set', request.input)
    setBusy(false)
    if (!result.ok) {
      const field = result.error.field === 'intervalMinutes' ? `${INTERVAL_LABEL}: ` : ''
      return setProblem(`${field}${result.error.message}`)
    }
    setProblem(undefined)
    setStatus(result.value)
    setForm(formFromStatus(result.value))
    notify(
      'success',
      result.value.enabled
        ? `Change notification of ${device.name} on, every ${result.value.intervalMinutes} min; a full user synchronization has started.`
        : `Change notification of ${device.name} off.`
    )
  }

  const poll = async () => {
    const result = await call('cn:poll', { device: device.name })
    if (!result.ok) return setProblem(result.error.message)
    setProblem(undefined)
    notify('info', `Change notification poll of ${device.name} started (run ${result.value.runId}).`)
  }

  const typedProblem = form ? intervalProblem(form.interval) : undefined
  return (
    <section aria-labelledby={titleId}>
      <h3 id={titleId}>Change Notification</h3>
      {!status || !form ? (
        <p className="muted">{problem ?? 'Reading the change notification status…'}</p>
      ) : !status.supported ? (
        <p className="muted">Not available: {status.reason}</p>
      ) : (
        <>
          <p>
            {status.enabled
              ? `On: the change queue is polled every ${status.intervalMinutes} min, between full synchronizations.`
              : 'Off: the inventory changes only with full synchronizations.'}
          </p>
          <form
            className="cn-form"
            aria-label="Change notification settings"
            onSubmit={(e) => {
              e.preventDefault()
              void apply()
            }}
          >
            <label className="choice">
              <input
                type="checkbox"
                checked={form.enabled}
                onChange={(e) => setForm({ ...form, enabled: e.target.checked })}
              />
              Keep the inventory current between synchronizations
            </label>
            <div className="cn-interval">
              <label htmlFor={intervalId}>{INTERVAL_LABEL}</label>
              <input
                id={intervalId}
                type="number"
                min={MIN_INTERVAL_MINUTES}
                max={MAX_INTERVAL_MINUTES}
                step={1}
                value={form.interval}
                aria-invalid={typedProblem ? true : undefined}
                onChange={(e) => setForm({ ...form, interval: e.target.value })}
              />
            </div>
            <div className="actions">
              <button
                type="submit"
                disabled={busy || running || !!typedProblem || !formChanged(form, status) || !!cannotContact}
                title={cannotContact}
              >
                Apply
              </button>
              <button
                type="button"
                disabled={!status.enabled || running || !!cannotContact}
                title={cannotContact ?? (status.enabled ? undefined : 'Turn change notification on first')}
                onClick={() => void poll()}
              >
                Poll Now
              </button>
            </div>
          </form>
          {(typedProblem ?? problem) && (
            <p role="alert" className="error-summary">
              {typedProblem ?? problem}
            </p>
          )}
          {form.enabled && !status.enabled && (
            <p className="hint muted">Turning it on first runs a full user synchronization.</p>
          )}
          {status.lastPollAt && (
            <p className="muted">
              Last poll {when(status.lastPollAt)}
              {status.lastStatus ? `: ${status.lastStatus}` : ''}
            </p>
          )}
        </>
      )}
    </section>
  )
}
