import { useEffect, useMemo, useState, type ReactNode } from 'react'
import {
  deviceStaleActions,
  directoryUriAttributes,
  emailAttributes,
  middleNameAttributes,
  phoneAttributes,
  staleActionLabels,
  staleActions,
  userIdAttributes,
  writeBackAttributes,
  type Domain,
  type FieldMappings,
  type LdapSettings,
  type Product
} from '../../../../../src-preload/contract'
import { call } from '../../../api/client'
import { Field } from '../../../components/Field'
import { FormDialog } from '../../../components/FormDialog'
import { useFormSubmission } from '../../../components/useFormSubmission'
import { useStore } from '../../../store'
import { withCurrent } from '../serviceAreaModel'
import { FieldMatrix } from './FieldMatrix'
import { SimpleQueryBuilder } from './SimpleQueryBuilder'
import {
  attributeOffered,
  defaultLdapForm,
  describeRefusal,
  emptyCondition,
  fieldLabels,
  formFromSettings,
  hasDisabledAccounts,
  labelOf,
  ldapSettingsRequest,
  liveProblems,
  withDirectory,
  type FilterKind,
  type LdapSettingsForm
} from './ldapSettingsModel'

interface Props {
  domain: Domain
  /** The saved settings; absent before the first save, when the form starts from the defaults. */
  settings?: LdapSettings
  onSaved: (settings: LdapSettings) => void
  onClose: () => void
}

