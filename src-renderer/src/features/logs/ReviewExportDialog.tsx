import { useEffect, useId, useState } from 'react'
import type { ReviewBundleFile, ReviewSelection, RunSummary } from '../../../../src-preload/contract'
import { call } from '../../api/client'
import { Field } from '../../components/Field'
import { FormDialog } from '../../components/FormDialog'
import { useFormSubmission } from '../../components/useFormSubmission'
import { useStore } from '../../store'
import { downloadReviewBundle, reviewBundleSaved } from './download'

type Scope = 'runs' | 'domain' | 'device'

interface ReviewExportDialogProps {
  /** The runs ticked in the list; offered as the selection when there are any. */
  chosen: RunSummary[]
  onClose: () => void
}

/** What the form selects, as the contract's selection (a missing name is the Core's to refuse). */
export function reviewSelectionOf(
  scope: Scope,
  chosen: RunSummary[],
  domain: string,
  device: string
): ReviewSelection {
  if (scope === 'runs') return { kind: 'runs', runs: chosen.map((r) => r.id).sort((a, b) => a - b) }
  if (scope === 'domain') return { kind: 'domain', domain }
  return { kind: 'devices', devices: [device] }
}

/**
 * Export Review Bundle: the ticked runs, everything of a domain, or a device's runs and inventory, in
 * one file without credentials, saved through the browser's download for review on another machine.
 */
export function ReviewExportDialog({ chosen, onClose }: ReviewExportDialogProps) {
  const formId = useId()
  const domains = useStore((s) => s.domains)
  const devices = useStore((s) => s.devices)
  const loadDomains = useStore((s) => s.loadDomains)
  const loadDevices = useStore((s) => s.loadDevices)
  const notify = useStore((s) => s.notify)
  const [scope, setScope] = useState<Scope>(chosen.length > 0 ? 'runs' : 'domain')
  // Until one is picked, the first domain and device of the lists.
  const [pickedDomain, setDomain] = useState<string>()
  const [pickedDevice, setDevice] = useState<string>()
  const domain = pickedDomain ?? domains[0]?.name ?? ''
  const device = pickedDevice ?? devices[0]?.name ?? ''

  useEffect(() => {
    void loadDomains()
    void loadDevices()
  }, [loadDomains, loadDevices])

  const { error, errors, busy, formRef, submit } = useFormSubmission(
    () => call('review:export', { selection: reviewSelectionOf(scope, chosen, domain, device) }),
    (file: ReviewBundleFile) => {
      downloadReviewBundle(file)
      notify('success', reviewBundleSaved(file))
      onClose()
    }
  )
  const choice = (value: Scope, label: string, disabled = false) => (
    <label className="choice">
      <input
        type="radio"
        name={`${formId}-scope`}
        checked={scope === value}
        disabled={disabled}
        onChange={() => setScope(value)}
      />
      {label}
    </label>
  )
  const summaryId = `${formId}-summary`
  return (
    <FormDialog
      title="Export Review Bundle"
      formId={formId}
      formRef={formRef}
      busy={busy}
      onSubmit={(e) => void submit(e)}
      onClose={onClose}
      errorSummary={error && `The bundle was not exported: ${error.message}`}
      errorSummaryId={summaryId}
    >
      <p className="hint">
        One file with the runs and their detailed logs, the inventory of the devices involved, the
        configuration and the audit trail, without any password. Open it on another machine with File → Open
        Review Bundle or <code>switchboard serve --review FILE</code>.
      </p>
      <fieldset className="field-group">
        <legend>What to export</legend>
        <div className="choices">
          {choice(
            'runs',
            chosen.length > 0
              ? `The runs ticked in the list (${chosen.map((r) => r.id).join(', ')})`
              : 'The runs ticked in the list (none ticked)',
            chosen.length === 0
          )}
          {choice('domain', 'Everything of a domain', domains.length === 0)}
          {choice('device', 'The runs and inventory of a device', devices.length === 0)}
        </div>
      </fieldset>
      {scope === 'domain' && (
        <Field label="Domain" error={errors.domain}>
          {(control) => (
            <select {...control} value={domain} onChange={(e) => setDomain(e.target.value)}>
              {domains.map((d) => (
                <option key={d.name}>{d.name}</option>
              ))}
            </select>
          )}
        </Field>
      )}
      {scope === 'device' && (
        <Field label="Device" error={errors.devices}>
          {(control) => (
            <select {...control} value={device} onChange={(e) => setDevice(e.target.value)}>
              {devices.map((d) => (
                <option key={d.name}>{d.name}</option>
              ))}
            </select>
          )}
        </Field>
      )}
    </FormDialog>
  )
}
