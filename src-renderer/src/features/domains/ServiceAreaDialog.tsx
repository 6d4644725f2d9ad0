import { useMemo, useState } from 'react'
import type { Domain, ServiceArea, ServiceAreaChoices } from '../../../../src-preload/contract'
import { call } from '../../api/client'
import { useCall } from '../../api/useCall'
import { CheckboxGroup } from '../../components/CheckboxGroup'
import { FormDialog } from '../../components/FormDialog'
import { useFormSubmission } from '../../components/useFormSubmission'
import { ErrorSummary } from '../../components/ErrorSummary'
import { Select } from '../../components/Select'
import { TextField } from '../../components/TextField'
import { useStore } from '../../store'
import { ServiceAreaAttributesFields } from './ServiceAreaAttributesFields'
import { ServiceAreaLdapFields } from './ServiceAreaLdapFields'
import {
  addServiceAreaRequest,
  editServiceAreaChanges,
  emptyAttributes,
  emptyServiceAreaForm,
  formFromServiceArea,
  messageProcessorAttributes,
  withCurrent,
  type ServiceAreaForm
} from './serviceAreaModel'

interface Props {
  domain: Domain
  /** The service area to edit; absent to add one. */
  area?: ServiceArea
  onClose: () => void
}

/** What the chosen Call Processor offers; loaded again whenever the choice changes. */
function useChoices(callProcessor: string): { choices?: ServiceAreaChoices; error?: string } {
  const answer = useCall('service-areas:choices', callProcessor === '' ? undefined : { callProcessor })
  if (!answer.current) return {}
  return answer.error ? { error: answer.error } : { choices: answer.value }
}

export function ServiceAreaDialog({ domain, area, onClose }: Props) {
  const roles = useStore((s) => s.roles[domain.name])
  const original = useMemo(
    () =>
      area
        ? formFromServiceArea(area)
        : emptyServiceAreaForm(domain.callProcessors[0] ?? '', domain.defaultRole),
    [area, domain.callProcessors, domain.defaultRole]
  )
  const [form, setForm] = useState<ServiceAreaForm>(original)
  const { choices, error: choicesError } = useChoices(form.callProcessor)
  const change = (changes: Partial<ServiceAreaForm>) => setForm((f) => ({ ...f, ...changes }))

  // Attributes belong to one processor's inventory: a new processor starts them afresh.
  const changeCallProcessor = (callProcessor: string) =>
    change({ callProcessor, presenceProcessor: '', attributes: emptyAttributes(), voiceGateways: [] })
  const changeMessageProcessor = (messageProcessor: string) => {
    const attributes = { ...form.attributes }
    for (const key of messageProcessorAttributes) attributes[key] = ''
    change({ messageProcessor, attributes })
  }

  const { errors, submission } = useFormSubmission(
    () =>
      area
        ? call('service-areas:edit', {
            domain: domain.name,
            name: area.name,
            changes: editServiceAreaChanges(form, original)
          })
        : call('service-areas:add', addServiceAreaRequest(domain.name, form)),
    async (saved) => {
      onClose()
      const { loadServiceAreas, loadDomains, notify } = useStore.getState()
      await Promise.all([loadServiceAreas(domain.name), loadDomains()])
      notify('success', `Service area ${saved.name} ${area ? 'updated' : 'added'}.`)
    }
  )

  return (
    <FormDialog
      title={area ? `Edit service area ${area.name}` : 'Add Service Area'}
      formId="service-area-form"
      submission={submission}
      refused={area ? 'The service area was not saved' : 'The service area was not added'}
      onClose={onClose}
      wide
    >
      <TextField
        label="Name"
        error={errors.name}
        hint={area ? 'cannot be changed' : undefined}
        value={form.name}
        disabled={area !== undefined}
        autoComplete="off"
        onChange={(name) => change({ name })}
      />
      {/* SETUP-07: a service area's processors cannot change once assigned. */}
      <ProcessorSelect
        label="Call Processor"
        error={errors.callProcessor}
        fixed={area !== undefined}
        value={form.callProcessor}
        options={withCurrent(domain.callProcessors, form.callProcessor)}
        onChange={changeCallProcessor}
      />
      <ProcessorSelect
        label="Message Processor"
        error={errors.messageProcessor}
        fixed={area?.messageProcessor !== undefined}
        optional
        value={form.messageProcessor}
        options={withCurrent(domain.messageProcessors, form.messageProcessor)}
        onChange={changeMessageProcessor}
      />
      <ProcessorSelect
        label="Presence Processor"
        error={errors.presenceProcessor}
        fixed={area?.presenceProcessor !== undefined}
        optional
        value={form.presenceProcessor}
        options={withCurrent(choices?.presenceProcessors ?? [], form.presenceProcessor)}
        onChange={(presenceProcessor) => change({ presenceProcessor })}
      />
      <ErrorSummary>
        {choicesError && `The choices of ${form.callProcessor} could not be loaded: ${choicesError}`}
      </ErrorSummary>
      {choices && !choices.synchronized && (
        <p className="notice-inline">
          Run an infrastructure synchronization of {form.callProcessor} first to choose its device pools,
          common device configurations, calling search spaces, locations, route partitions and voice gateways
          (Device Setup → Quick View).
        </p>
      )}
      <ServiceAreaAttributesFields form={form} choices={choices} onChange={change} errors={errors} />
      <CheckboxGroup
        legend="User Roles"
        options={(roles ?? []).map((r) => r.name)}
        selected={form.userRoles}
        onChange={(userRoles) => change({ userRoles })}
        error={errors.userRoles}
        hint={area ? undefined : `none ticked: the domain's default role (${domain.defaultRole})`}
      />
      <ServiceAreaLdapFields domain={domain.name} form={form} onChange={change} errors={errors} />
    </FormDialog>
  )
}

/** A processor choice; once fixed it is shown but cannot change (nor be removed). */
function ProcessorSelect({
  fixed,
  optional,
  options,
  ...props
}: {
  label: string
  error: string | undefined
  fixed: boolean
  optional?: boolean
  value: string
  options: string[]
  onChange: (value: string) => void
}) {
  return (
    <Select
      {...props}
      hint={fixed ? 'cannot change after assignment' : optional ? 'optional' : undefined}
      disabled={fixed}
      options={optional && !fixed ? ['', ...options] : options}
      labels={{ '': '(none)' }}
    />
  )
}
