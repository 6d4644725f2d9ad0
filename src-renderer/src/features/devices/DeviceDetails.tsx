import {
  connectionSecurity,
  connectionSecurityLabels,
  kindLabels,
  productLabels,
  type Device
} from '../../../../src-preload/contract'
import { formatMoment as when } from '../../components/dateTime'
import { DetailList, type Detail } from '../../components/DetailList'

const setOrNot = (set: boolean) => (set ? 'set' : 'not set')

/** Every stored field but the secrets, of which only "set" or "not set" is known. */
function detailRows(device: Device): Detail[] {
  const directory = device.kind === 'directory'
  return [
    ['Type', kindLabels[device.kind]],
    ['Product', productLabels[device.product]],
    ['Host', device.host],
    ['Port', String(device.port)],
    ['Connection security', directory ? connectionSecurityLabels[connectionSecurity(device)] : undefined],
    ['Version', device.version],
    [device.kind === 'message-processor' ? 'Administrator' : 'User name', device.username],
    ['Admin DN', device.adminDn],
    ['Password', setOrNot(device.hasPassword)],
    ['OS administrator', device.osUsername],
    [
      'OS administrator password',
      device.kind === 'message-processor' ? setOrNot(device.hasOsPassword) : undefined
    ],
    ['User search base', device.searchBase],
    ['Backup server', device.backupHost],
    // Without its own port the backup server is reached on the primary port.
    ['Backup port', device.backupHost ? String(device.backupPort ?? device.port) : undefined],
    ['Call Processor', device.callProcessor],
    ['Extension Mobility service', device.extensionMobility?.serviceName],
    ['Extension Mobility URL', device.extensionMobility?.serviceUrl],
    [
      'Analog phones',
      device.analogPhones === undefined ? undefined : device.analogPhones ? 'managed' : 'not managed'
    ],
    ['Changes', device.allowChanges ? 'allowed' : 'not allowed (read only)'],
    ['Added', when(device.createdAt)],
    ['Last changed', when(device.updatedAt)]
  ]
}

export function DeviceDetails({ device }: { device: Device }) {
  return <DetailList rows={detailRows(device)} />
}

export function PinnedCertificates({ device }: { device: Device }) {
  if (device.pinnedCertificates.length === 0) return null
  return (
    <section aria-labelledby="pinned-certificates">
      <h3 id="pinned-certificates">Trusted certificates</h3>
      <ul className="pins">
        {device.pinnedCertificates.map((pin) => (
          <li key={pin.endpoint}>
            {pin.endpoint} · trusted {when(pin.trustedAt)}
            <code className="block">{pin.fingerprint}</code>
          </li>
        ))}
      </ul>
    </section>
  )
}
