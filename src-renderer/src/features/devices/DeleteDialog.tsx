import type { Device } from '../../../../src-preload/contract'
import { call } from '../../api/client'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import { useStore } from '../../store'

/** Deletes after confirmation; a refusal (busy, linked presence processors) is shown and nothing changes. */
export function DeleteDialog({ device, onClose }: { device: Device; onClose: () => void }) {
  const remove = async () => {
    const result = await call('devices:delete', { name: device.name })
    if (!result.ok) return result.error.message
    const { select, notify, loadDevices } = useStore.getState()
    select(undefined)
    notify('success', `Device ${result.value.deleted} deleted.`)
    onClose()
    await loadDevices()
    return undefined
  }
  return (
    <ConfirmDialog title="Delete device" confirmLabel="Delete" danger onConfirm={remove} onClose={onClose}>
      <p>Delete device {device.name}? This cannot be undone.</p>
      <p className="muted">
        Its stored credentials, trusted certificates and synchronized inventory are removed too. Its
        synchronization runs and their logs are kept in Logs under the name {device.name}.
      </p>
    </ConfirmDialog>
  )
}
