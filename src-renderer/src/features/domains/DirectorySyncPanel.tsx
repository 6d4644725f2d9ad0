import { useEffect, useId, useState } from 'react'
import type { AppError, Domain, LdapSettings } from '../../../../src-preload/contract'
import { call } from '../../api/client'
import { ActionButton } from '../../components/ActionButton'
import { DetailList } from '../../components/DetailList'
import { ErrorSummary } from '../../components/ErrorSummary'
import { useReadOnly } from '../../components/useReadOnly'
import { useStore } from '../../store'
import { when } from '../sync/runModel'
import { RunStatusLabel } from '../sync/RunStatusLabel'
import { LdapSettingsDialog } from './ldap/LdapSettingsDialog'
import { LdapPreviewDialog } from './LdapPreviewDialog'

/**
 * Quick View → the domain's directory: its LDAP Settings, Start LDAP Synchronization, Start Write Back
 * to LDAP (LDAP-44: off while the attribute is "Do not write"), the last LDAP synchronization, and the
 * removals a deletion guard held back, to approve all, some or none.
 */
export function DirectorySyncPanel({ domain }: { domain: Domain }) {
  const notify = useStore((s) => s.notify)
  const loadDomainRuns = useStore((s) => s.loadDomainRuns)
  const running = useStore((s) => Object.values(s.progress).some((p) => p.device === domain.name))
  const [settings, setSettings] = useState<LdapSettings>()
  const [refusal, setRefusal] = useState<AppError>()
  const [chosen, setChosen] = useState<string[]>([])
  const [editing, setEditing] = useState(false)
  const [previewing, setPreviewing] = useState(false)
  const readOnly = useReadOnly()
  const cannotContact = domain.directory ? readOnly.contact(domain.directory) : undefined
  const titleId = useId()
  const heldId = useId()

  useEffect(() => {
    // NOT_FOUND until the domain's LDAP settings are saved: the panel then explains how.
    void call('ldap:get', { domain: domain.name }).then((r) => setSettings(r.ok ? r.value : undefined))
  }, [domain.name, domain.updatedAt, domain.lastLdapSync?.runId])

  const start = async (channel: 'ldap:sync' | 'ldap:write-back', approve?: 'all' | 'none' | string[]) => {
    const result = await call(channel, { domain: domain.name, ...(approve ? { approve } : {}) })
    setRefusal(result.ok ? undefined : result.error)
    if (!result.ok) return
    setChosen([])
    notify(
      'info',
      `${channel === 'ldap:sync' ? 'LDAP synchronization' : 'Write-back to LDAP'} of ${domain.name} started (run ${result.value.runId}).`
    )
    await loadDomainRuns(domain.name)
  }

  const saveDefaults = async () => {
    const result = await call('ldap:set', { domain: domain.name, changes: { directory: domain.directory } })
    setRefusal(result.ok ? undefined : result.error)
    if (result.ok) setSettings(result.value)
  }

  if (!domain.directory) return null
  const synchronizes = settings?.mode === 'auth-sync'
  const last = domain.lastLdapSync
  const settingsButton = (
    <button type="button" onClick={() => setEditing(true)}>
      LDAP Settings
    </button>
  )
  return (
    <section aria-labelledby={titleId}>
      <h3 id={titleId}>Directory Synchronization</h3>
      {!settings ? (
        <div>
          <p className="muted">
            No LDAP settings yet. The defaults synchronize every user under {domain.directory}&rsquo;s search
            base, update their details and delete nobody; change them in LDAP Settings.
          </p>
          <div className="actions">
            <ActionButton blocked={readOnly.change} onClick={() => void saveDefaults()}>
              Use Default LDAP Settings
            </ActionButton>
            {settingsButton}
          </div>
        </div>
      ) : (
        <div className="actions">
          {settingsButton}
          <ActionButton
            disabled={!synchronizes || running}
            blocked={cannotContact}
            onClick={() => void start('ldap:sync')}
          >
            Start LDAP Synchronization
          </ActionButton>
          <ActionButton
            disabled={!synchronizes}
            blocked={cannotContact}
            title={
              synchronizes ? undefined : 'Authentication only: the directory’s users are not synchronized'
            }
            onClick={() => setPreviewing(true)}
          >
            Preview
          </ActionButton>
          <ActionButton
            disabled={settings.writeBack.attribute === 'none' || running}
            blocked={cannotContact}
            title={
              settings.writeBack.attribute === 'none'
                ? 'Choose the write-back attribute in the LDAP settings first'
                : undefined
            }
            onClick={() => void start('ldap:write-back')}
          >
            Start Write Back to LDAP
          </ActionButton>
        </div>
      )}
      {settings && !synchronizes && (
        <p className="muted">Authentication only: the directory's users are not synchronized.</p>
      )}
      <ErrorSummary>{refusal && `Not started: ${refusal.message}`}</ErrorSummary>
      <DetailList
        rows={[
          [
            'Last LDAP synchronization',
            last ? (
              <>
                <RunStatusLabel status={last.status} /> · {when(last.startedAt)}
                {last.finishedAt ? ` – ${when(last.finishedAt)}` : ''}
                {last.summary && <div className="message">{last.summary}</div>}
              </>
            ) : (
              'never'
            )
          ]
        ]}
      />
      {settings?.held && (
        <section aria-labelledby={heldId} className="error-summary">
          <h4 id={heldId}>Removals held by the deletion guard</h4>
          <p>{settings.held.reason}</p>
          <ul className="held-users">
            {settings.held.users.map((userid) => (
              <li key={userid}>
                <label>
                  <input
                    type="checkbox"
                    checked={chosen.includes(userid)}
                    onChange={(e) =>
                      setChosen((c) => (e.target.checked ? [...c, userid] : c.filter((u) => u !== userid)))
                    }
                  />{' '}
                  {userid}
                </label>
              </li>
            ))}
          </ul>
          <div className="actions">
            <ActionButton
              disabled={running}
              blocked={cannotContact}
              onClick={() => void start('ldap:sync', 'all')}
            >
              Approve all
            </ActionButton>
            <ActionButton
              disabled={running || chosen.length === 0}
              blocked={cannotContact}
              onClick={() => void start('ldap:sync', chosen)}
            >
              Approve selected
            </ActionButton>
            <ActionButton
              disabled={running}
              blocked={cannotContact}
              onClick={() => void start('ldap:sync', 'none')}
            >
              Keep all
            </ActionButton>
          </div>
        </section>
      )}
      {previewing && <LdapPreviewDialog domain={domain.name} onClose={() => setPreviewing(false)} />}
      {editing && (
        <LdapSettingsDialog
          domain={domain}
          settings={settings}
          onSaved={setSettings}
          onClose={() => setEditing(false)}
        />
      )}
    </section>
  )
}
