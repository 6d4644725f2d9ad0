import type { Device } from '../../../../src-preload/contract'
import { call } from '../../api/client'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import { useStore } from '../../store'

export function DeleteDialog({ device, onClose }: { device: Device; onClose: () => void }) {
  const { loadDevices, notify, select } = useStore()
  const remove = async () => {
    const result = await call('devices:delete', { name: device.name })
    if (!result.ok) return result.error.message
    select(undefined)
    notify('success', `Device ${result.value.deleted} deleted.`)
    await loadDevices()
    onClose()
    return undefined
  }
  return (
    <ConfirmDialog
      title={`Delete device ${device.name}?`}
      confirmLabel="Delete"
      danger
      onConfirm={remove}
      onClose={onClose}
    >
      <p>
        Delete device {device.name}? This cannot be undone. Its stored credentials and trusted certificates
        are removed too.
      </p>
    </ConfirmDialog>
  )
}
