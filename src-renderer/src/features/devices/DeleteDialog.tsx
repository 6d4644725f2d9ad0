import { useState } from 'react'
import type { Device } from '../../../../src-preload/contract'
import { call } from '../../api/client'
import { Dialog } from '../../components/Dialog'
import { useStore } from '../../store'

export function DeleteDialog({ device, onClose }: { device: Device; onClose: () => void }) {
  const { loadDevices, notify, select } = useStore()
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)
  const remove = async () => {
    setBusy(true)
    const result = await call('devices:delete', { name: device.name })
    setBusy(false)
    if (!result.ok) {
      setError(result.error.message)
      return
    }
    select(undefined)
    notify('success', `Device ${result.value.deleted} deleted.`)
    await loadDevices()
    onClose()
  }
  return (
    <Dialog
      title={`Delete device ${device.name}?`}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="danger" disabled={busy} onClick={() => void remove()}>
            Delete
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </>
      }
    >
      <p>
        Delete device {device.name}? This cannot be undone. Its stored credentials and trusted certificates
        are removed too.
      </p>
      {error && (
        <p role="alert" className="error-summary">
          {error}
        </p>
      )}
    </Dialog>
  )
}
