import {
  deviceStaleActions,
  ldapModes,
  staleActionLabels,
  staleActions,
  type LdapSettings,
  type Product
} from '../../../../../src-preload/contract'
import { Section } from '../../../components/Section'
import { Select } from '../../../components/Select'
import { CheckboxField, TextField } from '../../../components/TextField'
import { withCurrent } from '../serviceAreaModel'
import { hasDisabledAccounts } from './ldapSettingsModel'
import type { LdapSectionProps } from './sectionProps'

const modeLabels: Record<LdapSettings['mode'], string> = {
  'auth-only': 'Authentication only',
  'auth-sync': 'Authentication and synchronization'
}
const updateLabels: Record<LdapSettings['updateExisting'], string> = {
  all: 'All fields',
  none: 'Do not update'
}

interface GeneralSectionProps extends LdapSectionProps {
  /** The directory servers of Device Setup. */
  directories: string[]
  /** The chosen directory's product, which decides what it offers. */
  product: Product | undefined
  /** A new directory brings its own defaults (search base, attributes). */
  onDirectory: (name: string) => void
}

/** Seed 000 table 5: the directory, the mode, what happens to existing and stale users, and when. */
export function GeneralSection({
  form,
  change,
  field,
  directories,
  product,
  onDirectory
}: GeneralSectionProps) {
  return (
    <Section legend="General" className="ldap-section">
      <Select
        {...field('directory')}
        value={form.directory}
        options={withCurrent(directories, form.directory)}
        onChange={onDirectory}
      />
      <Select
        {...field('mode')}
        value={form.mode}
        options={ldapModes}
        labels={modeLabels}
        onChange={(mode) => change({ mode })}
      />
      <Select
        {...field('updateExisting')}
        value={form.updateExisting}
        options={['all', 'none'] as const}
        labels={updateLabels}
        onChange={(updateExisting) => change({ updateExisting })}
      />
      <Select
        {...field('staleAction')}
        hint="Stale users no longer match the search base or the filter. Deleting them on Unified CM needs provisioning orders, which this release does not send yet."
        value={form.staleAction}
        options={staleActions}
        labels={staleActionLabels}
        unavailable={deviceStaleActions}
        onChange={(staleAction) => change({ staleAction })}
      />
      <TextField
        {...field('searchBase')}
        hint="one per domain, used only for synchronization"
        value={form.searchBase}
        placeholder="CN=Users,DC=example,DC=com"
        spellCheck={false}
        onChange={(searchBase) => change({ searchBase })}
      />
      {/* LDAP-12: only AD and AD LDS mark accounts disabled; only a synchronizing domain reads them. */}
      {hasDisabledAccounts(product) && (
        <CheckboxField
          {...field('syncDisabledUsers')}
          hint="Active Directory and AD LDS, in Authentication and synchronization mode"
          checked={form.syncDisabledUsers}
          disabled={form.mode !== 'auth-sync'}
          onChange={(syncDisabledUsers) => change({ syncDisabledUsers })}
        />
      )}
      <TextField
        {...field('intervalHours')}
        hint="empty: only when started from the Quick View"
        type="number"
        min={1}
        max={8760}
        step={1}
        value={form.intervalHours}
        onChange={(intervalHours) => change({ intervalHours })}
      />
      <TextField
        {...field('startAt')}
        hint="in this computer's time zone"
        type="datetime-local"
        value={form.startAt}
        onChange={(startAt) => change({ startAt })}
      />
    </Section>
  )
}
