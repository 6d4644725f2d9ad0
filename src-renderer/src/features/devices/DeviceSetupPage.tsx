import { useEffect, useId, useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { Device } from '../../../../src-preload/contract'
import { useReadOnly } from '../../components/useReadOnly'
import { useStore } from '../../store'
import { DeleteDialog } from './DeleteDialog'
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
    <button type="button" onClick={() => void start()} disabled={starting || !!readOnly} title={readOnly}>
      {starting ? 'Starting demo lab…' : 'Start demo lab'}
    </button>
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
  const titleId = useId()
  const readOnly = useReadOnly().change

  useEffect(() => {
    void loadDevices()
  }, [loadDevices])

  const current = devices.find((d) => d.name === selected)

  return (
    <section className="page" aria-labelledby={titleId}>
      <header className="page-header">
        <h1 id={titleId}>Device Setup</h1>
        <div className="toolbar">
          <button
            type="button"
            className="primary"
            disabled={!!readOnly}
            title={readOnly}
            onClick={() => setEditing({ mode: 'add' })}
          >
            Add device
          </button>
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
        </div>
      </header>
      {lastError && (
        <p role="alert" className="error-summary">
          Devices could not be loaded: {lastError}
        </p>
      )}
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
      {deleting && <DeleteDialog device={deleting} onClose={() => setDeleting(undefined)} />}
    </section>
  )
}
