import type { Device } from '../../../../src-preload/contract'
import { call } from '../../api/client'
import { ConfirmDialog } from '../../components/ConfirmDialog'
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
  const backup =
    device.backupHost !== undefined && endpoint !== undefined && endpoint.startsWith(`${device.backupHost}:`)
  const trust = async () => {
    const result = await call('devices:trust', {
      name: device.name,
      fingerprint,
      ...(backup ? { backup: true } : {})
    })
    if (!result.ok) return result.error.message
    notify('success', `Trusted the certificate of ${result.value.endpoint}.`)
    onClose()
    await testDevice(device.name)
    return undefined
  }
  return (
    <ConfirmDialog title="Trust this certificate?" confirmLabel="Trust" onConfirm={trust} onClose={onClose}>
      <p>
        {endpoint ?? device.host} presents a certificate Switchboard does not trust yet. Compare this SHA-256
        fingerprint with the certificate shown on the server (Cisco Unified OS Administration → Certificate
        Management) before trusting it:
      </p>
      <code className="block">{fingerprint}</code>
      <p>
        From then on only this certificate is accepted for this address; a different one fails the connection.
      </p>
    </ConfirmDialog>
  )
}
