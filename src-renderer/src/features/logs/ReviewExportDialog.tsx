import { useEffect, useId, useState } from 'react'
import type { ReviewBundleFile, ReviewSelection, RunSummary } from '../../../../src-preload/contract'
import { call } from '../../api/client'
import { FormDialog } from '../../components/FormDialog'
import { RadioChoices } from '../../components/RadioChoices'
import { Section } from '../../components/Section'
import { Select } from '../../components/Select'
import { useFormSubmission } from '../../components/useFormSubmission'
import { useStore } from '../../store'
import { downloadReviewBundle, reviewBundleSaved } from './download'

const scopes = ['runs', 'domain', 'device'] as const
type Scope = (typeof scopes)[number]

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

  const { errors, submission } = useFormSubmission(
    () => call('review:export', { selection: reviewSelectionOf(scope, chosen, domain, device) }),
    (file: ReviewBundleFile) => {
      downloadReviewBundle(file)
      notify('success', reviewBundleSaved(file))
      onClose()
    }
  )
  const scopeLabels: Record<Scope, string> = {
    runs:
      chosen.length > 0
        ? `The runs ticked in the list (${chosen.map((r) => r.id).join(', ')})`
        : 'The runs ticked in the list (none ticked)',
    domain: 'Everything of a domain',
    device: 'The runs and inventory of a device'
  }
  const nothingToChoose: Record<Scope, boolean> = {
    runs: chosen.length === 0,
    domain: domains.length === 0,
    device: devices.length === 0
  }
  return (
    <FormDialog
      title="Export Review Bundle"
      formId={formId}
      submission={submission}
      refused="The bundle was not exported"
      errorSummaryId={`${formId}-summary`}
      onClose={onClose}
    >
      <p className="hint">
        One file with the runs and their detailed logs, the job runs that started them, and the inventory,
        configuration and audit entries of the devices, domains and jobs involved, without any password;
        nothing about other devices or domains. Open it on another machine with File → Open Review Bundle or{' '}
        <code>switchboard serve --review FILE</code>.
      </p>
      <Section legend="What to export">
        <RadioChoices
          value={scope}
          options={scopes}
          labels={scopeLabels}
          disabled={(option) => nothingToChoose[option]}
          onChange={setScope}
        />
      </Section>
      {scope === 'domain' && (
        <Select
          label="Domain"
          error={errors.domain}
          value={domain}
          options={domains.map((d) => d.name)}
          onChange={setDomain}
        />
      )}
      {scope === 'device' && (
        <Select
          label="Device"
          error={errors.devices}
          value={device}
          options={devices.map((d) => d.name)}
          onChange={setDevice}
        />
      )}
    </FormDialog>
  )
}
