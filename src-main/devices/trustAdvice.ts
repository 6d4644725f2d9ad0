// How an administrator trusts a certificate, in the words every message about a changed pin uses.

/**
 * The CLI command and the UI action that trust `fingerprint` for a device's primary endpoint (or its
 * backup server), to end a sentence such as "… and trust it: …".
 */
export function howToTrust(device: string, backup = false): (fingerprint: string) => string {
  return (fingerprint) =>
    `trust it with: switchboard devices trust "${device}" --fingerprint ${fingerprint}${backup ? ' --backup' : ''} (in the app: Devices, select ${device}, Test Connection, then Trust this certificate)`
}
