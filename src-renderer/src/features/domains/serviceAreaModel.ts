// Pure conversion between the service area form and contract requests, kept apart from the components
// so it can be unit-tested without a DOM.
import {
  entryFilterProblem,
  maskProblem,
  type Input,
  type ServiceArea,
  type ServiceAreaAttributes,
  type ServiceAreaChoices,
  type ServiceAreaLdapOptions,
  type phoneProtocols
} from '../../../../src-preload/contract'

type ServiceAreaChanges = Input<'service-areas:edit'>['changes']

/** Attributes chosen among the Call Processor's synchronized infrastructure, one value each. */
export const callProcessorAttributes = [
  'devicePool',
  'commonDeviceConfig',
  'deviceCss',
  'lineCss',
  'location',
  'routePartition'
] as const
export type CallProcessorAttribute = (typeof callProcessorAttributes)[number]

/** Attributes chosen among the Message Processor's templates and classes of service. */
export const messageProcessorAttributes = ['subscriberTemplate', 'cosWithTts', 'cosWithoutTts'] as const
export type MessageProcessorAttribute = (typeof messageProcessorAttributes)[number]

type SingleAttribute = CallProcessorAttribute | MessageProcessorAttribute

export interface ServiceAreaForm {
  name: string
  callProcessor: string
  /** Empty: none. */
  messageProcessor: string
  presenceProcessor: string
  /** Empty: any value matches. */
  attributes: Record<SingleAttribute, string>
  protocol: '' | (typeof phoneProtocols)[number]
  voiceGateways: string[]
  userRoles: string[]
  /** Empty: no filter. */
  ldapFilter: string
  assignLineFromBlock: boolean
  maskLdapNumbers: boolean
  /** Kept while the box is unticked, so ticking it again brings the mask back; sent only with the box. */
  ldapNumberMask: string
}

export function emptyAttributes(): ServiceAreaForm['attributes'] {
  return {
    devicePool: '',
    commonDeviceConfig: '',
    deviceCss: '',
    lineCss: '',
    location: '',
    routePartition: '',
    subscriberTemplate: '',
    cosWithTts: '',
    cosWithoutTts: ''
  }
}

/** A new service area offers the domain's default role, as the DefaultUserType rule says (SETUP-06). */
export function emptyServiceAreaForm(callProcessor: string, defaultRole: string): ServiceAreaForm {
  return {
    name: '',
    callProcessor,
    messageProcessor: '',
    presenceProcessor: '',
    attributes: emptyAttributes(),
    protocol: '',
    voiceGateways: [],
    userRoles: [defaultRole],
    ldapFilter: '',
    assignLineFromBlock: false,
    maskLdapNumbers: false,
    ldapNumberMask: ''
  }
}

export function formFromServiceArea(area: ServiceArea): ServiceAreaForm {
  const attributes = emptyAttributes()
  for (const key of [...callProcessorAttributes, ...messageProcessorAttributes])
    attributes[key] = area.attributes[key] ?? ''
  return {
    name: area.name,
    callProcessor: area.callProcessor,
    messageProcessor: area.messageProcessor ?? '',
    presenceProcessor: area.presenceProcessor ?? '',
    attributes,
    protocol: area.attributes.protocol ?? '',
    voiceGateways: area.attributes.voiceGateways ?? [],
    userRoles: area.userRoles,
    ldapFilter: area.ldapFilter ?? '',
    assignLineFromBlock: area.assignLineFromBlock,
    maskLdapNumbers: area.maskLdapNumbers,
    ldapNumberMask: area.ldapNumberMask ?? ''
  }
}

/** The LDAP options as the contract has them: an empty filter is none, the mask goes with its box. */
export function ldapOptionsOf(form: ServiceAreaForm): ServiceAreaLdapOptions {
  const filter = form.ldapFilter.trim()
  return {
    ldapFilter: filter === '' ? null : filter,
    assignLineFromBlock: form.assignLineFromBlock,
    maskLdapNumbers: form.maskLdapNumbers,
    ldapNumberMask: form.maskLdapNumbers ? form.ldapNumberMask.trim() : null
  }
}

