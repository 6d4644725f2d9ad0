import {
  directoryUriAttributes,
  emailAttributes,
  middleNameAttributes,
  phoneAttributes,
  userIdAttributes,
  type FieldMappings,
  type Product
} from '../../../../../src-preload/contract'
import { Section } from '../../../components/Section'
import { Select } from '../../../components/Select'
import { attributeOffered } from './ldapSettingsModel'
import type { LdapSectionProps } from './sectionProps'

const mappingChoices: { key: keyof FieldMappings; options: readonly string[] }[] = [
  { key: 'userId', options: userIdAttributes },
  { key: 'phone', options: phoneAttributes },
  { key: 'email', options: emailAttributes },
  { key: 'middleName', options: middleNameAttributes },
  { key: 'directoryUri', options: directoryUriAttributes }
]

/** Seed 000 table 6: which directory attribute fills each user field. */
export function FieldMappingsSection({
  form,
  change,
  field,
  product
}: LdapSectionProps & { product?: Product }) {
  return (
    <Section legend="Field mappings" className="ldap-section">
      <p className="hint">
        First and last name come from givenName and sn; department, title, manager and mobile from the
        attributes of the same name.
      </p>
      {mappingChoices.map(({ key, options }) => (
        <Select
          key={key}
          {...field(`mappings.${key}`)}
          value={form.mappings[key]}
          // LDAP-19/20: what the directory's product does not offer is not shown.
          options={options.filter((o) => attributeOffered(o, product))}
          onChange={(attribute) => change({ mappings: { ...form.mappings, [key]: attribute } })}
        />
      ))}
    </Section>
  )
}
