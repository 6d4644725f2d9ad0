import { useEffect, useMemo, useState } from 'react'
import type { Domain } from '../../../../src-preload/contract'
import { call } from '../../api/client'
import { CheckboxGroup } from '../../components/CheckboxGroup'
import { FormDialog } from '../../components/FormDialog'
import { useFormSubmission } from '../../components/useFormSubmission'
import { Select } from '../../components/Select'
import { TextField } from '../../components/TextField'
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

  const { errors, submission } = useFormSubmission(
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
      submission={submission}
      refused={domain ? 'The domain was not saved' : 'The domain was not added'}
      onClose={onClose}
      wide
    >
      {!domain && (
        <TextField
          label="Name"
          error={errors.name}
          hint="letters, digits, space and _ - . / : ; = ? @ ^ ' { } [ ] | ~"
          value={form.name}
          autoComplete="off"
          onChange={(name) => set('name', name)}
        />
      )}
      <TextField
        label="Description"
        error={errors.description}
        hint="optional"
        value={form.description}
        onChange={(description) => set('description', description)}
      />
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
      <Select
        label="Directory"
        error={errors.directory}
        hint="optional: the directory server users come from"
        value={form.directory}
        options={['', ...namesOf('directory')]}
        labels={{ '': '(none)' }}
        onChange={(directory) => set('directory', directory)}
      />
      {domain && (
        <Select
          label="Default role"
          error={errors.defaultRole}
          hint="the role new users of this domain get"
          value={form.defaultRole}
          // The stored role stays choosable while the list loads.
          options={[...new Set([original.defaultRole, ...(roles ?? []).map((r) => r.name)])]}
          onChange={(defaultRole) => set('defaultRole', defaultRole)}
        />
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
