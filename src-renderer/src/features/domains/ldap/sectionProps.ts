import type { LdapSettingsForm } from './ldapSettingsModel'

/** A field's label, and what is wrong with its value: a rule broken while typing, else the last save's. */
export interface FieldText {
  label: string
  error?: string
}

/** What each section of the LDAP Settings form gets. */
export interface LdapSectionProps {
  form: LdapSettingsForm
  change: (changes: Partial<LdapSettingsForm>) => void
  /** A field's label and message, keyed as the contract names the field (e.g. `mappings.userId`). */
  field: (name: string) => FieldText
}
