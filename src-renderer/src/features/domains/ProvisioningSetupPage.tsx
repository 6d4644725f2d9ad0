import { useEffect, useId, useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { Domain } from '../../../../src-preload/contract'
import { call } from '../../api/client'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import { useReadOnly } from '../../components/useReadOnly'
import { useStore } from '../../store'
import { DomainDetail } from './DomainDetail'
import { DomainFormDialog } from './DomainFormDialog'
import { DomainQuickView } from './DomainQuickView'
import { DomainTable } from './DomainTable'

type Editing = { mode: 'add' } | { mode: 'edit'; domain: Domain; focusRules: boolean }

function DeleteDomainDialog({ domain, onClose }: { domain: Domain; onClose: () => void }) {
  const remove = async () => {
    const result = await call('domains:delete', { name: domain.name })
    if (!result.ok) return result.error.message
    const { selectDomain, notify, loadDomains } = useStore.getState()
    selectDomain(undefined)
    notify('success', `Domain ${result.value.deleted} deleted.`)
    onClose()
    await loadDomains()
    return undefined
  }
  return (
    <ConfirmDialog title="Delete domain" confirmLabel="Delete" danger onConfirm={remove} onClose={onClose}>
      <p>Delete domain {domain.name}? This cannot be undone.</p>
      <p className="muted">
        Its service areas, directory number blocks, user roles and {domain.users} users are removed from
        Switchboard. Nothing changes on its Call Processors.
      </p>
    </ConfirmDialog>
  )
}

export function ProvisioningSetupPage() {
  const { domains, selected, loadDomains, loadDevices, error } = useStore(
    useShallow((s) => ({
      domains: s.domains,
      selected: s.selectedDomain,
      loadDomains: s.loadDomains,
      loadDevices: s.loadDevices,
      error: s.domainsError
    }))
  )
  const [editing, setEditing] = useState<Editing>()
  const [deleting, setDeleting] = useState<Domain>()
  const titleId = useId()
  const readOnly = useReadOnly().change

  // Devices too: the domain and service area forms choose among them.
  useEffect(() => {
    void loadDomains()
    void loadDevices()
  }, [loadDomains, loadDevices])

  const current = domains.find((d) => d.name === selected)

  return (
    <section className="page" aria-labelledby={titleId}>
      <header className="page-header">
        <h1 id={titleId}>Provisioning Setup</h1>
        <div className="toolbar">
          <button
            type="button"
            className="primary"
            disabled={!!readOnly}
            title={readOnly}
            onClick={() => setEditing({ mode: 'add' })}
          >
            Add Domain
          </button>
          <button type="button" onClick={() => void loadDomains()}>
            Refresh
          </button>
        </div>
      </header>
      {error && (
        <p role="alert" className="error-summary">
          Domains could not be loaded: {error}
        </p>
      )}
      <div className="split">
        <div className="stack">
          <DomainTable />
          {current && <DomainDetail key={current.name} domain={current} />}
        </div>
        {current && (
          <DomainQuickView
            key={current.name}
            domain={current}
            onEdit={(focusRules) => setEditing({ mode: 'edit', domain: current, focusRules })}
            onDelete={() => setDeleting(current)}
          />
        )}
      </div>
      {editing && (
        <DomainFormDialog
          domain={editing.mode === 'edit' ? editing.domain : undefined}
          focusRules={editing.mode === 'edit' && editing.focusRules}
          onClose={() => setEditing(undefined)}
        />
      )}
      {deleting && <DeleteDomainDialog domain={deleting} onClose={() => setDeleting(undefined)} />}
    </section>
  )
}
