// A review bundle is a record of how things were on another machine: it is opened read-only. Every
// `change` and `action` channel (see channelEffects) is refused with READ_ONLY and a sentence that
// says why; `read` channels work as usual.
import { channelEffects, type RequestChannel } from '../../src-preload/contract/channels'
import type { ReviewInfo } from '../../src-preload/contract'
import { isRequestChannel, type Dispatch } from '../api/dispatch'
import { fail, UserError } from '../core/errors'
import type { SecretBox } from '../secrets/secretBox'

type Input = Record<string, unknown>

const text = (value: unknown, fallback: string): string => (typeof value === 'string' ? value : fallback)

/** What an action would do, in words, for the channels that reach out to a server. */
const CONTACTS: Partial<Record<RequestChannel, (input: Input) => string>> = {
  'devices:test': (i) => `testing the connection would contact ${text(i.name, 'the device')}`,
  'sync:start': (i) => `synchronizing would contact ${text(i.device, 'the device')}`,
  'cn:poll': (i) => `polling for changes would contact ${text(i.device, 'the device')}`,
  'ldap:sync': (i) => `LDAP synchronization would contact the directory of ${text(i.domain, 'the domain')}`,
  'ldap:preview': (i) => `the preview would read the directory of ${text(i.domain, 'the domain')}`,
  'ldap:write-back': (i) => `writing back would contact the directory of ${text(i.domain, 'the domain')}`,
  'jobs:run': () => 'running a job would contact its devices',
  'jobs:run-unsaved': () => 'running synchronizations would contact their devices',
  'demo:start': () => 'the demo lab would register devices in the bundle'
}

/** Why this bundle refuses the call: who made it, and what the call would have done. */
export function readOnlyMessage(review: ReviewInfo, channel: RequestChannel, input: Input): string {
  const origin = `created ${review.createdAt.slice(0, 16).replace('T', ' ')} UTC by ${review.createdBy} on ${review.createdOn}`
  const opened = `This is a review bundle (${origin}), opened read-only`
  const contacts = CONTACTS[channel]
  if (contacts) return `${opened}: ${contacts(input)}, which this machine may not reach.`
  if (channelEffects[channel] === 'action')
    return `${opened}: nothing is started here; its runs and logs are shown as they were recorded.`
  return `${opened}: its configuration is shown as it was and cannot be changed.`
}

/**
 * Refuses every change and action before anything else looks at it (a form's validation errors would
 * only distract: nothing can be saved here); reads and unknown channels go on to dispatch.
 */
export function readOnlyDispatch(dispatch: Dispatch, review: ReviewInfo): Dispatch {
  return (channel, input, ctx) => {
    if (!isRequestChannel(channel) || channelEffects[channel] === 'read') return dispatch(channel, input, ctx)
    const fields = typeof input === 'object' && input !== null ? (input as Input) : {}
    return Promise.resolve(fail({ code: 'READ_ONLY', message: readOnlyMessage(review, channel, fields) }))
  }
}

/** A bundle carries no credentials; nothing may be encrypted or decrypted on its behalf. */
export const refusingSecretBox: SecretBox = {
  scheme: 'none',
  storage: { kind: 'none', description: 'none: a review bundle carries no passwords' },
  encrypt() {
    throw new UserError('READ_ONLY', 'A review bundle stores no passwords.')
  },
  decrypt() {
    throw new UserError('SECRET_UNAVAILABLE', 'A review bundle carries no passwords.')
  },
  canDecrypt: () => false
}
