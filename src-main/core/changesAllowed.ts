import { UserError } from './errors'

/**
 * Issue 20 item 1: every write to a device passes here before its first byte. A device whose "Allow
 * changes" is off is only ever read; the refusal names the device, the setting and how to turn it on.
 */
export function refuseUnlessChangesAllowed(
  device: { name: string; allow_changes: 0 | 1 },
  what: string
): void {
  if (device.allow_changes === 1) return
  throw new UserError(
    'CHANGES_NOT_ALLOWED',
    `${device.name} does not allow changes, so ${what} was refused before anything was sent. Turn on "Allow changes" for it in Device Setup (switchboard devices edit "${device.name}" --allow-changes).`,
    'allowChanges'
  )
}