/** Problems shown while typing (the Core checks the same rules on save); empty fields wait for Save. */
export function liveProblems(form: ServiceAreaForm): Partial<Record<keyof ServiceAreaLdapOptions, string>> {
  const options = ldapOptionsOf(form)
  const filter = options.ldapFilter !== null ? entryFilterProblem(options.ldapFilter) : null
  const mask = options.ldapNumberMask ? maskProblem(options.ldapNumberMask) : null
  return { ...(filter ? { ldapFilter: filter } : {}), ...(mask ? { ldapNumberMask: mask } : {}) }
}

/** The attributes to send: "(any)" leaves an attribute out. */
export function attributesOf(form: ServiceAreaForm): ServiceAreaAttributes {
  const attributes: ServiceAreaAttributes = {}
  for (const key of [...callProcessorAttributes, ...messageProcessorAttributes])
    if (form.attributes[key] !== '') attributes[key] = form.attributes[key]
  if (form.protocol !== '') attributes.protocol = form.protocol
  if (form.voiceGateways.length > 0) attributes.voiceGateways = form.voiceGateways
  return attributes
}

/** The request for service-areas:add; without roles ticked the domain's default role applies. */
export function addServiceAreaRequest(domain: string, form: ServiceAreaForm): Input<'service-areas:add'> {
  const options = ldapOptionsOf(form)
  return {
    domain,
    name: form.name,
    callProcessor: form.callProcessor,
    ...(form.messageProcessor ? { messageProcessor: form.messageProcessor } : {}),
    ...(form.presenceProcessor ? { presenceProcessor: form.presenceProcessor } : {}),
    attributes: attributesOf(form),
    ...(form.userRoles.length > 0 ? { userRoles: form.userRoles } : {}),
    ...(options.ldapFilter !== null ? { ldapFilter: options.ldapFilter } : {}),
    ...(options.assignLineFromBlock ? { assignLineFromBlock: true } : {}),
    ...(options.maskLdapNumbers ? { maskLdapNumbers: true, ldapNumberMask: options.ldapNumberMask } : {})
  }
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b)

/** The changes for service-areas:edit: only what differs; the Call Processor never changes. */
export function editServiceAreaChanges(form: ServiceAreaForm, original: ServiceAreaForm): ServiceAreaChanges {
  const changes: ServiceAreaChanges = {}
  const attributes = attributesOf(form)
  if (!same(attributes, attributesOf(original))) changes.attributes = attributes
  if (!same(form.userRoles, original.userRoles)) changes.userRoles = form.userRoles
  const options = ldapOptionsOf(form)
  const before = ldapOptionsOf(original)
  if (options.ldapFilter !== before.ldapFilter) changes.ldapFilter = options.ldapFilter
  if (options.assignLineFromBlock !== before.assignLineFromBlock)
    changes.assignLineFromBlock = options.assignLineFromBlock
  if (options.maskLdapNumbers !== before.maskLdapNumbers) changes.maskLdapNumbers = options.maskLdapNumbers
  if (options.ldapNumberMask !== before.ldapNumberMask) changes.ldapNumberMask = options.ldapNumberMask
  if (form.messageProcessor && form.messageProcessor !== original.messageProcessor)
    changes.messageProcessor = form.messageProcessor
  if (form.presenceProcessor && form.presenceProcessor !== original.presenceProcessor)
    changes.presenceProcessor = form.presenceProcessor
  return changes
}

/** The values an attribute can take, from the processors' synchronized inventory. */
export function choicesFor(
  key: SingleAttribute,
  choices: ServiceAreaChoices | undefined,
  messageProcessor: string
): string[] {
  if (!choices) return []
  const mp = choices.messageProcessors.find((m) => m.name === messageProcessor)
  switch (key) {
    case 'devicePool':
      return choices.devicePools
    case 'commonDeviceConfig':
      return choices.commonDeviceConfigs
    case 'deviceCss':
    case 'lineCss':
      return choices.callingSearchSpaces
    case 'location':
      return choices.locations
    case 'routePartition':
      return choices.routePartitions
    case 'subscriberTemplate':
      return mp?.subscriberTemplates ?? []
    case 'cosWithTts':
    case 'cosWithoutTts':
      return mp?.classesOfService ?? []
  }
}

/** Options for a select: the choices, plus the stored value when the inventory no longer has it. */
export function withCurrent(options: readonly string[], current: string): string[] {
  return current === '' || options.includes(current) ? [...options] : [current, ...options]
}
