import { useState } from 'react'
import type { Device } from '../../../../src-preload/contract'
import { call } from '../../api/client'
import { Dialog } from '../../components/Dialog'
import { useStore } from '../../store'

interface TrustDialogProps {
  device: Device
  fingerprint: string
  endpoint?: string
  onClose: () => void
}

/** Trust on first use: the administrator confirms having compared the fingerprint with the server's. */
export function TrustDialog({ device, fingerprint, endpoint, onClose }: TrustDialogProps) {
  const { testDevice, notify } = useStore()
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)
  const backup =
    device.backupHost !== undefined && endpoint !== undefined && endpoint.startsWith(`${device.backupHost}:`)
  const trust = async () => {
    setBusy(true)
    const result = await call('devices:trust', {
      name: device.name,
      fingerprint,
      ...(backup ? { backup: true } : {})
    })
    setBusy(false)
    if (!result.ok) {
      setError(result.error.message)
      return
    }
    notify('success', `Trusted the certificate of ${result.value.endpoint}.`)
    onClose()
    await testDevice(device.name)
  }
  return (
    <Dialog
      title="Trust this certificate?"
      onClose={onClose}
      footer={
        <>
          <button type="button" className="primary" disabled={busy} onClick={() => void trust()}>
            Trust
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </>
      }
    >
      <p>
        {endpoint ?? device.host} presents a certificate Switchboard does not trust yet. Compare this SHA-256
        fingerprint with the certificate shown on the server (Cisco Unified OS Administration → Certificate
        Management) before trusting it:
      </p>
      <code className="block">{fingerprint}</code>
      <p>
        From then on only this certificate is accepted for this address; a different one fails the connection.
      </p>
      {error && (
        <p role="alert" className="error-summary">
          {error}
        </p>
      )}
    </Dialog>
  )
}
