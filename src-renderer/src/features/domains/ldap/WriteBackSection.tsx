import { writeBackAttributes, type Product } from '../../../../../src-preload/contract'
import { Section } from '../../../components/Section'
import { Select } from '../../../components/Select'
import { TextField } from '../../../components/TextField'
import { attributeOffered } from './ldapSettingsModel'
import type { LdapSectionProps } from './sectionProps'

/** Where Start Write Back to LDAP writes each user's primary directory number, and its mask. */
export function WriteBackSection({ form, change, field, product }: LdapSectionProps & { product?: Product }) {
  return (
    <Section legend="Write back" className="ldap-section">
      <Select
        {...field('writeBack.attribute')}
        hint="where Start Write Back to LDAP writes each user's primary directory number"
        value={form.writeBackAttribute}
        options={writeBackAttributes.filter((a) => attributeOffered(a, product))}
        labels={{ none: 'Do not write to LDAP' }}
        onChange={(writeBackAttribute) => change({ writeBackAttribute })}
      />
      <TextField
        {...field('writeBack.mask')}
        hint="optional: digits, X and a leading + or \+, e.g. +1408555XXXX"
        value={form.writeBackMask}
        spellCheck={false}
        disabled={form.writeBackAttribute === 'none'}
        onChange={(writeBackMask) => change({ writeBackMask })}
      />
    </Section>
  )
}
