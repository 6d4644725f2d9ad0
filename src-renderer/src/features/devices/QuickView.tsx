import type { Device } from '../../../../src-preload/contract'
import { useReadOnly } from '../../components/useReadOnly'
import { useStore } from '../../store'
import { ChangeNotificationPanel } from '../sync/ChangeNotificationPanel'
import { SyncPanel } from '../sync/SyncPanel'
import { DeviceDetails, PinnedCertificates } from './DeviceDetails'
import { InventorySection } from './InventoryBrowser'
import { statusOf, testsValidSince } from './deviceModel'
import { LastTest } from './LastTest'

interface QuickViewProps {
  device: Device
  onEdit: () => void
  onDelete: () => void
}

export function QuickView({ device, onEdit, onDelete }: QuickViewProps) {
  const status = useStore((s) => statusOf(device, s.testStatus, testsValidSince(s)))
  const testDevice = useStore((s) => s.testDevice)
  const readOnly = useReadOnly()
  const cannotTest = readOnly.contact(device.name)
  return (
    <aside className="quickview" aria-label="Quick View">
      <h2>{device.name}</h2>
      <div className="actions">
        <button
          type="button"
          className="primary"
          disabled={status === 'in-progress' || !!cannotTest}
          title={cannotTest}
          onClick={() => void testDevice(device.name)}
        >
          Test Connection
        </button>
        <button type="button" disabled={!!readOnly.change} title={readOnly.change} onClick={onEdit}>
          Edit
        </button>
        <button
          type="button"
          className="danger"
          disabled={!!readOnly.change}
          title={readOnly.change}
          onClick={onDelete}
        >
          Delete
        </button>
      </div>
      <DeviceDetails device={device} />
      <LastTest device={device} status={status} />
      <PinnedCertificates device={device} />
      <SyncPanel device={device} />
      <ChangeNotificationPanel device={device} />
      <InventorySection device={device} />
    </aside>
  )
}
