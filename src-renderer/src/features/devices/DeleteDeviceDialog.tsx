import type { Device } from '../../../../src-preload/contract'
import { call } from '../../api/client'
import { DeleteDialog } from '../../components/DeleteDialog'
import { useStore } from '../../store'

/** Deletes after confirmation; a refusal (busy, linked presence processors) is shown and nothing changes. */
export function DeleteDeviceDialog({ device, onClose }: { device: Device; onClose: () => void }) {
  return (
    <DeleteDialog
      title="Delete device"
      request={() => call('devices:delete', { name: device.name })}
      onDeleted={async ({ deleted }) => {
        const { select, notify, loadDevices } = useStore.getState()
        select(undefined)
        notify('success', `Device ${deleted} deleted.`)
        onClose()
        await loadDevices()
      }}
      onClose={onClose}
    >
      <p>Delete device {device.name}? This cannot be undone.</p>
      <p className="muted">
        Its stored credentials, trusted certificates and synchronized inventory are removed too. Its
        synchronization runs and their logs are kept in Logs under the name {device.name}.
      </p>
    </DeleteDialog>
  )
}
