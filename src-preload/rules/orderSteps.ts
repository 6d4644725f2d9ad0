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
    case 'update-phone': {
      const parts = [
        ...Object.keys(action.changes),
        ...(action.addLines?.length ? [`add lines ${action.addLines.map((l) => l.pattern).join(', ')}`] : []),
        ...(action.removeLines?.length
          ? [`remove lines ${action.removeLines.map((l) => l.pattern).join(', ')}`]
          : [])
      ]
      return `Change phone ${action.name} (${parts.join(', ') || 'no fields'})`
    }
    case 'remove-phone':
      return `Remove phone ${action.name}`
    case 'update-user': {
      const { associatedDevices, ...fields } = action.changes
      const parts = [
        ...(associatedDevices?.add?.length ? [`associate ${associatedDevices.add.join(', ')}`] : []),
        ...(associatedDevices?.remove?.length ? [`disassociate ${associatedDevices.remove.join(', ')}`] : []),
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
  }
}
