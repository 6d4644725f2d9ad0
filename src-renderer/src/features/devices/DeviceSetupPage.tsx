import { useEffect, useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { Device } from '../../../../src-preload/contract'
import { ActionButton } from '../../components/ActionButton'
import { ListPage } from '../../components/ListPage'
import { useReadOnly } from '../../components/useReadOnly'
import { useStore } from '../../store'
import { DeleteDeviceDialog } from './DeleteDeviceDialog'
import { DeviceFormDialog } from './DeviceFormDialog'
import { DeviceTable } from './DeviceTable'
import { QuickView } from './QuickView'

type Editing = { mode: 'add' } | { mode: 'edit'; device: Device }

function DemoLabControl() {
  const { running, startDemo, connected } = useStore(
    useShallow((s) => ({
      running: s.demo.running,
      startDemo: s.startDemo,
      connected: s.connection.state === 'connected'
    }))
  )
  const [starting, setStarting] = useState(false)
  const readOnly = useReadOnly().change
  // The lab runs in the host: without the host, whether it still runs is not known.
  if (running && !connected) return <span className="badge unknown">Demo lab: not known</span>
  if (running) return <span className="badge">Demo lab running</span>
  const start = async () => {
    setStarting(true)
    await startDemo()
    setStarting(false)
  }
  return (
    <ActionButton onClick={() => void start()} disabled={starting} blocked={readOnly}>
      {starting ? 'Starting demo lab…' : 'Start demo lab'}
    </ActionButton>
  )
}

export function DeviceSetupPage() {
  const { devices, loadDevices, lastError, filter, setFilter, selected } = useStore(
    useShallow((s) => ({
      devices: s.devices,
      loadDevices: s.loadDevices,
      lastError: s.lastError,
      filter: s.filter,
      setFilter: s.setFilter,
      selected: s.selected
    }))
  )
  const [editing, setEditing] = useState<Editing>()
  const [deleting, setDeleting] = useState<Device>()
  const readOnly = useReadOnly().change

  useEffect(() => {
    void loadDevices()
  }, [loadDevices])

  const current = devices.find((d) => d.name === selected)

  return (
    <ListPage
      title="Device Setup"
      actions={
        <>
          <ActionButton className="primary" blocked={readOnly} onClick={() => setEditing({ mode: 'add' })}>
            Add device
          </ActionButton>
          <input
            type="search"
            aria-label="Filter devices"
            placeholder="Filter by name, type, product or host"
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
          />
          <button type="button" onClick={() => void loadDevices()}>
            Refresh
          </button>
          <DemoLabControl />
        </>
      }
      error={lastError && `Devices could not be loaded: ${lastError}`}
    >
      <div className="split">
        <DeviceTable />
        {current && (
          <QuickView
            device={current}
            onEdit={() => setEditing({ mode: 'edit', device: current })}
            onDelete={() => setDeleting(current)}
          />
        )}
      </div>
      {editing && (
        <DeviceFormDialog
          device={editing.mode === 'edit' ? editing.device : undefined}
          onClose={() => setEditing(undefined)}
        />
      )}
      {deleting && <DeleteDeviceDialog device={deleting} onClose={() => setDeleting(undefined)} />}
    </ListPage>
  )
}