const modeLabels: Record<LdapSettingsForm['mode'], string> = {
  'auth-only': 'Authentication only',
  'auth-sync': 'Authentication and synchronization'
}
const updateLabels: Record<LdapSettingsForm['updateExisting'], string> = {
  all: 'All fields',
  none: 'Do not update'
}
const filterKindLabels: Record<FilterKind, string> = {
  all: 'Synchronize all users',
  simple: 'Simple query',
  advanced: 'Advanced query'
}
const mappingChoices: { key: keyof FieldMappings; options: readonly string[] }[] = [
  { key: 'userId', options: userIdAttributes },
  { key: 'phone', options: phoneAttributes },
  { key: 'email', options: emailAttributes },
  { key: 'middleName', options: middleNameAttributes },
  { key: 'directoryUri', options: directoryUriAttributes }
]

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

  const { error, errors, busy, formRef, submit } = useFormSubmission(
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
  const errorOf = (field: string): string | undefined => {
    const message = problems[field] ?? errors[field]
    return message && `${labelOf(field)}: ${message}`
  }

  const chooseFilterKind = (filterKind: FilterKind) =>
    change({
      filterKind,
      ...(filterKind === 'simple' && form.conditions.length === 0 ? { conditions: [emptyCondition()] } : {})
    })

  return (
    <FormDialog
      title="LDAP Settings"
      formId="ldap-settings-form"
      formRef={formRef}
      busy={busy}
      onSubmit={(e) => void submit(e)}
      onClose={onClose}
      errorSummary={error ? `The LDAP settings were not saved: ${describeRefusal(error)}` : undefined}
      wide
    >
      <Section legend="General">
        <Select
          field="directory"
          error={errorOf('directory')}
          value={form.directory}
          options={withCurrent(
            directories.map((d) => d.name),
            form.directory
          )}
          onChange={(name) => setForm((f) => withDirectory(f, name, productOf(name)))}
        />
        <Select
          field="mode"
          error={errorOf('mode')}
          value={form.mode}
          options={Object.keys(modeLabels)}
          labels={modeLabels}
          onChange={(mode) => change({ mode: mode as LdapSettingsForm['mode'] })}
        />
        <Select
          field="updateExisting"
          error={errorOf('updateExisting')}
          value={form.updateExisting}
          options={Object.keys(updateLabels)}
          labels={updateLabels}
          onChange={(updateExisting) =>
            change({ updateExisting: updateExisting as LdapSettingsForm['updateExisting'] })
          }
        />
        <Select
          field="staleAction"
          error={errorOf('staleAction')}
          hint="Stale users no longer match the search base or the filter. Deleting them on Unified CM needs provisioning orders, which this release does not send yet."
          value={form.staleAction}
          options={staleActions}
          labels={staleActionLabels}
          unavailable={deviceStaleActions}
          onChange={(staleAction) => change({ staleAction: staleAction as LdapSettingsForm['staleAction'] })}
        />
        <Field
          label={fieldLabels.searchBase}
          error={errorOf('searchBase')}
          hint="one per domain, used only for synchronization"
        >
          {(control) => (
            <input
              {...control}
              value={form.searchBase}
              placeholder="CN=Users,DC=example,DC=com"
              spellCheck={false}
              onChange={(e) => change({ searchBase: e.target.value })}
            />
          )}
        </Field>
        {/* LDAP-12: only AD and AD LDS mark accounts disabled; only a synchronizing domain reads them. */}
        {hasDisabledAccounts(product) && (
          <Field
            label={fieldLabels.syncDisabledUsers}
            error={errorOf('syncDisabledUsers')}
            hint="Active Directory and AD LDS, in Authentication and synchronization mode"
            checkbox
          >
            {(control) => (
              <input
                {...control}
                type="checkbox"
                checked={form.syncDisabledUsers}
                disabled={form.mode !== 'auth-sync'}
                onChange={(e) => change({ syncDisabledUsers: e.target.checked })}
              />
            )}
          </Field>
        )}
        <Field
          label={fieldLabels.intervalHours}
          error={errorOf('intervalHours')}
          hint="empty: only when started from the Quick View"
        >
          {(control) => (
            <input
              {...control}
              type="number"
              min={1}
              max={8760}
              step={1}
              value={form.intervalHours}
              onChange={(e) => change({ intervalHours: e.target.value })}
            />
          )}
        </Field>
        <Field label={fieldLabels.startAt} error={errorOf('startAt')} hint="in this computer's time zone">
          {(control) => (
            <input
              {...control}
              type="datetime-local"
              value={form.startAt}
              onChange={(e) => change({ startAt: e.target.value })}
            />
          )}
        </Field>
      </Section>

      <Section legend="Field mappings">
        <p className="hint">
          First and last name come from givenName and sn; department, title, manager and mobile from the
          attributes of the same name.
        </p>
        {mappingChoices.map(({ key, options }) => (
          <Select
            key={key}
            field={`mappings.${key}`}
            error={errorOf(`mappings.${key}`)}
            value={form.mappings[key]}
            // LDAP-19/20: what the directory's product does not offer is not shown.
            options={options.filter((o) => attributeOffered(o, product))}
            onChange={(attribute) => change({ mappings: { ...form.mappings, [key]: attribute } })}
          />
        ))}
      </Section>

      <Section legend="Filter" error={errorOf('filter')}>
        <div className="choices">
          {(Object.keys(filterKindLabels) as FilterKind[]).map((kind) => (
            <label key={kind} className="choice">
              <input
                type="radio"
                name="ldap-filter-kind"
                checked={form.filterKind === kind}
                onChange={() => chooseFilterKind(kind)}
              />
              {filterKindLabels[kind]}
            </label>
          ))}
        </div>
        {form.filterKind === 'simple' && (
          <SimpleQueryBuilder
            conditions={form.conditions}
            onChange={(conditions) => change({ conditions })}
            errorOf={errorOf}
          />
        )}
        {form.filterKind === 'advanced' && (
          <Field
            label={fieldLabels['filter.filter']}
            error={errorOf('filter.filter')}
            hint={
              form.syncDisabledUsers
                ? 'Do not test msDS-UserAccountDisabled here: it would keep out the disabled users asked for above.'
                : 'any LDAP filter, e.g. (&(department=Sales*)(mail=*))'
            }
          >
            {(control) => (
              <textarea
                {...control}
                rows={3}
                spellCheck={false}
                value={form.advancedFilter}
                onChange={(e) => change({ advancedFilter: e.target.value })}
              />
            )}
          </Field>
        )}
      </Section>

      <Section legend="Field matrix">
        <FieldMatrix
          rules={form.fieldRules}
          onChange={(fieldRules) => change({ fieldRules })}
          error={errorOf('fieldRules')}
        />
      </Section>

      <Section legend="New users">
        <p className="hint">
          LDAP synchronization only creates users; a domain synchronization then attaches their services.
        </p>
        <Select
          field="provisioningRule.role"
          error={errorOf('provisioningRule.role')}
          value={form.role}
          options={[
            '',
            ...withCurrent(
              (roles ?? []).map((r) => r.name),
              form.role
            )
          ]}
          labels={{ '': `(domain default: ${domain.defaultRole})` }}
          onChange={(role) => change({ role })}
        />
        <Select
          field="provisioningRule.serviceArea"
          error={errorOf('provisioningRule.serviceArea')}
          value={form.serviceArea}
          options={[
            '',
            ...withCurrent(
              (serviceAreas ?? []).map((a) => a.name),
              form.serviceArea
            )
          ]}
          labels={{ '': '(none)' }}
          onChange={(serviceArea) => change({ serviceArea })}
        />
      </Section>

      <Section legend="Deletion guard">
        <p className="hint">Removals above either limit wait for approval in the Quick View.</p>
        {(['maxRemovals', 'maxPercent'] as const).map((key) => (
          <Field key={key} label={fieldLabels[`guard.${key}`]} error={errorOf(`guard.${key}`)}>
            {(control) => (
              <input
                {...control}
                type="number"
                min={0}
                max={key === 'maxPercent' ? 100 : undefined}
                value={form[key]}
                onChange={(e) => change({ [key]: e.target.value })}
              />
            )}
          </Field>
        ))}
      </Section>

      <Section legend="Write back">
        <Select
          field="writeBack.attribute"
          error={errorOf('writeBack.attribute')}
          hint="where Start Write Back to LDAP writes each user's primary directory number"
          value={form.writeBackAttribute}
          options={writeBackAttributes.filter((a) => attributeOffered(a, product))}
          labels={{ none: 'Do not write to LDAP' }}
          onChange={(attribute) =>
            change({ writeBackAttribute: attribute as LdapSettingsForm['writeBackAttribute'] })
          }
        />
        <Field
          label={fieldLabels['writeBack.mask']}
          error={errorOf('writeBack.mask')}
          hint="optional: digits, X and a leading + or \+, e.g. +1408555XXXX"
        >
          {(control) => (
            <input
              {...control}
              value={form.writeBackMask}
              spellCheck={false}
              disabled={form.writeBackAttribute === 'none'}
              onChange={(e) => change({ writeBackMask: e.target.value })}
            />
          )}
        </Field>
      </Section>
    </FormDialog>
  )
}

function Section({ legend, error, children }: { legend: string; error?: string; children: ReactNode }) {
  return (
    <fieldset className="field-group ldap-section">
      <legend>{legend}</legend>
      {error && <span className="field-error">{error}</span>}
      {children}
    </fieldset>
  )
}

interface SelectProps {
  /** The contract's name of the field, which also gives its label. */
  field: string
  error: string | undefined
  hint?: string
  value: string
  options: readonly string[]
  /** Shown instead of the value where given. */
  labels?: Partial<Record<string, string>>
  /** Shown but not choosable, with the reason in the hint. */
  unavailable?: readonly string[]
  onChange: (value: string) => void
}

function Select({ field, error, hint, value, options, labels, unavailable, onChange }: SelectProps) {
  return (
    <Field label={labelOf(field)} error={error} hint={hint}>
      {(control) => (
        <select {...control} value={value} onChange={(e) => onChange(e.target.value)}>
          {options.map((option) => (
            <option key={option} value={option} disabled={unavailable?.includes(option)}>
              {labels?.[option] ?? option}
              {unavailable?.includes(option) ? ' (not available yet)' : ''}
            </option>
          ))}
        </select>
      )}
    </Field>
  )
}
