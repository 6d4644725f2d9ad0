import { Field } from '../../../components/Field'
import { RadioChoices } from '../../../components/RadioChoices'
import { Section } from '../../../components/Section'
import { emptyCondition, type FilterKind } from './ldapSettingsModel'
import type { LdapSectionProps } from './sectionProps'
import { SimpleQueryBuilder } from './SimpleQueryBuilder'

const filterKinds: readonly FilterKind[] = ['all', 'simple', 'advanced']
const filterKindLabels: Record<FilterKind, string> = {
  all: 'Synchronize all users',
  simple: 'Simple query',
  advanced: 'Advanced query'
}

/** Which directory users are synchronized: all, those a simple query finds, or an LDAP filter's. */
export function FilterSection({ form, change, field }: LdapSectionProps) {
  const chooseFilterKind = (filterKind: FilterKind) =>
    change({
      filterKind,
      ...(filterKind === 'simple' && form.conditions.length === 0 ? { conditions: [emptyCondition()] } : {})
    })
  const advanced = field('filter.filter')
  return (
    <Section legend="Filter" error={field('filter').error} className="ldap-section">
      <RadioChoices
        value={form.filterKind}
        options={filterKinds}
        labels={filterKindLabels}
        onChange={chooseFilterKind}
      />
      {form.filterKind === 'simple' && (
        <SimpleQueryBuilder
          conditions={form.conditions}
          onChange={(conditions) => change({ conditions })}
          errorOf={(name) => field(name).error}
        />
      )}
      {form.filterKind === 'advanced' && (
        <Field
          {...advanced}
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
  )
}
