import { useState } from 'react'
import type { Domain, ServiceArea } from '../../../../src-preload/contract'
import { call } from '../../api/client'
import { ActionButton } from '../../components/ActionButton'
import { DeleteDialog } from '../../components/DeleteDialog'
import { Panel } from '../../components/Panel'
import { useReadOnly } from '../../components/useReadOnly'
import { useStore } from '../../store'
import { DnBlockDialog } from './DnBlockDialog'
import { ServiceAreaCard } from './ServiceAreaCard'
import { ServiceAreaDialog } from './ServiceAreaDialog'

type Dialogs =
  | { kind: 'add' }
  | { kind: 'edit'; area: ServiceArea }
  | { kind: 'delete'; area: ServiceArea }
  | { kind: 'add-block'; area: ServiceArea }

/** The domain's service areas in matching order: the first that fits a product gets it. */
export function ServiceAreasPanel({ domain }: { domain: Domain }) {
  const areas = useStore((s) => s.serviceAreas[domain.name])
  const [dialog, setDialog] = useState<Dialogs>()
  const readOnly = useReadOnly().change
  const close = () => setDialog(undefined)

  const move = async (area: ServiceArea, position: number) => {
    const { moveServiceArea, notify } = useStore.getState()
    const error = await moveServiceArea(domain.name, area.name, position)
    if (error) notify('failure', `Service area ${area.name} was not moved: ${error.message}`)
    return error === undefined
  }

  const sorted = [...(areas ?? [])].sort((a, b) => a.position - b.position)
  return (
    <Panel
      title={`Service Areas of ${domain.name}`}
      actions={
        <ActionButton blocked={readOnly} onClick={() => setDialog({ kind: 'add' })}>
          Add Service Area
        </ActionButton>
      }
    >
      {areas === undefined && <p className="muted">Loading service areas…</p>}
      {areas?.length === 0 && (
        <p className="muted">
          No service areas yet. A service area groups the phones, lines and mailboxes of one Call Processor by
          device pool, location and other attributes.
        </p>
      )}
      {sorted.length > 0 && (
        <p className="muted">Matching order: the first service area that fits a product wins.</p>
      )}
      {sorted.map((area, index) => (
        <ServiceAreaCard
          key={area.name}
          area={area}
          first={index === 0}
          last={index === sorted.length - 1}
          onMove={(direction) => move(area, index + 1 + (direction === 'up' ? -1 : 1))}
          onEdit={() => setDialog({ kind: 'edit', area })}
          onDelete={() => setDialog({ kind: 'delete', area })}
          onAddBlock={() => setDialog({ kind: 'add-block', area })}
        />
      ))}
      {dialog?.kind === 'add' && <ServiceAreaDialog domain={domain} onClose={close} />}
      {dialog?.kind === 'edit' && <ServiceAreaDialog domain={domain} area={dialog.area} onClose={close} />}
      {dialog?.kind === 'add-block' && (
        <DnBlockDialog domain={domain.name} serviceArea={dialog.area.name} onClose={close} />
      )}
      {dialog?.kind === 'delete' && (
        <DeleteDialog
          title="Delete service area"
          request={() => call('service-areas:delete', { domain: domain.name, name: dialog.area.name })}
          onDeleted={async ({ deleted }) => {
            close()
            const { loadServiceAreas, loadDomains, notify } = useStore.getState()
            notify('success', `Service area ${deleted} deleted.`)
            await Promise.all([loadServiceAreas(domain.name), loadDomains()])
          }}
          onClose={close}
        >
          <p>
            Delete service area {dialog.area.name} and its {dialog.area.dnBlocks.length} directory number
            blocks? Services filed here are placed again by the next domain synchronization.
          </p>
        </DeleteDialog>
      )}
    </Panel>
  )
}
