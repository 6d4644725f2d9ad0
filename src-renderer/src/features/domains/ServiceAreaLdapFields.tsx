import { useEffect, useState } from 'react'
import type { LdapSettings } from '../../../../src-preload/contract'
import { call } from '../../api/client'
import { Field } from '../../components/Field'
import { liveProblems, type ServiceAreaForm } from './serviceAreaModel'

type LdapMode = LdapSettings['mode'] | 'none'

/** The domain's LDAP mode: service-area filters act only in Authentication and Synchronization (LDAP-32). */
export function useLdapMode(domain: string): LdapMode | undefined {
  const [mode, setMode] = useState<{ for: string; mode: LdapMode }>()
  useEffect(() => {
    let current = true
    void call('ldap:get', { domain }).then((result) => {
      if (current) setMode({ for: domain, mode: result.ok ? result.value.mode : 'none' })
    })
    return () => {
      current = false
    }
  }, [domain])
  return mode?.for === domain ? mode.mode : undefined
}

/** The hint of a service-area or role LDAP filter: what it does, or why it is disabled. */
function ldapFilterHint(mode: LdapMode | undefined, whatItDoes: string): string | undefined {
  switch (mode) {
    case 'auth-sync':
      return whatItDoes
    case 'auth-only':
      return 'disabled: the domain uses its directory for authentication only'
    case 'none':
      return "disabled until the domain's LDAP settings synchronize users (Authentication and Synchronization)"
    case undefined:
      return undefined
  }
}

/** The LDAP filter of a service area or role (LDAP-30, -31): usable only when LDAP sync creates users. */
export function LdapFilterField({
  mode,
  value,
  error,
  whatItDoes,
  onChange
}: {
  mode: LdapMode | undefined
  value: string
  error: string | undefined
  whatItDoes: string
  onChange: (value: string) => void
}) {
  return (
    <Field label="LDAP Filter" error={error} hint={ldapFilterHint(mode, whatItDoes)}>
      {(control) => (
        <textarea
          {...control}
          rows={2}
          spellCheck={false}
          value={value}
          disabled={mode !== 'auth-sync'}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Field>
  )
}

interface Props {
  domain: string
  form: ServiceAreaForm
  onChange: (changes: Partial<ServiceAreaForm>) => void
  /** The last save's messages per field. */
  errors: Record<string, string>
}

/** Seed 000 table 7 and "masks": which new directory users come here, and how their line number is chosen. */
export function ServiceAreaLdapFields({ domain, form, onChange, errors }: Props) {
  const mode = useLdapMode(domain)
  // Rules checked while typing win over the last save's answer, which may be about older input.
  const problems = liveProblems(form)
  const errorOf = (field: 'ldapFilter' | 'ldapNumberMask'): string | undefined =>
    problems[field] ?? errors[field]
  return (
    <fieldset className="field-group">
      <legend>Directory users (LDAP)</legend>
      <LdapFilterField
        mode={mode}
        value={form.ldapFilter}
        error={errorOf('ldapFilter')}
        whatItDoes="optional: new directory users go to the first service area whose filter matches, e.g. (&(l=San Jose)(title=Engineer*))"
        onChange={(ldapFilter) => onChange({ ldapFilter })}
      />
      <Field
        label="Assign new line from the extension block"
        error={errors.assignLineFromBlock}
        hint="the number comes from this service area's DN blocks"
        checkbox
      >
        {(control) => (
          <input
            {...control}
            type="checkbox"
            checked={form.assignLineFromBlock}
            onChange={(e) => onChange({ assignLineFromBlock: e.target.checked })}
          />
        )}
      </Field>
      <Field
        label="Apply mask to LDAP synchronized telephone numbers"
        error={errors.maskLdapNumbers}
        hint={
          form.assignLineFromBlock
            ? 'the directory number, masked; a block number when the directory has none'
            : 'the directory number, masked; no line when the directory has none'
        }
        checkbox
      >
        {(control) => (
          <input
            {...control}
            type="checkbox"
            checked={form.maskLdapNumbers}
            onChange={(e) => onChange({ maskLdapNumbers: e.target.checked })}
          />
        )}
      </Field>
      <Field
        label="Mask"
        error={errorOf('ldapNumberMask')}
        hint="digits, X and a leading + or \+, e.g. +1408555XXXX; the number's digits fill the X from the right"
      >
        {(control) => (
          <input
            {...control}
            value={form.ldapNumberMask}
            spellCheck={false}
            disabled={!form.maskLdapNumbers}
            onChange={(e) => onChange({ ldapNumberMask: e.target.value })}
          />
        )}
      </Field>
    </fieldset>
  )
}
