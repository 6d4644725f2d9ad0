import { useEffect, useMemo, useState } from 'react'
import type { Domain, LdapSettings, Product } from '../../../../../src-preload/contract'
import { call } from '../../../api/client'
import { FormDialog } from '../../../components/FormDialog'
import { Section } from '../../../components/Section'
import { useFormSubmission } from '../../../components/useFormSubmission'
import { useStore } from '../../../store'
import { DeletionGuardSection } from './DeletionGuardSection'
import { FieldMappingsSection } from './FieldMappingsSection'
import { FieldMatrix } from './FieldMatrix'
import { FilterSection } from './FilterSection'
import { GeneralSection } from './GeneralSection'
import {
  defaultLdapForm,
  describeRefusal,
  formFromSettings,
  labelOf,
  ldapSettingsRequest,
  liveProblems,
  withDirectory,
  type LdapSettingsForm
} from './ldapSettingsModel'
import { NewUsersSection } from './NewUsersSection'
import type { LdapSectionProps } from './sectionProps'
import { WriteBackSection } from './WriteBackSection'

interface Props {
  domain: Domain
  /** The saved settings; absent before the first save, when the form starts from the defaults. */
  settings?: LdapSettings
  onSaved: (settings: LdapSettings) => void
  onClose: () => void
}

/** Provisioning Setup → domain → LDAP Settings (seed 000 tables 5–7, write-back, seed 002's matrix). */
export function LdapSettingsDialog({ domain, settings, onSaved, onClose }: Props) {
  const devices = useStore((s) => s.devices)
  const roles = useStore((s) => s.roles[domain.name])
  const serviceAreas = useStore((s) => s.serviceAreas[domain.name])
  const directories = devices.filter((d) => d.kind === 'directory')
  const productOf = (name: string): Product | undefined => directories.find((d) => d.name === name)?.product
  const saved = useMemo(() => settings && formFromSettings(settings), [settings])
  const [form, setForm] = useState<LdapSettingsForm>(
    () =>
      saved ??
      defaultLdapForm(
        domain.directory ?? '',
        directories.find((d) => d.name === domain.directory)
      )
  )
  const change = (changes: Partial<LdapSettingsForm>) => setForm((f) => ({ ...f, ...changes }))
  const product = productOf(form.directory)

  useEffect(() => {
    const { loadRoles, loadServiceAreas } = useStore.getState()
    void loadRoles(domain.name)
    void loadServiceAreas(domain.name)
  }, [domain.name])

  const { errors, submission } = useFormSubmission(
    () => {
      const request = ldapSettingsRequest(form, saved)
      return request.ok
        ? call('ldap:set', { domain: domain.name, changes: request.changes })
        : Promise.resolve({ ok: false as const, error: request.error })
    },
    (value) => {
      onSaved(value)
      onClose()
      useStore.getState().notify('success', `LDAP settings of ${domain.name} saved.`)
    }
  )
  // Rules checked while typing win over the last save's answer, which may be about older input.
  const problems = liveProblems(form)
  const field = (name: string) => {
    const message = problems[name] ?? errors[name]
    return { label: labelOf(name), error: message && `${labelOf(name)}: ${message}` }
  }
  const section: LdapSectionProps = { form, change, field }

  return (
    <FormDialog
      title="LDAP Settings"
      formId="ldap-settings-form"
      submission={submission}
      refused="The LDAP settings were not saved"
      describe={describeRefusal}
      onClose={onClose}
      wide
    >
      <GeneralSection
        {...section}
        directories={directories.map((d) => d.name)}
        product={product}
        onDirectory={(name) => setForm((f) => withDirectory(f, name, productOf(name)))}
      />
      <FieldMappingsSection {...section} product={product} />
      <FilterSection {...section} />
      <Section legend="Field matrix" className="ldap-section">
        <FieldMatrix
          rules={form.fieldRules}
          onChange={(fieldRules) => change({ fieldRules })}
          error={field('fieldRules').error}
        />
      </Section>
      <NewUsersSection
        {...section}
        roles={roles?.map((r) => r.name)}
        serviceAreas={serviceAreas?.map((a) => a.name)}
        defaultRole={domain.defaultRole}
      />
      <DeletionGuardSection {...section} />
      <WriteBackSection {...section} product={product} />
    </FormDialog>
  )
}
