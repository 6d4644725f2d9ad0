// A step of an order in words, the same wherever it is shown: the Core's lists, logs and audit trail,
// the command line and the Orders page (which also says in these words what undoes a step).
import type { StepAction } from '../contract'

function lineWords({ pattern, partition }: { pattern: string; partition?: string }): string {
  return partition ? `${pattern} in ${partition}` : `${pattern} (no partition)`
}

/** The step in words, for lists, logs and the audit trail. */
export function describeStep(action: StepAction): string {
  switch (action.type) {
    case 'add-line':
      return `Add line ${lineWords(action.line)}`
    case 'update-line':
      return `Change line ${lineWords(action.line)} (${Object.keys(action.changes).join(', ') || 'no fields'})`
    case 'remove-line':
      return `Remove line ${lineWords(action.line)}`
    case 'add-phone':
      return `Add phone ${action.phone.name} (${action.phone.product}${action.phone.lines.length > 0 ? `, lines ${action.phone.lines.map((l) => l.pattern).join(', ')}` : ''})`
    case 'update-phone':
      return `Change phone ${action.name} (${deviceChanges(action)})`
    case 'remove-phone':
      return `Remove phone ${action.name}`
    case 'update-user': {
      const { associatedDevices, phoneProfiles, ...fields } = action.changes
      const parts = [
        ...(associatedDevices?.add?.length ? [`associate ${associatedDevices.add.join(', ')}`] : []),
        ...(associatedDevices?.remove?.length ? [`disassociate ${associatedDevices.remove.join(', ')}`] : []),
        ...(phoneProfiles?.add?.length ? [`add profiles ${phoneProfiles.add.join(', ')}`] : []),
        ...(phoneProfiles?.remove?.length ? [`remove profiles ${phoneProfiles.remove.join(', ')}`] : []),
        ...Object.keys(fields)
      ]
      return `Change user ${action.userid} (${parts.join(', ')})`
    }
    case 'add-user':
      return `Add user ${action.user.userid} (${[action.user.firstName, action.user.lastName].filter(Boolean).join(' ')})`
    case 'remove-user':
      return `Remove user ${action.userid}`
    case 'apply-phone':
      return `Apply the configuration of phone ${action.name}`
    case 'reset-phone':
      return `Reset phone ${action.name}`
    case 'create-mailbox':
      return `Create mailbox ${action.mailbox.alias} on extension ${action.mailbox.extension} from template ${action.template}`
    case 'update-mailbox':
      return `Change mailbox ${action.alias} (${Object.keys(action.changes).join(', ')})`
    case 'delete-mailbox':
      return `Delete mailbox ${action.alias}`
    case 'add-device-profile':
      return `Add Extension Mobility profile ${action.profile.name} (${action.profile.product}${linesWords(action.profile.lines)})`
    case 'update-device-profile':
      return `Change Extension Mobility profile ${action.name} (${deviceChanges(action)})`
    case 'remove-device-profile':
      return `Remove Extension Mobility profile ${action.name}`
    case 'add-remote-destination-profile':
      return `Add remote destination profile ${action.profile.name} (user ${action.profile.userId}${linesWords(action.profile.lines)})`
    case 'update-remote-destination-profile':
      return `Change remote destination profile ${action.name} (${deviceChanges(action)})`
    case 'remove-remote-destination-profile':
      return `Remove remote destination profile ${action.name}`
    case 'add-remote-destination': {
      const { destination, remoteDestinationProfileName, dualModeDeviceName } = action.destination
      return `Add remote destination ${destination} on ${remoteDestinationProfileName ?? dualModeDeviceName ?? ''}`
    }
    case 'update-remote-destination':
      return `Change remote destination ${action.destination} (${Object.keys(action.changes).join(', ')})`
    case 'remove-remote-destination':
      return `Remove remote destination ${action.destination}`
    case 'device-login':
      return `Log ${action.userid} in to phone ${action.name} with profile ${action.profileName}`
    case 'device-logout':
      return `Log out of phone ${action.name}`
    case 'import-mailbox':
      return `Import mailbox ${action.mailbox.alias} from LDAP on extension ${action.mailbox.extension} with template ${action.template}`
    case 'set-voicemail-pin':
      // Never the PIN itself.
      return `Set the voicemail PIN of ${action.alias}`
  }
}

function linesWords(lines: readonly { pattern: string }[]): string {
  return lines.length > 0 ? `, lines ${lines.map((l) => l.pattern).join(', ')}` : ''
}

/** A device's changed settings and the lines it gains or loses, in words. */
function deviceChanges(action: {
  changes: object
  addLines?: { pattern: string }[]
  removeLines?: { pattern: string }[]
}): string {
  const parts = [
    ...Object.keys(action.changes),
    ...(action.addLines?.length ? [`add lines ${action.addLines.map((l) => l.pattern).join(', ')}`] : []),
    ...(action.removeLines?.length
      ? [`remove lines ${action.removeLines.map((l) => l.pattern).join(', ')}`]
      : [])
  ]
  return parts.join(', ') || 'no fields'
}
