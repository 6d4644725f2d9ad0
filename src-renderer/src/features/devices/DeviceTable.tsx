import { useShallow } from 'zustand/react/shallow'
import { kindLabels, productLabels, type Device } from '../../../../src-preload/contract'
import { DataTable, type Column } from '../../components/DataTable'
import { EmptyList } from '../../components/ListPage'
import { useStore } from '../../store'
import { deviceMatches, statusOf, testStatusLabels, testsValidSince, type DeviceStatus } from './deviceModel'

const columns: Column<{ device: Device; status: DeviceStatus }>[] = [
  { header: 'Name', cell: ({ device }) => device.name },
  { header: 'Type', wrap: true, cell: ({ device }) => kindLabels[device.kind] },
  { header: 'Product', wrap: true, cell: ({ device }) => productLabels[device.product] },
  { header: 'Host', cell: ({ device }) => device.host },
  { header: 'Port', numeric: true, cell: ({ device }) => device.port },
  { header: 'Version', cell: ({ device }) => device.version ?? '' },
  {
    header: 'Test status',
    cell: ({ status }) => <span className={`status ${status}`}>{testStatusLabels[status]}</span>
  }
]

export function DeviceTable() {
  const { devices, filter, selected, select, testStatus, loading, startedAt } = useStore(
    useShallow((s) => ({
      startedAt: testsValidSince(s),
      devices: s.devices,
      filter: s.filter,
      selected: s.selected,
      select: s.select,
      testStatus: s.testStatus,
      loading: s.loading
    }))
  )
  if (devices.length === 0) {
    return (
      <EmptyList loading={loading && 'Loading devices…'}>
        No devices yet. Add the call processors, message processors, presence processors and directory servers
        to synchronize, or start the demo lab.
      </EmptyList>
    )
  }
  const rows = devices
    .filter((device) => deviceMatches(device, filter))
    .map((device) => ({ device, status: statusOf(device, testStatus, startedAt) }))
  return (
    <DataTable
      caption="Devices"
      columns={columns}
      rows={rows}
      rowKey={({ device }) => device.id}
      onRowClick={({ device }) => select(device.name)}
      isSelected={({ device }) => device.name === selected}
      emptyText={`No device matches “${filter}”.`}
    />
  )
}
