import { Section } from '../../../components/Section'
import { TextField } from '../../../components/TextField'
import type { LdapSectionProps } from './sectionProps'

/** How many stale users one synchronization may remove before it waits for approval. */
export function DeletionGuardSection({ form, change, field }: LdapSectionProps) {
  return (
    <Section legend="Deletion guard" className="ldap-section">
      <p className="hint">Removals above either limit wait for approval in the Quick View.</p>
      {(['maxRemovals', 'maxPercent'] as const).map((key) => (
        <TextField
          key={key}
          {...field(`guard.${key}`)}
          type="number"
          min={0}
          max={key === 'maxPercent' ? 100 : undefined}
          value={form[key]}
          onChange={(value) => change({ [key]: value })}
        />
      ))}
    </Section>
  )
}
