import { Section } from '../../../components/Section'
import { Select } from '../../../components/Select'
import { withCurrent } from '../serviceAreaModel'
import type { LdapSectionProps } from './sectionProps'

interface NewUsersSectionProps extends LdapSectionProps {
  /** The domain's user roles and service areas to choose from; undefined while they load. */
  roles?: string[]
  serviceAreas?: string[]
  defaultRole: string
}

/** The role and service area of the users LDAP synchronization creates (LDAP-30). */
export function NewUsersSection({
  form,
  change,
  field,
  roles,
  serviceAreas,
  defaultRole
}: NewUsersSectionProps) {
  return (
    <Section legend="New users" className="ldap-section">
      <p className="hint">
        LDAP synchronization only creates users; a domain synchronization then attaches their services.
      </p>
      <Select
        {...field('provisioningRule.role')}
        value={form.role}
        options={['', ...withCurrent(roles ?? [], form.role)]}
        labels={{ '': `(domain default: ${defaultRole})` }}
        onChange={(role) => change({ role })}
      />
      <Select
        {...field('provisioningRule.serviceArea')}
        value={form.serviceArea}
        options={['', ...withCurrent(serviceAreas ?? [], form.serviceArea)]}
        labels={{ '': '(none)' }}
        onChange={(serviceArea) => change({ serviceArea })}
      />
    </Section>
  )
}
