import { useEffect, useMemo, useState } from 'react'
import type { Domain } from '../../../../src-preload/contract'
import { call } from '../../api/client'
import { CheckboxGroup } from '../../components/CheckboxGroup'
import { FormDialog } from '../../components/FormDialog'
import { useFormSubmission } from '../../components/useFormSubmission'
import { Field } from '../../components/Field'
import { useStore } from '../../store'
import {
  addDomainRequest,
  editDomainChanges,
  emptyDomainForm,
  formFromDomain,
  type DomainForm
} from './domainFormModel'
import { RulesFieldset } from './RulesFieldset'

interface Props {
  /** The domain to edit; absent to add one. */
  domain?: Domain
  /** Opened from a refused synchronization: start on the rules. */
  focusRules?: boolean
  onClose: () => void
}

export function DomainFormDialog({ domain, focusRules, onClose }: Props) {
  const devices = useStore((s) => s.devices)
  const roles = useStore((s) => (domain ? s.roles[domain.name] : undefined))
  const original = useMemo(() => (domain ? formFromDomain(domain) : emptyDomainForm()), [domain])
  const [form, setForm] = useState<DomainForm>(original)

  const namesOf = (kind: string) => devices.filter((d) => d.kind === kind).map((d) => d.name)
  const set = <K extends keyof DomainForm>(key: K, value: DomainForm[K]) =>
    setForm((f) => ({ ...f, [key]: value }))

  useEffect(() => {
    if (domain) void useStore.getState().loadRoles(domain.name)
  }, [domain])

  const { error, errors, busy, formRef, submit } = useFormSubmission(
    () =>
      domain
        ? call('domains:edit', { name: domain.name, changes: editDomainChanges(form, original) })
        : call('domains:add', addDomainRequest(form)),
    async (saved) => {
      onClose()
      const { loadDomains, selectDomain, notify } = useStore.getState()
      await loadDomains()
      selectDomain(saved.name)
      notify('success', `Domain ${saved.name} ${domain ? 'updated' : 'added'}.`)
    }
  )

  return (
    <FormDialog
      title={domain ? `Edit domain ${domain.name}` : 'Add Domain'}
      formId="domain-form"
      formRef={formRef}
      busy={busy}
      onSubmit={(e) => void submit(e)}
      onClose={onClose}
      errorSummary={
        error
          ? `${domain ? 'The domain was not saved' : 'The domain was not added'}: ${error.message}`
          : undefined
      }
      wide
    >
      {!domain && (
        <Field
          label="Name"
          error={errors.name}
          hint="letters, digits, space and _ - . / : ; = ? @ ^ ' { } [ ] | ~"
        >
          {(control) => (
            <input
              {...control}
              value={form.name}
              autoComplete="off"
              onChange={(e) => set('name', e.target.value)}
            />
          )}
        </Field>
      )}
      <Field label="Description" error={errors.description} hint="optional">
        {(control) => (
          <input {...control} value={form.description} onChange={(e) => set('description', e.target.value)} />
        )}
      </Field>
      <CheckboxGroup
        legend="Call Processors"
        options={namesOf('call-processor')}
        selected={form.callProcessors}
        onChange={(names) => set('callProcessors', names)}
        error={errors.callProcessors}
        emptyText="No Call Processor in Device Setup yet."
      />
      <CheckboxGroup
        legend="Message Processors"
        options={namesOf('message-processor')}
        selected={form.messageProcessors}
        onChange={(names) => set('messageProcessors', names)}
        error={errors.messageProcessors}
        hint="optional"
        emptyText="No Unified Message Processor in Device Setup."
      />
      <Field label="Directory" error={errors.directory} hint="optional: the directory server users come from">
        {(control) => (
          <select {...control} value={form.directory} onChange={(e) => set('directory', e.target.value)}>
            <option value="">(none)</option>
            {namesOf('directory').map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        )}
      </Field>
      {domain && (
        <Field label="Default role" error={errors.defaultRole} hint="the role new users of this domain get">
          {(control) => (
            <select
              {...control}
              value={form.defaultRole}
              onChange={(e) => set('defaultRole', e.target.value)}
            >
              {/* The stored role stays choosable while the list loads. */}
              {[...new Set([original.defaultRole, ...(roles ?? []).map((r) => r.name)])].map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      <RulesFieldset
        rules={form.rules}
        onChange={(rules) => set('rules', rules)}
        errors={errors}
        autoFocus={focusRules}
      />
    </FormDialog>
  )
}
