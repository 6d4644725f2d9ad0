import { useEffect, useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { Domain } from '../../../../src-preload/contract'
import { call } from '../../api/client'
import { ActionButton } from '../../components/ActionButton'
import { DeleteDialog } from '../../components/DeleteDialog'
import { ListPage } from '../../components/ListPage'
import { useReadOnly } from '../../components/useReadOnly'
import { useStore } from '../../store'
import { DomainDetail } from './DomainDetail'
import { DomainFormDialog } from './DomainFormDialog'
import { DomainQuickView } from './DomainQuickView'
import { DomainTable } from './DomainTable'

type Editing = { mode: 'add' } | { mode: 'edit'; domain: Domain; focusRules: boolean }

function DeleteDomainDialog({ domain, onClose }: { domain: Domain; onClose: () => void }) {
  return (
    <DeleteDialog
      title="Delete domain"
      request={() => call('domains:delete', { name: domain.name })}
      onDeleted={async ({ deleted }) => {
        const { selectDomain, notify, loadDomains } = useStore.getState()
        selectDomain(undefined)
        notify('success', `Domain ${deleted} deleted.`)
        onClose()
        await loadDomains()
      }}
      onClose={onClose}
    >
      <p>Delete domain {domain.name}? This cannot be undone.</p>
      <p className="muted">
        Its service areas, directory number blocks, user roles and {domain.users} users are removed from
        Switchboard. Nothing changes on its Call Processors.
      </p>
    </DeleteDialog>
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
  const readOnly = useReadOnly().change

  // Devices too: the domain and service area forms choose among them.
  useEffect(() => {
    void loadDomains()
    void loadDevices()
  }, [loadDomains, loadDevices])

  const current = domains.find((d) => d.name === selected)

  return (
    <ListPage
      title="Provisioning Setup"
      actions={
        <>
          <ActionButton className="primary" blocked={readOnly} onClick={() => setEditing({ mode: 'add' })}>
            Add Domain
          </ActionButton>
          <button type="button" onClick={() => void loadDomains()}>
            Refresh
          </button>
        </>
      }
      error={error && `Domains could not be loaded: ${error}`}
    >
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
    </ListPage>
  )
}
