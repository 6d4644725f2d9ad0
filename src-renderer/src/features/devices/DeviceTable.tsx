import { useShallow } from 'zustand/react/shallow'
import { kindLabels, productLabels } from '../../../../src-preload/contract'
import { GridTable } from '../../components/GridTable'
import { onRowKeyDown } from '../../components/rowKeys'
import { useStore } from '../../store'
import { deviceMatches, statusOf, testStatusLabels, testsValidSince } from './deviceModel'

const columns = ['Name', 'Type', 'Product', 'Host', 'Port', 'Version', 'Test status']

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
      <p className="empty">
        {loading
          ? 'Loading devices…'
          : 'No devices yet. Add the call processors, message processors, presence processors and directory servers to synchronize, or start the demo lab.'}
      </p>
    )
  }
  const shown = devices.filter((d) => deviceMatches(d, filter))
  return (
    <GridTable caption="Devices" columns={columns} numeric={['Port']}>
      {shown.map((device) => {
        const status = statusOf(device, testStatus, startedAt)
        const isSelected = device.name === selected
        return (
          <tr
            key={device.id}
            tabIndex={0}
            aria-selected={isSelected}
            className={isSelected ? 'selected' : undefined}
            onClick={() => select(device.name)}
            onKeyDown={(e) => onRowKeyDown(e, () => select(device.name))}
          >
            <td>{device.name}</td>
            <td className="wrap">{kindLabels[device.kind]}</td>
            <td className="wrap">{productLabels[device.product]}</td>
            <td>{device.host}</td>
            <td className="num">{device.port}</td>
            <td>{device.version ?? ''}</td>
            <td>
              <span className={`status ${status}`}>{testStatusLabels[status]}</span>
            </td>
          </tr>
        )
      })}
      {shown.length === 0 && (
        <tr>
          <td colSpan={columns.length} className="empty">
            No device matches “{filter}”.
          </td>
        </tr>
      )}
    </GridTable>
  )
}
