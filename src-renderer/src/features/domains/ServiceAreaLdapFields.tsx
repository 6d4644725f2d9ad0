import type { LdapSettings } from '../../../../src-preload/contract'
import { useCall } from '../../api/useCall'
import { Field } from '../../components/Field'
import { Section } from '../../components/Section'
import { CheckboxField, TextField } from '../../components/TextField'
import { liveProblems, type ServiceAreaForm } from './serviceAreaModel'

type LdapMode = LdapSettings['mode'] | 'none'

/** The domain's LDAP mode: service-area filters act only in Authentication and Synchronization (LDAP-32). */
export function useLdapMode(domain: string): LdapMode | undefined {
  const answer = useCall('ldap:get', { domain })
  if (!answer.current) return undefined
  return answer.error || !answer.value ? 'none' : answer.value.mode
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
    <Section legend="Directory users (LDAP)">
      <LdapFilterField
        mode={mode}
        value={form.ldapFilter}
        error={errorOf('ldapFilter')}
        whatItDoes="optional: new directory users go to the first service area whose filter matches, e.g. (&(l=San Jose)(title=Engineer*))"
        onChange={(ldapFilter) => onChange({ ldapFilter })}
      />
      <CheckboxField
        label="Assign new line from the extension block"
        error={errors.assignLineFromBlock}
        hint="the number comes from this service area's DN blocks"
        checked={form.assignLineFromBlock}
        onChange={(assignLineFromBlock) => onChange({ assignLineFromBlock })}
      />
      <CheckboxField
        label="Apply mask to LDAP synchronized telephone numbers"
        error={errors.maskLdapNumbers}
        hint={
          form.assignLineFromBlock
            ? 'the directory number, masked; a block number when the directory has none'
            : 'the directory number, masked; no line when the directory has none'
        }
        checked={form.maskLdapNumbers}
        onChange={(maskLdapNumbers) => onChange({ maskLdapNumbers })}
      />
      <TextField
        label="Mask"
        error={errorOf('ldapNumberMask')}
        hint="digits, X and a leading + or \+, e.g. +1408555XXXX; the number's digits fill the X from the right"
        value={form.ldapNumberMask}
        spellCheck={false}
        disabled={!form.maskLdapNumbers}
        onChange={(ldapNumberMask) => onChange({ ldapNumberMask })}
      />
    </Section>
  )
}
