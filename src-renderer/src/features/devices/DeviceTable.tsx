import { kindLabels, productLabels, type Device, type TestStatus } from '../../../../src-preload/contract'
import { useStore } from '../../store'

export const testStatusLabels: Record<TestStatus, string> = {
  never: 'Never tested',
  'in-progress': 'In progress',
  success: 'Success',
  failure: 'Failure'
}

export function statusOf(device: Device, live: Record<string, TestStatus>): TestStatus {
  return live[device.name] === 'in-progress' ? 'in-progress' : device.lastTest.status
}

function matches(device: Device, filter: string): boolean {
  const needle = filter.trim().toLowerCase()
  if (needle === '') return true
  return [device.name, kindLabels[device.kind], productLabels[device.product], device.host].some((v) =>
    v.toLowerCase().includes(needle)
  )
}

export function DeviceTable() {
  const { devices, filter, selected, select, testing, loading } = useStore()
  const shown = devices.filter((d) => matches(d, filter))
  if (devices.length === 0) {
    return (
      <p className="empty">
        {loading
          ? 'Loading devices…'
          : 'No devices yet. Add the call processors, message processors, presence processors and directory servers to synchronize, or start the demo lab.'}
      </p>
    )
  }
  return (
    <div className="table-scroll">
      <table className="grid">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Type</th>
            <th scope="col">Product</th>
            <th scope="col">Host</th>
            <th scope="col">Port</th>
            <th scope="col">Version</th>
            <th scope="col">Test status</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((device) => {
            const status = statusOf(device, testing)
            return (
              <tr
                key={device.id}
                tabIndex={0}
                aria-selected={device.name === selected}
                className={device.name === selected ? 'selected' : undefined}
                onClick={() => select(device.name)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' || e.key === ' ') {
                    e.preventDefault()
                    select(device.name)
                  }
                }}
              >
                <td>{device.name}</td>
                <td>{kindLabels[device.kind]}</td>
                <td>{productLabels[device.product]}</td>
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
              <td colSpan={7} className="empty">
                No device matches “{filter}”.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  )
}
