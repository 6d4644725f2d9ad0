import { useState } from 'react'
import { kindLabels, productLabels, type Device } from '../../../../src-preload/contract'
import { useStore } from '../../store'
import { statusOf, testStatusLabels } from './DeviceTable'
import { SyncPanel } from '../sync/SyncPanel'
import { TrustDialog } from './TrustDialog'

interface QuickViewProps {
  device: Device
  onEdit: () => void
  onDelete: () => void
}

export function QuickView({ device, onEdit, onDelete }: QuickViewProps) {
  const { testing, testDevice } = useStore()
  const [trusting, setTrusting] = useState(false)
  const status = statusOf(device, testing)
  const result = device.lastTest.result
  const details: [string, string | undefined][] = [
    ['Type', kindLabels[device.kind]],
    ['Product', productLabels[device.product]],
    ['Host', device.host],
    ['Port', String(device.port)],
    ['Use SSL', device.kind === 'directory' ? (device.useSsl ? 'Yes' : 'No') : undefined],
    ['Version', device.version],
    [device.kind === 'message-processor' ? 'Administrator' : 'User name', device.username],
    ['Password', device.hasPassword ? 'Set' : 'Not set'],
    [
      'OS administrator',
      device.osUsername
        ? `${device.osUsername} (password ${device.hasOsPassword ? 'set' : 'not set'})`
        : undefined
    ],
    ['Admin DN', device.adminDn],
    ['User search base', device.searchBase],
    [
      'Backup server',
      device.backupHost ? `${device.backupHost}:${device.backupPort ?? device.port}` : undefined
    ],
    ['Call Processor', device.callProcessor],
    [
      'Extension Mobility',
      device.extensionMobility
        ? `${device.extensionMobility.serviceName} — ${device.extensionMobility.serviceUrl}`
        : undefined
    ]
  ]
  const canTrust =
    status === 'failure' &&
    result?.fingerprint &&
    (result.reason === 'tls-untrusted' || result.reason === 'tls-changed')

  return (
    <aside className="quickview" aria-label="Quick View">
      <h2>{device.name}</h2>
      <div className="actions">
        <button
          type="button"
          className="primary"
          disabled={status === 'in-progress'}
          onClick={() => void testDevice(device.name)}
        >
          Test Connection
        </button>
        <button type="button" onClick={onEdit}>
          Edit
        </button>
        <button type="button" className="danger" onClick={onDelete}>
          Delete
        </button>
      </div>
      <dl className="details">
        {details
          .filter((d): d is [string, string] => d[1] !== undefined)
          .map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
      </dl>
      <section aria-labelledby="last-test">
        <h3 id="last-test">Last test</h3>
        <p>
          <span className={`status ${status}`}>{testStatusLabels[status]}</span>
          {result && status !== 'in-progress' && (
            <span className="muted">
              {' '}
              · {new Date(result.at).toLocaleString()} · {result.durationMs} ms
            </span>
          )}
        </p>
        {result && status !== 'in-progress' && (
          <>
            {result.reason && <p className="muted">Reason: {result.reason}</p>}
            <p className="message">{result.message}</p>
          </>
        )}
        {canTrust && (
          <div className="fingerprint">
            <p>Certificate SHA-256 fingerprint:</p>
            <code>{result.fingerprint}</code>
            <button type="button" onClick={() => setTrusting(true)}>
              Trust this certificate
            </button>
          </div>
        )}
      </section>
      <SyncPanel device={device} />
      {device.pinnedCertificates.length > 0 && (
        <section aria-labelledby="pinned">
          <h3 id="pinned">Trusted certificates</h3>
          <ul className="pins">
            {device.pinnedCertificates.map((p) => (
              <li key={p.endpoint}>
                {p.endpoint} · trusted {new Date(p.trustedAt).toLocaleString()}
                <code>{p.fingerprint}</code>
              </li>
            ))}
          </ul>
        </section>
      )}
      {trusting && result?.fingerprint && (
        <TrustDialog
          device={device}
          fingerprint={result.fingerprint}
          endpoint={result.endpoint}
          onClose={() => setTrusting(false)}
        />
      )}
    </aside>
  )
}
