import { useEffect, useMemo, useState } from 'react'
import type { Domain, ServiceArea, ServiceAreaChoices } from '../../../../src-preload/contract'
import { call } from '../../api/client'
import { CheckboxGroup } from '../../components/CheckboxGroup'
import { FormDialog } from '../../components/FormDialog'
import { useFormSubmission } from '../../components/useFormSubmission'
import { Field } from '../../components/Field'
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
  const [loaded, setLoaded] = useState<{ for: string; choices?: ServiceAreaChoices; error?: string }>()
  useEffect(() => {
    if (callProcessor === '') return
    let current = true
    void call('service-areas:choices', { callProcessor }).then((result) => {
      if (!current) return
      setLoaded(
        result.ok
          ? { for: callProcessor, choices: result.value }
          : { for: callProcessor, error: result.error.message }
      )
    })
    return () => {
      current = false
    }
  }, [callProcessor])
  return loaded?.for === callProcessor ? loaded : {}
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

  const { error, errors, busy, formRef, submit } = useFormSubmission(
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
      formRef={formRef}
      busy={busy}
      onSubmit={(e) => void submit(e)}
      onClose={onClose}
      errorSummary={
        error
          ? `${area ? 'The service area was not saved' : 'The service area was not added'}: ${error.message}`
          : undefined
      }
      wide
    >
      <Field label="Name" error={errors.name} hint={area ? 'cannot be changed' : undefined}>
        {(control) => (
          <input
            {...control}
            value={form.name}
            disabled={area !== undefined}
            autoComplete="off"
            onChange={(e) => change({ name: e.target.value })}
          />
        )}
      </Field>
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
      {choicesError && (
        <p role="alert" className="error-summary">
          The choices of {form.callProcessor} could not be loaded: {choicesError}
        </p>
      )}
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
function ProcessorSelect(props: {
  label: string
  error: string | undefined
  fixed: boolean
  optional?: boolean
  value: string
  options: string[]
  onChange: (value: string) => void
}) {
  return (
    <Field
      label={props.label}
      error={props.error}
      hint={props.fixed ? 'cannot change after assignment' : props.optional ? 'optional' : undefined}
    >
      {(control) => (
        <select
          {...control}
          value={props.value}
          disabled={props.fixed}
          onChange={(e) => props.onChange(e.target.value)}
        >
          {props.optional && !props.fixed && <option value="">(none)</option>}
          {props.options.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      )}
    </Field>
  )
}
