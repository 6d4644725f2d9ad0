import { useEffect, useState } from 'react'
import type { Device } from '../../../../src-preload/contract'
import { useStore } from '../../store'
import { DeleteDialog } from './DeleteDialog'
import { DeviceFormDialog } from './DeviceFormDialog'
import { DeviceTable } from './DeviceTable'
import { QuickView } from './QuickView'

type Editing = { mode: 'add' } | { mode: 'edit'; device: Device } | undefined

export function DeviceSetupPage() {
  const { devices, loadDevices, loadError, filter, setFilter, selected, demo, startDemo } = useStore()
  const [editing, setEditing] = useState<Editing>()
  const [deleting, setDeleting] = useState<Device>()
  const [startingDemo, setStartingDemo] = useState(false)

  useEffect(() => {
    void loadDevices()
  }, [loadDevices])

  const current = devices.find((d) => d.name === selected)
  const runDemo = async () => {
    setStartingDemo(true)
    await startDemo()
    setStartingDemo(false)
  }

  return (
    <section className="page" aria-labelledby="page-title">
      <header className="page-header">
        <h1 id="page-title">Device Setup</h1>
        <div className="toolbar">
          <button type="button" className="primary" onClick={() => setEditing({ mode: 'add' })}>
            Add device
          </button>
          <input
            type="search"
            aria-label="Filter devices"
            placeholder="Filter by name, type or host"
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
          />
          <button type="button" onClick={() => void loadDevices()}>
            Refresh
          </button>
          {!demo.running && (
            <button type="button" onClick={() => void runDemo()} disabled={startingDemo}>
              {startingDemo ? 'Starting demo lab…' : 'Start demo lab'}
            </button>
          )}
          {demo.running && <span className="badge">Demo lab running</span>}
        </div>
      </header>
      {loadError && (
        <p role="alert" className="error-summary">
          Devices could not be loaded: {loadError}
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
