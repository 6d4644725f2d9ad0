import { useState } from 'react'
import type { Device } from '../../../../src-preload/contract'
import { call } from '../../api/client'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import { useStore } from '../../store'

interface TrustDialogProps {
  device: Device
  fingerprint: string
  endpoint?: string
  /** The fingerprint came from the directory's backup server, which is pinned separately. */
  backup: boolean
  onClose: () => void
}

/** Where an administrator finds the certificate to compare with, per kind of device. */
function whereToCompare(device: Device): string {
  return device.kind === 'directory'
    ? 'the certificate installed on the directory server (for Active Directory: the domain controller’s LDAPS certificate)'
    : 'the tomcat certificate shown on the server in Cisco Unified OS Administration → Security → Certificate Management'
}

/** Trust on first use: the administrator confirms having compared the fingerprint before it is pinned. */
export function TrustDialog({ device, fingerprint, endpoint, backup, onClose }: TrustDialogProps) {
  const [compared, setCompared] = useState(false)
  const trust = async () => {
    const result = await call('devices:trust', {
      name: device.name,
      fingerprint,
      ...(backup ? { backup: true } : {})
    })
    if (!result.ok) return result.error.message
    const { notify, testDevice } = useStore.getState()
    notify('success', `Trusted the certificate of ${result.value.endpoint}.`)
    onClose()
    await testDevice(device.name)
    return undefined
  }
  return (
    <ConfirmDialog
      title="Trust this certificate?"
      confirmLabel="Trust certificate"
      confirmDisabled={!compared}
      onConfirm={trust}
      onClose={onClose}
    >
      <p>
        {endpoint ?? device.host} presents a certificate Switchboard does not trust. Compare this SHA-256
        fingerprint with {whereToCompare(device)}:
      </p>
      <code className="block">{fingerprint}</code>
      <p>
        Once trusted, only this certificate is accepted for this address; a different one fails the
        connection.
      </p>
      <div className="check">
        <input
          id="trust-compared"
          type="checkbox"
          checked={compared}
          onChange={(e) => setCompared(e.target.checked)}
        />
        <label htmlFor="trust-compared">
          I compared this fingerprint and it matches the server’s certificate
        </label>
      </div>
    </ConfirmDialog>
  )
}
